/**
 * The test contract, enforced: every rule has a fixture folder with at least one fixture that
 * fires and one that stays silent (test/unit/fixtures.test.ts checks that each does), and every
 * firing fixture's snapshot exists; no fixture folder or snapshot is left without its rule.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../server/src/analysis/index.js';
import { fixturesIn, root, snapshots } from '../support/fixtures.js';

test('every rule has fixtures that fire and fixtures that stay silent', () => {
  const gaps: string[] = [];
  for (const rule of RULES) {
    const fixtures = existsSync(join(root, rule.code)) ? fixturesIn(rule.code) : [];
    const base = (name: string) => name.split('/')[1]!;
    if (!fixtures.some((fixture) => base(fixture.name).startsWith('fires_'))) gaps.push(`${rule.code} (${rule.name}) has no fires_ fixture`);
    if (!fixtures.some((fixture) => base(fixture.name).startsWith('silent_'))) gaps.push(`${rule.code} (${rule.name}) has no silent_ fixture`);
    const strays = fixtures.filter((fixture) => !/^(fires|silent)_/.test(base(fixture.name)));
    for (const stray of strays) gaps.push(`${stray.name} is neither fires_ nor silent_`);
  }
  assert.deepEqual(gaps, []);
});

test('every fixture folder and snapshot belongs to a rule', () => {
  const codes = new Set(RULES.map((rule) => rule.code));
  const folders = readdirSync(root).filter((name) => /^VENV\d+$/.test(name));
  assert.deepEqual(folders.filter((name) => !codes.has(name)), []);
  const snapshotFolders = existsSync(snapshots) ? readdirSync(snapshots) : [];
  assert.deepEqual(snapshotFolders.filter((name) => !codes.has(name)), []);
  const orphans = snapshotFolders.flatMap((code) =>
    readdirSync(join(snapshots, code))
      .map((file) => file.replace(/\.snap$/, ''))
      .filter((fixture) => !existsSync(join(root, code, fixture)))
      .map((fixture) => `${code}/${fixture}.snap`),
  );
  assert.deepEqual(orphans, []);
});
