import type { RequirementEntry } from '../model.js';
import { pinExisting } from '../fixes/pins.js';
import type { Rule } from './rule.js';

export const looseRequirement: Rule = {
  code: 'VENV202',
  name: 'loose-requirement',
  severity: 'info',
  summary: 'A requirement is not pinned as tightly as `pin-policy` asks',
  docs: {
    what: 'With `pin-policy = "exact"` (the default), flags requirements that allow more than one version (`>=`, `~=`, `<`, `==1.*`) and URLs without a hash; with `"compatible"`, only unbounded ones (`>=` alone); with `"off"`, nothing.',
    why: 'Each venv build resolves the range again, so two runs (or two workers) can install different versions, and a new release can break a task nobody touched.',
    example: 'requirements=["pandas>=2.0"]',
    useInstead: 'requirements=["pandas==2.2.2"]',
    fixSafety: 'Pinning needs a version source; no automatic fix without one.',
  },
  checkTask(task, context) {
    const policy = context.config.pinPolicy ?? 'exact';
    if (policy === 'off') return [];
    return (task.requirements?.entries ?? []).flatMap((entry) => {
      if (!entry.parsed || (entry.parsed.specifiers.length === 0 && !entry.parsed.url)) return [];
      const why = looseness(entry, policy);
      return why ? [{ span: entry.span, message: `"${entry.text}" ${why}: each venv build may install a different version. Pin it with == (pin-policy = "${policy}").`, pin: pinExisting(entry, context.pythonVersion(task)) }] : [];
    });
  },
};

const UPPER_BOUNDS = new Set(['<', '<=', '~=', '==', '===']);

/** Why `entry` is not pinned enough under `policy`, or undefined. */
function looseness(entry: RequirementEntry, policy: 'exact' | 'compatible'): string | undefined {
  const parsed = entry.parsed!;
  if (parsed.url) return policy === 'exact' && !/[#&]sha(256|384|512)=|--hash[= ]/.test(entry.text) ? 'is a URL without a hash' : undefined;
  const operators = parsed.specifiers.map((specifier) => specifier.operator);
  if (policy === 'compatible') return operators.some((operator) => UPPER_BOUNDS.has(operator)) ? undefined : 'has no upper bound';
  const exact = parsed.specifiers.some((specifier) => (specifier.operator === '==' && !specifier.version.includes('*')) || specifier.operator === '===');
  return exact ? undefined : 'is not pinned to one version';
}
