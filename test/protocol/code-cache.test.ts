/**
 * The server's entry (server/src/lsp/launch.ts) runs the bundled server with a V8 code cache in the
 * user's cache folder: made a few seconds after a start without one, used by the next start, refused
 * (and made again) when it is not for this code, never read from a folder or file others can write.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { LspClient, SERVER_BIN } from '../support/lspClient.js';

const root = join(import.meta.dirname, '..', '..');
const text = 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="/usr/bin/python")\n';
const scratch = mkdtempSync(join(tmpdir(), 'code-cache-'));
const cacheHome = join(scratch, 'cache');
const folder = join(cacheHome, 'airflow-venv-lint', 'code-cache');

/**
 * Starts the server (`bin`) with `home` as XDG_CACHE_HOME and opens a DAG; with `untilWritten`, waits
 * (at most 15 s) until it says it wrote the cache. What the entry reported, and the DAG's codes.
 */
async function start(options: { untilWritten?: boolean; mode?: string; home?: string; bin?: string } = {}): Promise<{ reports: string[]; codes: string[] }> {
  const client = new LspClient(options.bin ?? SERVER_BIN, [], { ...process.env, XDG_CACHE_HOME: options.home ?? cacheHome, AIRFLOW_VENV_LINT_CODE_CACHE: options.mode ?? 'report' });
  try {
    await client.initialize();
    const codes = (await client.open('file:///dags/cached.py', text)).map((item) => String(item.code));
    for (let waited = 0; options.untilWritten && !/code cache: (written|not written)/.test(client.stderr) && waited < 15_000; waited += 100) await sleep(100);
    return { reports: [...client.stderr.matchAll(/^code cache: (.*)$/gm)].map((match) => match[1]!), codes };
  } finally {
    await client.shutdown();
  }
}

const cacheFiles = () => readdirSync(folder).filter((name) => name.endsWith('.bin'));

describe('the server\'s code cache', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('is made after a start without one, used by the next, and refused then made again when it is not for this code', async () => {
    assert.deepEqual(await start({ untilWritten: true }), { reports: ['none', 'written'], codes: ['VENV101'] });
    assert.equal(cacheFiles().length, 1);
    assert.deepEqual(await start(), { reports: ['accepted'], codes: ['VENV101'] });
    writeFileSync(join(folder, cacheFiles()[0]!), Buffer.alloc(4096, 7));
    assert.deepEqual(await start({ untilWritten: true }), { reports: ['rejected', 'written'], codes: ['VENV101'] });
    assert.deepEqual(await start(), { reports: ['accepted'], codes: ['VENV101'] });
    // This installation's cache of an earlier bundle is removed when a new one is written; another
    // installation's is kept while it is used, removed once unused for 30 days.
    const mine = cacheFiles()[0]!;
    const earlier = mine.replace(/^(server-[0-9a-f]+)-[0-9a-f]+-/, '$1-0000-');
    const otherUsed = 'server-000000000000-0000-x.bin';
    const otherUnused = 'server-111111111111-0000-x.bin';
    for (const name of [earlier, otherUsed, otherUnused]) writeFileSync(join(folder, name), 'old');
    const longAgo = new Date(Date.now() - 40 * 24 * 60 * 60 * 1000);
    utimesSync(join(folder, otherUnused), longAgo, longAgo);
    writeFileSync(join(folder, mine), 'not a cache');
    await start({ untilWritten: true });
    assert.deepEqual(cacheFiles().sort(), [mine, otherUsed].sort());
  });

  it('is named by the bundle\'s content: a bundle replaced by one of the same size and times does not run the old code', async () => {
    const install = join(scratch, 'install');
    for (const part of ['bin', 'dist']) cpSync(join(root, 'server', part), join(install, part), { recursive: true, preserveTimestamps: true });
    const bin = join(install, 'bin', 'airflow-venv-lint-server.js');
    const bundle = join(install, 'dist', 'server-main.cjs');
    assert.deepEqual((await start({ bin, untilWritten: true })).codes, ['VENV101']);
    assert.deepEqual((await start({ bin })).reports, ['accepted']);
    const before = statSync(bundle);
    const changed = readFileSync(bundle, 'latin1').replaceAll('"VENV101"', '"VENV191"');
    assert.equal(changed.length, before.size);
    writeFileSync(bundle, changed, 'latin1');
    utimesSync(bundle, before.atime, before.mtime);
    assert.deepEqual(await start({ bin }), { reports: ['none'], codes: ['VENV191'] });
  });

  it('is not read from a folder or a file others can write or own, nor from a FIFO, nor when turned off', async () => {
    const fresh = join(scratch, 'fresh');
    assert.deepEqual(await start({ home: fresh, mode: 'off' }), { reports: [], codes: ['VENV101'] });
    assert.throws(() => statSync(join(fresh, 'airflow-venv-lint')), 'nothing is written when turned off');
    // One cache in the folder: this installation's.
    for (const name of cacheFiles()) rmSync(join(folder, name));
    assert.deepEqual((await start({ untilWritten: true })).reports, ['none', 'written']);
    assert.equal(cacheFiles().length, 1);
    const cache = () => join(folder, cacheFiles()[0]!);
    // A file others can write is not read, and is replaced by one of this user's.
    chmodSync(cache(), 0o666);
    assert.deepEqual(await start({ untilWritten: true }), { reports: ['none', 'written'], codes: ['VENV101'] });
    assert.equal(statSync(cache()).mode & 0o777, 0o644);
    if (process.getuid?.() === 0) {
      // Root can hand the file to another user: it is not read either.
      chownSync(cache(), 65534, 65534);
      assert.deepEqual(await start({ untilWritten: true }), { reports: ['none', 'written'], codes: ['VENV101'] });
      assert.equal(statSync(cache()).uid, 0);
    }
    // A FIFO in its place does not hold the start.
    const name = cache();
    rmSync(name);
    execFileSync('mkfifo', [name]);
    assert.deepEqual(await start({ untilWritten: true }), { reports: ['none', 'written'], codes: ['VENV101'] });
    assert.ok(statSync(cache()).isFile());
    // A folder others can write (or its parent, by others than the group) is not used.
    for (const [path, mode] of [[folder, 0o777], [join(cacheHome, 'airflow-venv-lint'), 0o707]] as const) {
      chmodSync(path, mode);
      try {
        const { reports, codes } = await start();
        assert.match(reports.join(), /^not used: .* can be written by others$/);
        assert.deepEqual(codes, ['VENV101']);
      } finally {
        chmodSync(path, 0o700);
      }
    }
    assert.deepEqual((await start()).reports, ['accepted']);
  });
});
