"""A correct Airflow 3 DAG: nothing to report."""
import pendulum
from airflow.sdk import dag, task


@dag(schedule="@daily", start_date=pendulum.datetime(2025, 1, 1, tz="UTC"), catchup=False)
def orders_report():
    @task.virtualenv(
        python_version="3.12",
        requirements=["pandas==2.2.3", "PyYAML==6.0.2", "requests==2.32.3"],
        system_site_packages=False,
    )
    def build_report(day: str) -> dict:
        """Runs in its own venv: every import is inside the function."""
        import json

        import pandas as pd
        import requests
        import yaml

        settings = yaml.safe_load("threshold: 10")
        orders = pd.DataFrame(requests.get(f"https://orders.example.com/{day}", timeout=30).json())
        big = orders[orders["amount"] > settings["threshold"]]
        return json.loads(big.to_json())

    @task.external_python(python="/opt/venvs/reporting/bin/python3.12")
    def publish(report: dict) -> None:
        import sys

        print(sys.version, len(report))

    publish(build_report("{{ ds }}"))


orders_report()
