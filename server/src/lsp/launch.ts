/**
 * The language server's entry point (dist/server.mjs, which the extension, the
 * `airflow-venv-lint-server` bin and the wheel start): runs the bundled server
 * (server-main.cjs) with a V8 code cache, so that a start after the first compiles little of it
 * (a cold start ~30 ms shorter, of ~240). The cache is one file in `<cache>/code-cache/`, a folder
 * only this user can write, made a few seconds after a start that had none (by then the first
 * documents were analysed, so the code that ran is in it). V8 refuses a cache made for other code,
 * another Node.js or other flags; the server then compiles as usual and the cache is made again.
 * `AIRFLOW_VENV_LINT_CODE_CACHE=off` runs without one, as do Windows (see below) and a Node.js too
 * old to run cached code that imports modules (before 20.12); `=report` says on stderr what it did.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, utimesSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { defaultCacheDirectory } from '../host/cache-directory.js';
import { writeFileAtomic } from '../host/guarded-file.js';

/** How long after a start without a usable cache one is made. */
const WRITE_AFTER_MS = 3000;
/** Caches of other installations (an extension's earlier versions, other copies) unused this long are removed. */
const UNUSED_MS = 30 * 24 * 60 * 60 * 1000;

const bundle = join(dirname(fileURLToPath(import.meta.url)), 'server-main.cjs');
/** The first part of this installation's cache names (the extension's and the bin's servers keep one each). */
const installation = `server-${createHash('sha256').update(bundle).digest('hex').slice(0, 12)}`;
const load = createRequire(bundle);
const report = process.env.AIRFLOW_VENV_LINT_CODE_CACHE === 'report' ? (line: string) => process.stderr.write(`code cache: ${line}\n`) : () => undefined;

// Undefined before Node.js 20.12 (types say it is always there).
const loader = (vm.constants as Partial<typeof vm.constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
if (loader === undefined || process.env.AIRFLOW_VENV_LINT_CODE_CACHE === 'off' || process.platform === 'win32') {
  // Windows reports every writable folder as writable by all: who else can write the cache's folder
  // is not told by its mode there, so no cache is read.
  report(loader === undefined ? 'not used: this Node.js cannot run cached code that imports' : process.platform === 'win32' ? 'not used on Windows' : 'not used: turned off');
  load(bundle);
} else {
  // Named by the bundle's content: V8 compares only a source's length with the cache's, so a bundle
  // replaced by one of the same size (an update copied with its times kept) would run the old code.
  const text = readFileSync(bundle);
  const file = cacheFile(createHash('sha256').update(text).digest('hex').slice(0, 20));
  if (file === undefined) load(bundle);
  else run(file, text.toString('latin1'), loader);
}

function run(cache: string, bundleText: string, importModuleDynamically: typeof vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER): void {
  const cachedData = readCache(cache);
  // The wrapper Node.js puts around a CommonJS module, on the bundle's first line (lines hold). The
  // bundle is ASCII (scripts/build.mjs), so its bytes are its characters.
  const source = `(function (exports, require, module, __filename, __dirname) { ${bundleText}\n})`;
  const script = new vm.Script(source, { filename: bundle, cachedData, importModuleDynamically });
  const accepted = cachedData !== undefined && !script.cachedDataRejected;
  report(accepted ? 'accepted' : cachedData ? 'rejected' : 'none');
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, load, module, bundle, dirname(bundle));
  module.loaded = true;
  if (accepted) {
    // Marks it used, for the clean-up of caches nobody uses any more (removeUnused).
    try {
      utimesSync(cache, new Date(), new Date());
    } catch {
      // read-only: left as it is
    }
    return;
  }
  setTimeout(() => {
    // A new file (one others could write would keep its mode through an atomic rewrite).
    try {
      unlinkSync(cache);
    } catch {
      // none there
    }
    const failed = writeFileAtomic(cache, script.createCachedData(), { create: true });
    report(failed ? `not written: ${failed.error}` : 'written');
    if (!failed) removeUnused(cache);
  }, WRITE_AFTER_MS).unref();
}

/**
 * The cache file for this bundle and this Node.js, in a folder this user owns and nobody else can
 * write (V8 runs what the file holds); undefined when there is no such folder.
 */
function cacheFile(contentHash: string): string | undefined {
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
    return join(directory, `${installation}-${contentHash}-${process.versions.v8}-${process.arch}.bin`);
  } catch (error) {
    report(`not used: ${(error as Error).message}`);
    return undefined;
  }
}

function ownedPrivately(stat: Stats, writableBits: number): boolean {
  return (stat.mode & writableBits) === 0 && (process.getuid === undefined || stat.uid === process.getuid());
}

/** The cache file, if it is a regular file of this user's that nobody else can write. */
function readCache(cache: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    // Non-blocking: a FIFO put in its place must not hold the start.
    fd = openSync(cache, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile() || !ownedPrivately(stat, 0o022)) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * This installation's caches of an earlier bundle or another Node.js (each start would only refuse
 * them), and other installations' caches unused for UNUSED_MS (an extension's earlier versions).
 */
function removeUnused(cache: string): void {
  try {
    const directory = dirname(cache);
    const prefix = `${installation}-`;
    const now = Date.now();
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (!name.startsWith('server-') || !name.endsWith('.bin') || path === cache) continue;
      if (name.startsWith(prefix) || now - statSync(path).mtimeMs > UNUSED_MS) unlinkSync(path);
    }
  } catch {
    // Another server may be removing the same files; what is left is refused and replaced later.
  }
}
