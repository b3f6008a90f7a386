"""e2e: mistakes Fix All repairs safely, and one it must leave alone."""
from datetime import datetime

from airflow.decorators import dag, task


@dag(schedule=None, start_date=datetime(2024, 1, 1))
def cleaned_up():
    @task.virtualenv(
        python_version=3.10,
        requirements=["scikit-learn=1.5.0", "libpq-dev"],
        system_site_packages=False,
    )
    def train():
        from sklearn.linear_model import LinearRegression

        return LinearRegression().fit([[1], [2]], [2, 4]).coef_.tolist()

    train()


cleaned_up()
