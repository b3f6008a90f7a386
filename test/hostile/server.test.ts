/**
 * The language server against a hostile workspace or client (reliability audit X1, X2, B5, C1):
 * trust is enforced by the server itself, requests after `shutdown` are refused, and a parser that
 * fails for good ends the process so that the client starts a new one. Each test failed before
 * its fix; each is bounded in time.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startIndex } from '../support/indexServer.js';
import { fileUri, LspClient } from '../support/lspClient.js';

const scratch = mkdtempSync(join(tmpdir(), 'hostile-server-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function untrustedClient(root: string, extra: Record<string, unknown> = {}): Promise<LspClient> {
  const client = new LspClient();
  await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: fileUri(root), capabilities: {}, initializationOptions: { workspaceTrusted: false, cacheDirectory: join(root, '.cache'), ...extra } });
  await client.connection.sendNotification('initialized', {});
  return client;
}

describe('an untrusted workspace stays untrusted', () => {
  it('a `trusted: true` argument to Verify Interpreter does not run the program the DAG names', { timeout: 30_000 }, async () => {
    const root = mkdtempSync(join(scratch, 'x1-'));
    const marker = join(root, 'ran');
    const program = join(root, 'python');
    writeFileSync(program, `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(program, 0o755);
    const uri = fileUri(join(root, 'dag.py'));
    const client = await untrustedClient(root);
    try {
      await client.open(uri, `from airflow.operators.python import ExternalPythonOperator\ndef run():\n    return 1\nExternalPythonOperator(task_id="t", python="${program}", python_callable=run)\n`);
      for (const argument of [{ uri, trusted: true }, { uri, trusted: true, commands: [program] }, { uri, commands: [program] }]) {
        const answer = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.verifyInterpreter', arguments: [argument] }) as { verified: boolean; reason?: string };
        assert.deepEqual(answer, { verified: false, reason: 'untrusted workspace' });
      }
      assert.equal(existsSync(marker), false, 'the program ran');
    } finally {
      client.kill();
    }
  });

  it("no command reaches the index the repository's pyproject.toml names", { timeout: 30_000 }, async () => {
    const index = await startIndex();
    const root = mkdtempSync(join(scratch, 'x2-'));
    writeFileSync(join(root, 'pyproject.toml'), `[tool.airflow-venv-lint]\nindex-url = "${index.url}"\n`);
    const uri = fileUri(join(root, 'dags', 'pin.py'));
    mkdirSync(join(root, 'dags'));
    const text = 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_version="3.11", requirements=["pandas"], system_site_packages=False)\n';
    writeFileSync(join(root, 'dags', 'pin.py'), text);
    const client = await untrustedClient(root);
    try {
      const diagnostics = await client.open(uri, text);
      const unpinned = diagnostics.find((item) => item.code === 'VENV201')!;
      const actions = await client.codeActions(uri, unpinned.range, [unpinned]);
      assert.ok(!actions.some((action) => action.command?.command === 'airflowVenvLint.server.pinFromIndex'));
      // What a hostile or outdated client could send anyway:
      const one = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.pinFromIndex', arguments: [{ uri, version: 1, code: 'VENV201', start: unpinned.range.start.character, source: null }] }) as { pinned: number };
      const all = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.pinAll', arguments: [{ uri }] }) as { pinned: number };
      assert.equal(one.pinned, 0);
      assert.equal(all.pinned, 0);
      assert.deepEqual(index.requests, [], 'the index was asked');
      assert.deepEqual(client.appliedEdits, []);
    } finally {
      client.kill();
      await index.close();
    }
  });
});

describe('after shutdown', () => {
  it('requests are answered InvalidRequest, and nothing runs', { timeout: 30_000 }, async () => {
    const root = mkdtempSync(join(scratch, 'b5-'));
    const marker = join(root, 'ran');
    const program = join(root, 'python');
    writeFileSync(program, `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(program, 0o755);
    const client = new LspClient();
    try {
      await client.initialize();
      const uri = fileUri(join(root, 'dag.py'));
      const diagnostics = await client.open(uri, 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_version="3.11", requirements=["pandas"], system_site_packages=False)\n');
      await client.connection.sendRequest('shutdown');
      const refused = async (method: string, params: unknown) => {
        await assert.rejects(client.connection.sendRequest(method, params), (error: { code?: number }) => error.code === -32600, `${method} was answered`);
      };
      await refused('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 80 } });
      await refused('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]!.range, context: { diagnostics } });
      await refused('workspace/executeCommand', { command: 'airflowVenvLint.server.verifyInterpreter', arguments: [{ uri, commands: [program] }] });
      await refused('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(existsSync(marker), false, 'an interpreter ran after shutdown');
      await client.connection.sendNotification('exit');
      assert.equal(await client.exitCode, 0);
    } finally {
      client.kill();
    }
  });
});
