/**
 * The one guarded way the CLI and the server read and write files (DAGs, requirements and
 * constraints files, pyproject.toml, pip.conf, the index cache). A repository is untrusted
 * input, so a path may name a FIFO (a read blocks forever), `/dev/zero` (a read never ends), a
 * symlink out of the project, or a file far larger than any DAG (reliability audit H1, C2, X3, D1).
 *
 * Reading: regular files only (stat, then fstat of the opened descriptor), opened non-blocking,
 * a size cap checked on the descriptor, never more than cap + 1 bytes read, and optionally the
 * real path kept inside a folder. Writing: a temporary file in the same folder, fsync, rename
 * over the original (its mode kept); on any error the original is untouched.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, constants, fsyncSync, fstatSync, openSync, readSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';

/** Larger files are not analysed: no DAG is this big, and the editor must stay responsive. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface ReadLimits {
  /** The size cap in bytes (default MAX_FILE_BYTES). */
  maxBytes?: number;
  /** When given, the file's real path must lie inside this folder's real path. */
  within?: string;
}

/** Why a read was refused: `refused` marks the linter's own limits (not the file's absence). */
export type BytesResult = { bytes: Buffer } | { error: string; refused?: 'size' | 'kind' | 'outside' };

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${bytes} bytes`;
}

/** Whether `path` is `folder` or below it (both real paths). */
export function isInside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** Whether `path`'s real path lies inside `folder`'s (false when either cannot be resolved). */
export function insideFolder(path: string, folder: string): boolean {
  try {
    return isInside(realpathSync(path), realpathSync(folder));
  } catch {
    return false;
  }
}

/** Reads at most maxBytes + 1 bytes of a regular file; see the module comment for the checks. */
export function readBytes(path: string, limits: ReadLimits = {}): BytesResult {
  const maxBytes = limits.maxBytes ?? MAX_FILE_BYTES;
  let fd: number | undefined;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { error: 'it is a directory' }; // not the linter's limit: Airflow cannot read it either
    if (!stat.isFile()) return { error: 'it is not a regular file', refused: 'kind' };
    if (stat.size > maxBytes) return { error: `it is larger than ${megabytes(maxBytes)}`, refused: 'size' };
    let real: string | undefined;
    if (limits.within !== undefined) {
      real = realpathSync(path);
      if (!isInside(real, realpathSync(limits.within))) return { error: 'it points outside the DAG folder', refused: 'outside' };
    }
    // O_NONBLOCK: a FIFO swapped in after the stat cannot block the open; fstat then refuses it.
    fd = openSync(real ?? path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
    const opened = fstatSync(fd);
    if (!opened.isFile()) return { error: 'it is not a regular file', refused: 'kind' };
    if (real !== undefined && (opened.ino !== stat.ino || opened.dev !== stat.dev)) return { error: 'it changed while being read', refused: 'kind' };
    if (opened.size > maxBytes) return { error: `it is larger than ${megabytes(maxBytes)}`, refused: 'size' };
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, opened.size + 1));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        // The file grew since the fstat: read on, but never past the cap + 1.
        if (total > maxBytes) return { error: `it is larger than ${megabytes(maxBytes)}`, refused: 'size' };
        return readGrowing(fd, buffer, maxBytes);
      }
      const count = readSync(fd, buffer, total, buffer.length - total, null);
      if (count === 0) break;
      total += count;
    }
    return { bytes: buffer.subarray(0, total) };
  } catch (error) {
    return { error: describeError(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readGrowing(fd: number, start: Buffer, maxBytes: number): BytesResult {
  const buffer = Buffer.alloc(maxBytes + 1);
  start.copy(buffer);
  let total = start.length;
  while (total < buffer.length) {
    const count = readSync(fd, buffer, total, buffer.length - total, null);
    if (count === 0) return { bytes: buffer.subarray(0, total) };
    total += count;
  }
  return { error: `it is larger than ${megabytes(maxBytes)}`, refused: 'size' };
}

/** readBytes decoded as UTF-8 (for configuration, constraints and cache files). */
export function readUtf8(path: string, limits: ReadLimits = {}): { text: string } | { error: string; refused?: 'size' | 'kind' | 'outside' } {
  const read = readBytes(path, limits);
  return 'bytes' in read ? { text: read.bytes.toString('utf8') } : read;
}

export interface WriteHooks {
  /** Create the file when it does not exist yet (cache entries). */
  create?: boolean;
  /** Replaces fs.writeSync (tests simulate a full disk with it). */
  writeSync?: (fd: number, data: Buffer, offset: number, length: number) => number;
}

/**
 * Replaces the file at `path` (through a symlink: its target) with `data`: a temporary file in the
 * same folder, fsync, rename. The original is untouched on any error, and the error is returned.
 */
export function writeFileAtomic(path: string, data: Buffer, hooks: WriteHooks = {}): { error: string } | undefined {
  let target: string;
  let mode: number;
  try {
    target = realpathSync(path);
    const stat = statSync(target);
    if (!stat.isFile()) return { error: 'it is not a regular file' };
    mode = stat.mode & 0o7777;
  } catch (error) {
    if (!hooks.create || (error as NodeJS.ErrnoException).code !== 'ENOENT') return { error: describeError(error) };
    target = path;
    mode = 0o644;
  }
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    const write = hooks.writeSync ?? ((descriptor: number, buffer: Buffer, offset: number, length: number) => writeSync(descriptor, buffer, offset, length));
    for (let offset = 0; offset < data.length; ) offset += write(fd, data, offset, data.length - offset);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    chmodSync(temporary, mode);
    renameSync(temporary, target);
    return undefined;
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
    return { error: describeError(error) };
  }
}
