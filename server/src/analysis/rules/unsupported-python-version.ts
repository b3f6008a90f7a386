import { SUPPORTED_PYTHON } from '../knowledge/airflow.js';
import type { Rule } from './rule.js';

export const unsupportedPythonVersion: Rule = {
  code: 'VENV106',
  name: 'unsupported-python-version',
  severity: 'warning',
  summary: '`python_version` is Python 2, or outside what the target Airflow supports',
  docs: {
    what: 'Flags `python_version="2.7"` (and any 2.x), and versions the target Airflow line does not support when the venv inherits or installs Airflow (`system_site_packages=True` or an `apache-airflow` requirement).',
    why: 'Python 2 cannot run the code Airflow generates for the venv. When the venv shares the worker\'s site-packages or installs Airflow, Airflow and its dependencies must import on that Python; a version Airflow does not support fails there.',
    example: '@task.virtualenv(python_version="2.7", requirements=["pandas==0.24.2"])',
    useInstead: '@task.virtualenv(python_version="3.11", requirements=["pandas==2.2.2"])',
    fixSafety: 'No automatic fix: the right version depends on the workers.',
  },
  checkTask(task, context) {
    const value = task.arguments.get('python_version')?.value;
    if (value?.kind !== 'string') return [];
    const match = /^(\d+)(?:\.(\d+))?$/.exec(value.value.trim());
    if (!match) return []; // VENV105's business
    if (match[1] === '2') {
      return [{ span: value.span, message: `python_version="${value.value}" is Python 2: the code Airflow generates for the venv (and every maintained library) needs Python 3. Use a Python 3 version the workers have, e.g. "3.11".` }];
    }
    if (!match[2]) return [];
    const inheritsAirflow = task.systemSitePackages === true || (task.requirements?.entries ?? []).some((entry) => entry.parsed?.normalizedName === 'apache-airflow');
    const supported = SUPPORTED_PYTHON[context.airflowVersion];
    if (!inheritsAirflow || supported.includes(value.value.trim())) return [];
    return [{
      span: value.span,
      message: `python_version="${value.value}" is not a Python Airflow ${context.airflowVersion} supports (${supported[0]}-${supported[supported.length - 1]}), yet this venv ${task.systemSitePackages === true ? 'shares the worker\'s site-packages' : 'installs apache-airflow'}: Airflow's own modules must import there. Use one of ${supported.join(', ')}, or set system_site_packages=False without Airflow in the venv.`,
    }];
  },
};
