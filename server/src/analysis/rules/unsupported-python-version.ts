import { satisfies } from '@renovatebot/pep440';
import { compareReleases, parseRelease, supportedPython } from '../knowledge/airflow-releases.js';
import { severityAcross, type Environment, type Verdict } from '../knowledge/airflow-target.js';
import type { RequirementEntry, TaskModel } from '../model.js';
import { capitalized, type Report, type Rule } from './rule.js';

export const unsupportedPythonVersion: Rule = {
  code: 'VENV106',
  name: 'unsupported-python-version',
  severity: 'warning',
  summary: '`python_version` is Python 2 where Airflow cannot run it, or a Python the pinned apache-airflow refuses',
  docs: {
    what: 'Flags `python_version="2.7"` (and any 2.x) where the target Airflow cannot run a Python 2 venv (every release after 1.10), and a `python_version` that an `apache-airflow==X` pin in the same venv does not install on.',
    why: 'Airflow 1.10 supports Python 2.7 venvs by design. Airflow 2 supports only Python 3 (its README), and current virtualenv releases no longer create Python 2 environments; from 2.10.0 the script Airflow generates starts with `from __future__ import annotations` (airflow/utils/python_virtualenv_script.jinja2 @2.10.0), a SyntaxError on Python 2; the standard provider runs `python2 -m venv` (Python 2 has no venv module) or uv (no Python 2). An `apache-airflow` pin in the requirements is installed by pip into that Python, which refuses a release whose Requires-Python excludes it. The system site packages of the venv are those of `python{python_version}`, not the worker\'s, and the generated script guards its Airflow import, so `system_site_packages=True` alone breaks nothing here.',
    example: '@task.virtualenv(python_version="3.13", requirements=["apache-airflow==2.10.5"])',
    useInstead: '@task.virtualenv(python_version="3.12", requirements=["apache-airflow==2.10.5"])',
    fixSafety: 'No automatic fix: the right version depends on the workers.',
  },
  checkTask(task, context) {
    const value = task.arguments.get('python_version')?.value;
    if (value?.kind !== 'string') return [];
    const match = /^(\d+)(?:\.(\d+))?$/.exec(value.value.trim());
    if (!match) return []; // VENV105's business
    const severity = match[1] === '2' ? severityAcross(context.target, task, pythonTwoVerdict) : undefined;
    if (severity) {
      const where = severity === 'info'
        ? `only Airflow 1.10 runs Python 2 venvs; the target is Airflow ${context.target.label}`
        : 'Airflow 2 and 3 run only Python 3 (current virtualenv cannot create a Python 2 venv; from 2.10 the script Airflow generates is a SyntaxError there; the standard provider uses venv or uv, neither of which has Python 2)';
      return [{ span: value.span, severity, message: `python_version="${value.value}" is Python 2. ${capitalized(where)}. Use a Python 3 version the workers have, e.g. "3.11".` }];
    }
    if (!match[2]) return [];
    return pinnedAirflowReports(task, value.value.trim(), value.span);
  },
};

/** Python 2 at one release: fine on 1.10, unsupported on 2.0-2.9, certainly broken from 2.10 and with the provider. */
function pythonTwoVerdict(where: Environment): Verdict | undefined {
  if (where.provider) return 'error';
  if (supportedPython(where.release)?.versions.some((version) => version.startsWith('2.'))) return undefined;
  return compareReleases(where.release, '2.10.0') >= 0 ? 'error' : 'warning';
}

/** An `apache-airflow==X` pin (or `==X.Y.*`) that pip cannot install on `python{version}`. */
function pinnedAirflowReports(task: TaskModel, version: string, span: Report['span']): Report[] {
  const entry = (task.requirements?.entries ?? []).find((item: RequirementEntry) => item.parsed?.normalizedName === 'apache-airflow' && !item.parsed.url);
  const pin = entry?.parsed?.specifiers.find((specifier) => specifier.operator === '==' || specifier.operator === '===');
  if (!entry || !pin) return [];
  const release = parseRelease(pin.version.replace(/\.\*$/, ''));
  const python = release ? supportedPython(release) : undefined;
  if (!release || !python) return [];
  const refuses = python.requiresPython
    ? !satisfies(`${version}.0`, python.requiresPython) && !satisfies(`${version}.99`, python.requiresPython)
    : compareReleases(version, python.versions[0]!) < 0; // no Requires-Python known: only below the oldest supported Python is certain
  if (!refuses) return [];
  const needs = python.requiresPython ? `Requires-Python ${python.requiresPython}` : `Python ${python.versions[0]} or later`;
  return [{
    span,
    message: `pip cannot install ${entry.text.trim()} into a python_version="${version}" venv. Airflow ${release} needs ${needs}, so the venv is never built. Use one of ${python.versions.join(', ')}.`,
  }];
}
