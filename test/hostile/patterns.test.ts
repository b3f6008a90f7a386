/**
 * Patterns from the repository (reliability audit H3, H4, W2): `exclude` globs and `.airflowignore`
 * lines that made the backtracking regex engine run for minutes, and the `**\/` translation that
 * excluded too much. Each test failed before its fix; each is bounded in time.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isIgnored, parseAirflowIgnore, regexpRisk } from '../../server/src/analysis/index.js';
import { isExcluded } from '../../server/src/host/globs.js';

const CLI = join(import.meta.dirname, '..', '..', 'server', 'bin', 'airflow-venv-lint.js');
const scratch = mkdtempSync(join(tmpdir(), 'hostile-patterns-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const DAG = 'from airflow.operators.python import PythonVirtualenvOperator\ndef run():\n    return 1\nPythonVirtualenvOperator(task_id="t", python_callable=run, requirements=["pandas=1.0"])\n';

function timed<T>(work: () => T, limitMs = 1000): T {
  const started = Date.now();
  const result = work();
  assert.ok(Date.now() - started < limitMs, `took ${Date.now() - started} ms`);
  return result;
}

describe('exclude globs', () => {
  const long = `${'a'.repeat(60)}/${'a'.repeat(200)}.py`;
  for (const pattern of ['*a*a*a*a*a*a*b', '**a**a**a**a**a**a**a**a**a**a**a**a', '**/**/**/**/**/*.pyc', '*?*?*?*?*?*?*?*?b', '[a]*[a]*[a]*[a]*[a]*[a]*b']) {
    it(`${pattern} against a 260-character path: bounded`, { timeout: 10_000 }, () => {
      timed(() => isExcluded(long, [pattern]));
      timed(() => isExcluded(`${'a/'.repeat(60)}x.py`, [pattern]));
    });
  }

  it('**/test_*.py excludes test_y.py at any depth, and not mytest_x.py or contest_a.py', () => {
    const pattern = ['**/test_*.py'];
    assert.equal(isExcluded('test_y.py', pattern), true);
    assert.equal(isExcluded('sub/deeper/test_z.py', pattern), true);
    for (const path of ['mytest_x.py', 'contest_a.py', 'sub/mytest_z.py']) assert.equal(isExcluded(path, pattern), false, path);
  });

  it('keeps its documented meaning', () => {
    assert.equal(isExcluded('legacy/old_dag.py', ['legacy/**']), true);
    assert.equal(isExcluded('dags/legacy/old_dag.py', ['legacy']), true);
    assert.equal(isExcluded('dags/etl.py', ['legacy/**', '*_test.py']), false);
    assert.equal(isExcluded('dags/etl_test.py', ['*_test.py']), true);
    assert.equal(isExcluded('dags/legacy/x.py', ['dags/**/x.py']), true);
    assert.equal(isExcluded('dags/x.py', ['dags/**/x.py']), true);
    assert.equal(isExcluded('dags/a1.py', ['dags/a[0-9].py']), true);
    assert.equal(isExcluded('dags/ab.py', ['dags/a[!b].py']), false);
  });

  it('the CLI walks a folder with a hostile exclude in bounded time', { timeout: 30_000 }, () => {
    const root = join(scratch, 'exclude');
    mkdirSync(join(root, 'dags', 'a'.repeat(60)), { recursive: true });
    writeFileSync(join(root, 'pyproject.toml'), '[tool.airflow-venv-lint]\nexclude = ["*a*a*a*a*a*a*b", "**/test_*.py"]\n');
    writeFileSync(join(root, 'dags', 'a'.repeat(60), `${'a'.repeat(200)}.py`), 'import airflow\n');
    writeFileSync(join(root, 'dags', 'mytest_x.py'), DAG);
    const run = spawnSync(process.execPath, [CLI, 'dags'], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.signal, null, 'the CLI did not return');
    assert.match(run.stdout, /mytest_x\.py:4:\d+: VENV203/);
  });
});

describe('.airflowignore', () => {
  it('a backtracking regexp is refused with a warning; the CLI finishes', { timeout: 30_000 }, () => {
    const dags = join(scratch, 'ignore', 'dags');
    mkdirSync(dags, { recursive: true });
    writeFileSync(join(dags, '.airflowignore'), '(a+)+$\nskipped_.*\n');
    writeFileSync(join(dags, `${'a'.repeat(40)}!.py`), 'import airflow\n');
    writeFileSync(join(dags, 'skipped_dag.py'), DAG);
    writeFileSync(join(dags, 'kept.py'), DAG);
    const run = spawnSync(process.execPath, [CLI, dags], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.signal, null, 'the CLI did not return');
    assert.match(run.stderr, /warning: .*\.airflowignore: the pattern "\(a\+\)\+\$" is not applied: a repeated group/);
    assert.match(run.stdout, /kept\.py/);
    assert.doesNotMatch(run.stdout, /skipped_dag\.py/);
  });

  for (const line of ['(a+)+$', '(a*)*b', '(a|aa)+$', '((ab)*)+c', '(\\w+\\s?)+$', '(a)\\1', '.*a.*a.*a.*b', '(?=a)a', '(a{1,})+$']) {
    it(`${line}: refused`, () => assert.ok(regexpRisk(line), line));
  }

  for (const line of ['project_a', 'tenant_[\\d]', '.*_test\\.py$', '^legacy/', 'tmp/.*\\.py', 'a(bc)?d', 'x{2,3}']) {
    it(`${line}: accepted`, () => assert.equal(regexpRisk(line), undefined));
  }

  it('accepted regexps stay bounded on long paths', { timeout: 10_000 }, () => {
    const rules = parseAirflowIgnore('.*a.*b\n', 'regexp', '/dags', '/dags');
    timed(() => isIgnored(`/dags/${'a'.repeat(100)}/${'a'.repeat(250)}.py`, false, rules));
    timed(() => isIgnored(`/dags/${'a/'.repeat(2000)}x.py`, false, rules));
  });

  it('glob syntax: ** across folders, a name at any depth, a folder pattern, ! re-includes', () => {
    const rules = parseAirflowIgnore('**/*.pyc\nlegacy\nbuild/\n!legacy/keep.py\n/top_*.py\n', 'glob', '/dags', '/dags');
    const ignored = (path: string, directory = false) => isIgnored(path, directory, rules);
    assert.equal(ignored('/dags/a/b/c/x.pyc'), true);
    assert.equal(ignored('/dags/x.pyc'), true);
    assert.equal(ignored('/dags/a/legacy', true), true);
    assert.equal(ignored('/dags/legacy/keep.py'), false);
    assert.equal(ignored('/dags/build', true), true);
    assert.equal(ignored('/dags/build'), false);
    assert.equal(ignored('/dags/top_1.py'), true);
    assert.equal(ignored('/dags/sub/top_1.py'), false);
    timed(() => ignored(`/dags/${'a/'.repeat(30)}${'a'.repeat(200)}.py`));
    const hostile = parseAirflowIgnore('*a*a*a*a*a*a*a*a*b\n**/**/**/**/**/**/*.pyc\n', 'glob', '/dags', '/dags');
    timed(() => isIgnored(`/dags/${'a/'.repeat(60)}${'a'.repeat(200)}.py`, false, hostile));
  });
});
