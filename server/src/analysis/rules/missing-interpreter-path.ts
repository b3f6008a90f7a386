import { capitalized, type Rule } from './rule.js';

export const missingInterpreterPath: Rule = {
  code: 'VENV110',
  name: 'missing-interpreter-path',
  severity: 'error',
  summary: 'An external-python task names no interpreter (`python=`)',
  docs: {
    what: 'Flags `ExternalPythonOperator(...)` / `BranchExternalPythonOperator(...)` without `python=`, and `@task.external_python` / `@task.branch_external_python` without a `python` argument (keyword or the first positional one). Silent when the call unpacks `**kwargs` or the file uses `default_args` (Airflow fills an operator\'s missing arguments from them).',
    why: '`python` is a required keyword of ExternalPythonOperator (`__init__(self, *, python: str, ...)`, airflow/operators/python.py @2.4.0-2.11.1 and the standard provider): Airflow 2 raises AirflowException "missing keyword argument \'python\'" when it parses the DAG, Airflow 3 a TypeError. The decorator passes `python=None` and the operator raises ValueError "Python Path must be defined in ExternalPythonOperator" (airflow/operators/python.py:641-642 @2.4.0) when the decorated function is called in the DAG.',
    example: '@task.external_python()\ndef run(): ...',
    useInstead: '@task.external_python(python="/opt/venvs/etl/bin/python3.11")\ndef run(): ...',
    fixSafety: 'No automatic fix: only the worker knows where the interpreter lives.',
  },
  checkTask(task, context) {
    if (task.kind !== 'external-python' || task.arguments.has('python') || task.argumentsUnpacked) return [];
    if (task.form === 'operator' && context.file.defaultArgs) return [];
    const consequence = task.form === 'operator'
      ? 'Airflow refuses the DAG when it parses it ("missing keyword argument \'python\'" on Airflow 2, a TypeError on 3)'
      : 'the operator raises ValueError "Python Path must be defined in ExternalPythonOperator" when the DAG is parsed';
    return [{
      span: task.span,
      message: `${task.symbol} has no python= interpreter path. ${capitalized(consequence)}. Pass the absolute path of the interpreter, e.g. python="/opt/venvs/etl/bin/python3.11".`,
    }];
  },
};
