/**
 * The server's entry (server/src/lsp/launch.ts) runs the bundled server with a V8 code cache in the
 * user's cache folder: made a few seconds after a start without one, used by the next start, refused
 * (and made again) when it is not for this code, never read from a folder others can write.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { LspClient } from '../support/lspClient.js';

const text = 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="/usr/bin/python")\n';
const cacheHome = mkdtempSync(join(tmpdir(), 'code-cache-'));
const folder = join(cacheHome, 'airflow-venv-lint', 'code-cache');

/** Starts the server with `cacheHome` as XDG_CACHE_HOME, opens a DAG, waits `liveMs`; what the entry reported, and the DAG's codes. */
async function start(liveMs: number, mode = 'report'): Promise<{ reports: string[]; codes: string[] }> {
  const client = new LspClient(undefined, [], { ...process.env, XDG_CACHE_HOME: cacheHome, AIRFLOW_VENV_LINT_CODE_CACHE: mode });
  try {
    await client.initialize();
    const codes = (await client.open('file:///dags/cached.py', text)).map((item) => String(item.code));
    await sleep(liveMs);
    return { reports: client.logs.join('\n').split('\n').filter((line) => line.startsWith('code cache: ')).map((line) => line.slice('code cache: '.length)), codes };
  } finally {
    await client.shutdown();
  }
}

const cacheFiles = () => readdirSync(folder).filter((name) => name.endsWith('.bin'));

describe('the server\'s code cache', () => {
  after(() => rmSync(cacheHome, { recursive: true, force: true }));

  it('is made after a start without one, used by the next, and refused then made again when it is not for this code', async () => {
    assert.deepEqual(await start(3_800), { reports: ['none', 'written'], codes: ['VENV101'] });
    assert.equal(cacheFiles().length, 1);
    assert.deepEqual(await start(0), { reports: ['accepted'], codes: ['VENV101'] });
    writeFileSync(join(folder, cacheFiles()[0]!), Buffer.alloc(4096, 7));
    assert.deepEqual(await start(3_800), { reports: ['rejected', 'written'], codes: ['VENV101'] });
    assert.deepEqual(await start(0), { reports: ['accepted'], codes: ['VENV101'] });
    // Only the current cache is kept: one left by an earlier bundle of this installation is removed.
    const earlier = cacheFiles()[0]!.replace(/-\d+-\d+-/, '-1-1-');
    writeFileSync(join(folder, earlier), 'old');
    writeFileSync(join(folder, cacheFiles().find((name) => name !== earlier)!), 'not a cache');
    await start(3_800);
    assert.deepEqual(cacheFiles().length, 1);
  });

  it('is not used from a folder others can write, nor when turned off', async () => {
    assert.deepEqual((await start(0, 'off')).codes, ['VENV101']);
    // A cache file others can write is not read, and is replaced by one of this user's.
    assert.deepEqual((await start(0)).reports, ['accepted']);
    chmodSync(join(folder, cacheFiles()[0]!), 0o666);
    assert.deepEqual(await start(3_800), { reports: ['none', 'written'], codes: ['VENV101'] });
    assert.equal(statSync(join(folder, cacheFiles()[0]!)).mode & 0o777, 0o644);
    assert.deepEqual((await start(0)).reports, ['accepted']);
    chmodSync(folder, 0o777);
    try {
      const { reports, codes } = await start(0);
      assert.match(reports.join(), /^not used: .*can be written by others$/);
      assert.deepEqual(codes, ['VENV101']);
    } finally {
      chmodSync(folder, 0o700);
    }
  });
});
