"""Seed example 2: as example 1, with a generic interpreter path.

Expected: VENV501, VENV103 and VENV101 ("/usr/bin/python3" is whatever the worker has).
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.python.operators.python import PythonVirtualenvOperator


def transform():
    import pandas as pd

    frame = pd.DataFrame({"value": [1, 2, 3]})
    return int(frame["value"].sum())


with DAG(dag_id="seed_example_2", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    PythonVirtualenvOperator(
        task_id="transform",
        python_callable=transform,
        python_bin="/usr/bin/python3",
        requirements=["pandas==2.2.2"],
        system_site_packages=False,
    )
