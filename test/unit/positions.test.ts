/** LSP positions: 0-based lines, UTF-16 columns; CRLF, lone CR, tabs and non-ASCII text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/analysis/index.js';
import { brief, lint } from '../support/lint.js';

describe('LineIndex', () => {
  it('counts UTF-16 code units: emoji are two, CJK and combining marks one each', () => {
    const text = 'a😀b\n漢字é\u0301x\n';
    const lines = new LineIndex(text);
    assert.deepEqual(lines.positionAt(text.indexOf('b')), { line: 0, character: 3 });
    assert.deepEqual(lines.positionAt(text.indexOf('x')), { line: 1, character: 4 });
    assert.equal(lines.offsetAt({ line: 1, character: 4 }), text.indexOf('x'));
  });

  it('treats \\r\\n, \\n and a lone \\r as line ends', () => {
    const text = 'one\r\ntwo\rthree\nfour';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(['one', 'two', 'three', 'four'].map((word) => lines.positionAt(text.indexOf(word))), [
      { line: 0, character: 0 },
      { line: 1, character: 0 },
      { line: 2, character: 0 },
      { line: 3, character: 0 },
    ]);
    assert.equal(lines.lineText(0), 'one');
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 3, 'clamped to the line end, before \\r\\n');
  });

  it('clamps out-of-range offsets and positions', () => {
    const lines = new LineIndex('ab');
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(99), { line: 0, character: 2 });
    assert.equal(lines.offsetAt({ line: 7, character: 0 }), 2);
  });
});

describe('finding ranges in real text', () => {
  const dag = (line: string, newline = '\n') =>
    ['from airflow.operators.python import PythonVirtualenvOperator', line, ''].join(newline);

  it('after emoji and CJK on the same line', async () => {
    const result = await lint(dag('PythonVirtualenvOperator(task_id="数据😀", python_version=3.10, system_site_packages=False)'));
    // 'PythonVirtualenvOperator(task_id="' is 34 units, '数据😀' 4 (the emoji is a surrogate pair), '", python_version=' 18.
    assert.deepEqual(brief(result), ['VENV105@1:56-1:60']);
    assert.equal('PythonVirtualenvOperator(task_id="数据😀", python_version='.length, 56);
  });

  it('with tabs and CRLF line endings', async () => {
    const text = ['from airflow.operators.python import PythonVirtualenvOperator', 'PythonVirtualenvOperator(', '\ttask_id="t",', '\tpython_version=3.10,', '\tsystem_site_packages=False)', ''].join('\r\n');
    assert.deepEqual(brief(await lint(text)), ['VENV105@3:16-3:20']);
  });

  it('inside a requirement string with a multi-byte character before it', async () => {
    const text = dag('PythonVirtualenvOperator(task_id="é", requirements=["pandas=1.0"], system_site_packages=False)');
    const [finding] = (await lint(text)).findings;
    const range = finding!.span.source.lines.range(finding!.span.start, finding!.span.end);
    assert.equal(text.split('\n')[1]!.slice(range.start.character, range.end.character), 'pandas=1.0');
  });
});
