/** File system access for the CLI and the server (the analysis itself never touches disk). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadResult, WorkspaceFileSystem } from '../analysis/index.js';

/** Larger files are not analysed: no DAG is this big, and the editor must stay responsive. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

const SKIPPED_DIRECTORIES = new Set(['node_modules', '__pycache__', '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.mypy_cache', '.ruff_cache', 'site-packages']);

function describe(error: unknown): string {
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

/** Reads a text file, refusing directories, huge files and binary content with a reason. */
export function readTextFile(path: string): ReadResult {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { error: 'it is a directory' };
    if (stat.size > MAX_FILE_BYTES) return { error: `it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
    const bytes = readFileSync(path);
    if (bytes.includes(0)) return { error: 'it is a binary file' };
    return { text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
  } catch (error) {
    return { error: describe(error) };
  }
}

const textCache = new Map<string, { mtimeMs: number; size: number; result: ReadResult }>();
const TEXT_CACHE_LIMIT = 256;

/**
 * readTextFile for the analysis' repeated reads (a requirements file on every keystroke):
 * re-read only when the file's mtime or size changed.
 */
export function readTextFileCached(path: string): ReadResult {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    textCache.delete(path);
    return readTextFile(path);
  }
  const cached = textCache.get(path);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.result;
  const result = readTextFile(path);
  if (textCache.size >= TEXT_CACHE_LIMIT) textCache.clear();
  textCache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, result });
  return result;
}

/**
 * Files read once and kept until `clear()`: for a host that is told when files change (the
 * language server's file watchers), so that analysing on a keystroke makes no system call.
 */
export class WatchedFiles {
  private readonly cache = new Map<string, ReadResult>();

  read(path: string): ReadResult {
    let result = this.cache.get(path);
    if (!result) {
      result = readTextFile(path);
      if (this.cache.size >= TEXT_CACHE_LIMIT) this.cache.clear();
      this.cache.set(path, result);
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
