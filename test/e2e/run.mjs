/**
 * `npm run test:e2e [-- --update-screenshots]`: installs what is missing (setup.mjs), packages the
 * real .vsix, then runs the editor tests (*.e2e.mjs) with node's test runner.
 * Failures leave screenshots and logs in test/e2e/artifacts/ (the failing test prints the paths).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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

const tests = spawnSync(process.execPath, ['--test', '--test-reporter=spec', 'vscode.e2e.mjs', 'neovim.e2e.mjs'], {
  cwd: here,
  stdio: 'inherit',
  env: { ...process.env, E2E_VSIX: join(root, 'airflow-venv-lint.vsix'), E2E_UPDATE_SCREENSHOTS: updateScreenshots ? '1' : '0' },
});
console.log(`e2e: done in ${seconds()}`);
process.exit(tests.status ?? 1);
