/** `exclude` patterns of [tool.airflow-venv-lint]: which files the CLI and the workspace index skip. */

/** Does `path` (relative to the configuration's folder) match one of the `exclude` globs? */
export function isExcluded(relativePath: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return false;
  const path = relativePath.split('\\').join('/');
  return patterns.some((pattern) => globToRegExp(pattern).test(path));
}

/** `**` any folders, `*` any characters but `/`, `?` one; a pattern without `/` matches any path segment. */
function globToRegExp(pattern: string): RegExp {
  const trimmed = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  let body = '';
  for (let index = 0; index < trimmed.length; index++) {
    const char = trimmed[index]!;
    if (char === '*' && trimmed[index + 1] === '*') {
      body += '.*';
      index++;
      if (trimmed[index + 1] === '/') index++;
    } else if (char === '*') body += '[^/]*';
    else if (char === '?') body += '[^/]';
    else body += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return trimmed.includes('/') ? new RegExp(`^${body}(/.*)?$`) : new RegExp(`(^|/)${body}(/.*)?$`);
}
