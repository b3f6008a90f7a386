import { venvCreatorCommand } from '../knowledge/airflow.js';
import type { Rule } from './rule.js';

export const venvCreatorMismatch: Rule = {
  code: 'VENV108',
  name: 'venv-creator-mismatch',
  severity: 'warning',
  summary: '(verify) The interpreter that would create the venv is missing, another version, or lacks venv support',
  docs: {
    what: 'After a verify run probed `python{python_version}` (or `python3`) on this machine: flags a virtualenv task whose venv could not be created here — the interpreter is missing, reports another version than `python_version`, or lacks what Airflow builds the venv with (the `virtualenv` package on Airflow 1.10/2, the `venv` module on Airflow 3).',
    why: 'Airflow creates the venv with `python{python_version}` from the worker\'s PATH; Airflow 2 also requires `virtualenv` ("PythonVirtualenvOperator requires virtualenv, please install it."). Without them the task fails before running any of your code.',
    example: '@task.virtualenv(python_version="3.9")  # the worker has only python3.11',
    useInstead: '@task.virtualenv(python_version="3.11")',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    if (task.kind !== 'virtualenv') return [];
    const argument = task.arguments.get('python_version');
    const version = argument?.value.kind === 'string' ? argument.value.value.trim() : undefined;
    if (argument && version === undefined) return [];
    const command = venvCreatorCommand(version);
    const result = context.interpreter(command);
    if (!result) return [];
    const span = argument?.value.span ?? task.span;
    if (!result.ok) return [{ span, message: `Airflow would create this venv with "${command}", which cannot run on this machine (${result.message}).` }];
    const info = result.info;
    if (version && !(info.version === version || info.version.startsWith(`${version}.`))) {
      return [{ span, message: `"${command}" on this machine is Python ${info.version}, not ${version}: the venv gets another Python than the DAG asks for.` }];
    }
    const needsVirtualenv = context.airflowVersion !== '3';
    if (needsVirtualenv && !info.virtualenv) {
      return [{ span, message: `"${command}" (Python ${info.version}) has no virtualenv package: Airflow ${context.airflowVersion} refuses to create the venv ("PythonVirtualenvOperator requires virtualenv, please install it.").` }];
    }
    if (!needsVirtualenv && !info.venv) {
      return [{ span, message: `"${command}" (Python ${info.version}) has no venv module: Airflow 3 builds the venv with "${command} -m venv", which fails.` }];
    }
    return [];
  },
};
