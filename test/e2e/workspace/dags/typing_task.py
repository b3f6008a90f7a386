"""e2e: a task typed character by character (line 11 is typed by the test)."""
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonVirtualenvOperator


def load():
    import pandas

    return pandas.__version__


with DAG(dag_id="e2e_typing", start_date=datetime(2024, 1, 1), schedule=None):
    PythonVirtualenvOperator(
        task_id="load",
        python_callable=load,
        python_version="3.11",
        requirements=["pandas==2.2.2"],
        system_site_packages=False,
    )
