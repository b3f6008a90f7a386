import { removeElement } from '../fixes/edits.js';
import type { RequirementEntry } from '../model.js';
import { unsatisfiable } from '../knowledge/specifiers.js';
import type { Report, Rule } from './rule.js';

export const duplicateRequirement: Rule = {
  code: 'VENV204',
  name: 'duplicate-requirement',
  severity: 'warning',
  summary: 'The same distribution is listed twice',
  docs: {
    what: 'Flags a requirement whose distribution (names compared after PEP 503 normalisation: `PyYAML`, `pyyaml`, `py_yaml` are one) is already listed for the task with the same environment marker.',
    why: 'pip resolves both lines together: identical ones are noise, different ones either conflict (the venv build fails) or silently narrow each other, and the next edit changes one but not the other.',
    example: 'requirements=["pandas==2.2.2", "numpy==2.0.0", "Pandas==2.2.2"]',
    useInstead: 'requirements=["pandas==2.2.2", "numpy==2.0.0"]',
    fixSafety: 'Removing the later line is safe when both lines are identical; otherwise the fix is offered but not applied by fix-all.',
  },
  checkTask(task) {
    const reports: Report[] = [];
    const seen = new Map<string, RequirementEntry>();
    for (const entry of task.requirements?.entries ?? []) {
      if (!entry.parsed) continue;
      const key = `${entry.parsed.normalizedName}\0${entry.parsed.marker ?? ''}`;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, entry);
        continue;
      }
      // Conflicting duplicates are VENV205's finding: one problem, one finding.
      if (unsatisfiable([...first.parsed!.specifiers, ...entry.parsed.specifiers])) continue;
      const identical = first.text.replace(/\s+/g, '') === entry.text.replace(/\s+/g, '');
      const removable = entry.element;
      reports.push({
        span: entry.span,
        message: `"${entry.parsed.name}" is already required (${placeOf(first, task.span.source)}: "${first.text}"). pip resolves both together, so ${identical ? 'this line is redundant' : 'they conflict or silently narrow each other'}. Keep one.`,
        fixes: removable ? [{ title: `Remove the duplicate "${entry.text}"`, safe: identical, edits: [removeElement(removable)] }] : [],
      });
    }
    return reports;
  },
};

/** Where a requirement stands, for messages ("line 4" / "requirements.txt line 4"). */
export function placeOf(entry: RequirementEntry, taskSource: RequirementEntry['span']['source']): string {
  const line = entry.span.source.lines.positionAt(entry.span.start).line + 1;
  return entry.span.source === taskSource ? `line ${line}` : `${entry.span.source.path?.split(/[\\/]/).pop() ?? 'the file'} line ${line}`;
}
