/**
 * Hostile and unlucky inputs for the parser (reliability audit C1, H6, H7, H10, W1): each test
 * failed before its fix. Bounded in time: the pathological inputs are refused in one linear pass.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyEdits, LineIndex, lintText, parse } from '../../server/src/analysis/index.js';
import { getGrammar, lint } from '../support/lint.js';
import { fileUri, LspClient } from '../support/lspClient.js';

const CLI = join(import.meta.dirname, '..', '..', 'server', 'bin', 'airflow-venv-lint.js');
const HEADER = 'from airflow.operators.python import PythonVirtualenvOperator\n';
const DAG = `${HEADER}def run():\n    return 1\nPythonVirtualenvOperator(task_id="t", python_callable=run, requirements=["pandas=1.0"])\n`;

/** 600 nested functions and a string: tree-sitter-python's scanner overflows and leaves the parser corrupt. */
function poison(): string {
  const lines = [HEADER.trimEnd()];
  for (let level = 0; level < 600; level++) lines.push(`${' '.repeat(level)}def f():`);
  lines.push(`${' '.repeat(600)}x = "p"`);
  return `${lines.join('\n')}\n`;
}

const codes = (findings: { code: string }[]) => findings.map((finding) => finding.code).sort();
const scratch = mkdtempSync(join(tmpdir(), 'hostile-parser-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('a document that breaks the parser', () => {
  it('is refused before parsing, with a finding that says why', async () => {
    const result = await lint(poison(), '/dags/deep.py');
    assert.deepEqual(codes(result.findings), ['VENV003']);
    assert.match(result.findings[0]!.message, /levels of indentation/);
    assert.equal(result.model, undefined);
  });

  it('does not take the other documents down: the parser is replaced and the next document analysed', async () => {
    const grammar = await getGrammar();
    const generation = grammar.generation;
    // Straight to the parser, past the guard: the parse fails, or "succeeds" and leaves the parser corrupt.
    assert.throws(() => {
      parse(grammar, poison());
      parse(grammar, DAG);
    }, /memory access out of bounds/);
    const result = lintText(grammar, DAG, '/dags/b.py', { config: {} });
    result.tree?.delete();
    assert.equal(grammar.generation, generation + 1);
    assert.deepEqual(codes(result.findings), ['VENV203', 'VENV401']);
  });

  it('in the CLI: the other file of the folder is reported, the deep one gets VENV003, exit 1 not 2', () => {
    const folder = join(scratch, 'dags');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a_deep.py'), poison());
    writeFileSync(join(folder, 'b.py'), DAG);
    const run = spawnSync(process.execPath, [CLI, '--format', 'json', folder], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 1, run.stderr);
    const found = (JSON.parse(run.stdout) as { path: string; code: string }[]).map((item) => `${item.path.split('/').pop()} ${item.code}`).sort();
    assert.deepEqual(found, ['a_deep.py VENV003', 'b.py VENV203', 'b.py VENV401']);
  });

  it('in the server: diagnostics keep coming for every document opened after it', async () => {
    const client = new LspClient();
    try {
      await client.initialize();
      const deep = await client.open(fileUri(join(scratch, 'deep.py')), poison());
      assert.deepEqual(deep.map((diagnostic) => diagnostic.code), ['VENV003']);
      const other = await client.open(fileUri(join(scratch, 'b.py')), DAG);
      assert.deepEqual(other.map((diagnostic) => String(diagnostic.code)).sort(), ['VENV203', 'VENV401']);
    } finally {
      await client.shutdown();
    }
  });
});

describe('pathological structure', () => {
  it('50,000 unclosed brackets are refused in one pass (the structure query was quadratic: ~50 s)', { timeout: 10_000 }, async () => {
    const result = await lint(`import airflow\nx = ${'(['.repeat(50_000)}\n`, '/dags/u.py');
    assert.deepEqual(codes(result.findings), ['VENV003']);
    assert.match(result.findings[0]!.message, /nested brackets/);
  });

  it('a file of more lines than any DAG is not analysed, and says so at info', { timeout: 10_000 }, async () => {
    const result = await lint(`import airflow\n${'x = 1\n'.repeat(250_000)}`, '/dags/big.py');
    assert.deepEqual(result.findings.map((finding) => `${finding.code} ${finding.severity}`), ['VENV003 info']);
  });

  it('# noqa is read once per line, not once per finding on it', async () => {
    const task = 'PythonVirtualenvOperator(task_id="t", python_callable=run, requirements=["pandas"])';
    const text = `${HEADER}def run():\n    return 1\n${Array.from({ length: 300 }, () => task).join('; ')}  # noqa: VENV401\n`;
    const grammar = await getGrammar();
    let reads = 0;
    const lineText = LineIndex.prototype.lineText;
    LineIndex.prototype.lineText = function (this: LineIndex, line: number) {
      reads++;
      return lineText.call(this, line);
    };
    try {
      const result = lintText(grammar, text, '/dags/one_line.py', { config: { ignore: ['VENV212'] } });
      result.tree?.delete();
      assert.equal(result.findings.filter((finding) => finding.code === 'VENV401').length, 0);
      assert.equal(result.findings.filter((finding) => finding.code === 'VENV201').length, 300);
    } finally {
      LineIndex.prototype.lineText = lineText;
    }
    assert.ok(reads < 30, `the line was read ${reads} times`);
  });
});

describe('line endings', () => {
  it('a lone-CR DAG is read as Python reads it (the same findings as with LF), and fixes keep CR', async () => {
    const lf = `${HEADER}def run():\n    return 1\n# a comment\nPythonVirtualenvOperator(task_id="t", python_callable=run, requirements=["pandas=1.0"])\n`;
    const cr = lf.replace(/\n/g, '\r');
    const withLf = await lint(lf, '/dags/lf.py');
    const withCr = await lint(cr, '/dags/cr.py');
    assert.deepEqual(codes(withCr.findings), codes(withLf.findings));
    assert.deepEqual(codes(withCr.findings), ['VENV203', 'VENV401']);
    const moduleLevel = await lint(cr.replace('# a comment\r', ''), '/dags/cr2.py');
    assert.ok(!codes(moduleLevel.findings).includes('VENV302'));
    const fix = withCr.findings.find((finding) => finding.code === 'VENV401')!.fixes[0]!;
    assert.ok(!applyEdits(withCr.findings[0]!.span.source, fix.edits).includes('\n'));
  });
});
