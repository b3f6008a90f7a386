/** [tool.airflow-venv-lint] in pyproject.toml: keys, types, positions of problems, look-up and precedence. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isExcluded } from '../../server/src/host/globs.js';
import { ConfigResolver, mergeConfig, readProjectConfig } from '../../server/src/host/project-config.js';

const problems = (text: string) => readProjectConfig('/p/pyproject.toml', text).findings.map((finding) => {
  const range = finding.span.source.lines.range(finding.span.start, finding.span.end);
  return `${finding.code}@${range.start.line}:${range.start.character}-${range.end.character} ${finding.message}`;
});

describe('readProjectConfig', () => {
  it('reads every key', () => {
    const { config, findings } = readProjectConfig('/p/pyproject.toml', [
      '[project]',
      'name = "dags"',
      '[tool.airflow-venv-lint]',
      'airflow-version = "3"',
      'python-version = "3.12"',
      'select = ["VENV1", "VENV301"]',
      'ignore = ["VENV401"]',
      'pin-policy = "compatible"',
      'first-party = ["common"]',
      'constraints-file = "constraints/constraints-3.12.txt"',
      'index-url = "https://pypi.example.com/simple"',
      'offline = true',
      'exclude = ["legacy/**"]',
      '[tool.airflow-venv-lint.severity]',
      'VENV201 = "info"',
      '[tool.airflow-venv-lint.import-map]',
      'acme_sdk = "acme-python-sdk"',
    ].join('\n'));
    assert.deepEqual(findings, []);
    assert.deepEqual(config, {
      airflowVersion: '3',
      pythonVersion: '3.12',
      select: ['VENV1', 'VENV301'],
      ignore: ['VENV401'],
      pinPolicy: 'compatible',
      firstParty: ['common'],
      constraintsFile: '/p/constraints/constraints-3.12.txt',
      indexUrl: 'https://pypi.example.com/simple',
      offline: true,
      exclude: ['legacy/**'],
      severity: { VENV201: 'info' },
      importMap: { acme_sdk: 'acme-python-sdk' },
    });
  });

  it('reports unknown keys and wrong types at the key, with a suggestion', () => {
    assert.deepEqual(problems('[tool.airflow-venv-lint]\nignores = ["VENV401"]\nairflow-version = "2.9"\n  offline = "yes"\n'), [
      'VENV001@1:0-7 Unknown key "ignores" in [tool.airflow-venv-lint]: it is ignored. Did you mean "ignore"?',
      'VENV001@2:0-15 "airflow-version" must be "auto", "1.10", "2" or "3"; got "2.9". The key is ignored.',
      'VENV001@3:2-9 "offline" must be true or false; got "yes". The key is ignored.',
    ]);
  });

  it('reports invalid TOML where it breaks, but only when the file configures us', () => {
    assert.deepEqual(problems('[tool.airflow-venv-lint]\nselect = [\n'), [
      'VENV001@2:0-0 /p/pyproject.toml is not valid TOML (line 3, column 1: invalid value); the configuration is ignored until it parses.',
    ]);
    assert.deepEqual(problems('[tool.black\nline-length = 1\n'), []);
  });

  it('rejects unknown rule codes and severities', () => {
    const found = problems('[tool.airflow-venv-lint]\nselect = ["VENV999"]\nseverity = { VENV201 = "fatal" }\n');
    assert.equal(found.length, 2);
    assert.match(found[0]!, /unknown rule codes: VENV999/);
    assert.match(found[1]!, /VENV201 = "fatal"/);
  });
});

describe('ConfigResolver', () => {
  const root = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('uses the nearest pyproject.toml that has the table, walking up', () => {
    mkdirSync(join(root, 'repo', 'dags', 'team'), { recursive: true });
    writeFileSync(join(root, 'repo', 'pyproject.toml'), '[tool.airflow-venv-lint]\npython-version = "3.11"\n');
    writeFileSync(join(root, 'repo', 'dags', 'pyproject.toml'), '[tool.black]\nline-length = 100\n');
    const resolver = new ConfigResolver();
    const found = resolver.forFile(join(root, 'repo', 'dags', 'team', 'dag.py'));
    assert.equal(found.path, join(root, 'repo', 'pyproject.toml'));
    assert.equal(found.config.pythonVersion, '3.11');
    assert.equal(resolver.forFile(join(tmpdir(), 'nowhere', 'x.py')).path, undefined);
  });

  it('sees a changed file after clear()', () => {
    const resolver = new ConfigResolver();
    const dag = join(root, 'repo', 'dags', 'team', 'dag.py');
    assert.equal(resolver.forFile(dag).config.pythonVersion, '3.11');
    writeFileSync(join(root, 'repo', 'pyproject.toml'), '[tool.airflow-venv-lint]\npython-version = "3.12"\n# changed\n');
    resolver.clear();
    assert.equal(resolver.forFile(dag).config.pythonVersion, '3.12');
  });
});

describe('precedence and exclude', () => {
  it('later configurations override earlier ones key by key', () => {
    assert.deepEqual(mergeConfig({ pythonVersion: '3.10', select: ['VENV1'] }, { pythonVersion: undefined, ignore: ['VENV401'] }, { select: ['VENV3'] }), {
      pythonVersion: '3.10',
      select: ['VENV3'],
      ignore: ['VENV401'],
    });
  });

  it('matches exclude globs against paths relative to the configuration', () => {
    assert.equal(isExcluded('legacy/old_dag.py', ['legacy/**']), true);
    assert.equal(isExcluded('dags/legacy/old_dag.py', ['legacy']), true);
    assert.equal(isExcluded('dags/etl.py', ['legacy/**', '*_test.py']), false);
    assert.equal(isExcluded('dags/etl_test.py', ['*_test.py']), true);
  });
});

describe('airflow-version auto', () => {
  it('takes a pinned apache-airflow from the project dependencies; an explicit key wins', () => {
    const pinned = readProjectConfig('/nowhere/pyproject.toml', '[project]\ndependencies = ["apache-airflow[google]==3.0.2", "pandas"]\n[tool.airflow-venv-lint]\n');
    assert.equal(pinned.config.airflowVersion, '3');
    const explicit = readProjectConfig('/nowhere/pyproject.toml', '[project]\ndependencies = ["apache-airflow==3.0.2"]\n[tool.airflow-venv-lint]\nairflow-version = "2"\n');
    assert.equal(explicit.config.airflowVersion, '2');
  });
});
