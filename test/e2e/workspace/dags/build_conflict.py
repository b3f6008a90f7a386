"""e2e: Build Task Environment: pip cannot install alpha==1.0 (needs beta==1.0) with beta==2.0 (VENV213)."""
from airflow.decorators import task


@task.virtualenv(
    python_version="3.11",
    system_site_packages=False,
    requirements=[
        "alpha==1.0",
        "beta==2.0",
    ],
)
def conflicting():
    import alpha

    return alpha.VERSION
