/** The short fuzz run (part of npm test); `npm run fuzz` runs the long one. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { LspClient } from '../support/lspClient.js';
import { FIXTURES, fuzz } from './fuzz.js';

it('600 random edits through the real server: answered, in range, equal to a fresh parse, no exit', { timeout: 120_000 }, async () => {
  const client = new LspClient();
  try {
    const report = await fuzz({ seed: 20261124, edits: 600, files: FIXTURES, checkEvery: 10, resetEvery: 30, slowMs: 1000 }, client);
    assert.deepEqual(report.mismatches, []);
    assert.deepEqual(report.outOfRange, []);
    assert.equal(report.slow, 0, `max ${report.maxLatencyMs} ms`);
    assert.equal(report.serverExited, false);
    assert.ok(report.checks >= 60);
    assert.ok(report.checksWithFindings >= report.checks / 3, `${report.checksWithFindings} of ${report.checks} comparisons had findings`);
  } finally {
    client.kill();
  }
});

it('huge and hostile documents: a 5 MB file, 10k-deep nesting, a 100k-character line, NUL bytes', { timeout: 60_000 }, async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    const big = `# airflow\n${'x = 1\n'.repeat(900_000)}`;
    assert.deepEqual(await client.open('file:///fuzz/big.py', big), [], 'over 5 MB: not analysed');
    assert.ok(Array.isArray(await client.open('file:///fuzz/deep.py', `import airflow\nx = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`)));
    assert.ok(Array.isArray(await client.open('file:///fuzz/long.py', `import airflow\ns = "${'a'.repeat(100_000)}"\n`)));
    assert.ok(Array.isArray(await client.open('file:///fuzz/nul.py', 'from airflow.operators.python import PythonVirtualenvOperator\0\0\nPythonVirtualenvOperator(\0python_bin="\0")\n')));
    const after = await client.open('file:///fuzz/after.py', 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(python="python")\n');
    assert.deepEqual(after.map((item) => item.code), ['VENV102'], 'still serving');
  } finally {
    client.kill();
  }
});
