import { quoted, replace } from '../fixes/edits.js';
import type { Rule } from './rule.js';

export const deprecatedUseDill: Rule = {
  code: 'VENV403',
  name: 'deprecated-use-dill',
  severity: 'warning',
  summary: '`use_dill=True` is deprecated; use `serializer="dill"`',
  docs: {
    what: 'Flags `use_dill=True` on a virtualenv or external-python task when the target is Airflow 2 (on Airflow 3, where the parameter is gone, VENV104 reports it).',
    why: 'Airflow 2 deprecates `use_dill` (RemovedInAirflow3Warning, airflow/operators/python.py) in favour of `serializer="dill"`, and Airflow 3 rejects it. Also, dill is only added to the venv\'s requirements for you when `system_site_packages=False`; otherwise the worker must have it installed.',
    example: '@task.virtualenv(use_dill=True, requirements=["pandas==2.2.2"])',
    useInstead: '@task.virtualenv(serializer="dill", requirements=["pandas==2.2.2"])',
    fixSafety: 'Safe: `use_dill=True` and `serializer="dill"` behave the same in Airflow 2.',
  },
  checkTask(task, context) {
    if (context.airflowVersion !== '2') return [];
    const argument = task.arguments.get('use_dill');
    if (argument?.value.kind !== 'bool' || !argument.value.value || task.arguments.has('serializer')) return [];
    const installed = task.systemSitePackages === false
      ? 'Airflow adds dill to the venv for you (system_site_packages=False)'
      : 'with system_site_packages=True, dill must already be installed on the worker';
    return [{
      span: argument.span,
      message: `use_dill=True is deprecated since Airflow 2.8 and removed in Airflow 3: use serializer="dill" (${installed}).`,
      fixes: [{ title: 'Replace with serializer="dill"', safe: true, edits: [replace(argument.span, `serializer=${quoted('dill', task.requirements?.quote ?? '"')}`)] }],
    }];
  },
};
