/** A directory run over the fixture workspaces: findings land in the files that cause them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
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

describe('SARIF of a folder-wide run', () => {
  it('carries related locations and stays valid', () => {
    const folder = join(workspacesRoot, 'callable_missing_requirement');
    const result = spawnSync(process.execPath, [bin, '--format', 'sarif', folder], { cwd: root, encoding: 'utf8' });
    const log = JSON.parse(result.stdout) as { runs: { results: { relatedLocations?: { id: number; physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } }; message: { text: string } }[] }[] }[] };
    const [first] = log.runs[0]!.results;
    assert.equal(first!.relatedLocations?.length, 1);
    assert.match(first!.relatedLocations![0]!.physicalLocation.artifactLocation.uri, /callable_missing_requirement\/dag\.py$/);
    assert.equal(first!.relatedLocations![0]!.physicalLocation.region.startLine, 9);
  });
});

describe('.airflowignore in a folder run', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-cli-ignore-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('skips what Airflow would not parse as a DAG file, unless the file is named', () => {
    mkdirSync(join(scratch, 'drafts'), { recursive: true });
    const bad = 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="python")\n';
    writeFileSync(join(scratch, '.airflowignore'), '# regexp syntax (Airflow 2 default)\ndrafts\n.*_wip\\.py$\n');
    writeFileSync(join(scratch, 'dag.py'), bad);
    writeFileSync(join(scratch, 'dag_wip.py'), bad);
    writeFileSync(join(scratch, 'drafts', 'dag.py'), bad);
    const shown = (args: string[]) => (JSON.parse(spawnSync(process.execPath, [bin, '--format', 'json', ...args], { cwd: scratch, encoding: 'utf8' }).stdout) as JsonFinding[]).map((finding) => finding.path);
    assert.deepEqual(shown(['.']), ['dag.py']);
    assert.deepEqual(shown(['dag_wip.py']), ['dag_wip.py']);
  });
});

describe('--threads: a run shared out to worker threads says exactly what one thread says', () => {
  const fixtures = join(root, 'test', 'fixtures');
  const lint = (args: string[]) => spawnSync(process.execPath, [bin, ...args, fixtures], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });

  for (const format of ['json', 'text']) {
    it(`every rule's fixtures, --format ${format}: the same output, errors and exit code on 1 and 3 threads`, () => {
      const one = lint(['--threads', '1', '--format', format]);
      const three = lint(['--threads', '3', '--format', format]);
      assert.ok(one.stdout.length > 100_000, 'the fixtures have findings');
      assert.equal(three.stdout, one.stdout);
      assert.equal(three.stderr, one.stderr);
      assert.equal(three.status, one.status);
    });
  }

  it('what the worker threads could not pin is said too (a constraints file that does not exist)', () => {
    const args = ['--format', 'json', '--constraints-file', join(root, 'no-such-constraints.txt')];
    const one = lint(['--threads', '1', ...args]);
    const three = lint(['--threads', '3', ...args]);
    const lines = (text: string) => text.split('\n').filter(Boolean).sort();
    assert.ok(lines(one.stderr).filter((line) => line.includes('cannot pin')).length > 10, one.stderr.slice(0, 500));
    assert.deepEqual(lines(three.stderr), lines(one.stderr));
    assert.equal(three.stdout, one.stdout);
  });

  it('refuses a thread count that is not a whole number from 1 to 64', () => {
    const result = lint(['--threads', '0']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--threads must be a whole number from 1 to 64, not "0"/);
  });
});
