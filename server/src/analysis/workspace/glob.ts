/**
 * One glob implementation for `exclude` and `.airflowignore` glob syntax, matched segment by
 * segment instead of compiled to a backtracking regex (reliability audit H4: `*a*a*a*a*a*a*b`
 * against a 200-character name never returned; W2: `**\/test_*.py` also matched `mytest_x.py`).
 *
 * `**` as a whole segment is any number of folders (zero included); elsewhere it is `*`. `*` is
 * any characters but `/`, `?` one, `[abc]` / `[!abc]` / `[a-z]` a class. Within a segment the
 * wildcard match backtracks only to the last `*` (O(name x pattern)); across segments a table of
 * (pattern segment, path segment) pairs is filled at most once each (O(segments^2)).
 */

type Token = { kind: 'literal'; char: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negated: boolean; items: (string | [string, string])[] };

/** A compiled segment: `**`, or the tokens of one name pattern. */
type Segment = 'globstar' | Token[];

export interface Glob {
  segments: Segment[];
}

export function compileGlob(pattern: string): Glob {
  const segments = pattern.split('/').filter((part, index, parts) => part !== '' || (index > 0 && index < parts.length - 1));
  const compiled: Segment[] = [];
  for (const segment of segments) {
    if (segment === '**') {
      if (compiled.at(-1) !== 'globstar') compiled.push('globstar');
    } else compiled.push(tokens(segment));
  }
  return { segments: compiled };
}

function tokens(segment: string): Token[] {
  const result: Token[] = [];
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index]!;
    if (char === '*') {
      if (result.at(-1)?.kind !== 'star') result.push({ kind: 'star' });
    } else if (char === '?') result.push({ kind: 'any' });
    else if (char === '[') {
      const close = segment.indexOf(']', index + 2);
      if (close === -1) {
        result.push({ kind: 'literal', char });
        continue;
      }
      let body = segment.slice(index + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      const items: (string | [string, string])[] = [];
      for (let at = 0; at < body.length; at++) {
        if (body[at + 1] === '-' && at + 2 < body.length) {
          items.push([body[at]!, body[at + 2]!]);
          at += 2;
        } else items.push(body[at]!);
      }
      result.push({ kind: 'class', negated, items });
      index = close;
    } else if (char === '\\' && index + 1 < segment.length) {
      result.push({ kind: 'literal', char: segment[++index]! });
    } else result.push({ kind: 'literal', char });
  }
  return result;
}

function matchesOne(token: Token, char: string): boolean {
  switch (token.kind) {
    case 'literal':
      return token.char === char;
    case 'any':
      return true;
    case 'class': {
      const hit = token.items.some((item) => (typeof item === 'string' ? item === char : item[0] <= char && char <= item[1]));
      return hit !== token.negated;
    }
    default:
      return false;
  }
}

/** Wildcard match of one name: the classic two-pointer algorithm, backtracking to the last star only. */
export function matchSegment(pattern: Token[], name: string): boolean {
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    const token = pattern[p];
    if (token && token.kind !== 'star' && matchesOne(token, name[n]!)) {
      p++;
      n++;
    } else if (token?.kind === 'star') {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (pattern[p]?.kind === 'star') p++;
  return p === pattern.length;
}

/**
 * Whether the glob matches the path's segments. With `prefix`, matching a leading part of the
 * path is enough (a matched folder covers everything below it); `minimum` is the fewest segments
 * that leading part may have.
 */
export function matchGlob(glob: Glob, path: readonly string[], prefix = false, minimum = 0): boolean {
  const segments = glob.segments;
  const memo = new Uint8Array((segments.length + 1) * (path.length + 1));
  const visit = (s: number, p: number): boolean => {
    const key = s * (path.length + 1) + p;
    if (memo[key]) return memo[key] === 2;
    memo[key] = 1;
    let result: boolean;
    if (s === segments.length) result = p === path.length || (prefix && p >= minimum);
    else if (segments[s] === 'globstar') result = visit(s + 1, p) || (p < path.length && visit(s, p + 1));
    else result = p < path.length && matchSegment(segments[s] as Token[], path[p]!) && visit(s + 1, p + 1);
    memo[key] = result ? 2 : 1;
    return result;
  };
  return visit(0, 0);
}
