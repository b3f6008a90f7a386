"""Seed example 3: the callable imports a package no requirement installs.

Expected: VENV301 on `import my_custom_package` (ImportError on the worker).
"""
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonVirtualenvOperator


def score_customers():
    import my_custom_package
    import pandas as pd

    frame = pd.read_parquet("/data/customers.parquet")
    return my_custom_package.score(frame)


with DAG(dag_id="seed_example_3", start_date=datetime(2024, 1, 1), schedule=None) as dag:
    PythonVirtualenvOperator(
        task_id="score_customers",
        python_callable=score_customers,
        python_version="3.11",
        requirements=["pandas==2.2.2", "pyarrow==16.1.0"],
        system_site_packages=False,
    )
