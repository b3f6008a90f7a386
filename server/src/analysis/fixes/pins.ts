/** Pin requests for requirements: how a version becomes an edit (pure; the versions come from elsewhere). */
import type { PinRequest } from '../findings.js';
import { replace } from './edits.js';
import type { RequirementEntry } from '../model.js';

/** `requests[socks]>=2; python_version<"3.12"` pinned to 2.32.3 -> `requests[socks]==2.32.3; python_version<"3.12"`. */
export function pinnedRequirement(entry: RequirementEntry, version: string): string {
  const parsed = entry.parsed!;
  const extras = parsed.extras.length > 0 ? `[${parsed.extras.join(',')}]` : '';
  return `${parsed.name}${extras}==${version}${parsed.marker ? `; ${parsed.marker}` : ''}`;
}

/** A request to pin an existing requirement (VENV201, VENV202), when its text can be rewritten in place. */
export function pinExisting(entry: RequirementEntry, pythonVersion: string | undefined): PinRequest | undefined {
  const parsed = entry.parsed;
  if (!parsed || parsed.url || !entry.exact) return undefined;
  return {
    distribution: parsed.name,
    normalizedName: parsed.normalizedName,
    specifiers: parsed.specifiers,
    pythonVersion,
    safe: true,
    title: (version, source) => `Pin to ${parsed.name}==${version} (${source})`,
    edits: (version) => [replace(entry.span, pinnedRequirement(entry, version))],
  };
}
