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
import { compileGlob, matchGlob, type Glob } from './glob.js';

export type IgnoreSyntax = 'regexp' | 'glob';

export type IgnoreRule = RegexpRule | GlobRule;

interface RegexpRule {
  syntax: 'regexp';
  pattern: RegExp;
  base: string;
}

interface GlobRule {
  syntax: 'glob';
  glob: Glob;
  /** Glob only: false for a `!` pattern (re-include). */
  include: boolean;
  /** Regexp: the walked DAG folder. Glob: the `.airflowignore`'s folder, or undefined to match the name. */
  base: string | undefined;
  /** Glob only: the pattern ends with `/`, so it matches folders only. */
  directoryOnly: boolean;
}

/**
 * Regexp lines are run by a backtracking engine (V8's, as Airflow runs Python's `re`), so a line
 * that can take exponential or high-polynomial time is refused with a warning instead (audit H3:
 * `(a+)+$` never returned): a quantified group holding a quantifier or an alternation, a
 * backreference or lookaround, more than two unbounded quantifiers. Paths longer than
 * MAX_REGEXP_PATH are not tested (with two quantifiers the cost is at most about length^3).
 */
export const MAX_REGEXP_PATH = 512;

export function regexpRisk(line: string): string | undefined {
  if (/\\[1-9]|\(\?P=|\\k<|\(\?<?[=!]/.test(line)) return 'it uses a backreference or a lookaround';
  const groups: { risky: boolean }[] = [];
  let unbounded = 0;
  let lastGroupRisky = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index]!;
    const quantifier = char === '*' || char === '+' || char === '?' || (char === '{' && /^\{\d*,?\d*\}/.test(line.slice(index)));
    if (char === '\\') {
      index++;
      lastGroupRisky = false;
    } else if (char === '[') {
      const close = line.indexOf(']', index + 2);
      index = close === -1 ? line.length : close;
      lastGroupRisky = false;
    } else if (char === '(') groups.push({ risky: false });
    else if (char === ')') {
      lastGroupRisky = groups.pop()?.risky ?? false;
      if (lastGroupRisky && groups.length > 0) groups.at(-1)!.risky = true;
    }
    else if (char === '|' && groups.length > 0) groups.at(-1)!.risky = true;
    else if (quantifier) {
      if (lastGroupRisky && char !== '?') return 'a repeated group holds a repetition or an alternation (catastrophic backtracking)';
      if (char === '*' || char === '+' || (char === '{' && /^\{\d*,\}/.test(line.slice(index)))) unbounded++;
      if (groups.length > 0) groups.at(-1)!.risky = true;
      if (char === '{') index = line.indexOf('}', index);
      lastGroupRisky = false;
      continue;
    } else lastGroupRisky = false;
    if (char !== ')') lastGroupRisky = false;
  }
  return unbounded > 2 ? 'it has more than two unbounded repetitions (polynomial backtracking)' : undefined;
}

/** The rules one `.airflowignore` adds; `dagFolder` is the folder being walked, `folder` the file's. Refused lines go to `refused`. */
export function parseAirflowIgnore(text: string, syntax: IgnoreSyntax, dagFolder: string, folder: string, refused?: (line: string, reason: string) => void): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s*#.*/, '').replace(/\r$/, '');
    if (!line) continue;
    if (syntax === 'regexp') {
      const risk = regexpRisk(line);
      if (risk) {
        refused?.(line, risk);
        continue;
      }
      try {
        rules.push({ syntax, pattern: new RegExp(line), base: dagFolder });
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
      const relative = relativeTo(path, rule.base);
      if (relative.length <= MAX_REGEXP_PATH && rule.pattern.test(relative)) return true;
      continue;
    }
    const segments = (rule.base === undefined ? path.slice(path.lastIndexOf('/') + 1) : relativeTo(path, rule.base)).split('/');
    // A matched folder covers everything below it; a `dir/` pattern matches folders only.
    const below = segments.length > 1 && matchGlob(rule.glob, segments.slice(0, -1), true, 1);
    const itself = (!rule.directoryOnly || isDirectory) && matchGlob(rule.glob, segments);
    if (below || itself) ignored = rule.include;
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
  return { syntax: 'glob', glob: compileGlob(body), include, base: anchored ? folder : undefined, directoryOnly };
}
