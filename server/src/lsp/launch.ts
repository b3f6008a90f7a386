/**
 * The language server's entry point (dist/server.mjs, which the extension, the
 * `airflow-venv-lint-server` bin and the wheel start): runs the bundled server
 * (server-main.cjs) with a V8 code cache, so that a start after the first compiles little of it
 * (a cold start ~30 ms shorter, of ~240). The cache is one file in `<cache>/code-cache/`, a folder
 * only this user can write, made a few seconds after a start that had none (by then the first
 * documents were analysed, so the code that ran is in it). V8 refuses a cache made for other code,
 * another Node.js or other flags; the server then compiles as usual and the cache is made again.
 * `AIRFLOW_VENV_LINT_CODE_CACHE=off` runs without one, as does a Node.js too old to run cached code
 * that imports modules (before 20.12).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { defaultCacheDirectory } from '../host/cache-directory.js';
import { writeFileAtomic } from '../host/guarded-file.js';

/** How long after a start without a usable cache one is made. */
const WRITE_AFTER_MS = 3000;

const bundle = join(dirname(fileURLToPath(import.meta.url)), 'server-main.cjs');
const load = createRequire(bundle);
const report = process.env.AIRFLOW_VENV_LINT_CODE_CACHE === 'report' ? (line: string) => process.stderr.write(`code cache: ${line}\n`) : () => undefined;

// Undefined before Node.js 20.12 (types say it is always there).
const loader = (vm.constants as Partial<typeof vm.constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
if (loader === undefined || process.env.AIRFLOW_VENV_LINT_CODE_CACHE === 'off') {
  report(loader === undefined ? 'not used: this Node.js cannot run cached code that imports' : 'not used: turned off');
  load(bundle);
} else {
  const file = cacheFile();
  if (file === undefined) load(bundle);
  else run(file, loader);
}

function run(cache: string, importModuleDynamically: typeof vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER): void {
  const cachedData = readCache(cache);
  // The wrapper Node.js puts around a CommonJS module, on the bundle's first line (positions hold).
  const source = `(function (exports, require, module, __filename, __dirname) { ${readFileSync(bundle, 'utf8')}\n})`;
  const script = new vm.Script(source, { filename: bundle, cachedData, importModuleDynamically });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  report(accepted ? 'accepted' : cachedData ? 'rejected' : 'none');
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, load, module, bundle, dirname(bundle));
  module.loaded = true;
  if (accepted) return;
  setTimeout(() => {
    // A new file (one others could write would keep its mode through an atomic rewrite).
    try {
      unlinkSync(cache);
    } catch {
      // none there
    }
    const failed = writeFileAtomic(cache, script.createCachedData(), { create: true });
    report(failed ? `not written: ${failed.error}` : 'written');
    if (!failed) removeOthers(cache);
  }, WRITE_AFTER_MS).unref();
}

/**
 * The cache file for this bundle and this Node.js, in a folder this user owns and nobody else can
 * write (V8 runs what the file holds); undefined when there is no such folder.
 */
function cacheFile(): string | undefined {
  try {
    const directory = join(defaultCacheDirectory(), 'code-cache');
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    // The folder is this user's alone; the one above may be shared with the user's group (a umask
    // of 002), which can rename the folder but cannot put a file in it.
    for (const [folder, othersMayWrite] of [[directory, 0o022], [dirname(directory), 0o002]] as const) {
      if (!ownedPrivately(statSync(folder), othersMayWrite)) {
        report(`not used: ${folder} can be written by others`);
        return undefined;
      }
    }
    const { size, mtimeMs } = statSync(bundle);
    // Named by the installation first (the extension's and the bin's servers keep one each).
    return join(directory, `${installation()}-${size}-${Math.trunc(mtimeMs)}-${process.versions.v8}-${process.arch}.bin`);
  } catch (error) {
    report(`not used: ${(error as Error).message}`);
    return undefined;
  }
}

function ownedPrivately(stat: Stats, writableBits: number): boolean {
  return (stat.mode & writableBits) === 0 && (process.getuid === undefined || stat.uid === process.getuid());
}

/** The cache file, if it is this user's and nobody else can write it. */
function readCache(cache: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(cache, 'r');
    if (!ownedPrivately(fstatSync(fd), 0o022)) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function installation(): string {
  return `server-${createHash('sha256').update(bundle).digest('hex').slice(0, 12)}`;
}

/** This installation's caches of an earlier bundle or another Node.js: each start would only refuse them. */
function removeOthers(cache: string): void {
  try {
    const directory = dirname(cache);
    const prefix = `${installation()}-`;
    for (const name of readdirSync(directory)) {
      if (name.startsWith(prefix) && name.endsWith('.bin') && join(directory, name) !== cache) unlinkSync(join(directory, name));
    }
  } catch {
    // Another server may be removing the same files; what is left is refused and replaced later.
  }
}
