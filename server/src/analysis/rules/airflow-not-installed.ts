import { isAirflowModule } from '../knowledge/airflow.js';
import { packagingTables } from '../knowledge/packaging-tables.js';
import type { Rule } from './rule.js';

export const airflowNotInstalled: Rule = {
  code: 'VENV304',
  name: 'airflow-not-installed',
  severity: 'error',
  summary: 'The callable imports airflow, but the venv will not have it',
  docs: {
    what: 'Flags `import airflow...` in a virtualenv callable when `system_site_packages=False` and no requirement brings Airflow: `apache-airflow`, `apache-airflow-core`, `apache-airflow-task-sdk` and every `apache-airflow-providers-*` distribution install the `airflow` package (a provider depends on apache-airflow).',
    why: 'The new venv holds only its requirements; without the worker\'s site-packages there is no Airflow in it, so the import fails on the worker.',
    example: '@task.virtualenv(system_site_packages=False, requirements=["pandas==2.2.2"])\ndef run():\n    from airflow.models import Variable',
    useInstead: '@task.virtualenv(system_site_packages=False, requirements=["pandas==2.2.2", "apache-airflow==2.10.5"])',
    fixSafety: 'No automatic fix: the Airflow version must match the worker\'s.',
  },
  checkTask(task) {
    const requirements = task.requirements;
    if (task.kind !== 'virtualenv' || task.systemSitePackages !== false || !task.callable) return [];
    if (requirements && (!requirements.complete || requirements.entries.some((entry) => (entry.parsed !== undefined && packagingTables.providesAirflow(entry.parsed.normalizedName)) || entry.kind !== 'requirement'))) return [];
    const imported = task.callable.imports.find((item) => item.module && isAirflowModule(item.module) && !item.guarded);
    if (!imported) return [];
    return [{
      span: imported.span,
      message: `"${imported.module}" needs Airflow inside the venv, but nothing installs it there. system_site_packages=False and no requirement brings Airflow (apache-airflow, apache-airflow-task-sdk or a provider), so this is an ImportError on the worker. Add "apache-airflow==<the worker's version>" to requirements or set system_site_packages=True.`,
    }];
  },
};
