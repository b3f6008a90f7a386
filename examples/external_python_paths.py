"""ExternalPythonOperator with generic and copied interpreter paths."""
import sys
from datetime import datetime

from airflow import DAG
from airflow.operators.python import ExternalPythonOperator


def report():
    import platform

    return platform.python_version()


with DAG(dag_id="external_python_paths", start_date=datetime(2024, 1, 1), schedule=None):
    ExternalPythonOperator(task_id="generic", python="/usr/bin/python3", python_callable=report)
    ExternalPythonOperator(task_id="pinned", python="/opt/venvs/report/bin/python3.11", python_callable=report)
    ExternalPythonOperator(task_id="copied", python_bin="/opt/venvs/report/bin/python3.11", python_callable=report)
