/**
 * Memoisation for the pure look-ups of the release and packaging tables: a rule asks the same
 * question (a class's parameters at a release, the import paths of an operator) for every task on
 * every keystroke, and the answer depends only on its arguments. Bounded (cleared when full): a
 * look-up keyed by text from the user's file (a module name, a file's task list) cannot grow the
 * cache without limit; `limit` is smaller where keys or answers are large.
 */
/**
 * The limit for a look-up whose arguments come only from the release table (releases, provider
 * releases, classes, decorators, their modules): finite, and larger than what the table can ask,
 * so it never empties while in use.
 */
export const TABLE_LIMIT = 50_000;

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

/**
 * `compute()`, kept with `owner` (an object of the model, such as a task or a requirement entry, which
 * an edit that leaves it alone keeps as the same object) while `inputs` are the same values. The
 * cache forgets the owner with it.
 */
export function keptWith<K extends object, V>(cache: WeakMap<K, { inputs: readonly unknown[]; value: V }>, owner: K, inputs: readonly unknown[], compute: () => V): V {
  const kept = cache.get(owner);
  if (kept && sameItems(kept.inputs, inputs)) return kept.value;
  const value = compute();
  cache.set(owner, { inputs, value });
  return value;
}

/** Same length, and the same items (by identity) in the same order. */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
