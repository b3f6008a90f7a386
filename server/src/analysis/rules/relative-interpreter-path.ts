import { isGenericInterpreter } from '../knowledge/interpreter-paths.js';
import type { Report, Rule } from './rule.js';

export const relativeInterpreterPath: Rule = {
  code: 'VENV102',
  name: 'relative-interpreter-path',
  severity: 'warning',
  summary: 'The interpreter path is relative',
  docs: {
    what: 'Flags a relative `python=` / `python_bin=` path such as `venvs/etl/bin/python` or `./bin/python3.11`.',
    why: 'A relative path is resolved against the worker process\'s working directory, which differs between workers, schedulers and `airflow tasks test`. ExternalPythonOperator requires an absolute path to an existing interpreter, so it is an error there.',
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
      if (isGenericInterpreter(path) || isAbsoluteOrTemplated(path)) continue;
      reports.push({
        span: value.span,
        severity: task.kind === 'external-python' && name === 'python' ? 'error' : undefined,
        message: `"${path}" is a relative interpreter path: it resolves against the worker's current directory, which differs between workers${task.kind === 'external-python' ? ', and ExternalPythonOperator needs an absolute path to an existing interpreter' : ''}. Use an absolute path.`,
      });
    }
    return reports;
  },
};

/** Absolute on POSIX or Windows, or a Jinja template Airflow renders at run time. */
function isAbsoluteOrTemplated(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\') || path.includes('{{');
}
