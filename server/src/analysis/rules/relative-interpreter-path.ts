import { isGenericInterpreter, refusedExternalPython } from '../knowledge/interpreter-paths.js';
import type { Report, Rule } from './rule.js';

export const relativeInterpreterPath: Rule = {
  code: 'VENV102',
  name: 'relative-interpreter-path',
  severity: 'warning',
  summary: 'The interpreter path is relative',
  docs: {
    what: 'Flags a relative `python=` / `python_bin=` path such as `venvs/etl/bin/python` or `./bin/python3.11`, and on external-python tasks (`python=`, also positional: `@task.external_python("python3")`) a bare name such as `python3` or a command such as `/usr/bin/env python3`.',
    why: 'A relative path is resolved against the worker process\'s working directory, which differs between workers, schedulers and `airflow tasks test`. ExternalPythonOperator checks `Path(python).exists()`, `.is_file()` and `.is_absolute()` and raises ValueError otherwise (airflow/operators/python.py:658-664 @2.4.0, :1009-1015 @2.10.3, and the standard provider): there is no PATH look-up and no shell, so a relative path, a bare `python3` or `/usr/bin/env python3` always fails there (an error).',
    example: 'ExternalPythonOperator(task_id="t", python="venvs/etl/bin/python3.11", python_callable=run)',
    useInstead: 'ExternalPythonOperator(task_id="t", python="/opt/airflow/venvs/etl/bin/python3.11", python_callable=run)',
    fixSafety: 'No automatic fix: only the worker knows where the interpreter lives.',
  },
  checkTask(task) {
    const reports: Report[] = [];
    for (const name of task.kind === 'external-python' ? ['python', 'python_bin'] : ['python_bin']) {
      const value = task.arguments.get(name)?.value;
      if (value?.kind !== 'string' || value.value.trim() === '') continue;
      const path = value.value.trim();
      const refused = task.kind === 'external-python' && name === 'python' ? refusedExternalPython(path) : undefined;
      if (refused) {
        const what = refused === 'command' ? 'is a command, not a file' : isGenericInterpreter(path) ? 'is a bare name: Airflow does no PATH look-up' : 'is a relative path';
        reports.push({
          span: value.span,
          severity: 'error',
          message: `"${path}" ${what}. ${task.symbol} raises ValueError when the task runs, since Path(python) must exist, be a file and be absolute. Use the absolute path of the interpreter, e.g. /opt/venvs/etl/bin/python3.11.`,
        });
        continue;
      }
      if (isGenericInterpreter(path) || isAbsoluteOrTemplated(path)) continue;
      reports.push({
        span: value.span,
        message: `"${path}" is a relative interpreter path. It resolves against the worker's current directory, which differs between workers. Use an absolute path.`,
      });
    }
    return reports;
  },
};

/** Absolute on POSIX or Windows, or a Jinja template Airflow renders at run time. */
function isAbsoluteOrTemplated(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\') || path.includes('{{');
}
