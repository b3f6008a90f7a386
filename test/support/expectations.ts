/**
 * Inline expectations in fixture files, as the squiggle looks:
 *
 * - `# expect: VENV301` (or several, comma-separated) on a line: a finding of that code starts on it.
 * - A caret line under it, `#     ^^^^^ VENV301`, pins the exact range: the carets stand under the
 *   flagged characters (UTF-16 columns). It may carry the start of the message after a colon,
 *   `#     ^^^^^ VENV301: "yaml" is imported`, which the finding's message must start with.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

export interface Expectation {
  /** `name:line:CODE` (1-based line), or `name:line:start-end:CODE` for a caret range. */
  key: string;
  /** The start of the message, when a caret line gives it. */
  message?: string;
}

const EXPECT = /#\s*expect:\s*([A-Z0-9, ]+)/;
const CARET = /^(\s*#)(\s*)(\^+)\s+([A-Z]+[0-9]+)(?::\s*(.*?))?\s*$/;

/** The expectations of one file; `name` is how findings in it are named (a path relative to the fixture root). */
export function expectationsOf(name: string, text: string): Expectation[] {
  const expectations: Expectation[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((line, index) => {
    const expect = EXPECT.exec(line);
    if (expect) for (const code of expect[1]!.split(',').map((item) => item.trim()).filter(Boolean)) expectations.push({ key: `${name}:${index + 1}:${code}` });
    const caret = CARET.exec(line);
    if (caret && index > 0) {
      let target = index - 1;
      while (target > 0 && /^\s*#\s*\^+/.test(lines[target]!)) target--;
      const start = caret[1]!.length + caret[2]!.length;
      const message = caret[5] ? { message: caret[5] } : {};
      expectations.push({ key: `${name}:${target + 1}:${start}-${start + caret[3]!.length}:${caret[4]}`, ...message }, { key: `${name}:${target + 1}:${caret[4]}` });
    }
  });
  return expectations;
}

/** `relative/path:line:CODE` for every `# expect:` in the files, sorted (a folder's fixtures, without ranges). */
export function expectedCodes(folder: string, paths: readonly string[]): string[] {
  return paths
    .flatMap((path) => expectationsOf(relative(folder, path), readFileSync(path, 'utf8')))
    .map((expectation) => expectation.key)
    .filter((key) => !/:\d+-\d+:/.test(key))
    .sort();
}
