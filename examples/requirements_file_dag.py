"""requirements="....txt" is a templated requirements file, read next to the DAG."""
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonVirtualenvOperator


def load():
    import pandas as pd
    import psycopg2
    import sqlalchemy

    engine = sqlalchemy.create_engine("postgresql+psycopg2://warehouse")
    return len(pd.read_sql("select 1", engine)), psycopg2.__version__


with DAG(dag_id="requirements_file_dag", start_date=datetime(2024, 1, 1), schedule=None):
    PythonVirtualenvOperator(
        task_id="load",
        python_callable=load,
        requirements="requirements/etl.txt",
        system_site_packages=False,
    )
    PythonVirtualenvOperator(
        task_id="load_again",
        python_callable=load,
        requirements="requirements/missing.txt",
        system_site_packages=False,
    )
