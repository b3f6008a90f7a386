import { venvCreation } from '../knowledge/airflow-releases.js';
import { severityAcross, type Environment, type Verdict } from '../knowledge/airflow-target.js';
import { capitalized, type Rule } from './rule.js';

export const venvCreatorMismatch: Rule = {
  code: 'VENV108',
  name: 'venv-creator-mismatch',
  severity: 'warning',
  summary: '(verify) The interpreter the venv is built for is missing, another version, or lacks the venv module the provider needs',
  docs: {
    what: 'After a verify run probed `python{python_version}` on this machine: flags a virtualenv task whose venv could not be built here — the interpreter is missing or reports another version than `python_version` — and, where the standard provider builds the venv (`python{X} -m venv`), an interpreter without the `venv` module. Without `python_version` every release builds the venv for the worker\'s own Python, which a probe of this machine does not know, so nothing is said.',
    why: 'Airflow names the venv\'s interpreter `python{python_version}`, looked up on the worker\'s PATH, in every release. Who builds the venv differs (`venvCreation` in the release table): Airflow 1.10 and 2.0-2.1 run the `virtualenv` command, 2.2 and later `sys.executable -m virtualenv` in the worker\'s own Python (2.8 adds `--python=python` without a version); the virtualenv package must be importable there, never in the target interpreter. The standard provider runs `python{X} -m venv` (so the target needs the venv module, e.g. Debian\'s python3.X-venv) unless uv is on the worker\'s PATH, which it then uses instead.',
    example: '@task.virtualenv(python_version="3.9")  # the worker has only python3.11',
    useInstead: '@task.virtualenv(python_version="3.11")',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    if (task.kind !== 'virtualenv') return [];
    const argument = task.arguments.get('python_version');
    const version = argument?.value.kind === 'string' ? argument.value.value.trim() : undefined;
    if (!argument || version === undefined) return [];
    const command = `python${version}`;
    const result = context.interpreter(command);
    if (!result) return [];
    const span = argument.value.span;
    if (!result.ok) return [{ span, message: `Airflow would build this venv for "${command}", which cannot run on this machine. ${capitalized(result.message)}.` }];
    const info = result.info;
    if (!(info.version === version || info.version.startsWith(`${version}.`))) {
      return [{ span, message: `"${command}" on this machine is Python ${info.version}, not ${version}. The venv gets another Python than the DAG asks for.` }];
    }
    if (info.venv) return [];
    const severity = severityAcross(context.target, task, (where) => withoutVenvModule(where));
    if (!severity) return [];
    return [{
      span,
      severity,
      message: `"${command}" (Python ${info.version}) has no venv module. The standard provider builds the venv with "${command} -m venv", which fails unless uv is on the worker's PATH (then Airflow uses uv).`,
    }];
  },
};

/** A target interpreter without the venv module: a problem only where the creator is `python{X} -m venv`. */
function withoutVenvModule(where: Environment): Verdict | undefined {
  return venvCreation(where.release, where.provider)?.creator === 'venv' ? 'warning' : undefined;
}
