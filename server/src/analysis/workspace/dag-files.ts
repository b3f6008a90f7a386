/**
 * The DAG files of the workspace roots, as Airflow lists them: `.airflowignore` in
 * every folder (regexp or glob syntax, airflowignore.ts), hidden and tool folders
 * skipped, then the configuration's `exclude`. Read through the host's file system
 * and kept until `invalidate`.
 */
import { join, relative, resolve } from 'node:path';
import type { WorkspaceFileSystem } from '../inputs.js';
import { isIgnored, parseAirflowIgnore, type IgnoreRule, type IgnoreSyntax } from './airflowignore.js';

/** Folders no walk goes into: tools' caches, version control, installed environments (hidden ones are skipped too). */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '__pycache__', '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.mypy_cache', '.ruff_cache', 'site-packages']);

export interface DagFileOptions {
  fileSystem: WorkspaceFileSystem;
  roots: string[];
  isExcluded?: (path: string) => boolean;
  ignoreSyntax?: IgnoreSyntax | (() => IgnoreSyntax);
}

export class DagFiles {
  private dagFileList: string[] | undefined;
  /** Folder -> the rules its own `.airflowignore` adds. */
  private readonly ignoreFiles = new Map<string, IgnoreRule[]>();
  /** `.airflowignore` lines refused as too costly to match (airflowignore.ts regexpRisk). */
  readonly warnings = new Set<string>();

  constructor(private readonly options: DagFileOptions) {}

  /** A file changed, appeared or disappeared: list again, and read the `.airflowignore` files again. */
  invalidate(): void {
    this.dagFileList = undefined;
    this.ignoreFiles.clear();
  }

  /**
   * The Python files Airflow would consider DAG files below the roots: `.airflowignore`
   * honoured as Airflow does (see airflowignore.ts), then the configured `exclude`.
   */
  list(): string[] {
    this.dagFileList ??= this.listDagFiles();
    return this.dagFileList;
  }

  /** Whether Airflow skips `path` (below one of the roots) when it looks for DAG files (`.airflowignore`). */
  ignoredByAirflow(path: string): boolean {
    const absolute = resolve(path);
    const root = this.options.roots.find((candidate) => isInside(absolute, candidate));
    if (!root) return false;
    const parts = relative(root, absolute).split(/[\\/]/).filter(Boolean);
    let rules: IgnoreRule[] = [];
    let folder = root;
    for (const [index, part] of parts.entries()) {
      rules = [...rules, ...this.ignoreRulesIn(folder, root)];
      const next = join(folder, part);
      if (isIgnored(slashed(next), index < parts.length - 1, rules)) return true;
      folder = next;
    }
    return false;
  }

  private ignoreRulesIn(folder: string, root: string): IgnoreRule[] {
    let rules = this.ignoreFiles.get(folder);
    if (!rules) {
      const syntax = typeof this.options.ignoreSyntax === 'function' ? this.options.ignoreSyntax() : (this.options.ignoreSyntax ?? 'regexp');
      const path = join(folder, '.airflowignore');
      const read = this.options.fileSystem.kind(path) === 'file' ? this.options.fileSystem.read(path) : undefined;
      const refused = (line: string, reason: string) => this.warnings.add(`${path}: the pattern ${JSON.stringify(line)} is not applied: ${reason}`);
      rules = read && 'text' in read ? parseAirflowIgnore(read.text, syntax, slashed(root), slashed(folder), refused) : [];
      this.ignoreFiles.set(folder, rules);
    }
    return rules;
  }

  private listDagFiles(): string[] {
    const files: string[] = [];
    const seen = new Set<string>();
    for (const root of this.options.roots) {
      const walk = (folder: string, inherited: IgnoreRule[], depth: number) => {
        if (depth > 64 || seen.has(folder)) return;
        seen.add(folder);
        const entries = this.options.fileSystem.list(folder);
        if (!entries) return;
        const rules = [...inherited, ...this.ignoreRulesIn(folder, root)];
        for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
          const path = join(folder, entry.name);
          if (entry.directory) {
            if (entry.name.startsWith('.') || SKIPPED_DIRECTORIES.has(entry.name) || isIgnored(slashed(path), true, rules)) continue;
            walk(path, rules, depth + 1);
          } else if (entry.name.endsWith('.py') && !isIgnored(slashed(path), false, rules) && !this.options.isExcluded?.(path)) {
            files.push(path);
          }
        }
      };
      walk(root, [], 0);
    }
    return files;
  }
}

export function slashed(path: string): string {
  return path.split('\\').join('/');
}

export function isInside(path: string, folder: string): boolean {
  const prefix = folder.endsWith('/') || folder.endsWith('\\') ? folder : `${folder}/`;
  return slashed(path).startsWith(slashed(prefix));
}
