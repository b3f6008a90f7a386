/**
 * No network without a user action: a whole editing session — every example opened, edited,
 * hovered, asked for every code action, reconfigured — runs with networking stubbed to fail and
 * record (test/support/no-network.cjs), and nothing is recorded. Then the one action that does
 * reach the index ("Look up ... and pin it") is recorded, which shows the stub works.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { LspClient, fileUri } from '../support/lspClient.js';

const root = join(import.meta.dirname, '..', '..');

it('an editing session makes no network request; only a look-up the user picks does', async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-no-network-'));
  const log = join(scratch, 'network.log');
  const client = new LspClient(undefined, ['--require', join(root, 'test', 'support', 'no-network.cjs')], { ...process.env, NO_NETWORK_LOG: log });
  const recorded = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : []);
  try {
    client.settings = { indexUrl: 'https://pypi.example.com/simple/' };
    await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { cacheDirectory: join(scratch, 'cache') } });
    await client.connection.sendNotification('initialized', {});
    const examples = join(root, 'examples');
    let pinnable: { uri: string; range: import('vscode-languageserver-protocol').Range } | undefined;
    for (const name of readdirSync(examples).filter((file) => file.endsWith('.py'))) {
      const uri = fileUri(join(examples, name));
      const text = readFileSync(join(examples, name), 'utf8');
      const diagnostics = await client.open(uri, text);
      await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      for (const diagnostic of await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }])) {
        await client.codeActions(uri, diagnostic.range, [diagnostic]);
        await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start });
        if (diagnostic.code === 'VENV201' && !pinnable) pinnable = { uri, range: diagnostic.range };
      }
      await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
      assert.ok(Array.isArray(diagnostics));
    }
    client.settings = { indexUrl: 'https://pypi.example.com/simple/', select: ['VENV2'] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///none.py' }, position: { line: 0, character: 0 } });
    assert.deepEqual(recorded(), [], 'no network during the session');

    // The positive control: the user picks "Look up ... and pin it".
    assert.ok(pinnable, 'the examples have an unpinned requirement');
    const actions = await client.codeActions(pinnable.uri, pinnable.range);
    const lookUp = actions.find((action) => action.command?.command === 'airflowVenvLint.server.pinFromIndex');
    assert.ok(lookUp);
    await client.connection.sendRequest('workspace/executeCommand', lookUp.command);
    assert.ok(recorded().some((line) => line.includes('pypi.example.com')), recorded().join('\n'));
  } finally {
    client.kill();
    rmSync(scratch, { recursive: true, force: true });
  }
});
