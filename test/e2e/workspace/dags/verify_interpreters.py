"""e2e: Verify Interpreter probes python3 (it creates the venv) and a missing interpreter."""
from datetime import datetime

from airflow import DAG
from airflow.operators.python import ExternalPythonOperator, PythonVirtualenvOperator


def report():
    import platform

    return platform.python_version()


with DAG(dag_id="e2e_verify_interpreters", start_date=datetime(2024, 1, 1), schedule=None):
    ExternalPythonOperator(
        task_id="missing",
        python="/opt/airflow-venv-lint-e2e/missing/bin/python3.11",
        python_callable=report,
    )
    PythonVirtualenvOperator(
        task_id="in_a_venv",
        python_callable=report,
        requirements=[],
        system_site_packages=False,
    )
