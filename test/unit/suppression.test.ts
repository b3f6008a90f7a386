/** `# noqa`, select/ignore and severity overrides. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lint } from '../support/lint.js';

const DAG = (suffix: string) => `from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_bin="python3", system_site_packages=False)${suffix}\n`;
const codes = async (text: string, config = {}) => (await lint(text, '/dags/dag.py', config)).findings.map((finding) => `${finding.code}:${finding.severity}`);

it('without noqa both findings are reported', async () => {
  assert.deepEqual(await codes(DAG('')), ['VENV103:error', 'VENV101:warning']);
});

it('# noqa: CODE suppresses that code on its line only', async () => {
  assert.deepEqual(await codes(DAG('  # noqa: VENV101')), ['VENV103:error']);
  assert.deepEqual(await codes(DAG('  # NOQA:VENV101,VENV103')), []);
  assert.deepEqual(await codes(DAG('  # noqa: VENV999')), ['VENV103:error', 'VENV101:warning']);
});

it('a bare # noqa suppresses everything on the line', async () => {
  assert.deepEqual(await codes(DAG('  # noqa')), []);
});

it('noqa on a requirement line inside a list', async () => {
  const text = 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(\n    task_id="t",\n    requirements=[\n        "pandas",  # noqa: VENV201\n        "numpy",\n    ],\n    system_site_packages=False,\n)\n';
  assert.deepEqual(await codes(text), ['VENV201:warning']);
});

it('noqa in a requirements file', async () => {
  const text = 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", requirements="r.txt", system_site_packages=False)\n';
  const result = await lint(text, '/dags/dag.py', {}, { '/dags/r.txt': 'pandas  # noqa: VENV201\nnumpy\n' });
  assert.deepEqual(result.findings.map((finding) => [finding.code, finding.span.source.lines.positionAt(finding.span.start).line]), [['VENV201', 1]]);
});

it('select, ignore (prefixes) and severity overrides', async () => {
  assert.deepEqual(await codes(DAG(''), { select: ['VENV10'] }), ['VENV103:error', 'VENV101:warning']);
  assert.deepEqual(await codes(DAG(''), { select: ['VENV101'] }), ['VENV101:warning']);
  assert.deepEqual(await codes(DAG(''), { ignore: ['VENV1'] }), []);
  assert.deepEqual(await codes(DAG(''), { severity: { VENV101: 'error', VENV103: 'hint' } }), ['VENV103:hint', 'VENV101:error']);
});

it('VENV002 reports noqa codes that suppress nothing, only when selected', async () => {
  const text = DAG('  # noqa: VENV101, VENV105, E501');
  assert.deepEqual(await codes(text), ['VENV103:error']);
  assert.deepEqual(await codes(text, { select: ['VENV1', 'VENV002'] }), ['VENV103:error', 'VENV002:warning']);
  const found = (await lint(text, '/dags/dag.py', { select: ['VENV1', 'VENV002'] })).findings.find((finding) => finding.code === 'VENV002')!;
  assert.equal(text.slice(found.span.start, found.span.end), 'VENV105');
  // Codes of rules that did not run are not judged.
  assert.deepEqual(await codes(text, { select: ['VENV103', 'VENV002'] }), ['VENV103:error']);
});
