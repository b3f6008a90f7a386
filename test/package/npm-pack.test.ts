/** The CLI + server npm package: bundles, grammar, probe and docs; no sources, no tests, no dependencies. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

const server = join(import.meta.dirname, '..', '..', 'server');

it('npm pack holds what the bins need and nothing else', () => {
  const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: server, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const [report] = JSON.parse(packed.stdout) as { size: number; files: { path: string }[] }[];
  const files = report!.files.map((file) => file.path).sort();
  assert.deepEqual(files, [
    'LICENSE',
    'README.md',
    'bin/airflow-venv-lint-server.js',
    'bin/airflow-venv-lint.js',
    'dist/cli.mjs',
    'dist/grammars/queries/structure.scm',
    'dist/grammars/tree-sitter-python.wasm',
    'dist/grammars/tree-sitter.wasm',
    'dist/probe.py',
    'dist/server-main.cjs',
    'dist/server.mjs',
    'package.json',
  ]);
  assert.ok(report!.size < 2 * 1024 * 1024, `${report!.size} bytes packed`);
  const manifest = JSON.parse(readFileSync(join(server, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies?: object; engines: { node: string } };
  assert.deepEqual(Object.keys(manifest.bin).sort(), ['airflow-venv-lint', 'airflow-venv-lint-server']);
  assert.equal(manifest.dependencies, undefined, 'everything is bundled');
  assert.equal(manifest.engines.node, '>=20');
});
