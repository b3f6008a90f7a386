import { pinnedRequirement } from '../fixes/pins.js';
import { replace } from '../fixes/edits.js';
import type { Rule } from './rule.js';

export const differsFromConstraints: Rule = {
  code: 'VENV210',
  name: 'differs-from-constraints',
  severity: 'warning',
  summary: 'A pinned version differs from the Airflow constraints file while the venv inherits Airflow',
  docs: {
    what: 'With a `constraints-file` configured, flags a requirement pinned with `==` to another version than the constraints file, in a virtualenv task that shares the worker\'s site-packages (`system_site_packages=True`) or installs `apache-airflow`.',
    why: 'Airflow and its providers are tested with exactly the constraints file\'s versions. A venv that sees or installs Airflow next to another version of one of its dependencies can break Airflow\'s own imports in the task (Airflow\'s docs advise passing the constraints file when Airflow is in a venv\'s requirements).',
    example: '# constraints-3.11.txt has pendulum==3.0.0\n@task.virtualenv(system_site_packages=True, requirements=["pendulum==2.1.2"])',
    useInstead: '@task.virtualenv(system_site_packages=True, requirements=["pendulum==3.0.0"])',
    fixSafety: 'Not safe: the task\'s code may need the version it pinned.',
  },
  checkTask(task, context) {
    if (task.kind !== 'virtualenv') return [];
    const entries = task.requirements?.entries ?? [];
    const installsAirflow = entries.some((entry) => entry.parsed?.normalizedName === 'apache-airflow');
    if (task.systemSitePackages !== true && !installsAirflow) return [];
    return entries.flatMap((entry) => {
      const parsed = entry.parsed;
      const pinned = parsed?.specifiers.length === 1 && parsed.specifiers[0]!.operator === '==' ? parsed.specifiers[0]!.version : undefined;
      const expected = parsed && pinned ? context.constraints(parsed.normalizedName) : undefined;
      if (!parsed || !pinned || !expected || expected === pinned || parsed.normalizedName === 'apache-airflow') return [];
      return [{
        span: entry.span,
        message: `"${entry.text}" differs from the Airflow constraints file (${parsed.name}==${expected}). This venv ${task.systemSitePackages === true ? 'shares the worker\'s site-packages' : 'installs apache-airflow'}, so Airflow's own imports may break in the task. Pin ${parsed.name}==${expected}.`,
        fixes: entry.exact ? [{ title: `Pin to ${parsed.name}==${expected} (constraints file)`, safe: false, edits: [replace(entry.span, pinnedRequirement(entry, expected))] }] : [],
      }];
    });
  },
};
