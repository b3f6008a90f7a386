/**
 * PEP 440 specifier sets: whether any version satisfies them all (VENV204, VENV205).
 * Exact pins are checked with the PEP 440 library's own `satisfies`; ranges by
 * intersecting intervals ordered with its `compare`.
 */
import { compare, satisfies, valid } from '@renovatebot/pep440';

interface Bound {
  version: string;
  inclusive: boolean;
}

/** The interval of versions one specifier allows (`!=` and `===` are handled apart). */
function interval(operator: string, version: string): { lower?: Bound; upper?: Bound } | undefined {
  const wildcard = version.endsWith('.*');
  const base = wildcard ? version.slice(0, -2) : version;
  if (valid(base) === null) return undefined;
  const next = (release: string, position: number) => {
    const parts = release.split('+')[0]!.split('.').map((part) => Number.parseInt(part, 10));
    const kept = parts.slice(0, position + 1);
    kept[position] = (kept[position] ?? 0) + 1;
    return kept.join('.');
  };
  switch (operator) {
    case '==':
      if (!wildcard) return { lower: { version: base, inclusive: true }, upper: { version: base, inclusive: true } };
      // ==1.4.* is [1.4.dev0, 1.5.dev0)
      return { lower: { version: `${base}.dev0`, inclusive: true }, upper: { version: `${next(base, base.split('.').length - 1)}.dev0`, inclusive: false } };
    case '>=':
      return { lower: { version: base, inclusive: true } };
    case '>':
      return { lower: { version: base, inclusive: false } };
    case '<=':
      return { upper: { version: base, inclusive: true } };
    case '<':
      return { upper: { version: base, inclusive: false } };
    case '~=': {
      // ~=1.4.2 is >=1.4.2, ==1.4.*; ~=1.4 is >=1.4, ==1.*
      const parts = base.split('.');
      if (parts.length < 2) return undefined;
      return { lower: { version: base, inclusive: true }, upper: { version: `${next(base, parts.length - 2)}.dev0`, inclusive: false } };
    }
    default:
      return undefined;
  }
}

/**
 * Answers by specifier set: the PEP 440 library parses its arguments on every call, and a DAG
 * repeats the same pins in every task, on every keystroke. Bounded, so an editing session that
 * types many versions does not grow it without end.
 */
const answers = new Map<string, boolean>();
const MAX_ANSWERS = 4096;

/**
 * Whether no version can satisfy all these specifiers. Exact pins are checked
 * with the PEP 440 library's own `satisfies`; ranges by intersecting intervals
 * ordered with its `compare`.
 */
export function unsatisfiable(specifiers: { operator: string; version: string }[]): boolean {
  const all = specifiers.map((specifier) => `${specifier.operator}${specifier.version}`).join(',');
  let answer = answers.get(all);
  if (answer === undefined) {
    if (answers.size >= MAX_ANSWERS) answers.clear();
    answer = decide(specifiers, all);
    answers.set(all, answer);
  }
  return answer;
}

function decide(specifiers: { operator: string; version: string }[], all: string): boolean {
  if (specifiers.some((specifier) => specifier.operator === '===')) return false;
  const pins = specifiers.filter((specifier) => specifier.operator === '==' && !specifier.version.endsWith('.*'));
  if (pins.length > 0) return !pins.some((pin) => valid(pin.version) !== null && satisfies(pin.version, all));
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const specifier of specifiers) {
    if (specifier.operator === '!=') continue;
    const range = interval(specifier.operator, specifier.version);
    if (!range) return false; // not understood: say nothing
    if (range.lower && (!lower || compare(range.lower.version, lower.version) > 0 || (compare(range.lower.version, lower.version) === 0 && !range.lower.inclusive))) lower = range.lower;
    if (range.upper && (!upper || compare(range.upper.version, upper.version) < 0 || (compare(range.upper.version, upper.version) === 0 && !range.upper.inclusive))) upper = range.upper;
  }
  if (!lower || !upper) return false;
  const order = compare(lower.version, upper.version);
  return order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive));
}
