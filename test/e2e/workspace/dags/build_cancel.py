"""e2e: Build Task Environment, cancelled: the e2e index never answers for held-dist, so pip waits."""
from airflow.decorators import task


@task.virtualenv(python_version="3.11", system_site_packages=False, requirements=["held-dist==1.0"])
def waits_on_the_index():
    import held_dist

    return held_dist.VERSION
