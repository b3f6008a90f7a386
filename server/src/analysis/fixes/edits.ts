/**
 * Building and applying text edits. Edits touch only the literal or argument
 * concerned and keep the file's quotes, indentation and line endings.
 */
import type { Edit, Finding } from '../findings.js';
import type { SourceText, Span, TaskModel } from '../model.js';

export function replace(span: Span, newText: string): Edit {
  return { span, newText };
}

export function insert(source: SourceText, offset: number, newText: string): Edit {
  return { span: { source, start: offset, end: offset }, newText };
}

export function lineEnding(text: string): string {
  const match = /\r\n|\r|\n/.exec(text);
  return match ? match[0] : '\n';
}

/** A string literal in the given quote style (`"` or `'`), escaping what must be. */
export function quoted(value: string, quote: string): string {
  const mark = quote.startsWith("'") ? "'" : '"';
  return mark + value.replace(/\\/g, '\\\\').replace(new RegExp(mark, 'g'), `\\${mark}`) + mark;
}

/**
 * Appends an element (or several, in order) to a list/tuple/set literal (or an argument list): after
 * the last element, each on its own line when the literal spans lines, keeping a trailing comma
 * where the literal has one.
 */
export function appendToLiteral(literal: Span, element: string | readonly string[]): Edit[] | undefined {
  const { source } = literal;
  const elements = typeof element === 'string' ? [element] : element;
  if (elements.length === 0) return undefined;
  const joined = elements.join(', ');
  const text = source.text.slice(literal.start, literal.end);
  const close = text.length - 1;
  if (!/[\])}]/.test(text[close] ?? '')) return undefined;
  // Comments blanked out (same length), so they are neither elements nor commas.
  const code = text.replace(/#[^\r\n]*/g, (comment) => ' '.repeat(comment.length));
  const inner = code.slice(1, close);
  const at = (offset: number) => literal.start + offset;
  if (inner.trim() === '') return [insert(source, at(1), joined)];
  let last = close - 1;
  while (last > 0 && /\s/.test(code[last]!)) last--;
  const trailingComma = code[last] === ',';
  if (trailingComma) {
    last--;
    while (last > 0 && /\s/.test(code[last]!)) last--;
  }
  const lineStart = text.lastIndexOf('\n', last) + 1;
  let lineEnd = text.indexOf('\n', last);
  if (lineEnd !== -1 && text[lineEnd - 1] === '\r') lineEnd--;
  if (lineEnd === -1 || lineEnd > close) {
    // The last element shares its line with the closing bracket.
    return trailingComma ? [insert(source, at(last + 2), ` ${joined},`)] : [insert(source, at(last + 1), `, ${joined}`)];
  }
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const newline = lineEnding(source.text);
  const newLine = `${elements.map((item) => `${newline}${indent}${item}`).join(',')}${trailingComma ? ',' : ''}`;
  if (trailingComma) return [insert(source, at(lineEnd), newLine)];
  if (lineEnd === last + 1) return [insert(source, at(lineEnd), `,${newLine}`)];
  // A comment follows the last element: the comma goes before it, the elements on the next lines.
  return [insert(source, at(last + 1), ','), insert(source, at(lineEnd), newLine)];
}

/** Adds `name=value` (or several, in order) at the end of a call's argument list. */
export function appendArgument(task: Pick<TaskModel, 'argumentsSpan'>, argument: string | readonly string[]): Edit[] | undefined {
  const list = task.argumentsSpan;
  if (!list) return undefined;
  return appendToLiteral(list, argument);
}

/** Applies non-overlapping edits to `text` (edits of other sources are ignored). */
export function applyEdits(source: SourceText, edits: readonly Edit[]): string {
  // Last edit first; of two at one offset, the later one first, so the earlier ends up in front.
  const own = edits
    .map((edit, index) => ({ edit, index }))
    .filter(({ edit }) => edit.span.source === source || edit.span.source.path === source.path)
    .sort((a, b) => b.edit.span.start - a.edit.span.start || b.edit.span.end - a.edit.span.end || b.index - a.index)
    .map(({ edit }) => edit);
  let text = source.text;
  let limit = Infinity;
  for (const edit of own) {
    if (edit.span.end > limit) continue; // overlaps one already applied: skip, the next run applies it
    text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    limit = edit.span.start;
  }
  return text;
}


/**
 * Removes one element of a list literal (or one line of a requirements file):
 * with its comma, and with its whole line when it stands alone on it.
 */
export function removeElement(element: Span): Edit {
  const { source } = element;
  const text = source.text;
  const lines = source.lines;
  const line = lines.positionAt(element.start).line;
  const lineStart = lines.lineStart(line);
  const lineEnd = lines.lineEnd(line);
  let end = element.end;
  while (end < lineEnd && /[ \t]/.test(text[end]!)) end++;
  const hasComma = text[end] === ',';
  if (hasComma) end++;
  const rest = text.slice(end, lineEnd).replace(/^[ \t]*(#.*)?$/, '');
  const alone = text.slice(lineStart, element.start).trim() === '' && rest === '';
  if (alone) {
    const nextLine = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : lineEnd;
    return { span: { source, start: lineStart, end: nextLine }, newText: '' };
  }
  if (hasComma) {
    while (end < lineEnd && /[ \t]/.test(text[end]!)) end++;
    return { span: { source, start: element.start, end }, newText: '' };
  }
  // The last element: take the comma before it instead.
  let start = element.start;
  while (start > 0 && /\s/.test(text[start - 1]!)) start--;
  if (text[start - 1] === ',') start--;
  return { span: { source, start, end: element.end }, newText: '' };
}

/** The safe fixes of all findings, without two that touch the same text. */
export function fixAllEdits(findings: readonly Finding[]): Edit[] {
  const chosen: Edit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((candidate) => candidate.safe);
    if (!fix) continue;
    const clashes = fix.edits.some((edit) => chosen.some((other) => other.span.source.path === edit.span.source.path && edit.span.start < other.span.end && other.span.start < edit.span.end));
    if (!clashes) chosen.push(...fix.edits);
  }
  return chosen;
}
