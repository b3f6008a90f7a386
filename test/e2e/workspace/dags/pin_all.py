"""e2e: two requirements without a version (VENV201) that the constraints file knows."""
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonVirtualenvOperator


def extract():
    import pandas
    import requests

    return requests.get("https://example.com").status_code + len(pandas.DataFrame())


with DAG(dag_id="e2e_pin_all", start_date=datetime(2024, 1, 1), schedule=None):
    PythonVirtualenvOperator(
        task_id="extract",
        python_callable=extract,
        python_version="3.11",
        requirements=["pandas", "requests"],
        system_site_packages=False,
    )
