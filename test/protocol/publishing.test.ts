/**
 * When the server sends a document's diagnostics: to a client it pushes to, only when they changed
 * (every version to one that drops out-of-date publishes), never first under default settings; to a
 * client that pulls, "unchanged" while nothing moved (server/src/lsp/publisher.ts, session.ts).
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient.js';

const short = (diagnostics: Diagnostic[]) => diagnostics.map((item) => `${item.code}@${item.range.start.line}:${item.range.start.character}-${item.range.end.line}:${item.range.end.character}`).sort();

describe('pushed diagnostics', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(() => client.kill());

  it('pushes a document\'s diagnostics again only when they changed, and again after it is reopened', async () => {
    const uri = 'file:///dags/push-unchanged.py';
    const text = 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="/usr/bin/python")\n# notes\n';
    assert.deepEqual(short(await client.open(uri, text)), ['VENV101@1:43-1:60']);
    // Typing in the comment on the last line moves nothing: nothing is sent.
    const typed = await client.changeParams(uri, [{ range: { start: { line: 2, character: 7 }, end: { line: 2, character: 7 } }, text: 's' }]);
    assert.equal(typed.sent, false);
    assert.deepEqual(short(typed.diagnostics), ['VENV101@1:43-1:60']);
    // A line inserted above moves the finding: every diagnostic of the file is sent, for this version.
    const moved = await client.changeParams(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\n' }]);
    assert.equal(moved.sent, true);
    assert.equal(moved.version, 3);
    assert.deepEqual(short(moved.diagnostics), ['VENV101@2:43-2:60']);
    // The finding fixed: the empty list is sent.
    const fixed = await client.changeParams(uri, [{ range: { start: { line: 2, character: 43 }, end: { line: 2, character: 60 } }, text: '/opt/venvs/etl/bin/python' }]);
    assert.equal(fixed.sent, true);
    assert.deepEqual(fixed.diagnostics, []);
    // Closed (the empty list sent) and opened again with a finding: sent, though it is what was sent before the close.
    assert.deepEqual(await client.close(uri), []);
    assert.deepEqual(short(await client.open(uri, text)), ['VENV101@1:43-1:60']);
    assert.deepEqual(await client.close(uri), []);
    assert.deepEqual(short(await client.open(uri, text)), ['VENV101@1:43-1:60']);
  });

  it('a document closed and opened again in one burst is sent again', async () => {
    const uri = 'file:///dags/reopened.py';
    const text = 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="/usr/bin/python")\n';
    assert.deepEqual(short(await client.open(uri, text)), ['VENV101@1:43-1:60']);
    await sleep(100);
    // As an editor reloading a buffer right after opening another: the close is held with the open.
    const before = client.published.length;
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///dags/other.py', languageId: 'python', version: 1, text: 'x = 1\n' } });
    void client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const reopened = client.nextDiagnostics(uri, 1);
    void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    assert.deepEqual(short((await reopened).diagnostics), ['VENV101@1:43-1:60']);
    assert.ok(client.published.slice(before).some((item) => item.uri === uri && item.diagnostics.length > 0));
  });
});

describe('pushing to clients that are particular', () => {
  const text = 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="/usr/bin/python")\n# notes\n';

  it('a client that drops publishes for versions it has left (versionSupport) is sent every version', async () => {
    const client = new LspClient();
    try {
      await client.initialize({ textDocument: { publishDiagnostics: { versionSupport: true } }, workspace: { configuration: true } });
      const uri = 'file:///dags/versioned.py';
      assert.deepEqual(short(await client.open(uri, text)), ['VENV101@1:43-1:60']);
      const typed = await client.changeParams(uri, [{ range: { start: { line: 2, character: 7 }, end: { line: 2, character: 7 } }, text: 's' }]);
      assert.equal(typed.sent, true);
      assert.equal(typed.version, 2);
      assert.deepEqual(short(typed.diagnostics), ['VENV101@1:43-1:60']);
    } finally {
      client.kill();
    }
  });

  it('a document opened while the settings are asked for is first published under them, not the defaults', async () => {
    for (const settings of [{ enable: false }, { ignore: ['VENV101'] }]) {
      const client = new LspClient();
      try {
        client.settings = settings;
        await client.initialize();
        const uri = 'file:///dags/startup.py';
        // As an editor restoring its session: the document follows `initialized` at once.
        const first = client.nextDiagnostics(uri, 1);
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
        assert.deepEqual((await first).diagnostics, [], JSON.stringify(settings));
        await sleep(400);
        assert.ok(client.published.filter((item) => item.uri === uri).every((item) => item.diagnostics.length === 0), JSON.stringify(settings));
      } finally {
        client.kill();
      }
    }
  });
});

describe('pulled diagnostics', () => {
  it('answers "unchanged" (with the same result id) while an edit moves no finding, in full when one does', async () => {
    const client = new LspClient();
    try {
      await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } });
      const uri = 'file:///dags/pull-unchanged.py';
      const text = 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="/usr/bin/python")\n# notes\n';
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      type Report = { kind: string; resultId?: string; items?: Diagnostic[] };
      const pull = (previousResultId?: string) => client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) }) as Promise<Report>;
      const first = await pull();
      assert.equal(first.kind, 'full');
      assert.ok(first.resultId);
      // Typing in the comment on the last line moves nothing.
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 2, character: 7 }, end: { line: 2, character: 7 } }, text: 's' }] });
      const unchanged = await pull(first.resultId);
      assert.deepEqual(unchanged, { kind: 'unchanged', resultId: first.resultId });
      // Without the client's result id, the items again.
      assert.deepEqual(short((await pull()).items!), ['VENV101@1:43-1:60']);
      // A line inserted above moves the finding: a full report under a new id.
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'import os\n' }] });
      const moved = await pull(first.resultId);
      assert.equal(moved.kind, 'full');
      assert.notEqual(moved.resultId, first.resultId);
      assert.deepEqual(short(moved.items!), ['VENV101@2:43-2:60']);
    } finally {
      client.kill();
    }
  });
});
