/** File system access for the CLI and the server (the analysis itself never touches disk). */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { SKIPPED_DIRECTORIES, type ReadResult, type WorkspaceFileSystem } from '../analysis/index.js';
import { describeError as describe, readBytes, type ReadLimits } from './guarded-file.js';
import { decodeSource, type SourceEncoding } from './source-encoding.js';

export { MAX_FILE_BYTES } from './guarded-file.js';


/** A source or requirements file's text and how it was encoded; `refused` marks the linter's own limits. */
export type SourceRead = { text: string; encoding: SourceEncoding } | { error: string; refused?: 'size' | 'kind' | 'outside' };

/** Reads a source or requirements file through the guarded reader, then decodes it (see source-encoding.ts). */
export function readSourceFile(path: string, limits: ReadLimits = {}): SourceRead {
  const read = readBytes(path, limits);
  return 'bytes' in read ? decodeSource(read.bytes) : read;
}

/** Reads a text file, refusing directories, devices, FIFOs, huge files and binary content with a reason. */
export function readTextFile(path: string, within?: string): ReadResult {
  const read = readSourceFile(path, within === undefined ? {} : { within });
  if ('text' in read) return { text: read.text };
  return read.refused ? { error: read.error, declined: true } : { error: read.error };
}

const textCache = new Map<string, { stat: Stats; result: ReadResult }>();
const TEXT_CACHE_LIMIT = 256;

const sameFile = (a: Stats, b: Stats) => a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino && a.dev === b.dev;

/**
 * readTextFile for the analysis' repeated reads (a requirements file on every keystroke):
 * re-read only when the file (through its symlinks) changed.
 */
export function readTextFileCached(path: string, within?: string): ReadResult {
  const key = `${within ?? ''}\0${path}`;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    textCache.delete(key);
    return readTextFile(path, within);
  }
  const cached = textCache.get(key);
  if (cached && sameFile(cached.stat, stat)) return cached.result;
  const result = readTextFile(path, within);
  if (textCache.size >= TEXT_CACHE_LIMIT) textCache.clear();
  textCache.set(key, { stat, result });
  return result;
}

/**
 * Files read once and kept until `clear()`: for a host that is told when files change (the
 * language server's file watchers), so that analysing on a keystroke makes no system call.
 */
export class WatchedFiles {
  private readonly cache = new Map<string, ReadResult>();

  read(path: string, within?: string): ReadResult {
    const key = `${within ?? ''}\0${path}`;
    let result = this.cache.get(key);
    if (!result) {
      result = readTextFile(path, within);
      if (this.cache.size >= TEXT_CACHE_LIMIT) this.cache.clear();
      this.cache.set(key, result);
    }
    return result;
  }

  clear(): void {
    this.cache.clear();
  }
}

export interface CollectedFiles {
  files: string[];
  errors: string[];
}

/** Expands files and directories into the `*.py` files below them, sorted. */
export function collectPythonFiles(paths: string[]): CollectedFiles {
  const files: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const walk = (directory: string, depth: number) => {
    if (depth > 64) return;
    let entries;
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      errors.push(`${directory}: cannot read directory (${describe(error)})`);
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name)) walk(path, depth + 1);
      } else if (entry.isFile() && entry.name.endsWith('.py') && !seen.has(path)) {
        seen.add(path);
        files.push(path);
      }
    }
  };
  for (const path of paths) {
    try {
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path, 0);
      else if (!seen.has(path)) {
        seen.add(path);
        files.push(path);
      }
    } catch (error) {
      errors.push(`${path}: ${describe(error)}`);
    }
  }
  return { files, errors };
}

/** The disk as the workspace index sees it: reads cached by mtime and size; `overlay` (open editors) first. */
export function diskFileSystem(overlay?: (path: string) => string | undefined): WorkspaceFileSystem {
  return {
    read: (path) => {
      const open = overlay?.(path);
      return open !== undefined ? { text: open } : readTextFileCached(path);
    },
    kind: (path) => {
      if (overlay?.(path) !== undefined) return 'file';
      try {
        const stat = statSync(path);
        return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : undefined;
      } catch {
        return undefined;
      }
    },
    list: (directory) => {
      try {
        return readdirSync(directory, { withFileTypes: true }).map((entry) => ({ name: entry.name, directory: entry.isDirectory() }));
      } catch {
        return undefined;
      }
    },
  };
}
