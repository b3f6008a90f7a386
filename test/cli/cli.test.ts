/** The built CLI, run as a user runs it: output formats, exit codes, --fix, bad input. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'server', 'bin', 'airflow-venv-lint.js');
const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, text: string | Buffer): string {
  const path = join(scratch, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, 'printed a stack trace');

describe('the seed examples', () => {
  const codes = (file: string) => (JSON.parse(run(['--format', 'json', join('examples', file)]).stdout) as { code: string }[]).map((item) => item.code).sort();

  it('example 1: VENV501 and VENV103 only', () => {
    assert.deepEqual(codes('seed_example_1_tutorial_import.py'), ['VENV103', 'VENV501']);
  });

  it('example 2: also VENV101', () => {
    assert.deepEqual(codes('seed_example_2_generic_interpreter.py'), ['VENV101', 'VENV103', 'VENV501']);
  });

  it('example 3: VENV301 on `import my_custom_package`', () => {
    const [finding, ...rest] = JSON.parse(run(['--format', 'json', 'examples/seed_example_3_missing_requirement.py']).stdout) as { code: string; range: { start: { line: number; character: number } } }[];
    assert.equal(rest.length, 0);
    assert.equal(finding!.code, 'VENV301');
    const line = readFileSync(join(root, 'examples/seed_example_3_missing_requirement.py'), 'utf8').split('\n')[finding!.range.start.line]!;
    assert.equal(line.slice(finding!.range.start.character), 'my_custom_package');
  });

  it('the correct Airflow 3 DAG: nothing', () => {
    const result = run(['examples/good_taskflow_airflow3.py']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'All checks passed.\n');
  });
});

describe('formats', () => {
  it('text: path:line:col: CODE message, a summary, exit 1', () => {
    const result = run(['examples/']);
    assert.equal(result.code, 1);
    const lines = result.stdout.trimEnd().split('\n');
    for (const line of lines.slice(0, -1)) assert.match(line, /^examples\/[\w/.-]+:\d+:\d+: VENV\d{3} \S.*$/);
    assert.match(lines.at(-1)!, /^Found \d+ problems \(\d+ fixable with --fix\)\.$/);
    assert.ok(lines.some((line) => line.startsWith('examples/requirements/etl.txt:7:1: VENV206 ')), 'findings inside a requirements file point into it');
  });

  it('json: LSP ranges and fixes', () => {
    const result = run(['--format', 'json', 'examples/seed_example_1_tutorial_import.py']);
    assert.equal(result.code, 1);
    const findings = JSON.parse(result.stdout) as unknown[];
    const import501 = findings.find((item) => (item as { code: string }).code === 'VENV501');
    assert.deepEqual(import501, {
      path: 'examples/seed_example_1_tutorial_import.py',
      code: 'VENV501',
      severity: 'error',
      message: '"airflow.providers.python.operators.python" does not exist in any Airflow version. The DAG fails to import (ModuleNotFoundError). Import from "airflow.operators.python" (Airflow 2).',
      range: { start: { line: 7, character: 5 }, end: { line: 7, character: 46 } },
      fixes: [{
        title: 'Import from airflow.operators.python',
        safe: true,
        edits: [{ path: 'examples/seed_example_1_tutorial_import.py', range: { start: { line: 7, character: 5 }, end: { line: 7, character: 46 } }, newText: 'airflow.operators.python' }],
      }],
    });
  });

  it('sarif: 2.1.0 with rule metadata and one result per finding', () => {
    const sarif = JSON.parse(run(['--format', 'sarif', 'examples/']).stdout);
    const json = JSON.parse(run(['--format', 'json', 'examples/']).stdout) as unknown[];
    assert.equal(sarif.version, '2.1.0');
    const [sarifRun] = sarif.runs;
    assert.equal(sarifRun.tool.driver.name, 'airflow-venv-lint');
    assert.ok(sarifRun.tool.driver.rules.every((rule: { id: string; helpUri: string }) => /^VENV\d{3}$/.test(rule.id) && rule.helpUri.includes('#venv')));
    assert.equal(sarifRun.results.length, json.length);
    const first = sarifRun.results[0];
    assert.equal(first.ruleId, sarifRun.tool.driver.rules[first.ruleIndex].id);
    assert.ok(first.locations[0].physicalLocation.region.startLine >= 1);
  });
});

describe('exit codes and options', () => {
  it('0 when only info-level findings remain', () => {
    const path = write('info_only.py', 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", requirements=["pandas==2.2.2"])\n');
    const result = run([path]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /VENV401/);
  });

  it('--verbose says on stderr which Airflow releases each file was judged against, and why', () => {
    const inferred = write('verbose/inferred.py', 'from airflow.operators.python_operator import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_callable=print)\n');
    const quiet = run(['--format', 'json', inferred]);
    assert.equal(quiet.stderr, '');
    const verbose = run(['--format', 'json', '--verbose', inferred]);
    assert.deepEqual(JSON.parse(verbose.stdout), JSON.parse(quiet.stdout), 'stdout stays the report');
    assert.match(verbose.stderr, /inferred\.py: judged against Airflow 1\.10 or 2 \(releases 1\.10\.15-2\.11\.1; inferred: imports airflow\.operators\.python_operator/);
    const configured = run(['-v', '--airflow-version', '2.7', inferred]);
    assert.match(configured.stderr, /judged against Airflow 2\.7 \(releases 2\.7\.0-2\.7\.3; configured: airflow-version 2\.7\)/);
  });

  it('--select and --ignore take codes and prefixes', () => {
    const codes = (args: string[]) => new Set((JSON.parse(run(['--format', 'json', ...args, 'examples/']).stdout) as { code: string }[]).map((item) => item.code));
    assert.deepEqual([...codes(['--select', 'VENV2'])].every((code) => code.startsWith('VENV2')), true);
    assert.equal(codes(['--ignore', 'VENV3,VENV401']).has('VENV301'), false);
    assert.equal(codes(['--ignore', 'VENV3,VENV401']).has('VENV501'), true);
  });

  it('2 on usage errors, with a message and no stack trace', () => {
    for (const args of [['--format', 'xml'], ['--frobnicate'], ['--select', 'XYZ9'], ['--airflow-version', '4']]) {
      const result = run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /^airflow-venv-lint: /);
      noStackTrace(result.stderr);
    }
  });

  it('--exit-zero reports but exits 0 (what npm start uses)', () => {
    const result = run(['--exit-zero', 'examples/']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Found \d+ problems/m);
  });

  it('--help and --version', () => {
    assert.match(run(['--help']).stdout, /^Usage: airflow-venv-lint/);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('bad input', () => {
  it('a missing path is an I/O error (exit 2)', () => {
    const result = run([join(scratch, 'nope.py')]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /nope\.py: no such file/);
  });

  it('a dangling symlink and a symlink loop are I/O errors, not crashes', () => {
    const dangling = join(scratch, 'dangling.py');
    symlinkSync(join(scratch, 'missing-target.py'), dangling);
    const loop = join(scratch, 'loop.py');
    symlinkSync(loop, loop);
    for (const path of [dangling, loop]) {
      const result = run([path]);
      assert.equal(result.code, 2);
      noStackTrace(result.stderr);
    }
  });

  it('a 1 GB file is refused by its size, without being read', () => {
    const path = join(scratch, 'huge_dag.py');
    spawnSync('truncate', ['-s', '1G', path]);
    const started = Date.now();
    const result = run([path]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /huge_dag\.py: skipped: it is larger than 5 MB/);
    assert.ok(Date.now() - started < 5000);
    rmSync(path);
  });

  it('binary junk, an empty file and broken Python: no crash, no false finding', () => {
    const directory = join(scratch, 'junk');
    write('junk/binary.py', Buffer.from([0x00, 0xff, 0x61, 0x69, 0x72, 0x66, 0x6c, 0x6f, 0x77, 0x00]));
    write('junk/empty.py', '');
    write('junk/broken.py', 'from airflow.operators.python import (\n    PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id=\n  def ((:\n');
    write('junk/latin1.py', Buffer.from('# caf\xe9 airflow\nx = 1\n', 'latin1'));
    const result = run([directory]);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stderr, /binary\.py: skipped: it is a binary file/);
    noStackTrace(result.stderr);
  });
});

describe('--fix', () => {
  it('applies safe fixes in place and reports what is left', () => {
    const path = join(scratch, 'fix_me.py');
    cpSync(join(root, 'examples', 'seed_example_1_tutorial_import.py'), path);
    const result = run(['--fix', path]);
    const text = readFileSync(path, 'utf8');
    assert.match(text, /^from airflow\.operators\.python import PythonVirtualenvOperator$/m);
    assert.match(text, /python_version="3\.9",/);
    assert.doesNotMatch(text, /python_bin=/);
    assert.equal(result.code, 0, result.stdout);
    assert.equal(result.stdout, 'All checks passed.\n');
  });
});

describe('configuration', () => {
  const project = (pyproject: string) => {
    const directory = mkdtempSync(join(scratch, 'project-'));
    writeFileSync(join(directory, 'pyproject.toml'), pyproject);
    mkdirSync(join(directory, 'dags', 'legacy'), { recursive: true });
    const dag = 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_bin="python3")\n';
    writeFileSync(join(directory, 'dags', 'etl.py'), dag);
    writeFileSync(join(directory, 'dags', 'legacy', 'old.py'), dag);
    return directory;
  };
  const codes = (stdout: string) => (JSON.parse(stdout) as { code: string; path: string }[]).map((item) => `${item.path.split('/').slice(-2).join('/')}:${item.code}`).sort();

  it('applies the nearest pyproject.toml: select, severity, exclude', () => {
    const directory = project('[tool.airflow-venv-lint]\nselect = ["VENV1"]\nexclude = ["dags/legacy/**"]\n[tool.airflow-venv-lint.severity]\nVENV101 = "info"\nVENV103 = "hint"\n');
    const result = run(['--format', 'json', 'dags'], directory);
    assert.deepEqual(codes(result.stdout), ['dags/etl.py:VENV101', 'dags/etl.py:VENV103']);
    assert.equal(result.code, 0, 'info and hint only');
  });

  it('command-line flags override the file', () => {
    const directory = project('[tool.airflow-venv-lint]\nselect = ["VENV1"]\n');
    assert.deepEqual(codes(run(['--format', 'json', '--select', 'VENV401', 'dags/etl.py'], directory).stdout), ['dags/etl.py:VENV401']);
  });

  it('a broken configuration is a finding on pyproject.toml and exit 2', () => {
    const directory = project('[tool.airflow-venv-lint]\nignores = ["VENV401"]\n');
    const result = run(['dags/etl.py'], directory);
    assert.equal(result.code, 2);
    assert.match(result.stdout, /^pyproject\.toml:2:1: VENV001 Unknown key "ignores" .* Did you mean "ignore"\?$/m);
    noStackTrace(result.stderr);
  });

  it('--config FILE is used instead of the nearest one; a missing one is exit 2', () => {
    const directory = project('[tool.airflow-venv-lint]\nselect = ["VENV1"]\n');
    writeFileSync(join(directory, 'other.toml'), '[tool.airflow-venv-lint]\nselect = ["VENV4"]\n');
    assert.deepEqual(codes(run(['--format', 'json', '--config', 'other.toml', 'dags/etl.py'], directory).stdout), ['dags/etl.py:VENV401']);
    const missing = run(['--config', 'absent.toml', 'dags'], directory);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /absent\.toml: cannot read the configuration file/);
  });
});

describe('verify-interpreter', () => {
  const python3 = spawnSync('sh', ['-c', 'command -v python3'], { encoding: 'utf8' }).stdout.trim();
  const version = spawnSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).stdout.trim();

  it('prints the probe JSON with the right version', () => {
    const result = run(['verify-interpreter', python3, '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const [probe] = JSON.parse(result.stdout) as { ok: boolean; version: string; distributions: unknown[] }[];
    assert.equal(probe!.ok, true);
    assert.equal(probe!.version, version);
    assert.ok(Array.isArray(probe!.distributions));
  });

  it('reports a missing interpreter in text and exits 1', () => {
    const result = run(['verify-interpreter', '/nowhere/python3']);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /\/nowhere\/python3 — named on the command line\n {2}✗ \/nowhere\/python3 does not exist/);
  });

  it('--verify adds the verify findings to a lint run', () => {
    const path = write('verify_dag.py', 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="/nowhere/bin/python3.11", python_callable=print)\n');
    assert.doesNotMatch(run([path]).stdout, /VENV107/);
    const verified = run(['--verify', path]);
    assert.equal(verified.code, 1);
    assert.match(verified.stdout, /verify_dag\.py:2:44: VENV107 "\/nowhere\/bin\/python3\.11" cannot run the task on this machine\. \/nowhere\/bin\/python3\.11 does not exist\./);
  });
});
