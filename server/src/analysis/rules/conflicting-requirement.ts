import { unsatisfiable } from '../knowledge/specifiers.js';
import type { RequirementEntry } from '../model.js';
import type { Report, Rule } from './rule.js';

export const conflictingRequirement: Rule = {
  code: 'VENV205',
  name: 'conflicting-requirement',
  severity: 'error',
  summary: 'No version satisfies the specifiers given for a distribution',
  docs: {
    what: 'Flags a distribution whose specifiers — on one line, or across lines with the same environment marker — exclude each other: `x==1.0` with `x>=2`, two different `==`, `>=3,<2`.',
    why: 'pip cannot resolve the requirements, so the venv is never built and the task fails on the worker with "ResolutionImpossible".',
    example: 'requirements=["pandas==1.5.3", "pandas>=2.0"]',
    useInstead: 'requirements=["pandas==2.2.2"]',
    fixSafety: 'No automatic fix: only the author knows which constraint is right.',
  },
  checkTask(task) {
    const reports: Report[] = [];
    const groups = new Map<string, RequirementEntry[]>();
    for (const entry of task.requirements?.entries ?? []) {
      if (!entry.parsed || entry.parsed.url) continue;
      const key = `${entry.parsed.normalizedName}\0${entry.parsed.marker ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    for (const entries of groups.values()) {
      const specifiers = entries.flatMap((entry) => entry.parsed!.specifiers);
      if (!unsatisfiable(specifiers)) continue;
      const last = entries[entries.length - 1]!;
      const written = entries.map((entry) => `"${entry.text}"`).join(' and ');
      reports.push({
        span: last.span,
        message: `No version of "${last.parsed!.name}" satisfies ${entries.length === 1 ? 'its specifiers' : entries.length === 2 ? 'both of its requirements' : 'all of its requirements'}. pip cannot resolve ${written}, so the venv is never built. Keep one consistent specifier.`,
      });
    }
    return reports;
  },
};
