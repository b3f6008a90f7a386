/**
 * Installs what the end-to-end tests need, once: Debian packages (only those missing, and only as
 * root) and this folder's node_modules (code-server and playwright-core, ~300 MB, ~2.5 minutes),
 * re-installed only when package-lock.json changes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const here = import.meta.dirname;

/** Debian packages: the browser, the editor, and what code-server's native modules build against. */
const DEBIAN_PACKAGES = [
  'chromium', // driven by playwright-core; `playwright install` would download a browser
  'neovim',
  'ripgrep', // code-server's search; also seeds @vscode/ripgrep's download cache below
  'libkrb5-dev', // gssapi headers for code-server's kerberos module
];

function isInstalled(name) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.includes('install ok installed');
}

function installDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing Debian packages: ${missing.join(' ')} (run as root, or: sudo apt-get install ${missing.join(' ')})`);
  console.log(`e2e: apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '-o=Dpkg::Use-Pty=0', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which CI cannot reach; it looks in this
 * cache first (see its lib/download.js), so the archive holds the system rg instead.
 */
function seedRipgrepCache() {
  const archive = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11', 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(archive)) return;
  const rg = execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim();
  mkdirSync(dirname(archive), { recursive: true });
  execFileSync('tar', ['-czf', archive, '-C', dirname(rg), 'rg']);
}

function installNodeModules() {
  const lock = readFileSync(join(here, 'package-lock.json'));
  const stamp = join(here, 'node_modules', '.e2e-installed');
  const digest = createHash('sha256').update(lock).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  seedRipgrepCache();
  console.log('e2e: npm ci in test/e2e (code-server, playwright-core; a few minutes, once)');
  const started = Date.now();
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: here,
    stdio: 'inherit',
    // code-server's postinstall builds native modules and runs npm itself; as root it needs these.
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  writeFileSync(stamp, digest);
  console.log(`e2e: installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

export function setup() {
  installDebianPackages();
  installNodeModules();
}
