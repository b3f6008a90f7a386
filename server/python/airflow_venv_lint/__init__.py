"""airflow-venv-lint: catches Apache Airflow virtualenv-task mistakes while the DAG is written.

The linter itself is the bundled JavaScript in ``dist/`` (the same build as the npm package and
the VS Code extension); the console scripts ``airflow-venv-lint`` and
``airflow-venv-lint-server`` start it with a Node.js runtime (see ``_launcher``).
"""
