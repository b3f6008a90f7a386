/** Verify Interpreter with real interpreters: the machine's python3, a fresh venv, and broken ones. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InterpreterRegistry } from '../../server/src/interpreter/registry.js';
import { interpreterTargets } from '../../server/src/interpreter/targets.js';
import { probeInterpreter } from '../../server/src/interpreter/probe.js';
import { lintText } from '../../server/src/analysis/index.js';
import { brief, getGrammar, lint } from '../support/lint.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-verify-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const python3 = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const python3Version = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
const venv = join(scratch, 'venv');

function script(name: string, body: string, mode = 0o755): string {
  const path = join(scratch, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

before(() => {
  // A real venv, made offline (no pip download).
  execFileSync('python3', ['-m', 'venv', '--without-pip', venv]);
});

describe('probe', () => {
  it('the machine\'s python3: version, implementation, distributions with their modules', async () => {
    const result = await probeInterpreter(python3);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.info.version, python3Version);
    assert.equal(result.info.implementation, 'cpython');
    assert.equal(result.info.venv, true);
    assert.ok(result.info.stdlib.includes('json'));
    const pip = result.info.distributions.find((item) => item.name === 'pip');
    assert.ok(pip && pip.modules.includes('pip'), 'pip with its top-level module');
  });

  it('a venv made with python3 -m venv knows it is one and has nothing installed', async () => {
    const result = await probeInterpreter(join(venv, 'bin', 'python'));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.info.inVirtualenv, true);
    assert.deepEqual(result.info.distributions, []);
  });

  it('a bare name is looked up on PATH', async () => {
    const result = await probeInterpreter('python', { searchPath: join(venv, 'bin') });
    assert.ok(result.ok);
    assert.equal(result.path, join(venv, 'bin', 'python'));
  });

  const failures: [string, () => string, string, RegExp][] = [
    ['a path that does not exist', () => join(scratch, 'nope', 'python3'), 'missing', /does not exist/],
    ['a name not on PATH', () => 'python9.99', 'missing', /not on PATH/],
    ['a file that is not executable', () => script('not-executable', 'exit 0', 0o644), 'not-executable', /not executable/],
    ['a program that prints garbage', () => script('garbage', 'echo "hello, world"'), 'garbage', /did not answer like a Python interpreter/],
    ['a program that crashes', () => script('crash', 'echo "Fatal Python error: init_fs_encoding" >&2; exit 3'), 'failed', /exit code 3\): Fatal Python error: init_fs_encoding$/],
    ['Python 2', () => script('python2', 'echo \'{"probe": 1, "python2": true, "version": "2.7.18"}\''), 'python2', /^Python 2\.7\.18 cannot run the task/],
  ];
  for (const [what, make, failure, message] of failures) {
    it(what, async () => {
      const result = await probeInterpreter(make());
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.failure === failure, JSON.stringify(result));
      assert.match(!result.ok ? result.message : '', message);
    });
  }

  it('a program that hangs is killed at the timeout', async () => {
    const marker = join(scratch, 'hang.pid');
    const hang = script('hang', `echo $$ > ${marker}; exec sleep 30`);
    const started = Date.now();
    const result = await probeInterpreter(hang, { timeoutMs: 400 });
    assert.ok(!result.ok && result.failure === 'timeout', JSON.stringify(result));
    assert.ok(Date.now() - started < 5000);
    const pid = Number(execFileSync('cat', [marker], { encoding: 'utf8' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(spawnSync('kill', ['-0', String(pid)]).status, 1, 'the hung process is gone');
  });
});

describe('verify findings', () => {
  const dag = (venvPython: string) => [
    'from airflow.operators.python import ExternalPythonOperator, PythonVirtualenvOperator',
    'def run():',
    '    import json',
    '    import yaml',
    '    return json, yaml',
    `ExternalPythonOperator(task_id="a", python="${venvPython}", python_callable=run)`,
    'ExternalPythonOperator(task_id="b", python="/nowhere/bin/python3", python_callable=run)',
    'PythonVirtualenvOperator(task_id="c", python_version="3.9", python_callable=run, requirements=["PyYAML==6.0.1"], system_site_packages=False)',
    '',
  ].join('\n');

  it('are silent until the interpreters are probed', async () => {
    const result = await lint(dag(join(venv, 'bin', 'python')), '/dags/dag.py', { select: ['VENV107', 'VENV108', 'VENV305'] });
    assert.deepEqual(result.findings, []);
  });

  it('VENV305 for a module the venv lacks, VENV107 for a missing interpreter, VENV108 for the venv creator', async () => {
    // python3.9 on this machine's PATH is, here, the venv's Python (another version).
    const bin = mkdtempSync(join(scratch, 'bin-'));
    symlinkSync(join(venv, 'bin', 'python'), join(bin, 'python3.9'));
    const text = dag(join(venv, 'bin', 'python'));
    const registry = new InterpreterRegistry({ searchPath: bin });
    const first = await lint(text, '/dags/dag.py');
    assert.deepEqual(interpreterTargets(first.model).map((target) => target.command), [join(venv, 'bin', 'python'), '/nowhere/bin/python3', 'python3.9']);
    await registry.verify(interpreterTargets(first.model).map((target) => target.command));
    const verified = lintText(await getGrammar(), text, '/dags/dag.py', { config: { select: ['VENV107', 'VENV108', 'VENV305'] }, interpreters: registry.lookup });
    verified.tree?.delete();
    const messages = verified.findings.map((finding) => `${finding.code} ${finding.message}`);
    assert.deepEqual(brief(verified), ['VENV305@3:11-3:15', 'VENV107@6:43-6:65', 'VENV108@7:53-7:58']);
    assert.match(messages[0]!, /"yaml" is not installed in .*venv\/bin\/python/);
    assert.match(messages[1]!, /does not exist/);
    assert.match(messages[2]!, new RegExp(`"python3\\.9" on this machine is Python ${python3Version.replace(/\./g, '\\.')}, not 3\\.9`));
  });
});
