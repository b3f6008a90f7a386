"""Seed example 1: an import path and a parameter copied from a tutorial.

Expected: VENV501 (the module does not exist) and VENV103 (python_bin is no parameter).
"""
from datetime import datetime

from airflow import DAG
from airflow.providers.python.operators.python import PythonVirtualenvOperator


def transform():
    import pandas as pd

    frame = pd.DataFrame({"value": [1, 2, 3]})
    return int(frame["value"].sum())


with DAG(dag_id="seed_example_1", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    PythonVirtualenvOperator(
        task_id="transform",
        python_callable=transform,
        python_bin="/opt/python3.9/bin/python3.9",
        requirements=["pandas==2.2.2"],
        system_site_packages=False,
    )
