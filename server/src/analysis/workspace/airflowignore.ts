/**
 * `.airflowignore`: which files of a DAG folder Airflow never parses as DAG files.
 *
 * Read from Airflow's `airflow/utils/file.py` (`_find_path_from_directory`,
 * `_RegexpIgnoreRule`, `_GlobIgnoreRule`):
 * - each line loses `\s*#.*` (a comment), empty lines are skipped;
 * - a file's rules are its folder's plus those of every `.airflowignore` above it;
 * - a folder that matches is not entered at all;
 * - regexp syntax: `re.compile(line)`, matched with `pattern.search()` against the
 *   path relative to the walked DAG folder; an invalid pattern is skipped;
 * - glob syntax: gitignore patterns (pathspec's GitWildMatchPattern); a pattern with a
 *   `/` at the start or in the middle is relative to the `.airflowignore`'s folder,
 *   others match the name at any depth; `!` re-includes; the last match wins.
 *
 * The syntax is `[core] dag_ignore_file_syntax`: regexp in Airflow 2 (its docs,
 * `docs/apache-airflow/concepts/airflowignore.rst`: "Each line in .airflowignore specifies a
 * regular expression pattern ... Pattern.search()"; glob is opt-in from 2.3), glob by default in
 * Airflow 3 (newsfragment "Default .airflowignore syntax changed to glob"; `find_path_from_directory`
 * falls back to "glob").
 */
export type IgnoreSyntax = 'regexp' | 'glob';

export interface IgnoreRule {
  syntax: IgnoreSyntax;
  pattern: RegExp;
  /** Glob only: false for a `!` pattern (re-include). */
  include: boolean;
  /** Regexp: the walked DAG folder. Glob: the `.airflowignore`'s folder, or undefined to match the name. */
  base: string | undefined;
  /** Glob only: the pattern ends with `/`, so it matches folders only. */
  directoryOnly: boolean;
}

/** The rules one `.airflowignore` adds; `dagFolder` is the folder being walked, `folder` the file's. */
export function parseAirflowIgnore(text: string, syntax: IgnoreSyntax, dagFolder: string, folder: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s*#.*/, '').replace(/\r$/, '');
    if (!line) continue;
    if (syntax === 'regexp') {
      try {
        rules.push({ syntax, pattern: new RegExp(line), include: true, base: dagFolder, directoryOnly: false });
      } catch {
        // Airflow logs "Ignoring invalid regex" and goes on.
      }
      continue;
    }
    const rule = globRule(line.trim(), folder);
    if (rule) rules.push(rule);
  }
  return rules;
}

/** Whether `path` (absolute, `/`-separated) is ignored by `rules`. */
export function isIgnored(path: string, isDirectory: boolean, rules: readonly IgnoreRule[]): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.syntax === 'regexp') {
      if (rule.pattern.test(relativeTo(path, rule.base!))) return true;
      continue;
    }
    let candidate = rule.base === undefined ? path.slice(path.lastIndexOf('/') + 1) : relativeTo(path, rule.base);
    if (rule.directoryOnly && isDirectory) candidate += '/';
    if (rule.pattern.test(candidate)) ignored = rule.include;
  }
  return ignored;
}

function relativeTo(path: string, base: string): string {
  const prefix = base.endsWith('/') ? base : `${base}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function globRule(line: string, folder: string): IgnoreRule | undefined {
  let pattern = line;
  let include = true;
  if (pattern.startsWith('!')) {
    include = false;
    pattern = pattern.slice(1);
  }
  if (pattern === '' || pattern === '/') return undefined;
  const anchored = pattern.startsWith('/') || pattern.replace(/\/$/, '').includes('/');
  const directoryOnly = pattern.endsWith('/');
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  let source = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char === '*' && body[index + 1] === '*') {
      index++;
      if (body[index + 1] === '/') {
        index++;
        source += '(?:.*/)?';
      } else source += '.*';
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = body.indexOf(']', index + 1);
      if (close === -1) source += '\\[';
      else {
        source += `[${body.slice(index + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // A directory pattern also covers everything below it.
  const tail = directoryOnly ? '/(?:.*)?' : '(?:/.*)?';
  try {
    return { syntax: 'glob', pattern: new RegExp(`^${source}${tail}$`), include, base: anchored ? folder : undefined, directoryOnly };
  } catch {
    return undefined;
  }
}
