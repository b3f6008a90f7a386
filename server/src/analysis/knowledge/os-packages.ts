/** Names of OS (apt/yum) packages that people put in pip requirements (VENV206, and the rules that leave them to it). */
import type { RequirementEntry } from '../model.js';

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
