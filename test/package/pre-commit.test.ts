/**
 * The `language: node` pre-commit hook (`airflow-venv-lint-node`, system Node), for real: Debian's
 * pre-commit installs this repository as a hook in a throw-away git repository and runs it. The
 * `language: python` hooks are in python-pre-commit.test.ts.
 * try-repo builds from the committed tree plus uncommitted changes to tracked files: a new source
 * file must be `git add`ed before this test can see it (CI always runs on a clean clone).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');

/** pre-commit on PATH, installed with apt when missing and possible; otherwise why not. */
function preCommit(): string | undefined {
  if (spawnSync('pre-commit', ['--version']).status === 0) return undefined;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).status !== 0) return 'pre-commit is not installed and apt-get cannot install it here';
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  const installed = spawnSync('apt-get', ['install', '-y', '-qq', 'pre-commit'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return installed.status === 0 ? undefined : 'apt-get could not install pre-commit';
}

const unavailable = preCommit();
if (unavailable) process.stdout.write(`# pre-commit test skipped: ${unavailable}\n`);
const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-pre-commit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

it('fails on a bad DAG with our findings, passes on a clean one', { skip: unavailable, timeout: 600_000 }, () => {
  const repository = join(scratch, 'dags');
  spawnSync('git', ['init', '-q', repository]);
  copyFileSync(join(root, 'examples', 'seed_example_2_generic_interpreter.py'), join(repository, 'bad_dag.py'));
  copyFileSync(join(root, 'examples', 'good_taskflow_airflow3.py'), join(repository, 'good_dag.py'));
  spawnSync('git', ['add', '-A'], { cwd: repository });
  const env = { ...process.env, PRE_COMMIT_HOME: join(scratch, 'cache'), GIT_CONFIG_NOSYSTEM: '1' };
  const tryRepo = (file: string) => spawnSync('pre-commit', ['try-repo', root, 'airflow-venv-lint-node', '--files', file], { cwd: repository, env, encoding: 'utf8' });
  const bad = tryRepo('bad_dag.py');
  assert.equal(bad.status, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /airflow-venv-lint\.+Failed/);
  assert.match(bad.stdout, /bad_dag\.py:8:6: VENV501 /);
  assert.match(bad.stdout, /bad_dag\.py:22:20: VENV101 /);
  const good = tryRepo('good_dag.py');
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.match(good.stdout, /airflow-venv-lint\.+Passed/);
});
