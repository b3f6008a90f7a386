/**
 * `# noqa` comments: which findings they suppress (dropped after the rules run,
 * config.ts), the codes a comment names that nothing on its line needed (VENV002),
 * and the edit of "Disable VENVxxx for this line".
 */
import type { Edit, Finding } from './findings.js';
import type { SourceText, Span } from './model.js';

/** `# noqa` and `# noqa: VENV301, E501` comments, with the offset of each code. */
export const NOQA = /#\s*noqa(?::[ \t]*([A-Z]+[0-9]+(?:[ \t]*,[ \t]*[A-Z]+[0-9]+)*))?/gi;

/** `# noqa` or `# noqa: VENV301, VENV302` on the line where the finding starts. */
export function isSuppressed(item: Finding): boolean {
  const { lines } = item.span.source;
  const line = lines.lineText(lines.positionAt(item.span.start).line);
  for (const match of line.matchAll(NOQA)) {
    if (!match[1]) return true;
    if (match[1].split(',').some((code) => code.trim().toUpperCase() === item.code)) return true;
  }
  return false;
}

/**
 * The `# noqa: VENVxxx` codes that suppress nothing. Runs after every other rule,
 * on their findings before suppression; codes of rules that did not run (not
 * selected) and other tools' codes (E501) are left alone.
 */
export function unusedNoqa(sources: SourceText[], findings: Finding[], ran: (code: string) => boolean): { span: Span; message: string }[] {
  const used = new Set(findings.map((finding) => `${finding.span.source.path}\0${finding.span.source.lines.positionAt(finding.span.start).line}\0${finding.code}`));
  const reports: { span: Span; message: string }[] = [];
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

/** The edit of "Disable VENVxxx for this line": appended to the line's `# noqa:` list, or a new comment at its end. */
export function noqaEdit(finding: Finding): Edit {
  const { source } = finding.span;
  const line = source.lines.positionAt(finding.span.start).line;
  const text = source.lines.lineText(line);
  const end = source.lines.lineEnd(line);
  const existing = /#\s*noqa:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)/i.exec(text);
  if (existing) {
    const at = source.lines.lineStart(line) + existing.index + existing[0].length;
    return { span: { source, start: at, end: at }, newText: `, ${finding.code}` };
  }
  return { span: { source, start: end, end }, newText: `  # noqa: ${finding.code}` };
}
