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
import { applyEdit, applyEdits, LineIndex, lintText, parse } from '../../server/src/analysis/index.js';
import { keepsRefusal, MAX_BRACKET_NESTING, MAX_INDENTATION_LEVELS, refusalOf } from '../../server/src/analysis/parse/budget.js';
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

describe('the limits while typing (the scan is skipped for edits that cannot change its answer)', () => {
  // Texts at a limit, where one wrongly judged keystroke crosses it: brackets inside a triple-quoted
  // string and after an escaped quote, the deepest indentation with a blank line one level deeper.
  const brackets = '('.repeat(MAX_BRACKET_NESTING + 1);
  const deep = Array.from({ length: MAX_INDENTATION_LEVELS }, (_, level) => `${' '.repeat(level)}if x:`).join('\n');
  const bases = [
    `import airflow\nx = ''''${brackets}'''\n`,
    `import airflow\nx = "\\"${brackets}"\n`,
    `import airflow\nx = 1  # ${brackets}\ny = 2\n`,
    `import airflow\n${deep}\n${' '.repeat(MAX_INDENTATION_LEVELS)}pass\n${' '.repeat(MAX_INDENTATION_LEVELS + 1)}\n`,
    `import airflow\n${'['.repeat(MAX_BRACKET_NESTING - 1)}1, "a\\\nb", 'c' ${']'.repeat(MAX_BRACKET_NESTING - 1)}\n`,
  ];
  const alphabet = ['a', 'b', '1', ' ', '\t', '_', '.', ',', '=', 'é', '(', ')', '[', "'", '"', '\\', '#', '\n', '\r'];

  it('an edit it calls safe never moves a text across a limit (seeded random edits of texts at the limits)', () => {
    let seed = 7;
    const random = (limit: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    let safe = 0;
    let crossed = 0;
    for (const base of bases) {
      for (let round = 0; round < 3000; round++) {
        const start = random(base.length + 1);
        const oldEnd = Math.min(base.length, start + random(3));
        const inserted = Array.from({ length: random(3) }, () => alphabet[random(alphabet.length)]!).join('');
        const edited = base.slice(0, start) + inserted + base.slice(oldEnd);
        const before = refusalOf(base)?.message;
        const after = refusalOf(edited)?.message;
        if (before !== after) crossed++;
        if (!keepsRefusal(base, edited, start, oldEnd, start + inserted.length)) continue;
        safe++;
        assert.equal(after, before, `${JSON.stringify(base.slice(Math.max(0, start - 5), start + 5))}: ${JSON.stringify(base.slice(start, oldEnd))} -> ${JSON.stringify(inserted)}`);
      }
    }
    // Both kinds occur, so the assertion above judged real cases.
    assert.ok(safe > 1000, `${safe} safe edits`);
    assert.ok(crossed > 20, `${crossed} edits crossed a limit`);
  });

  it('the keystrokes that cross a limit are refused when typed in the editor (incremental analysis)', async () => {
    const grammar = await getGrammar();
    const cases: [string, string, number][] = [
      [bases[0]!, 'a', bases[0]!.indexOf("'''") + 1],
      [bases[1]!, 'a', bases[1]!.indexOf('\\') + 1],
      [bases[3]!, 'x', bases[3]!.length - 1],
    ];
    for (const [text, typed, at] of cases) {
      const first = lintText(grammar, text, '/dags/limit.py');
      assert.deepEqual(codes(first.findings), []);
      const edited = text.slice(0, at) + typed + text.slice(at);
      const change = { start: at, oldEnd: at, newEnd: at + typed.length };
      applyEdit(first.tree!, text, edited, change);
      const next = lintText(grammar, edited, '/dags/limit.py', { previousTree: first.tree, previousState: first.state, change });
      first.tree!.delete();
      next.tree?.delete();
      assert.deepEqual(codes(next.findings), ['VENV003'], JSON.stringify(edited.slice(0, 60)));
    }
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
