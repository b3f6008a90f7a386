"""e2e: a package no requirement installs (VENV301), a float python_version (VENV105)."""
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonVirtualenvOperator


def score_customers():
    import my_custom_package
    import pandas as pd

    return my_custom_package.score(pd.DataFrame())


with DAG(dag_id="e2e_missing_requirement", start_date=datetime(2024, 1, 1), schedule=None):
    PythonVirtualenvOperator(
        task_id="score_customers",
        python_callable=score_customers,
        python_version=3.10,
        requirements=["pandas==2.2.2"],
        system_site_packages=False,
    )
