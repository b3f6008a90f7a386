import { compare, valid } from '@renovatebot/pep440';
import { replace } from '../fixes/edits.js';
import { pinnedRequirement } from '../fixes/pins.js';
import { fileAllowsPython, isPrerelease } from '../knowledge/releases.js';
import type { Report, Rule } from './rule.js';

export const unavailableVersion: Rule = {
  code: 'VENV209',
  name: 'unavailable-version',
  severity: 'warning',
  summary: '(online) The pinned version is not on the index, is yanked, or needs a newer Python',
  docs: {
    what: 'With online checks on (`--online`, or `airflowVenvLint.onlineChecks`), flags a requirement pinned with `==` to a version the package index does not have, has only yanked files for, or whose files all require a newer Python than the task\'s.',
    why: 'pip cannot install such a pin in the task\'s venv ("No matching distribution found"), so the task fails on the worker; a yanked release installs only when pinned exactly, and was yanked for a reason.',
    example: '@task.virtualenv(python_version="3.8", requirements=["pandas==2.2.2"])  # pandas 2.2 needs Python 3.9+',
    useInstead: '@task.virtualenv(python_version="3.8", requirements=["pandas==2.0.3"])',
    fixSafety: 'Not safe: the nearest compatible release may behave differently.',
  },
  checkTask(task, context) {
    if (task.kind !== 'virtualenv') return [];
    const pythonVersion = context.pythonVersion(task);
    const reports: Report[] = [];
    for (const entry of task.requirements?.entries ?? []) {
      const parsed = entry.parsed;
      const pin = parsed?.specifiers.length === 1 && parsed.specifiers[0]!.operator === '==' && !parsed.specifiers[0]!.version.includes('*') ? parsed.specifiers[0]!.version : undefined;
      const facts = parsed && pin ? context.index(parsed.normalizedName) : undefined;
      if (!parsed || !pin || !facts) continue;
      const released = [...facts.releases.entries()].find(([version]) => valid(version) !== null && valid(pin) !== null && compare(version, pin) === 0)?.[1];
      let problem: string | undefined;
      if (!released || released.length === 0) problem = `${parsed.name} ${pin} is not on ${facts.index}`;
      else if (released.every((file) => file.yanked)) problem = `${parsed.name} ${pin} is yanked on ${facts.index}`;
      else if (!released.some((file) => !file.yanked && fileAllowsPython(file, pythonVersion))) problem = `Every file of ${parsed.name} ${pin} requires a newer Python than ${pythonVersion} (${released.find((file) => file.requiresPython)?.requiresPython ?? ''})`;
      if (!problem) continue;
      const compatible = [...facts.releases.entries()]
        .filter(([version, files]) => valid(version) !== null && !isPrerelease(version) && files.some((file) => !file.yanked && fileAllowsPython(file, pythonVersion)))
        .map(([version]) => version)
        .sort((a, b) => compare(b, a));
      const below = compatible.find((version) => compare(version, pin) <= 0);
      const suggestion = below ?? compatible[0];
      reports.push({
        span: entry.span,
        message: `"${entry.text}" cannot be installed in the task's venv. ${problem}, so pip fails on the worker.${suggestion ? ` The nearest compatible release is ${suggestion}.` : ''}`,
        fixes: suggestion && entry.exact ? [{ title: `Pin to ${parsed.name}==${suggestion} (${facts.index})`, safe: false, edits: [replace(entry.span, pinnedRequirement(entry, suggestion))] }] : [],
      });
    }
    return reports;
  },
};
