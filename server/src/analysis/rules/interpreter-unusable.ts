import { externalInterpreter } from '../model.js';
import { capitalized, type Report, type Rule } from './rule.js';

export const interpreterUnusable: Rule = {
  code: 'VENV107',
  name: 'interpreter-unusable',
  severity: 'error',
  summary: '(verify) The interpreter does not exist, is not executable, or fails to start',
  docs: {
    what: 'After "Airflow: Verify Interpreter" (or `--verify`) probed the `python=` interpreter of an external-python task on this machine: flags one that is missing, not executable, crashes, hangs past the timeout, answers like no Python, or is Python 2.',
    why: 'ExternalPythonOperator checks the path when the task starts and fails the task; Python 2 cannot run the script Airflow generates. A path that does not exist on this machine is a warning, not an error: it may exist only on the workers.',
    example: 'ExternalPythonOperator(task_id="t", python="/opt/venvs/etl/bin/python3.11", python_callable=run)  # no such file here',
    useInstead: 'Create the venv at that path in the worker image, or point python= at one that exists.',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    const target = externalInterpreter(task);
    const result = target ? context.interpreter(target.command) : undefined;
    if (!target || !result || result.ok) return [];
    // A path that does not exist here is often a worker-only path (/opt/venvs/...): a warning, not an error.
    const report: Report = { span: target.span, ...(result.failure === 'missing' ? { severity: 'warning' as const } : {}), message: `"${target.command}" cannot run the task on this machine. ${capitalized(result.message)}.` };
    return [report];
  },
};
