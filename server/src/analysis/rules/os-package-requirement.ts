import type { RequirementEntry } from '../model.js';
import type { Rule } from './rule.js';

/**
 * Names of OS (apt/yum) packages that people put in pip requirements. PyPI
 * distributions that merely start with `python-` (python-dateutil, python-dotenv)
 * are real and must not match, so `python-*`/`python3-*` match only with a
 * Debian-style suffix, and PyPI's own `python3-*` distributions are exempt.
 */
const OS_PACKAGE_PATTERNS: RegExp[] = [
  /^python[23]?-(dev|pip|venv|distutils|setuptools|tk|dbg|minimal|full|all|all-dev|apt|wheel|psycopg2|yaml|numpy|pandas|requests|lxml|mysqldb|virtualenv)$/,
  /^python3-[a-z0-9]+(-[a-z0-9]+)*$/,
  /^lib[a-z0-9.+-]+-dev$/,
  /^[a-z0-9.+-]+-devel$/,
  /^(build-essential|gcc|g\+\+|make|pkg-config|unixodbc|unixodbc-dev|default-libmysqlclient-dev|default-jdk|default-jre|freetds-dev|freetds-bin|krb5-user|gfortran)$/,
  /^openjdk-\d+-(jdk|jre)(-headless)?$/,
  /:(amd64|arm64|i386|armhf|all)$/,
];

/** `python3-*` names that are real PyPI distributions. */
const PYPI_PYTHON3_NAMES = new Set(['python3-openid', 'python3-saml', 'python3-xlib', 'python3-wget', 'python3-nmap', 'python3-discogs-client']);

const OS_COMMAND = /^(sudo\s+)?(apt|apt-get|yum|dnf|apk|brew)\s/;

/** The OS package an entry names, if it names one. */
export function osPackageOf(entry: RequirementEntry): string | undefined {
  if (entry.kind !== 'requirement') return undefined;
  if (OS_COMMAND.test(entry.text)) return entry.text;
  const name = (entry.parsed?.name ?? /^[^\s;=<>!~\[@]+/.exec(entry.text)?.[0] ?? '').toLowerCase();
  if (!name || PYPI_PYTHON3_NAMES.has(name)) return undefined;
  return OS_PACKAGE_PATTERNS.some((pattern) => pattern.test(name)) ? name : undefined;
}

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
        message: `"${entry.text}" is an OS package, not a Python distribution: pip cannot install it, so the venv build fails on the worker. Remove it from requirements and install it in the worker image instead.`,
      }];
    });
  },
};
