// Runs every test/**/*.test.ts with node's test runner (TypeScript through tsx).
// Extra arguments are passed to node --test (e.g. --test-name-pattern=VENV301).
import { spawnSync } from 'node:child_process';
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
// --test-force-exit: a test file whose tests have all finished ends even if a handle stays open. Once
// in a while the file of workspace protocol tests kept running after its last test, with only tsx's
// esbuild service attached, and held the whole run; results are unchanged, only the wait is cut.
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-force-exit', '--test-reporter=spec', ...process.argv.slice(2), ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
