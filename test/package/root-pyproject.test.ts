/**
 * The root pyproject.toml exists for pre-commit's `language: python` hooks (`pip install .`). The
 * linter walks up to the nearest pyproject.toml with a [tool.airflow-venv-lint] table, so this one,
 * without the table, must change nothing it reports: examples/ and test/fixtures lint the same in
 * the repository as in a copy with no pyproject.toml above it.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { parse } from 'smol-toml';
import { root, run, VERSION } from '../support/packaging.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-root-pyproject-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

it('pins the airflow-venv-lint wheel of this version, under another name, and configures no linting', () => {
  const pyproject = parse(readFileSync(join(root, 'pyproject.toml'), 'utf8')) as { project: { name: string; version: string; dependencies: string[] }; tool: Record<string, unknown> };
  assert.equal(pyproject.project.version, VERSION);
  assert.deepEqual(pyproject.project.dependencies, [`airflow-venv-lint==${VERSION}`]);
  assert.notEqual(pyproject.project.name, 'airflow-venv-lint');
  assert.equal(pyproject.tool['airflow-venv-lint'], undefined, 'a [tool.airflow-venv-lint] table here would configure examples/ and test/fixtures');
});

it('changes nothing the CLI reports on examples/ and test/fixtures', { timeout: 120_000 }, () => {
  cpSync(join(root, 'examples'), join(scratch, 'examples'), { recursive: true });
  cpSync(join(root, 'test', 'fixtures'), join(scratch, 'test', 'fixtures'), { recursive: true });
  const cli = join(root, 'server', 'bin', 'airflow-venv-lint.js');
  const lint = (cwd: string) => run(process.execPath, [cli, '--format', 'json', '--exit-zero', 'examples/', 'test/fixtures/'], { cwd });
  const inRepository = lint(root);
  const elsewhere = lint(scratch);
  assert.equal(inRepository.status, 0, inRepository.output);
  assert.equal(elsewhere.status, 0, elsewhere.output);
  assert.ok((JSON.parse(inRepository.stdout) as unknown[]).length > 300, 'the fixtures have findings');
  assert.equal(inRepository.stdout, elsewhere.stdout);
});
