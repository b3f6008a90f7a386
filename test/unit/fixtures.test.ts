/**
 * Fixtures, checked both ways: every expected finding is reported, and nothing else is.
 *
 * - `test/fixtures/VENVxxx/`: only that rule runs. A `fires_*` fixture must expect at least one
 *   finding of it, a `silent_*` one none at all. A fixture is a `.py` file, or a folder of them
 *   (a DAG folder: the rules over every task of the folder run too, VENV211/VENV212); VENV001's
 *   are `pyproject.toml`-style `.toml` files. `test/fixtures/dags/*.py`: every rule runs.
 * - Expectations sit in the files (`# expect:`, caret lines with an optional message; see
 *   test/support/expectations.ts); requirements files read by a fixture carry their own.
 * - `# fixture-config: {...}` (JSON, a LintConfig) sets the configuration (a `constraintsFile` is
 *   relative to the fixture's folder); `# fixture-facts: {...}` hands in what a verify run or an
 *   online check would have learnt: `{"interpreters": {"<command>": ProbeResult}, "index":
 *   {"<name>": {"index": URL, "releases": {"<version>": [IndexFile]}}}}`.
 * - Every firing fixture of a rule has a snapshot of its findings' messages and fixes as diffs,
 *   `test/snapshots/VENVxxx/<fixture>.snap` (ruff's way: read them in review). `UPDATE_SNAPSHOTS=1
 *   npm test` rewrites them.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/analysis/index.js';
import { expectationsOf, type Expectation } from '../support/expectations.js';
import { findingsOf, fixturesIn, nameOf, root, snapshotOf, snapshots, type Fixture } from '../support/fixtures.js';

const directories = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && (entry.name === 'dags' || /^VENV\d+$/.test(entry.name)))
  .map((entry) => entry.name)
  .sort();

for (const directory of directories) {
  describe(`fixtures/${directory}`, () => {
    for (const fixture of fixturesIn(directory)) {
      it(fixture.name, async () => {
        const { findings, texts, internalErrors } = await findingsOf(fixture);
        assert.deepEqual(internalErrors, []);
        const expected: Expectation[] = [...texts].flatMap(([path, text]) => expectationsOf(nameOf(path), text));
        const keys = expected.map((expectation) => expectation.key);
        const actual: string[] = [];
        const messages = new Map<string, string[]>();
        for (const finding of findings) {
          const source = finding.span.source;
          const range = source.lines.range(finding.span.start, finding.span.end);
          const name = nameOf(source.path ?? fixture.path);
          const keyed = [`${name}:${range.start.line + 1}:${finding.code}`];
          if (range.start.line === range.end.line) keyed.push(`${name}:${range.start.line + 1}:${range.start.character}-${range.end.character}:${finding.code}`);
          actual.push(...keyed);
          for (const key of keyed) messages.set(key, [...(messages.get(key) ?? []), finding.message]);
        }
        // Exact-range entries are only compared where the fixture pins a range.
        const pinned = new Set(keys.filter((key) => /:\d+-\d+:/.test(key)).map((key) => key.replace(/:\d+-\d+:/, ':')));
        const comparable = actual.filter((key) => !/:\d+-\d+:/.test(key) || pinned.has(key.replace(/:\d+-\d+:/, ':')));
        const missing = keys.filter((key) => !comparable.includes(key));
        const unexpected = comparable.filter((key) => !keys.includes(key));
        const listing = findings.map((finding) => `  ${finding.code} ${finding.message}`).join('\n');
        assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] }, `${fixture.name}: findings differ\n${listing}`);
        for (const expectation of expected) {
          if (expectation.message === undefined) continue;
          const said = messages.get(expectation.key) ?? [];
          assert.ok(said.some((message) => message.startsWith(expectation.message!)), `${expectation.key}: no message starts with ${JSON.stringify(expectation.message)}; said: ${JSON.stringify(said)}`);
        }
        const base = fixture.name.split('/')[1]!;
        if (fixture.code && base.startsWith('fires_')) {
          assert.ok(keys.some((key) => key.endsWith(`:${fixture.code}`)), `${fixture.name} is named fires_ but expects no ${fixture.code}`);
          checkSnapshot(fixture, findings);
        }
        if (fixture.code && base.startsWith('silent_')) assert.deepEqual(keys, [], `${fixture.name} is named silent_ but expects findings`);
      });
    }
  });
}

function checkSnapshot(fixture: Fixture, findings: Finding[]): void {
  const path = join(snapshots, `${fixture.name}.snap`);
  const actual = snapshotOf(fixture, findings);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `no snapshot for ${fixture.name}: run UPDATE_SNAPSHOTS=1 npm test and review test/snapshots/`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${fixture.name}: the snapshot differs (UPDATE_SNAPSHOTS=1 npm test rewrites it; review the diff)`);
}
