"""e2e: requirements read from a file (dags/requirements/etl.txt); one import is in neither (VENV301)."""
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonVirtualenvOperator


def sync_inventory():
    import pandas as pd
    import boto3

    return boto3.client("s3").list_objects_v2(Bucket="inventory", Prefix=str(pd.Timestamp.now().date()))


with DAG(dag_id="e2e_requirements_file", start_date=datetime(2024, 1, 1), schedule=None):
    PythonVirtualenvOperator(
        task_id="sync_inventory",
        python_callable=sync_inventory,
        python_version="3.11",
        requirements="requirements/etl.txt",
        system_site_packages=False,
    )
