/** The .vsix builds offline and holds what the extension needs, and nothing else. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-vsix-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

it('packages dist, the grammar, README and LICENSE, and stays small', () => {
  const vsix = join(scratch, 'extension.vsix');
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const packaged = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], { cwd: root, encoding: 'utf8' });
  assert.equal(packaged.status, 0, packaged.stderr + packaged.stdout);
  // A .vsix is a zip; python3's zipfile lists it (python3 is on every machine this project supports).
  const listing = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], { encoding: 'utf8' });
  assert.equal(listing.status, 0, listing.stderr);
  const files = listing.stdout.trim().split('\n').filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length)).sort();
  for (const required of ['package.json', 'readme.md', 'LICENSE.txt', 'dist/extension.js', 'dist/server.mjs', 'dist/server-main.cjs', 'dist/grammars/tree-sitter-python.wasm', 'dist/grammars/tree-sitter.wasm', 'dist/grammars/queries/structure.scm', 'images/icon.png']) {
    assert.ok(files.includes(required), `missing ${required}: ${files.join(', ')}`);
  }
  const forbidden = files.filter((name) => /^(server|client|test|scripts|examples|node_modules|bench)\//.test(name) || name.endsWith('.ts'));
  assert.deepEqual(forbidden, []);
  assert.ok(statSync(vsix).size < 2 * 1024 * 1024, `${statSync(vsix).size} bytes`);
});
