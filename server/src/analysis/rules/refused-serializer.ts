import { severityAcross, taskParameters, type Environment } from '../knowledge/airflow-target.js';
import { editDistance } from '../knowledge/edit-distance.js';
import type { TaskModel, Value } from '../model.js';
import type { Report, Rule } from './rule.js';

export const refusedSerializer: Rule = {
  code: 'VENV111',
  name: 'refused-serializer',
  severity: 'error',
  summary: 'A serializer choice Airflow refuses when it builds the task (`use_dill` without dill, an unknown `serializer`, both at once)',
  docs: {
    what: 'Flags the serializer arguments Airflow raises on at construction: on Airflow 1.10, `use_dill=True` with `system_site_packages=False` and no requirement starting with `dill`; from 2.10.0 (and in the standard provider), a `serializer=` other than "pickle", "cloudpickle" or "dill", and `use_dill=True` together with a `serializer`. Judged release by release: when only some releases the target admits raise, an info on a configured target and nothing on an inferred one. Silent when the requirements are not all known (a call, a template, a file).',
    why: 'Airflow 1.10 raises AirflowException "If using dill, dill must be in the environment either via system_site_packages or requirements" (airflow/operators/python_operator.py:261-265 @1.10.15); 2.0-2.9 add dill to the requirements themselves. From 2.10.0, `_BasePythonVirtualenvOperator.__init__` raises AirflowException "Both \'use_dill\' and \'serializer\' parameters are set" and "Unsupported serializer ..." for a name outside `_SERIALIZERS` (pickle, dill, cloudpickle; airflow/operators/python.py:376-381 and 465-483 @2.10.3, the same at 2.11.1). The DAG never loads.',
    example: 'PythonVirtualenvOperator(task_id="t", python_callable=run, serializer="json")',
    useInstead: 'PythonVirtualenvOperator(task_id="t", python_callable=run, serializer="cloudpickle")',
    fixSafety: 'No automatic fix: which serializer the task needs is the author\'s choice (a near-miss such as "cloudpickel" is named in the message).',
  },
  checkTask(task, context) {
    if (task.kind !== 'virtualenv' && task.kind !== 'external-python') return [];
    const reports: Report[] = [];
    const target = context.target;
    const useDill = task.arguments.get('use_dill');
    const serializer = task.arguments.get('serializer');
    const dillSet = useDill?.value.kind === 'bool' && useDill.value.value;
    if (useDill && dillSet && !serializer && dillMissing(task)) {
      const severity = severityAcross(target, task, (where) => where.release.startsWith('1.') ? 'error' : undefined);
      if (severity) {
        const release = severity === 'info' ? ` Airflow 2.0 and later add dill for you; the target is Airflow ${target.label}.` : '';
        reports.push({ span: useDill.span, severity, message: `use_dill=True is set with system_site_packages=False and no dill requirement. Airflow 1.10 raises AirflowException "If using dill, dill must be in the environment" when it parses the DAG. Add "dill" to requirements.${release}` });
      }
    }
    const value = serializer?.value;
    if (serializer && value?.kind === 'string' && !SERIALIZERS.includes(value.value)) {
      const severity = severityAcross(target, task, (where) => takes(task, where, 'serializer') ? 'error' : undefined);
      const near = SERIALIZERS.filter((name) => editDistance(name, value.value.toLowerCase()) <= 2);
      const hint = near.length === 1 ? ` Did you mean "${near[0]}"?` : ` Use one of ${SERIALIZERS.map((name) => `"${name}"`).join(', ')}.`;
      if (severity) reports.push({ span: value.span, severity, message: `serializer="${value.value}" is not a serializer Airflow knows. Airflow raises AirflowException "Unsupported serializer" when it parses the DAG.${hint}` });
    }
    if (serializer && dillSet && value && truthy(value)) {
      const severity = severityAcross(target, task, (where) => takes(task, where, 'serializer') && takes(task, where, 'use_dill') ? 'error' : undefined);
      if (severity) reports.push({ span: serializer.span, severity, message: `use_dill=True and serializer= are both set. Airflow raises AirflowException "Both 'use_dill' and 'serializer' parameters are set" when it parses the DAG. Keep serializer= and remove use_dill.` });
    }
    return reports;
  },
};

/** `_SERIALIZERS` (airflow/operators/python.py:376-381 @2.10.3, unchanged at 2.11.1_arenadata1). */
const SERIALIZERS = ['pickle', 'cloudpickle', 'dill'];

function takes(task: TaskModel, where: Environment, name: string): boolean {
  return taskParameters(task, where)?.has(name) === true;
}

/** `if serializer:` (python.py:472 @2.10.3): a set serializer, not None or "". */
function truthy(value: Value): boolean {
  if (value.kind === 'none') return false;
  if (value.kind === 'string') return value.value !== '';
  return value.kind !== 'unknown' && value.kind !== 'reference';
}

/**
 * 1.10.15's check (python_operator.py:261-265): `system_site_packages` false, `use_dill`, and no
 * requirement whose lowercased text starts with `dill`. Only when system_site_packages=False is
 * written (1.10's default is True) and every requirement is known.
 */
function dillMissing(task: TaskModel): boolean {
  const site = task.arguments.get('system_site_packages');
  if (site?.value.kind !== 'bool' || site.value.value) return false;
  const requirements = task.requirements;
  if (!requirements) return !task.arguments.has('requirements') && !task.argumentsUnpacked;
  if (!requirements.complete || requirements.files.length > 0 || requirements.templated.length > 0) return false;
  return !requirements.entries.some((entry) => entry.text.toLowerCase().startsWith('dill'));
}
