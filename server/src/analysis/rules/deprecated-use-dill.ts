import { quoted, replace } from '../fixes/edits.js';
import { releasesWhere } from '../knowledge/airflow-target.js';
import type { Rule } from './rule.js';

export const deprecatedUseDill: Rule = {
  code: 'VENV403',
  name: 'deprecated-use-dill',
  severity: 'warning',
  summary: '`use_dill=True` is deprecated; use `serializer="dill"`',
  docs: {
    what: 'Flags `use_dill=True` on a virtualenv or external-python task when the target Airflow deprecates it: from 2.10.0, where `serializer` arrived (on Airflow 3, where the parameter is gone, VENV104 reports it). When the target also admits releases before 2.10 (`airflow-version = "2"`, or an inferred target), it is an info only.',
    why: 'Airflow 2.10 deprecates `use_dill` (RemovedInAirflow3Warning, airflow/operators/python.py @2.10.0) in favour of `serializer="dill"`, and Airflow 3 rejects it. Before 2.10.0 there is no `serializer`: `use_dill` is the only way to ask for dill. Also, dill is only added to the venv\'s requirements for you when `system_site_packages=False`; otherwise the worker must have it installed.',
    example: '@task.virtualenv(use_dill=True, requirements=["pandas==2.2.2"])',
    useInstead: '@task.virtualenv(serializer="dill", requirements=["pandas==2.2.2"])  # Airflow 2.10+',
    fixSafety: 'Safe only when every release the target admits has `serializer` (2.10.0 and later): `use_dill=True` and `serializer="dill"` behave the same there. Otherwise the fix is offered but never applied by fix-all or --fix: on 2.0-2.9 the rewritten DAG fails ("Invalid arguments were passed").',
  },
  checkTask(task, context) {
    const argument = task.arguments.get('use_dill');
    if (argument?.value.kind !== 'bool' || !argument.value.value || task.arguments.has('serializer')) return [];
    const target = context.target;
    const deprecatedIn = releasesWhere(target, task, (parameters) => parameters.get('use_dill')?.deprecated !== undefined);
    // Partly deprecated targets that admit 1.10 are DAGs written for 1.10 (airflow.operators.python_operator): nothing to say.
    if (deprecatedIn.length === 0 || (deprecatedIn.length < target.releases.length && target.releases.some((release) => release.startsWith('1.')))) return [];
    const withSerializer = releasesWhere(target, task, (parameters) => parameters.has('serializer'));
    const everywhere = target.releases.every((release) => withSerializer.includes(release));
    const installed = task.systemSitePackages === false
      ? 'Airflow adds dill to the venv for you (system_site_packages=False)'
      : 'with system_site_packages=True, dill must already be installed on the worker';
    const older = everywhere ? '' : ` Before Airflow ${deprecatedIn[0]} there is no serializer and use_dill is right; the target is Airflow ${target.label}.`;
    return [{
      span: argument.span,
      ...(everywhere ? {} : { severity: 'info' as const }),
      message: `use_dill=True is deprecated since Airflow ${deprecatedIn[0]!.split('.').slice(0, 2).join('.')} and removed in Airflow 3. Use serializer="dill" (${installed}).${older}`,
      fixes: [{ title: 'Replace with serializer="dill"', safe: everywhere, edits: [replace(argument.span, `serializer=${quoted('dill', task.requirements?.quote ?? '"')}`)] }],
    }];
  },
};
