/**
 * When two findings are the same report: same file, same span, same code, same
 * message. A requirements file or module that several tasks (or several open
 * DAGs) read yields the same finding once per reader; it is shown once.
 */
import type { Finding } from '../analysis/index.js';

export function findingKey(finding: Finding): string {
  return `${finding.span.source.path}\0${finding.span.start}\0${finding.span.end}\0${finding.code}\0${finding.message}`;
}

/** The first of each report, in order. */
export function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = findingKey(finding);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
