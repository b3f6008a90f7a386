import type { Rule } from './rule.js';

export const workerInterpreter: Rule = {
  code: 'VENV109',
  name: 'worker-interpreter',
  severity: 'info',
  summary: '`python=sys.executable` runs the task in the worker\'s own interpreter',
  docs: {
    what: 'Flags `python=sys.executable` on ExternalPythonOperator / `@task.external_python` (Airflow\'s own example DAGs do this).',
    why: 'The task then runs in the same interpreter and packages as the worker: the external-python task adds a subprocess and serialization but no isolation, which is usually not what the author meant.',
    example: 'ExternalPythonOperator(task_id="t", python=sys.executable, python_callable=run)',
    useInstead: 'ExternalPythonOperator(task_id="t", python="/opt/venvs/etl/bin/python3.11", python_callable=run)',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task) {
    const value = task.arguments.get('python')?.value;
    if (task.kind !== 'external-python' || value?.kind !== 'reference' || value.name !== 'sys.executable') return [];
    return [{ span: value.span, message: 'python=sys.executable is the worker\'s own interpreter. The task gets no isolation from the worker\'s packages. Point python= at a dedicated virtualenv\'s interpreter.' }];
  },
};
