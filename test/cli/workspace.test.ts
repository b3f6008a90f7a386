/** A directory run over the fixture workspaces: findings land in the files that cause them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { WORKSPACES, workspaceExpectations, workspacesRoot } from '../support/workspaces.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'server', 'bin', 'airflow-venv-lint.js');

interface JsonFinding {
  path: string;
  code: string;
  range: { start: { line: number } };
  related?: { path: string; range: { start: { line: number } }; message: string }[];
}

function run(folder: string): JsonFinding[] {
  const result = spawnSync(process.execPath, [bin, '--format', 'json', folder], { cwd: root, encoding: 'utf8' });
  assert.equal(result.stderr, '');
  return JSON.parse(result.stdout) as JsonFinding[];
}

describe('CLI directory run over fixture workspaces', () => {
  for (const name of WORKSPACES) {
    it(name, () => {
      const folder = join(workspacesRoot, name);
      const found = run(folder).map((finding) => `${relative(folder, join(root, finding.path))}:${finding.range.start.line + 1}:${finding.code}`);
      assert.deepEqual(found.sort(), workspaceExpectations(name));
    });
  }

  it('a finding in the callable\'s module carries the operator call as related information', () => {
    const folder = join(workspacesRoot, 'callable_missing_requirement');
    const findings = run(folder);
    assert.equal(findings.length, 2);
    for (const finding of findings) {
      assert.equal(finding.path, relative(root, join(folder, 'tasks', 'extract.py')));
      assert.equal(finding.related?.length, 1);
      assert.equal(finding.related![0]!.path, relative(root, join(folder, 'dag.py')));
      assert.match(finding.related![0]!.message, /PythonVirtualenvOperator task that runs this \(dag\.py:\d+\)/);
    }
    assert.deepEqual(findings.map((finding) => finding.related![0]!.range.start.line), [8, 15]);
  });

  it('a DAG file named alone still finds the modules of its folder', () => {
    const folder = join(workspacesRoot, 'reexport');
    const findings = run(join(folder, 'dag.py'));
    assert.deepEqual(findings.map((finding) => `${relative(folder, join(root, finding.path))}:${finding.code}`), ['tasks/extract.py:VENV301']);
  });
});
