import type { Finding } from '../findings.js';
import type { SourceText } from '../model.js';
import type { Report, Rule } from './rule.js';

/** `# noqa` and `# noqa: VENV301, E501` comments, with the offset of each code. */
export const NOQA = /#\s*noqa(?::[ \t]*([A-Z]+[0-9]+(?:[ \t]*,[ \t]*[A-Z]+[0-9]+)*))?/gi;

/**
 * The `# noqa: VENVxxx` codes that suppress nothing. Runs after every other rule,
 * on their findings before suppression; codes of rules that did not run (not
 * selected) and other tools' codes (E501) are left alone.
 */
export function unusedNoqa(sources: SourceText[], findings: Finding[], ran: (code: string) => boolean): Report[] {
  const used = new Set(findings.map((finding) => `${finding.span.source.path}\0${finding.span.source.lines.positionAt(finding.span.start).line}\0${finding.code}`));
  const reports: Report[] = [];
  for (const source of sources) {
    for (const match of source.text.matchAll(NOQA)) {
      if (!match[1]) continue;
      const line = source.lines.positionAt(match.index).line;
      const listStart = match.index + match[0].length - match[1].length;
      for (const code of match[1].matchAll(/[A-Z]+[0-9]+/gi)) {
        const name = code[0].toUpperCase();
        if (!name.startsWith('VENV') || !ran(name) || used.has(`${source.path}\0${line}\0${name}`)) continue;
        const start = listStart + code.index;
        reports.push({ span: { source, start, end: start + code[0].length }, message: `"# noqa: ${name}" suppresses nothing on this line: remove it, so that a real ${name} here is not hidden later.` });
      }
    }
  }
  return reports;
}

export const unusedNoqaRule: Rule = {
  code: 'VENV002',
  name: 'unused-noqa',
  severity: 'warning',
  enabledByDefault: false,
  summary: 'A `# noqa: VENVxxx` comment suppresses nothing (only when selected)',
  docs: {
    what: 'Flags codes in `# noqa: VENVxxx` comments (in DAG files and requirements files) for which no finding is reported on that line. Like ruff\'s RUF100 it runs only when selected (`--select VENV002`), and it judges only codes of rules that ran.',
    why: 'A stale suppression hides the next real problem on that line.',
    example: 'PythonVirtualenvOperator(task_id="t", python_version="3.11")  # noqa: VENV105',
    useInstead: 'PythonVirtualenvOperator(task_id="t", python_version="3.11")',
    fixSafety: 'No automatic fix yet.',
  },
};
