/**
 * The npm package of the CLI and server installed as the docs say, on a "fresh machine": an empty
 * npm cache, a global prefix of its own, run from outside the repository. `npm pack ./server` makes
 * the tarball; `npm install -g` installs it from the file (offline: it has no dependencies) and, by
 * name, from a local registry on 127.0.0.1 that serves that tarball as the npm registry would.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { argv, COMMANDS, root, run, TARBALL, VERSION } from '../support/packaging.js';
import { diagnosticsOverStdio } from '../support/stdioLsp.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-npm-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const project = join(scratch, 'project');
const badDag = join(project, 'dags', 'bad_dag.py');

/** npm as on a machine that has never installed anything: its own cache, prefix and (no) user configuration. */
function npmEnv(name: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_cache: join(scratch, name, 'cache'),
    npm_config_prefix: join(scratch, name, 'global'),
    npm_config_userconfig: devNull,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

before(() => {
  mkdirSync(join(project, 'dags'), { recursive: true });
  copyFileSync(join(root, 'examples', 'seed_example_2_generic_interpreter.py'), badDag);
  // `npm pack ./server` at the repository root; here from the scratch folder, so the tarball lands there.
  const [program, ...args] = argv(COMMANDS.npmPack);
  const packed = run(program!, args.map((arg) => (arg === './server' ? join(root, 'server') : arg)), { cwd: scratch, env: npmEnv('pack') });
  assert.equal(packed.status, 0, packed.output);
  assert.equal(packed.stdout.trim().split('\n').at(-1), TARBALL, packed.output);
});

async function assertInstalled(prefix: string): Promise<void> {
  const bin = join(prefix, 'bin');
  assert.deepEqual(readdirSync(join(prefix, 'lib', 'node_modules')), ['airflow-venv-lint-server']);
  assert.ok(!existsSync(join(prefix, 'lib', 'node_modules', 'airflow-venv-lint-server', 'node_modules')), 'no dependencies: everything is bundled');
  const version = run(join(bin, 'airflow-venv-lint'), ['--version'], { cwd: project });
  assert.equal(version.stdout, `${VERSION}\n`, version.output);
  const lint = run(join(bin, 'airflow-venv-lint'), ['dags/'], { cwd: project });
  assert.equal(lint.status, 1, lint.output);
  assert.match(lint.stdout, /^dags\/bad_dag\.py:22:20: VENV101 /m);
  const session = await diagnosticsOverStdio(join(bin, 'airflow-venv-lint-server'), badDag, { cwd: project });
  assert.ok(session.diagnostics.some((diagnostic) => diagnostic.code === 'VENV101'), JSON.stringify(session));
  assert.equal(session.exitCode, 0, session.stderr);
}

it('npm install -g ./<tarball> installs both commands offline, from an empty cache', { timeout: 300_000 }, async () => {
  const [program, ...args] = argv(COMMANDS.npmInstallTarball);
  const installed = run(program!, args, { cwd: scratch, env: npmEnv('from-file', { npm_config_offline: 'true' }) });
  assert.equal(installed.status, 0, installed.output);
  await assertInstalled(join(scratch, 'from-file', 'global'));
});

it('npm install -g airflow-venv-lint-server installs it by name from a registry', { timeout: 300_000 }, async () => {
  const tarball = readFileSync(join(scratch, TARBALL));
  const manifest = JSON.parse(readFileSync(join(root, 'server', 'package.json'), 'utf8')) as Record<string, unknown> & { name: string };
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (request.url === `/${manifest.name}`) {
      const dist = { tarball: `${base}/${manifest.name}/-/${TARBALL}`, shasum: createHash('sha1').update(tarball).digest('hex'), integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}` };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ name: manifest.name, 'dist-tags': { latest: VERSION }, versions: { [VERSION]: { ...manifest, _id: `${manifest.name}@${VERSION}`, dist } } }));
    } else if (request.url === `/${manifest.name}/-/${TARBALL}`) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(tarball);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const [program, ...args] = argv(COMMANDS.npmInstall);
    // Asynchronously: the registry answers from this process.
    const installed = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(program!, args, { cwd: scratch, env: npmEnv('from-registry', { npm_config_registry: registry }), timeout: 240_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
    });
    assert.equal(installed.code, 0, installed.output);
    assert.deepEqual(requests, [`/${manifest.name}`, `/${manifest.name}/-/${TARBALL}`]);
  } finally {
    server.close();
  }
  await assertInstalled(join(scratch, 'from-registry', 'global'));
});
