import { compareReleases, requirementsTemplated } from '../knowledge/airflow-releases.js';
import { labelOf, releasesWhere, severityAcross, type Environment, type Verdict } from '../knowledge/airflow-target.js';
import type { TaskModel } from '../model.js';
import { capitalized, type Rule } from './rule.js';

export const unrenderedRequirements: Rule = {
  code: 'VENV215',
  name: 'unrendered-requirements',
  severity: 'error',
  summary: '`requirements` in a form the target Airflow does not handle: a string before 2.3, a file or template it does not render',
  docs: {
    what: 'Flags `requirements="..."` (one string) where the target Airflow is 1.10 or 2.0-2.2, and a requirements file (`"requirements.txt"`, a `.txt` list item) or a Jinja template (`"pandas=={{ var.value.v }}"`) where the task does not render `requirements`: `@task.virtualenv` before 2.8.1, the operator before 2.3.0. Judged per release: an error where every admitted release fails, an info on a configured target where only some do, nothing on an inferred one.',
    why: 'Airflow 1.10 builds `cmd + self.requirements`, a TypeError for a str (airflow/operators/python_operator.py:382 @1.10.15); 2.0-2.2 take `list(requirements or [])`, which splits a str into characters, so pip is asked for "p", "a", "n", ... (airflow/operators/python.py:351 @2.2.0). `requirements` became a template field of the operator in 2.3.0 (#17349) and of `@task.virtualenv` only in 2.8.1 (#36069/#36102): before that a `.txt` name or a `{{ ... }}` string reaches pip as written and the install fails.',
    example: '@task.virtualenv(requirements="requirements.txt")  # Airflow 2.7',
    useInstead: '@task.virtualenv(requirements=["pandas==2.2.2", "pyarrow==16.1.0"])  # or PythonVirtualenvOperator on 2.3+',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    if (task.kind !== 'virtualenv' || !task.requirements) return [];
    const verdict = (where: Environment): Verdict | undefined => (problemAt(task, where) ? 'error' : undefined);
    const severity = severityAcross(context.target, task, verdict);
    if (!severity) return [];
    const failing = releasesWhere(context.target, task, (_, where) => problemAt(task, where) !== undefined);
    // Only Airflow's own classes fail here (the provider renders requirements and takes a str).
    const problems = new Set(failing.map((release) => problemAt(task, { release, provider: undefined })));
    const said = [...problems].flatMap((problem) => (problem ? [MESSAGES[problem]] : [])).join('; ');
    return [{
      span: task.requirements.span,
      severity,
      message: `These requirements fail on Airflow ${labelOf(failing)}. ${capitalized(said)}${severity === 'info' ? ` (the target is Airflow ${context.target.label})` : ''}. Pass a list of requirement strings.`,
    }];
  },
};

type Problem = 'str-1.10' | 'str-characters' | 'not-rendered';

const MESSAGES: Record<Problem, string> = {
  'str-1.10': 'Airflow 1.10 raises TypeError for a str (cmd + requirements)',
  'str-characters': 'Airflow 2.0-2.2 split a str into single characters (list(requirements)), so pip installs "p", "a" and so on',
  'not-rendered': 'the requirements argument is not a template field there (the operator renders it from 2.3.0, @task.virtualenv from 2.8.1), so a .txt name or a {{ ... }} template reaches pip as written',
};

function problemAt(task: TaskModel, where: Environment): Problem | undefined {
  const value = task.arguments.get('requirements')?.value;
  if (value?.kind === 'string' && !where.provider && compareReleases(where.release, '2.3.0') < 0) return where.release.startsWith('1.') ? 'str-1.10' : 'str-characters';
  const requirements = task.requirements;
  if (!requirements || (requirements.files.length === 0 && requirements.templated.length === 0)) return undefined;
  return requirementsTemplated(task.form, where.release, where.provider) ? undefined : 'not-rendered';
}
