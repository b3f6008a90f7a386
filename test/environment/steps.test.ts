/** The pieces of Build Task Environment without pip: the plan per Airflow release, the steps' process handling, pip's messages. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildEnvironment } from '../../server/src/environment/build.js';
import { planEnvironment, creatorArgv, type EnvironmentPlan } from '../../server/src/environment/plan.js';
import { pipFailure, parseReport, sourceBuilds, type PlannedLine } from '../../server/src/environment/pip-report.js';
import { runStep } from '../../server/src/environment/run.js';
import { lint } from '../support/lint.js';

async function taskOf(text: string) {
  const result = await lint(text, '/dags/dag.py', {});
  return result.model!.tasks[0]!;
}

const everything = (command: string) => `/usr/bin/${command}`;

describe('plan: how the target Airflow builds the venv', () => {
  const dag = `from airflow.decorators import task


@task.virtualenv(python_version="3.11", system_site_packages=False, serializer="dill", index_urls=["https://pypi.example/simple"], pip_install_options=["--prefer-binary", "--trusted-host=evil"], requirements="requirements.txt")
def load():
    import pandas
`;
  const files = { '/dags/requirements.txt': 'pandas==2.2.2\n-e ../../etc\n--extra-index-url https://elsewhere/simple\nthing @ https://example.com/thing.whl\n' };

  it('Airflow 2: sys.executable -m virtualenv (the CLI stands in), python3.11, the serializer added, only safe lines and options', async () => {
    const result = await lint(dag, '/dags/dag.py', {}, files);
    const plan = planEnvironment(result.model!.tasks[0]!, { airflowVersion: '2' }, { which: everything }) as EnvironmentPlan;
    assert.equal(plan.release, '2.11.1');
    assert.equal(plan.airflowCreator, 'sys.executable -m virtualenv');
    assert.equal(plan.creator, 'virtualenv');
    assert.equal(plan.python, 'python3.11');
    assert.deepEqual(plan.lines.map((line) => [line.text, line.entry]), [['pandas==2.2.2', 0], ['dill', undefined]]);
    assert.deepEqual(plan.indexUrls, ['https://pypi.example/simple']);
    assert.deepEqual(plan.pipOptions, ['--prefer-binary']);
    assert.ok(plan.notes.some((note) => /left out "-e \.\.\/\.\.\/etc"/.test(note)));
    assert.ok(plan.notes.some((note) => /left out "--extra-index-url/.test(note)));
    assert.ok(plan.notes.some((note) => /direct URL/.test(note)));
    assert.ok(plan.notes.some((note) => /--trusted-host=evil/.test(note)));
    assert.deepEqual(creatorArgv(plan, '/usr/bin/python3.11', '/cache/venv'), ['virtualenv', '/cache/venv', '--quiet', '--python=/usr/bin/python3.11']);
  });

  it('without virtualenv installed: python -m venv, and the report says so', async () => {
    const plan = planEnvironment(await taskOf(dag.replace('requirements="requirements.txt"', 'requirements=["pandas==2.2.2"]')), { airflowVersion: '2' }, { which: (command) => (command === 'virtualenv' ? undefined : everything(command)) }) as EnvironmentPlan;
    assert.equal(plan.creator, 'venv');
    assert.ok(plan.notes.some((note) => /virtualenv is not installed here: built with python3\.11 -m venv instead/.test(note)), plan.notes.join('\n'));
  });

  it('Airflow 3: the standard provider\'s python -m venv, or uv when it is on PATH', async () => {
    const task = await taskOf(dag.replace('requirements="requirements.txt"', 'requirements=["pandas==2.2.2"]'));
    const venv = planEnvironment(task, { airflowVersion: '3' }, { which: (command) => (command === 'uv' ? undefined : everything(command)) }) as EnvironmentPlan;
    assert.equal(venv.creator, 'venv');
    assert.ok(venv.provider);
    assert.deepEqual(creatorArgv(venv, '/usr/bin/python3.11', '/v'), ['/usr/bin/python3.11', '-m', 'venv', '/v']);
    const uv = planEnvironment(task, { airflowVersion: '3' }, { which: everything }) as EnvironmentPlan;
    assert.equal(uv.creator, 'uv');
  });

  it('refuses external-python tasks and requirements it cannot read statically', async () => {
    const external = planEnvironment(await taskOf('from airflow.decorators import task\n\n@task.external_python(python="/opt/py")\ndef f():\n    pass\n'), {}, { which: everything });
    assert.match((external as { error: string }).error, /existing interpreter/);
    const dynamic = planEnvironment(await taskOf('from airflow.decorators import task\n\n@task.virtualenv(requirements=get())\ndef f():\n    pass\n'), {}, { which: everything });
    assert.match((dynamic as { error: string }).error, /not statically known/);
  });
});

describe('steps: argv, timeout, output cap, cancellation, clean environment', () => {
  const env = { PATH: process.env.PATH };
  // A step whose child starts a grandchild that would outlive a plain kill.
  const family = ['python3', '-c', 'import subprocess, sys, time; p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]); print(p.pid, flush=True); time.sleep(60)'];

  it('a timeout kills the whole process group', async () => {
    const started = Date.now();
    const result = await runStep(family, { timeoutMs: 1500, env, cwd: '/' });
    assert.equal(result.stopped, 'timeout');
    assert.ok(Date.now() - started < 5000);
    const grandchild = Number(result.stdout.trim());
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Gone, or a zombie waiting for an init that does not reap (containers): killed either way.
    const state = existsSync(`/proc/${grandchild}/stat`) ? readFileSync(`/proc/${grandchild}/stat`, 'utf8').split(') ')[1]?.[0] : 'gone';
    assert.ok(state === 'gone' || state === 'Z', `the grandchild is still running (state ${state})`);
  });

  it('cancelling stops the step at once', async () => {
    const controller = new AbortController();
    const pending = runStep(family, { timeoutMs: 30_000, env, cwd: '/', signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const result = await pending;
    assert.equal(result.stopped, 'cancelled');
    assert.ok(result.elapsedMs < 5000);
  });

  it('output past the cap stops the step; a missing program is a value', async () => {
    const loud = await runStep(['python3', '-c', 'import sys\nwhile True: sys.stdout.write("x" * 65536)'], { timeoutMs: 10_000, env, cwd: '/', maxOutputBytes: 100_000 });
    assert.equal(loud.stopped, 'output');
    const missing = await runStep(['no-such-program-here'], { timeoutMs: 1000, env, cwd: '/' });
    assert.equal(missing.stopped, 'spawn');
  });

  it('the environment keeps PATH and HOME, turns pip\'s configuration off, and drops the rest', () => {
    const kept = buildEnvironment('/cache', true, { PATH: '/bin', HOME: '/root', PYTHONPATH: '/evil', PIP_INDEX_URL: 'http://evil/simple', PIP_FIND_LINKS: '/opt/wheels', AWS_SECRET_ACCESS_KEY: 'x', VIRTUAL_ENV: '/v' });
    assert.equal(kept.PATH, '/bin');
    assert.equal(kept.PIP_CONFIG_FILE, '/dev/null');
    assert.equal(kept.VIRTUALENV_NO_PERIODIC_UPDATE, '1', 'no background download of embedded wheels');
    for (const name of ['PYTHONPATH', 'PIP_INDEX_URL', 'PIP_FIND_LINKS', 'AWS_SECRET_ACCESS_KEY', 'VIRTUAL_ENV']) assert.equal(kept[name], undefined, name);
  });
});

describe('pip\'s words mapped to requirement lines', () => {
  const lines: PlannedLine[] = [
    { text: 'alpha==1.0', normalizedName: 'alpha', entry: 0 },
    { text: 'beta==2.0', normalizedName: 'beta', entry: 1 },
    { text: 'dill', normalizedName: 'dill', entry: undefined },
  ];

  it('a conflict names the lines by `-r file (line N)` and by name', () => {
    const output = 'ERROR: Cannot install -r /c/requirements.txt (line 1) and beta==2.0 because these package versions have conflicting dependencies.\n\nThe conflict is caused by:\n    The user requested beta==2.0\n    alpha 1.0 depends on beta==1.0\n\nTo fix this you could try to:\n';
    const [problem] = pipFailure(output, lines, 'resolve');
    assert.deepEqual(problem!.entries, [0, 1]);
    assert.match(problem!.message, /The user requested beta==2\.0; alpha 1\.0 depends on beta==1\.0/);
  });

  it('a line Airflow adds is named as such', () => {
    const [problem] = pipFailure('ERROR: Could not find a version that satisfies the requirement dill (from versions: none)\nERROR: No matching distribution found for dill\n', lines, 'resolve');
    assert.deepEqual(problem!.entries, []);
    assert.match(problem!.message, /dill is added by Airflow/);
  });

  it('the report tells wheels from sdists', () => {
    const report = JSON.stringify({ version: '1', install: [
      { download_info: { url: 'http://i/files/alpha-1.0-py3-none-any.whl' }, requested: true, metadata: { name: 'alpha', version: '1.0' } },
      { download_info: { url: 'http://i/files/beta-1.0.tar.gz' }, requested: false, metadata: { name: 'beta', version: '1.0' } },
    ] });
    const resolved = parseReport(report)!;
    assert.deepEqual(resolved.map((item) => item.fromSource), [false, true]);
    assert.deepEqual(sourceBuilds(resolved, lines).map((item) => item.entries), [[1]]);
    assert.equal(parseReport('not json'), undefined);
  });
});
