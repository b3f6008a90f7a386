/**
 * When the parser fails twice in a row on a text (ParserFailure: even a new parser breaks), the CLI
 * reports that file as an I/O-style error and lints the others, and the server exits non-zero so
 * that its client starts a new one instead of staying up and publishing nothing (audit C1, L21).
 * The failure is simulated by a preloaded patch of web-tree-sitter (support/broken-parser.ts).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileUri, LspClient } from '../support/lspClient.js';

const root = join(import.meta.dirname, '..', '..');
const PRELOAD = ['--import', 'tsx', '--import', join(import.meta.dirname, 'support', 'broken-parser.ts')];
const DAG = 'from airflow.operators.python import PythonVirtualenvOperator\ndef run():\n    return 1\nPythonVirtualenvOperator(task_id="t", python_callable=run, requirements=["pandas=1.0"])\n';
const scratch = mkdtempSync(join(tmpdir(), 'hostile-parser-failure-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a parser that fails twice in a row', () => {
  it('CLI: that file is an error (exit 2), the other files are still reported', { timeout: 60_000 }, () => {
    const folder = join(scratch, 'dags');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a_broken.py'), `${DAG}# BREAKS_THE_PARSER\n`);
    writeFileSync(join(folder, 'b.py'), DAG);
    const run = spawnSync(process.execPath, [...PRELOAD, join(root, 'server', 'src', 'cli', 'main.ts'), '--format', 'json', folder], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /a_broken\.py: cannot analyse: the tree-sitter parser failed twice in a row/);
    assert.doesNotMatch(run.stderr, /internal error/);
    const found = (JSON.parse(run.stdout) as { path: string; code: string }[]).map((item) => `${item.path.split('/').pop()} ${item.code}`).sort();
    assert.deepEqual(found, ['b.py VENV203', 'b.py VENV401']);
  });

  it('server: exits non-zero, so that the client restarts it', { timeout: 60_000 }, async () => {
    const client = new LspClient(join(root, 'server', 'src', 'lsp', 'main.ts'), PRELOAD);
    try {
      await client.initialize();
      const fine = await client.open(fileUri(join(scratch, 'fine.py')), DAG);
      assert.deepEqual(fine.map((diagnostic) => String(diagnostic.code)).sort(), ['VENV203', 'VENV401']);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(join(scratch, 'broken.py')), languageId: 'python', version: 1, text: `${DAG}# BREAKS_THE_PARSER\n` } });
      const code = await Promise.race([client.exitCode, new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
      assert.equal(code, 3);
      assert.match(client.logs.join(''), /parser failed twice in a row \(memory access out of bounds\); exiting so that the client starts a new server/);
    } finally {
      client.kill();
    }
  });
});
