import { osPackageOf } from '../knowledge/os-packages.js';
import type { Rule } from './rule.js';

export const osPackageRequirement: Rule = {
  code: 'VENV206',
  name: 'os-package-requirement',
  severity: 'error',
  summary: 'A requirement names an OS package that pip cannot install',
  docs: {
    what: 'Flags apt/yum package names (`python3-dev`, `libpq-dev`, `build-essential`, `gcc`, `*-devel`, `name:amd64`) and install commands in `requirements`.',
    why: 'Airflow passes every requirement to `pip install` inside the new venv. pip only installs Python distributions, so the task fails on the worker with "No matching distribution found".',
    example: 'requirements=["psycopg2==2.9.9", "libpq-dev"]',
    useInstead: 'requirements=["psycopg2==2.9.9"]  # and install libpq-dev in the worker image',
    fixSafety: 'No automatic fix: the system library still has to be installed in the worker image.',
  },
  checkTask(task) {
    return (task.requirements?.entries ?? []).flatMap((entry) => {
      const name = osPackageOf(entry);
      if (!name) return [];
      return [{
        span: entry.span,
        message: `"${entry.text}" is an OS package, not a Python distribution. pip cannot install it, so the venv build fails on the worker. Remove it from requirements and install it in the worker image instead.`,
      }];
    });
  },
};
