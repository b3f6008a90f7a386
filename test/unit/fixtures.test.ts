/**
 * Inline-expectation fixtures, checked both ways: every expected finding is
 * reported, and nothing else is.
 *
 * - `test/fixtures/VENVxxx/*.py`: only that rule runs. `test/fixtures/dags/*.py`: every rule.
 * - `# expect: VENV301` (or several, comma-separated) on a line: a finding of that code starts on it.
 * - A caret line under it, `#     ^^^^^ VENV301`, pins the exact range: the carets stand under
 *   the flagged characters (UTF-16 columns), so the test reads like the squiggle.
 * - Requirements files read by a fixture carry `# expect:` comments on their own lines.
 * - `# fixture-config: {...}` (JSON, a LintConfig) anywhere in the file sets the configuration
 *   (a `constraintsFile` is relative to the fixture's folder).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { LintConfig } from '../../server/src/analysis/index.js';
import { lint } from '../support/lint.js';

const root = join(import.meta.dirname, '..', 'fixtures');

function expectationsOf(path: string, text: string): string[] {
  const expectations: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  const name = relative(root, path);
  lines.forEach((line, index) => {
    const expect = /#\s*expect:\s*([A-Z0-9, ]+)/.exec(line);
    if (expect) for (const code of expect[1]!.split(',').map((item) => item.trim()).filter(Boolean)) expectations.push(`${name}:${index + 1}:${code}`);
    const caret = /^(\s*#)(\s*)(\^+)\s+([A-Z]+[0-9]+)\s*$/.exec(line);
    if (caret && index > 0) {
      let target = index - 1;
      while (target > 0 && /^\s*#\s*\^+/.test(lines[target]!)) target--;
      const start = caret[1]!.length + caret[2]!.length;
      expectations.push(`${name}:${target + 1}:${start}-${start + caret[3]!.length}:${caret[4]}`, `${name}:${target + 1}:${caret[4]}`);
    }
  });
  return expectations;
}

function configOf(text: string, directory: string): LintConfig {
  const match = /#\s*fixture-config:\s*(\{.*\})\s*$/m.exec(text);
  const config: LintConfig = match ? (JSON.parse(match[1]!) as LintConfig) : {};
  if (config.constraintsFile) config.constraintsFile = join(root, directory, config.constraintsFile);
  if (/^VENV\d+$/.test(directory)) config.select = [directory];
  return config;
}

const directories = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

for (const directory of directories) {
  const files = readdirSync(join(root, directory)).filter((file) => file.endsWith('.py')).sort();
  describe(`fixtures/${directory}`, () => {
    for (const file of files) {
      it(file, async () => {
        const path = join(root, directory, file);
        const text = readFileSync(path, 'utf8');
        const result = await lint(text, path, configOf(text, directory));
        assert.deepEqual(result.internalErrors, []);
        const expected: string[] = expectationsOf(path, text);
        const actual: string[] = [];
        const readFiles = new Map<string, string>();
        for (const task of result.model?.tasks ?? []) {
          const source = task.requirements?.file?.source;
          if (source?.path) readFiles.set(source.path, source.text);
        }
        for (const finding of result.findings) {
          const source = finding.span.source;
          const name = relative(root, source.path ?? path);
          const range = source.lines.range(finding.span.start, finding.span.end);
          actual.push(`${name}:${range.start.line + 1}:${finding.code}`);
          if (range.start.line === range.end.line) actual.push(`${name}:${range.start.line + 1}:${range.start.character}-${range.end.character}:${finding.code}`);
        }
        for (const [other, otherText] of readFiles) expected.push(...expectationsOf(other, otherText));
        // Exact-range entries are only compared where the fixture pins a range.
        const pinned = new Set(expected.filter((key) => /:\d+-\d+:/.test(key)).map((key) => key.replace(/:\d+-\d+:/, ':')));
        const comparable = actual.filter((key) => !/:\d+-\d+:/.test(key) || pinned.has(key.replace(/:\d+-\d+:/, ':')));
        const missing = expected.filter((key) => !comparable.includes(key));
        const unexpected = comparable.filter((key) => !expected.includes(key));
        assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] }, `${basename(file)}: findings differ\n${result.findings.map((f) => `  ${f.code} ${f.message}`).join('\n')}`);
      });
    }
  });
}
