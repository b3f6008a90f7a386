/**
 * Fake interpreters that fork, hang, print garbage or escape sequences (reliability audit H5, H11,
 * C3, B4): the whole process group dies with the probe, answers are shape-checked and printable,
 * and a DAG naming one interpreter many ways starts it once, a few probes at a time. Each test
 * failed before its fix; each is bounded in time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InterpreterRegistry } from '../../server/src/interpreter/registry.js';
import { probeInterpreter } from '../../server/src/interpreter/probe.js';

const CLI = join(import.meta.dirname, '..', '..', 'server', 'bin', 'airflow-venv-lint.js');
const scratch = mkdtempSync(join(tmpdir(), 'hostile-probes-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

function fake(body: string): string {
  const path = join(scratch, `python${counter++}`);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Running (a killed process may stay a zombie until this machine's init reaps it: that is dead). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function eventuallyDead(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

const ANSWER = '{"probe": 1, "version": "3.11.9", "implementation": "CPython", "executable": "/x/python", "distributions": []}';

describe('processes the probe starts', () => {
  it('a hanging interpreter: stopped at the timeout with its sleeping child', { timeout: 15_000 }, async () => {
    const pidFile = join(scratch, 'hang.pid');
    const path = fake(`sleep 300 &\necho $! > '${pidFile}'\nwait`);
    const started = Date.now();
    const result = await probeInterpreter(path, { timeoutMs: 1000 });
    assert.ok(Date.now() - started < 3000);
    assert.equal(result.ok ? 'ok' : result.failure, 'timeout');
    assert.ok(await eventuallyDead(Number(readFileSync(pidFile, 'utf8'))), 'the sleep survived');
  });

  it('the CLI returns at the timeout (it waited for the grandchild holding its pipes)', { timeout: 20_000 }, () => {
    const path = fake('sleep 300');
    const run = spawnSync(process.execPath, [CLI, 'verify-interpreter', '--timeout', '1', path], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(run.signal, null, 'the CLI did not return');
    assert.match(run.stdout + run.stderr, /did not answer within 1 s/);
  });

  it('an interpreter that forks and exits: answered at once, not a false timeout; the child is killed', { timeout: 15_000 }, async () => {
    const pidFile = join(scratch, 'fork.pid');
    const path = fake(`(sleep 25) &\necho $! > '${pidFile}'\necho '${ANSWER}'\nexit 0`);
    const started = Date.now();
    const result = await probeInterpreter(path, { timeoutMs: 5000 });
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(await eventuallyDead(Number(readFileSync(pidFile, 'utf8'))), 'the forked child survived');
  });

  it('a child with its stdio closed is killed too', { timeout: 15_000 }, async () => {
    const pidFile = join(scratch, 'quiet.pid');
    const path = fake(`sleep 25 </dev/null >/dev/null 2>&1 &\necho $! > '${pidFile}'\necho '${ANSWER}'`);
    await probeInterpreter(path, { timeoutMs: 5000 });
    assert.ok(await eventuallyDead(Number(readFileSync(pidFile, 'utf8'))), 'the child survived the CLI');
  });
});

describe('answers', () => {
  it('null, numbers and objects where strings belong are dropped, not thrown (the CLI died with a TypeError)', { timeout: 15_000 }, async () => {
    const path = fake(`echo '{"probe": 1, "version": {"x": 1}, "executable": 5, "distributions": [null, 5, "x", {"name": 1}, {"name": "ok", "version": "1.0"}], "stdlib": [null]}'`);
    const result = await probeInterpreter(path, { timeoutMs: 5000 });
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(result.ok);
    assert.deepEqual(result.info.distributions, [{ name: 'ok', version: '1.0', modules: [] }]);
    assert.equal(result.info.version, '');
    const run = spawnSync(process.execPath, [CLI, 'verify-interpreter', fake(`echo '{"probe": 1, "distributions": [null]}'`)], { encoding: 'utf8', timeout: 10_000 });
    assert.doesNotMatch(run.stderr, /TypeError/);
  });

  it('escape sequences in what an interpreter prints reach the terminal escaped', { timeout: 15_000 }, () => {
    const path = fake(`printf '{"probe": 1, "version": "3.11\\\\u001b[2J", "implementation": "\\\\u001b]0;owned\\\\u0007CPython", "executable": "/x", "distributions": []}\\n'`);
    const run = spawnSync(process.execPath, [CLI, 'verify-interpreter', path], { encoding: 'utf8', timeout: 10_000 });
    assert.doesNotMatch(run.stdout + run.stderr, /[\u001b\u0007]/);
    assert.match(run.stdout, /\\u001b\]0;owned/);
    const failing = fake(`printf '\\033[2Jboom\\n' >&2\nexit 3`);
    const failed = spawnSync(process.execPath, [CLI, 'verify-interpreter', failing], { encoding: 'utf8', timeout: 10_000 });
    assert.doesNotMatch(failed.stdout + failed.stderr, /\u001b/);
  });
});

describe('many interpreters', () => {
  it('one interpreter named 60 ways is started once', { timeout: 30_000 }, async () => {
    const starts = join(scratch, 'starts');
    writeFileSync(starts, '');
    const path = fake(`echo x >> '${starts}'\necho '${ANSWER}'`);
    const spellings = Array.from({ length: 60 }, (_, index) => `${scratch}/${'./'.repeat(index)}${path.slice(scratch.length + 1)}`);
    const results = await new InterpreterRegistry({ timeoutMs: 10_000 }).verify(spellings);
    assert.equal(results.filter((result) => result.ok).length, 60);
    assert.equal(readFileSync(starts, 'utf8').split('\n').filter(Boolean).length, 1);
  });

  it('different interpreters run a few at a time, each timed from its own start', { timeout: 30_000 }, async () => {
    const log = join(scratch, 'concurrency');
    writeFileSync(log, '');
    const paths = Array.from({ length: 12 }, () => fake(`echo start >> '${log}'\nsleep 0.3\necho end >> '${log}'\necho '${ANSWER}'`));
    // Each takes 0.3 s; with a timeout of 1 s, 12 of them queued behind each other all pass.
    const results = await new InterpreterRegistry({ timeoutMs: 1000 }).verify(paths);
    assert.deepEqual(results.map((result) => result.ok), paths.map(() => true));
    let running = 0;
    let most = 0;
    for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
      running += line === 'start' ? 1 : -1;
      most = Math.max(most, running);
    }
    assert.ok(most <= 4, `${most} probes ran at once`);
  });
});
