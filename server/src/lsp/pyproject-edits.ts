/**
 * "Ignore VENVxxx in pyproject.toml" and "Add "x" to first-party": one string appended to a list of
 * `[tool.airflow-venv-lint]` in the pyproject.toml that configures the file (or the nearest one),
 * the table added when missing. Only the plain forms are edited: a table written as an inline table
 * or dotted keys (`tool.airflow-venv-lint.ignore = ...`) gets no action rather than a guess.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TextEdit } from 'vscode-languageserver';
import { LineIndex } from '../analysis/index.js';
import { readUtf8 } from '../host/guarded-file.js';

const HEADER = /^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*(?:"airflow-venv-lint"|airflow-venv-lint)[ \t]*\][ \t]*(?:#.*)?$/m;

/** The pyproject.toml to edit: the one the configuration came from, else the nearest above the file. */
export function pyprojectFor(configured: string | undefined, filePath: string): string | undefined {
  if (configured) return configured;
  for (let directory = dirname(resolve(filePath)); ; directory = dirname(directory)) {
    if (existsSync(join(directory, 'pyproject.toml'))) return join(directory, 'pyproject.toml');
    if (dirname(directory) === directory) return undefined;
  }
}

/** The end of a TOML array starting at `open` (its `[`): the offset of its `]`, skipping strings and comments. */
function arrayEnd(text: string, open: number): number | undefined {
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    const char = text[at]!;
    if (char === '#') {
      while (at < text.length && text[at] !== '\n') at++;
    } else if (char === '"' || char === "'") {
      const triple = text.startsWith(char.repeat(3), at);
      const close = triple ? char.repeat(3) : char;
      at += close.length;
      while (at < text.length && !text.startsWith(close, at)) at += char === '"' && text[at] === '\\' ? 2 : 1;
      at += close.length - 1;
    } else if (char === '[') depth++;
    else if (char === ']' && --depth === 0) return at;
  }
  return undefined;
}

/**
 * The edit that adds `value` to the list `key` of `[tool.airflow-venv-lint]` in `text`; `present` when
 * it is there already; undefined when the table is not written in a form this edits safely.
 */
export function addToList(text: string, key: string, value: string): { edit: TextEdit } | 'present' | undefined {
  const lines = new LineIndex(text);
  const at = (offset: number) => lines.positionAt(offset);
  const newline = /\r\n|\n/.exec(text)?.[0] ?? '\n';
  const element = JSON.stringify(value);
  const header = HEADER.exec(text);
  if (!header) {
    if (/^[ \t]*\[[ \t]*tool[ \t]*\][^\n]*\n(?:(?!^[ \t]*\[)[^\n]*\n)*?[ \t]*"?airflow-venv-lint"?[ \t]*[.=]/m.test(text) || /^[ \t]*tool[ \t]*\.[ \t]*"?airflow-venv-lint/m.test(text)) return undefined;
    const end = at(text.length);
    const before = text.length === 0 || text.endsWith('\n') ? (text.length === 0 ? '' : newline) : `${newline}${newline}`;
    return { edit: { range: { start: end, end }, newText: `${before}[tool.airflow-venv-lint]${newline}${key} = [${element}]${newline}` } };
  }
  const bodyStart = header.index + header[0].length;
  const next = /^[ \t]*\[/m.exec(text.slice(bodyStart + 1));
  const bodyEnd = next ? bodyStart + 1 + next.index : text.length;
  const body = text.slice(bodyStart, bodyEnd);
  const escaped = key.replace(/[-.]/g, '\\$&');
  const assignment = new RegExp(`^[ \\t]*(?:"${escaped}"|${escaped})[ \\t]*=[ \\t]*`, 'm').exec(body);
  if (!assignment) {
    const position = at(bodyStart);
    return { edit: { range: { start: position, end: position }, newText: `${newline}${key} = [${element}]` } };
  }
  const open = bodyStart + assignment.index + assignment[0].length;
  if (text[open] !== '[') return undefined;
  const close = arrayEnd(text, open);
  if (close === undefined) return undefined;
  const inner = text.slice(open + 1, close);
  const values = [...inner.replace(/#[^\n]*/g, '').matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map((match) => match[1] ?? match[2]);
  if (values.includes(value)) return 'present';
  const code = inner.replace(/#[^\n]*/g, '').trimEnd();
  const insertAt = open + 1 + code.length;
  const newText = code.trim() === '' ? element : code.endsWith(',') ? ` ${element}` : `, ${element}`;
  const position = at(code.trim() === '' ? open + 1 : insertAt);
  return { edit: { range: { start: position, end: position }, newText } };
}

/** Reads the pyproject.toml and builds the edit; undefined when it cannot be read or edited. */
export function pyprojectEdit(path: string, key: string, value: string): { edit: TextEdit } | 'present' | undefined {
  const read = existsSync(path) ? readUtf8(path) : { text: '' };
  return 'text' in read ? addToList(read.text, key, value) : undefined;
}
