// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx).
// Extra arguments are passed to node --test (e.g. --test-name-pattern=VENV301).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const files = [];
const walk = (directory) => {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'fixtures' && entry.name !== 'node_modules') walk(path);
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) files.push(relative(root, path));
  }
};
walk(join(root, 'test'));
files.sort();
// No --test-force-exit: it ends a test file's process with its last results still in the pipe to
// the runner, which then counted a suite cut short as passed (seen: 18 tests of test/unit/fixes.test.ts
// missing from a green run on a busy machine). A file that keeps a handle open after its last test
// (seen once: the workspace protocol tests) would hold the run instead; the watchdog below turns that
// into a failure that says so, well within CI's time.
const WATCHDOG_MINUTES = 20;
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...process.argv.slice(2), ...files], {
  cwd: root,
  stdio: 'inherit',
});
const watchdog = setTimeout(() => {
  console.error(`run-tests: still running after ${WATCHDOG_MINUTES} minutes; a test file keeps the process alive. Stopping the run.`);
  child.kill('SIGKILL');
  process.exit(1);
}, WATCHDOG_MINUTES * 60_000);
child.on('exit', (code, signal) => {
  clearTimeout(watchdog);
  process.exit(code ?? (signal ? 1 : 0));
});
