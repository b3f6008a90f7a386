/** The toasts' words (client/src/messages.ts): counts in words, one sentence that matches what happened. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { count, pinSummary, verifySummary } from '../../client/src/messages.js';

it('counts in words', () => {
  assert.deepEqual([count(0, 'requirement'), count(1, 'interpreter'), count(3, 'problem')], ['no requirement', '1 interpreter', '3 problems']);
});

it('Pin All: all pinned from the constraints file says so, and nothing about an unreachable index', () => {
  assert.deepEqual(pinSummary({ pinned: 3, total: 3, problems: [], sources: { 'constraints/constraints-3.11.txt': 3 } }), { level: 'info', message: 'pinned 3 requirements from constraints/constraints-3.11.txt.' });
});

it('Pin All offline: one warning naming what is left and why', () => {
  const problems = ['pandas: https://pypi.org/simple/ could not be reached', 'requests: https://pypi.org/simple/ could not be reached'];
  assert.deepEqual(pinSummary({ pinned: 0, total: 2, problems, sources: {} }), { level: 'warning', message: 'could not pin pandas and requests (https://pypi.org/simple/ could not be reached).' });
  assert.deepEqual(pinSummary({ pinned: 1, total: 2, problems: problems.slice(1), sources: { 'c.txt': 1 } }).message, 'pinned 1 requirement from c.txt; could not pin requests (https://pypi.org/simple/ could not be reached).');
  assert.deepEqual(pinSummary({ pinned: 0, total: 0, problems: [], sources: {} }), { level: 'info', message: 'no requirement here needs a pin.' });
});

it('a failed look-up that added the name says so', () => {
  assert.match(pinSummary({ pinned: 0, total: 1, problems: ['s3fs: the index could not be reached'], sources: {}, addedUnpinned: 's3fs' }).message, /^could not look up s3fs \(the index could not be reached\); added it without a version/);
});

it('Verify: a path missing here is said so, and a warning of the same run is counted', () => {
  const summary = verifySummary({
    verified: true,
    results: [{ command: '/usr/bin/python3', ok: true }, { command: '/opt/venvs/reporting/bin/python', ok: false, failure: 'missing' }],
    findings: [{ code: 'VENV107', severity: 'warning', line: 30, message: '' }, { code: 'VENV305', severity: 'warning', line: 8, message: '' }],
  });
  assert.deepEqual(summary, { level: 'warning', message: '1 interpreter of 2 runs here; /opt/venvs/reporting/bin/python does not exist on this machine (fine if it exists only on the workers); 1 problem found (VENV305), see the Problems panel.' });
  assert.deepEqual(verifySummary({ verified: true, results: [{ command: 'python3.11', ok: true }], findings: [{ code: 'VENV108', severity: 'warning', line: 3, message: '' }] }).level, 'warning', 'not "all work" next to a warning');
});
