"""``python -m airflow_venv_lint`` is the ``airflow-venv-lint`` command."""

from airflow_venv_lint._launcher import cli

cli()
