/** A rule that throws is a logged bug, not a lost file: the other rules' findings still come through. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RULES_BY_CODE } from '../../server/src/analysis/index.js';
import { lint } from '../support/lint.js';

it('an exception in one rule is reported with its code; the others still report', async () => {
  const rule = RULES_BY_CODE.get('VENV103')!;
  const original = rule.checkTask;
  rule.checkTask = () => {
    throw new Error('boom');
  };
  try {
    const result = await lint('from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_bin="python3", system_site_packages=False)\n');
    assert.deepEqual(result.findings.map((finding) => finding.code), ['VENV101']);
    assert.equal(result.internalErrors.length, 1);
    assert.match(result.internalErrors[0]!, /^VENV103 \(python-bin-argument\) failed: Error: boom/);
  } finally {
    rule.checkTask = original;
  }
});
