/**
 * `npm run test:e2e [-- --update-screenshots]`: installs what is missing (setup.mjs), packages the
 * real .vsix, starts the local package index (local-index.ts, 127.0.0.1 only: Build Task
 * Environment's builds), then runs the editor tests (*.e2e.mjs) with node's test runner.
 * Failures leave screenshots and logs in test/e2e/artifacts/ (the failing test prints the paths).
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setup } from './setup.mjs';

const here = import.meta.dirname;
const root = join(here, '..', '..');
const updateScreenshots = process.argv.includes('--update-screenshots');
const started = Date.now();
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;

setup();
console.log(`e2e: prerequisites ready (${seconds()})`);
const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8' });
if (packaged.status !== 0) {
  console.error(`${packaged.stdout}${packaged.stderr}\ne2e: npm run package failed (exit ${packaged.status})`);
  process.exit(1);
}
console.log(`e2e: packaged airflow-venv-lint.vsix (${seconds()})`);

/** local-index.ts in its own process (the tests below run synchronously); resolves with its URL. */
async function startIndex() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'local-index.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const timeout = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    clearTimeout(timeout);
    return { child, url: JSON.parse(line).url };
  }
  throw new Error(`e2e: the local package index did not start (exit ${child.exitCode ?? child.signalCode})`);
}
const index = await startIndex();
console.log(`e2e: local package index at ${index.url} (${seconds()})`);

const tests = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'vscode.e2e.mjs', 'neovim.e2e.mjs'], {
  cwd: here,
  stdio: 'inherit',
  env: { ...process.env, E2E_VSIX: join(root, 'airflow-venv-lint.vsix'), E2E_INDEX_URL: index.url, E2E_UPDATE_SCREENSHOTS: updateScreenshots ? '1' : '0' },
  timeout: 30 * 60_000,
});
index.child.kill('SIGTERM');
console.log(`e2e: done in ${seconds()}`);
process.exit(tests.status ?? 1);
