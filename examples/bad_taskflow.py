"""Mistakes people make with @task.virtualenv, each reported inline."""
from datetime import datetime

import pandas as pd
from airflow.decorators import dag, task

THRESHOLD = 10


@dag(schedule=None, start_date=datetime(2024, 1, 1))
def customer_scores():
    @task.virtualenv(
        python_version=3.10,
        requirements=["pandas", "scikit-learn=1.5.0", "libpq-dev"],
    )
    def train():
        import yaml
        from sklearn.linear_model import LinearRegression

        frame = pd.DataFrame({"x": [1, 2, 3], "y": [2, 4, 6]})
        model = LinearRegression().fit(frame[["x"]], frame["y"])
        return yaml.safe_dump({"coef": float(model.coef_[0]), "threshold": THRESHOLD})

    train()


customer_scores()
