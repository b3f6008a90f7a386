import { replace } from '../fixes/edits.js';
import type { Fix } from '../findings.js';
import type { RequirementEntry } from '../model.js';
import { osPackageOf } from '../knowledge/os-packages.js';
import type { Rule } from './rule.js';

export const invalidRequirement: Rule = {
  code: 'VENV203',
  name: 'invalid-requirement',
  severity: 'error',
  summary: 'Not a valid PEP 508 requirement or pip line',
  docs: {
    what: 'Flags requirement strings pip cannot parse: `"pandas=1.0"`, `"numpy 1.2"`, `"requests>="`, invalid versions.',
    why: 'Airflow writes the requirements to a file and runs `pip install -r` on the worker; pip stops at the first invalid line, so the venv is never built and the task fails.',
    example: 'requirements=["pandas=2.2.2"]',
    useInstead: 'requirements=["pandas==2.2.2"]',
    fixSafety: 'Offered when the intended spelling is unambiguous; `=` -> `==` is safe, other corrections are not.',
  },
  checkTask(task) {
    return (task.requirements?.entries ?? []).flatMap((entry) => {
      if (!entry.error || osPackageOf(entry)) return [];
      const suggestion = suggestedSpelling(entry.text);
      const column = entry.error.offset + 1;
      return [{
        span: entry.span,
        message: `${fragment(entry.text)} is not a valid requirement (column ${column}: ${entry.error.message}): pip rejects it and the venv is never built.${suggestion ? ` Did you mean ${fragment(suggestion)}?` : ''}`,
        fixes: fixFor(entry, suggestion),
      }];
    });
  },
};

/** The spelling the author evidently meant, when there is exactly one. */
export function suggestedSpelling(text: string): string | undefined {
  const singleEquals = /^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s*=\s*([0-9][^\s=<>!~;]*)$/.exec(text);
  if (singleEquals) return `${singleEquals[1]}==${singleEquals[2]}`;
  const spaceSeparated = /^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s+v?([0-9][0-9A-Za-z.+!-]*)$/.exec(text);
  if (spaceSeparated) return `${spaceSeparated[1]}==${spaceSeparated[2]}`;
  const colon = /^([A-Za-z0-9][A-Za-z0-9._-]*):([0-9][0-9A-Za-z.+!-]*)$/.exec(text);
  if (colon) return `${colon[1]}==${colon[2]}`;
  return undefined;
}

function fixFor(entry: RequirementEntry, suggestion: string | undefined): Fix[] {
  if (!suggestion || !entry.exact) return [];
  return [{ title: `Change to "${suggestion}"`, safe: /^[^=]+=[^=]/.test(entry.text), edits: [replace(entry.span, suggestion)] }];
}

/**
 * A line as quoted in the message: at most 40 characters, escaped like a JSON string. A file that
 * is not a requirements file (a link to a credentials file) must not end up whole in CI logs and
 * SARIF uploads, nor write control characters to a terminal (reliability audit X3, B4).
 */
function fragment(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
