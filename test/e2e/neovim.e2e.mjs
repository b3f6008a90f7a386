/**
 * The language server in Neovim (0.7, plain vim.lsp): neovim/test.lua attaches
 * `npx --no-install airflow-venv-lint-server --stdio` to a copy of a bad DAG and checks diagnostics,
 * the rule link and a quick fix; this file runs it and turns its exit code into a test.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';

const here = import.meta.dirname;
const root = join(here, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-e2e-neovim-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

it('Neovim: diagnostics at 0-based positions, rule link, quick fix requested, resolved and applied', () => {
  const dag = join(scratch, 'missing_requirement.py');
  cpSync(join(here, 'workspace', 'dags', 'missing_requirement.py'), dag);
  const nvim = spawnSync('nvim', ['--headless', '-u', 'NONE', '-c', `luafile ${join(here, 'neovim', 'test.lua')}`, dag], {
    cwd: scratch,
    env: { ...process.env, E2E_SERVER_CWD: root },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const output = `${nvim.stdout}${nvim.stderr}`.trim();
  console.log(output);
  assert.equal(nvim.status, 0, `nvim exited with ${nvim.status ?? nvim.signal}:\n${output}`);
  assert.match(output, /ok: VENV301 gone after the edit/);
});
