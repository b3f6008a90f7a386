/**
 * `# noqa` comments: which findings they suppress (dropped after the rules run,
 * config.ts), the codes a comment names that nothing on its line needed (VENV002),
 * and the edit of "Disable VENVxxx for this line".
 */
import type { Edit, Finding } from './findings.js';
import type { SourceText, Span } from './model.js';
import { keptWith } from './knowledge/memo.js';

/** `# noqa` and `# noqa: VENV301, E501` comments, with the offset of each code. */
export const NOQA = /#\s*noqa(?::[ \t]*([A-Z]+[0-9]+(?:[ \t]*,[ \t]*[A-Z]+[0-9]+)*))?/gi;

/** A whole-file suppression on a line of its own, in the style of ruff's `# ruff: noqa: CODE`: `# airflow-venv-lint: noqa: VENV301`. */
export const FILE_NOQA = /^[ \t]*#[ \t]*airflow-venv-lint:[ \t]*noqa(?::[ \t]*([A-Z]+[0-9]+(?:[ \t]*,[ \t]*[A-Z]+[0-9]+)*))?[ \t]*$/gim;

/** The codes the file-level comments of a text name; `all` for a bare `# airflow-venv-lint: noqa`. */
function fileNoqaCodes(text: string): Set<string> | 'all' {
  const codes = new Set<string>();
  for (const match of text.matchAll(FILE_NOQA)) {
    if (!match[1]) return 'all';
    for (const code of match[1].split(',')) codes.add(code.trim().toUpperCase());
  }
  return codes;
}

/**
 * Whether `# noqa` or `# noqa: VENV301, VENV302` on the line where a finding starts suppresses
 * it. Each line is read once per call of this function's result, whatever the number of
 * findings on it (a generated DAG can put thousands of tasks on one long line).
 */
export function suppressions(): (item: Finding) => boolean {
  const bySource = new Map<SourceText, Map<number, Set<string> | 'all'>>();
  const byFile = new Map<SourceText, Set<string> | 'all' | undefined>();
  return (item) => {
    const { source } = item.span;
    let file = byFile.get(source);
    // Most files have no noqa comment at all: one scan of the text, then no line is read.
    if (file === undefined && !byFile.has(source)) byFile.set(source, (file = mentionsNoqa(source) ? fileNoqaCodes(source.text) : undefined));
    if (file === undefined) return false;
    if (file === 'all' || file.has(item.code)) return true;
    let lines = bySource.get(source);
    if (!lines) bySource.set(source, (lines = new Map()));
    const line = source.lines.positionAt(item.span.start).line;
    let codes = lines.get(line);
    if (codes === undefined) lines.set(line, (codes = noqaCodes(source.lines.lineText(line))));
    return codes === 'all' || codes.has(item.code);
  };
}

/** Whether a source's text can hold a noqa comment of either kind (both patterns need the word). */
function mentionsNoqa(source: SourceText): boolean {
  // Kept per source while its text is the same string: the rules over a DAG folder ask for every
  // open document on each keystroke in one of them.
  return keptWith(noqaMentions, source, [source.text], () => /noqa/i.test(source.text));
}

const noqaMentions = new WeakMap<SourceText, { inputs: readonly unknown[]; value: boolean }>();

/** The codes the `# noqa` comments of one line name; `all` for a bare `# noqa`. */
function noqaCodes(line: string): Set<string> | 'all' {
  const codes = new Set<string>();
  for (const match of line.matchAll(NOQA)) {
    if (!match[1]) return 'all';
    for (const code of match[1].split(',')) codes.add(code.trim().toUpperCase());
  }
  return codes;
}

/**
 * The `# noqa: VENVxxx` codes that suppress nothing. Runs after every other rule,
 * on their findings before suppression; codes of rules that did not run (not
 * selected) and other tools' codes (E501) are left alone.
 */
export function unusedNoqa(sources: SourceText[], findings: Finding[], ran: (code: string) => boolean): { span: Span; message: string }[] {
  const reports: { span: Span; message: string }[] = [];
  const commented = sources.filter((source) => mentionsNoqa(source));
  if (commented.length === 0) return reports;
  const used = new Set(findings.map((finding) => `${finding.span.source.path}\0${finding.span.source.lines.positionAt(finding.span.start).line}\0${finding.code}`));
  const usedInFile = new Set(findings.map((finding) => `${finding.span.source.path}\0${finding.code}`));
  for (const source of commented) {
    for (const match of source.text.matchAll(FILE_NOQA)) {
      if (!match[1]) continue;
      const listStart = match.index + match[0].trimEnd().length - match[1].length;
      for (const code of match[1].matchAll(/[A-Z]+[0-9]+/gi)) {
        const name = code[0].toUpperCase();
        if (!name.startsWith('VENV') || !ran(name) || usedInFile.has(`${source.path}\0${name}`)) continue;
        const start = listStart + code.index;
        reports.push({ span: { source, start, end: start + code[0].length }, message: `"# airflow-venv-lint: noqa: ${name}" suppresses nothing in this file. Remove it, so that a real ${name} here is not hidden later.` });
      }
    }
    for (const match of source.text.matchAll(NOQA)) {
      if (!match[1]) continue;
      const line = source.lines.positionAt(match.index).line;
      const listStart = match.index + match[0].length - match[1].length;
      for (const code of match[1].matchAll(/[A-Z]+[0-9]+/gi)) {
        const name = code[0].toUpperCase();
        if (!name.startsWith('VENV') || !ran(name) || used.has(`${source.path}\0${line}\0${name}`)) continue;
        const start = listStart + code.index;
        reports.push({ span: { source, start, end: start + code[0].length }, message: `"# noqa: ${name}" suppresses nothing on this line. Remove it, so that a real ${name} here is not hidden later.` });
      }
    }
  }
  return reports;
}

/**
 * The edit of "Disable VENVxxx for this file": the code appended to the file's
 * `# airflow-venv-lint: noqa:` line, or that line added at the top (after a shebang and an encoding line).
 */
export function fileNoqaEdit(finding: Finding): Edit {
  const { source } = finding.span;
  const existing = new RegExp(FILE_NOQA.source, 'im').exec(source.text);
  if (existing?.[1]) {
    const at = existing.index + existing[0].trimEnd().length;
    return { span: { source, start: at, end: at }, newText: `, ${finding.code}` };
  }
  let line = 0;
  while (line < Math.min(2, source.lines.lineCount) && /^#!|^#.*coding[:=]/.test(source.lines.lineText(line))) line++;
  const at = line < source.lines.lineCount ? source.lines.lineStart(line) : source.text.length;
  const newline = /\r\n|\r|\n/.exec(source.text)?.[0] ?? '\n';
  return { span: { source, start: at, end: at }, newText: `# airflow-venv-lint: noqa: ${finding.code}${newline}` };
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
