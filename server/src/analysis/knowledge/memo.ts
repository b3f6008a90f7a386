/**
 * Memoisation for the pure look-ups of the release and packaging tables: a rule asks the same
 * question (a class's parameters at a release, the import paths of an operator) for every task on
 * every keystroke, and the answer depends only on its arguments. Bounded (cleared when full): a
 * look-up keyed by text from the user's file (a module name, a file's task list) cannot grow the
 * cache without limit; `limit` is smaller where keys or answers are large.
 */
export function memoize<A extends readonly unknown[], R>(compute: (...args: A) => R, keyOf: (...args: A) => string, limit = 2_000): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    const key = keyOf(...args);
    if (cache.has(key)) return cache.get(key)!;
    const result = compute(...args);
    if (cache.size >= limit) cache.clear();
    cache.set(key, result);
    return result;
  };
}
