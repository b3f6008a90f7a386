"""e2e: an import no requirement provides (VENV301), a float python_version (VENV105)."""
from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonVirtualenvOperator


def score_customers():
    import yaml
    import pandas as pd

    return yaml.safe_dump(pd.DataFrame().to_dict())


with DAG(dag_id="e2e_missing_requirement", start_date=datetime(2024, 1, 1), schedule=None):
    PythonVirtualenvOperator(
        task_id="score_customers",
        python_callable=score_customers,
        python_version=3.10,
        requirements=["pandas==2.2.2"],
        system_site_packages=False,
    )
