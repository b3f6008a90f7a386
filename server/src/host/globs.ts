/** `exclude` patterns of [tool.airflow-venv-lint]: which files the CLI and the workspace index skip. */
import { compileGlob, matchGlob, type Glob } from '../analysis/index.js';

const compiled = new Map<string, { glob: Glob; anchored: boolean }>();

/**
 * Does `path` (relative to the configuration's folder) match one of the `exclude` globs? `**` as a
 * whole segment is any folders, `*` any characters but `/`, `?` one; a pattern without `/` matches a
 * name at any depth; a matched folder covers everything below it. Matched segment by segment in
 * polynomial time (analysis/workspace/glob.ts), the same matcher as `.airflowignore` globs.
 */
export function isExcluded(relativePath: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return false;
  const segments = relativePath.split('\\').join('/').split('/').filter(Boolean);
  return patterns.some((pattern) => {
    let entry = compiled.get(pattern);
    if (!entry) {
      const trimmed = pattern.replace(/^\.\//, '').replace(/\/$/, '');
      entry = trimmed.includes('/') ? { glob: compileGlob(trimmed), anchored: true } : { glob: compileGlob(`**/${trimmed}`), anchored: false };
      if (compiled.size > 10_000) compiled.clear();
      compiled.set(pattern, entry);
    }
    return matchGlob(entry.glob, segments, true, 1);
  });
}
