/** File-level `# airflow-venv-lint: noqa` and the pyproject.toml list edits of the silencing code actions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex, applyEdits, fileNoqaEdit } from '../../server/src/analysis/index.js';
import { addToList } from '../../server/src/lsp/pyproject-edits.js';
import { lint } from '../support/lint.js';

const DAG = 'from airflow.operators.python import PythonVirtualenvOperator as P\ndef run():\n    import yaml\nP(task_id="t", python_callable=run, requirements=["pandas==2.2.2"], system_site_packages=False)\n';
const codes = async (text: string) => (await lint(text, '/dags/dag.py', { select: ['VENV301', 'VENV302', 'VENV002'] })).findings.map((item) => item.code);

describe('file-level noqa', () => {
  it('suppresses the code in the whole file, and VENV002 reports it when it suppresses nothing', async () => {
    assert.deepEqual(await codes(DAG), ['VENV301']);
    assert.deepEqual(await codes(`# airflow-venv-lint: noqa: VENV301\n${DAG}`), []);
    assert.deepEqual(await codes(`# airflow-venv-lint: noqa\n${DAG}`), []);
    assert.deepEqual(await codes(`# airflow-venv-lint: noqa: VENV302\n${DAG}`), ['VENV002', 'VENV301']);
  });

  it('"Disable for this file" adds the line after a shebang, or extends the existing one', async () => {
    const finding = (await lint(`#!/usr/bin/env python\n${DAG}`)).findings.find((item) => item.code === 'VENV301')!;
    assert.match(applyEdits(finding.span.source, [fileNoqaEdit(finding)]), /^#!\/usr\/bin\/env python\n# airflow-venv-lint: noqa: VENV301\nfrom/);
    const again = (await lint(`# airflow-venv-lint: noqa: VENV208\n${DAG}`)).findings.find((item) => item.code === 'VENV301')!;
    assert.match(applyEdits(again.span.source, [fileNoqaEdit(again)]), /^# airflow-venv-lint: noqa: VENV208, VENV301\n/);
  });
});

describe('pyproject.toml list edits', () => {
  const apply = (text: string, key: string, value: string) => {
    const result = addToList(text, key, value);
    if (result === undefined || result === 'present') return result;
    const lines = new LineIndex(text);
    const start = lines.offsetAt(result.edit.range.start);
    return text.slice(0, start) + result.edit.newText + text.slice(lines.offsetAt(result.edit.range.end));
  };
  it('appends to a one-line and a multi-line list, keeping comments and strings with brackets', () => {
    assert.equal(apply('[tool.airflow-venv-lint]\nignore = ["VENV201"]\n', 'ignore', 'VENV301'), '[tool.airflow-venv-lint]\nignore = ["VENV201", "VENV301"]\n');
    assert.equal(apply('[tool.airflow-venv-lint]\nignore = []\n', 'ignore', 'VENV301'), '[tool.airflow-venv-lint]\nignore = ["VENV301"]\n');
    assert.equal(apply('[tool.airflow-venv-lint]\nfirst-party = [\n  "a]b",  # why ]\n]\n', 'first-party', 'c'), '[tool.airflow-venv-lint]\nfirst-party = [\n  "a]b", "c"  # why ]\n]\n');
  });
  it('adds the key, or the table, when missing; leaves a present value and unusual forms alone', () => {
    assert.equal(apply('[tool.airflow-venv-lint]\nselect = ["VENV"]\n\n[tool.ruff]\n', 'ignore', 'VENV301'), '[tool.airflow-venv-lint]\nignore = ["VENV301"]\nselect = ["VENV"]\n\n[tool.ruff]\n');
    assert.equal(apply('[project]\nname = "x"\n', 'ignore', 'VENV301'), '[project]\nname = "x"\n\n[tool.airflow-venv-lint]\nignore = ["VENV301"]\n');
    assert.equal(apply('[tool.airflow-venv-lint]\nignore = ["VENV301"]\n', 'ignore', 'VENV301'), 'present');
    assert.equal(apply('[tool]\nairflow-venv-lint = { ignore = [] }\n', 'ignore', 'VENV301'), undefined);
  });
});
