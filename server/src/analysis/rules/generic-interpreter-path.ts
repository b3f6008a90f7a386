import { isGenericInterpreter, refusedExternalPython } from '../knowledge/interpreter-paths.js';
import type { Report, Rule } from './rule.js';

export const genericInterpreterPath: Rule = {
  code: 'VENV101',
  name: 'generic-interpreter-path',
  severity: 'warning',
  summary: 'The interpreter path names whatever Python the worker has, not a specific one',
  docs: {
    what: 'Flags `python=` (ExternalPythonOperator, `@task.external_python`) and `python_bin=` values such as `python3`, `/usr/bin/python` or `/usr/bin/env python3`. A `python=` that Airflow always refuses (a bare `python3`, `/usr/bin/env python3`) is VENV102\'s error instead.',
    why: 'Such a path resolves to whatever interpreter the worker image happens to have: Python 2 on older images, another 3.x on newer ones. The task then fails (or behaves differently) on the worker only.',
    example: 'ExternalPythonOperator(task_id="t", python="/usr/bin/python3", python_callable=run)',
    useInstead: 'ExternalPythonOperator(task_id="t", python="/opt/venvs/etl/bin/python3.11", python_callable=run)',
    fixSafety: 'No automatic fix: the right interpreter is only known by probing the worker ("Airflow: Verify Interpreter").',
  },
  checkTask(task) {
    const reports: Report[] = [];
    const names = task.kind === 'external-python' ? ['python', 'python_bin'] : ['python_bin'];
    for (const name of names) {
      const argument = task.arguments.get(name);
      if (argument?.value.kind !== 'string' || !isGenericInterpreter(argument.value.value)) continue;
      if (name === 'python' && refusedExternalPython(argument.value.value)) continue; // always refused there: VENV102's error
      // `python3` names a major version; only a bare `python` may still be Python 2 on an old image.
      const major = /python(\d)?$/.exec(argument.value.value.trim())?.[1];
      const which = major ? `whatever Python ${major} version the worker has` : 'whatever Python the worker has (possibly Python 2)';
      reports.push({
        span: argument.value.span,
        message: `"${argument.value.value}" is a generic interpreter path. It resolves to ${which}. Use the path of a specific interpreter, e.g. /opt/venvs/etl/bin/python3.11.`,
      });
    }
    return reports;
  },
};
