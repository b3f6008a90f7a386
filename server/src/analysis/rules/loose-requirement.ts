import type { RequirementEntry } from '../model.js';
import { pinExisting } from '../fixes/pins.js';
import type { Rule } from './rule.js';

export const looseRequirement: Rule = {
  code: 'VENV202',
  name: 'loose-requirement',
  severity: 'info',
  summary: 'A requirement is not pinned as tightly as `pin-policy` asks',
  docs: {
    what: 'With `pin-policy = "exact"` (the default), flags requirements that allow more than one version (`>=`, `~=`, `<`, `==1.*`), URLs without a hash, and VCS URLs (`git+https://host/org/repo.git`, named or bare) not pinned to a full commit sha: no `@ref`, a branch (`@main`) or a tag; with `"compatible"`, only unbounded ones (`>=` alone, a VCS URL with no ref or a branch ref; a version-like tag such as `@v1.2.0` passes); with `"off"`, nothing.',
    why: 'Each venv build resolves the range again (a VCS URL without a commit sha checks out whatever the default branch or the ref holds at that moment), so two runs (or two workers) can install different versions, and a new release can break a task nobody touched.',
    example: 'requirements=["pandas>=2.0"]',
    useInstead: 'requirements=["pandas==2.2.2"]',
    fixSafety: 'Pinning needs a version source; no automatic fix without one.',
  },
  checkTask(task, context) {
    const policy = context.config.pinPolicy ?? 'exact';
    if (policy === 'off') return [];
    return (task.requirements?.entries ?? []).flatMap((entry) => {
      const vcs = vcsLooseness(entry, policy);
      if (vcs !== undefined) return vcs ? [{ span: entry.span, message: `"${entry.text}" ${vcs[0]}. ${vcs[1] ? `${vcs[1]}, so each` : 'Each'} venv build may install different code. Pin it to a full commit: @<40-character sha> (pin-policy = "${policy}").` }] : [];
      if (!entry.parsed || (entry.parsed.specifiers.length === 0 && !entry.parsed.url)) return [];
      const why = looseness(entry, policy);
      return why ? [{ span: entry.span, message: `"${entry.text}" ${why}. Each venv build may install a different version. Pin it with == (pin-policy = "${policy}").`, pin: pinExisting(entry, context.pythonVersion(task)) }] : [];
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

/** A full commit id (git, Mercurial): the only VCS ref that cannot move. */
const COMMIT = /^[0-9a-f]{40}$/i;
/** A ref that reads as a release tag (`v1.2.0`, `2.3`): bounded enough for pin-policy "compatible". */
const VERSION_TAG = /^v?\d+(\.\d+)+$/i;

/**
 * For a VCS URL (`git+https://...`, `pkg @ git+ssh://...`, `hg+...`): why it is loose under `policy`,
 * as what is wrong and why, if more is to say than that it is loose (`The tag @v1 can be moved`),
 * or '' when it is pinned enough; undefined when the entry is not a VCS URL (the other checks apply).
 */
function vcsLooseness(entry: RequirementEntry, policy: 'exact' | 'compatible'): [what: string, why: string] | '' | undefined {
  if (entry.kind !== 'requirement' || entry.error) return undefined;
  const url = entry.parsed?.url ?? (entry.parsed ? undefined : entry.text.trim().split(/\s/)[0]);
  if (!url || !/^(git|hg|svn|bzr)\+[a-z]+:\/\//i.test(url)) return undefined;
  // The ref follows the last "@" of the path (an "@" before the host is a user name): scheme://host/path@ref#fragment.
  const path = url.replace(/#.*$/, '').replace(/^[^:]+:\/\/[^/]*/, '');
  const at = path.lastIndexOf('@');
  const ref = at === -1 ? undefined : path.slice(at + 1);
  if (!ref) return ['is a VCS URL with no @ref', ''];
  if (COMMIT.test(ref)) return '';
  if (VERSION_TAG.test(ref)) return policy === 'exact' ? ['pins a tag, not a commit', `The tag @${ref} can be moved`] : '';
  return ['pins a ref that moves, not a commit', `@${ref} is a branch (or a short or symbolic ref)`];
}
