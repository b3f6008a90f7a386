/**
 * Classes, parameters, decorators and template fields per Airflow release and standard-provider
 * release, read from the release table (airflow-release-table.ts). Re-exported by airflow-releases.ts.
 */
import {
  compareVersions, context, find, isThree, PROVIDERS, RELEASES, table,
  type Citation, type ClassSegment, type Context, type DecoratorName, type DecoratorSegment, type OperatorName,
} from './airflow-release-table.js';
import { memoize, TABLE_LIMIT } from './memo.js';

function classAt(name: string, where: Context): ClassSegment | undefined {
  if (where.provider) {
    const fromProvider = find(table.classes, name, 'provider', where.provider);
    if (fromProvider) return fromProvider;
  }
  return find(table.classes, name, isThree(where.release) ? 'sdk' : 'core', where.release);
}

/** C3 linearisation over the classes the table knows; unknown bases (mixins) count as plain classes. */
function mro(name: string, where: Context, seen: Set<string> = new Set()): string[] {
  if (seen.has(name)) throw new Error(`cycle in the bases of ${name}`);
  const segment = classAt(name, where);
  if (!segment || segment.bases.length === 0) return [name];
  const next = new Set([...seen, name]);
  const sequences = [...segment.bases.map((base) => mro(base, where, next)), [...segment.bases]];
  const result = [name];
  for (;;) {
    const remaining = sequences.filter((sequence) => sequence.length > 0);
    if (remaining.length === 0) return result;
    const head = remaining.map((sequence) => sequence[0]!).find((candidate) => !remaining.some((sequence) => sequence.indexOf(candidate) > 0));
    if (head === undefined) throw new Error(`no consistent method resolution order for ${name}`);
    result.push(head);
    for (const sequence of remaining) if (sequence[0] === head) sequence.shift();
  }
}

// ---------------------------------------------------------------------------------------------
// Parameters

export interface Parameter {
  name: string;
  /** The default as short literal text (`None`, `True`, `"python"`, `conf.get(…)`); null when required. */
  default: string | null;
  /** The class whose `__init__` declares it (`BaseOperator` for task_id, retries, ...). */
  owner: string;
  keywordOnly: boolean;
  /** Taken out of `**kwargs` rather than declared (provide_context on 2.x). */
  viaKwargs?: boolean;
  /** A warning Airflow emits: when the argument is set at all, or only when it is not a str. */
  deprecated?: { warning: string; when: 'set' | 'non-str' };
  /** An error Airflow raises at construction for such values. */
  raises?: { error: string; when: 'set' | 'non-str' };
  cite: Citation;
}

/**
 * The keyword arguments a class accepts at a release: its own `__init__` parameters and those of every
 * class after it in the method resolution order up to BaseOperator, which refuses the rest. Pass a
 * provider release when the class is imported from {@link PROVIDER_MODULE}; on the 3.x lines the
 * newest provider release is assumed. Undefined when the class does not exist there.
 */
export function classParameters(className: string, release: string, provider?: string): ReadonlyMap<string, Parameter> | undefined {
  const where = context(release, provider);
  if (!where || !classAt(className, where)) return undefined;
  const order = mro(className, where).map((name) => [name, classAt(name, where)] as const);
  // The same classes' segments give the same parameters: most releases share them with their
  // neighbours (a target of 2.x asks ~50 releases, each with every provider release that installs).
  const key = order.map(([name, segment]) => `${name}:${segment ? segmentId(segment) : '-'}`).join(' ');
  let result = byOrder.get(key);
  if (!result) {
    result = parametersAlong(order);
    byOrder.set(key, result);
  }
  return result;
}

const byOrder = new Map<string, ReadonlyMap<string, Parameter>>();
const segmentIds = new Map<ClassSegment, number>();

function segmentId(segment: ClassSegment): number {
  let id = segmentIds.get(segment);
  if (id === undefined) segmentIds.set(segment, (id = segmentIds.size));
  return id;
}

/** The parameters of a class whose method resolution order (with each class's segment there) is `order`. */
function parametersAlong(order: readonly (readonly [string, ClassSegment | undefined])[]): ReadonlyMap<string, Parameter> {
  const result = new Map<string, Parameter>();
  for (const [name, segment] of order) {
    if (!segment) continue;
    const marker = (segment.params ?? []).findIndex(([param]) => param === segment.keywordOnly);
    const keywordOnlyFrom = segment.keywordOnly === 'all' ? 0 : marker === -1 ? Infinity : marker;
    (segment.params ?? []).forEach(([param, fallback], index) => {
      if (!result.has(param)) result.set(param, { name: param, default: fallback, owner: name, keywordOnly: index >= keywordOnlyFrom, cite: segment.cite });
    });
    for (const [param] of segment.kwargsAccepted ?? []) {
      if (!result.has(param)) result.set(param, { name: param, default: null, owner: name, keywordOnly: true, viaKwargs: true, cite: segment.cite });
    }
    for (const [param, warning, when] of segment.deprecated ?? []) {
      const entry = result.get(param);
      if (entry && !entry.deprecated) entry.deprecated = { warning, when };
    }
    for (const [param, error, when] of segment.raises ?? []) {
      const entry = result.get(param);
      if (entry && !entry.raises) entry.raises = { error, when };
    }
    if (name === 'BaseOperator' || (segment.params && segment.varKwargs === false)) break;
  }
  return result;
}

/** {@link classParameters} of one of the four virtualenv operators. */
export function parametersOf(operator: OperatorName, release: string, provider?: string): ReadonlyMap<string, Parameter> | undefined {
  return classParameters(operator, release, provider);
}

/** Keyword arguments a decorator accepts (`@task.virtualenv(...)`): the built operator's, less those the decorator passes itself, plus its own. */
export function decoratorParameters(decorator: DecoratorName, release: string, provider?: string): ReadonlyMap<string, Parameter> | undefined {
  const found = decoratorSegment(decorator, release, provider);
  if (!found) return undefined;
  const { segment, where } = found;
  const className = segment.decoratedClass;
  const params = className ? classParameters(className, where.release, where.provider) : undefined;
  if (!params) return undefined;
  const call = find(table.decoratorCalls, undefined, isThree(where.release) ? 'sdk' : 'core', where.release);
  const reserved = new Set(call?.reserved ?? []);
  const result = new Map([...params].filter(([name]) => !reserved.has(name)));
  for (const [name, fallback] of segment.params ?? []) {
    if (name !== 'python_callable' && !result.has(name)) result.set(name, { name, default: fallback, owner: `@task.${decorator}`, keywordOnly: false, cite: segment.cite });
  }
  return result;
}

function decoratorSegment(decorator: DecoratorName, release: string, provider?: string): { segment: DecoratorSegment; where: Context } | undefined {
  const where = context(release, provider);
  if (!where) return undefined;
  if (!isThree(release)) {
    const segment = find(table.decorators, decorator, 'core', release);
    return segment ? { segment, where } : undefined;
  }
  const gate = find(table.decorators, decorator, 'sdk', release);
  if (!gate || !where.provider || (gate.providerMin && compareVersions(where.provider, gate.providerMin) < 0)) return undefined;
  const segment = find(table.decorators, decorator, 'provider', where.provider);
  return segment ? { segment, where } : undefined;
}

/** Does `@task.<decorator>` exist at the release (from airflow.decorators on 2.x; airflow.sdk or airflow.decorators on 3.x)? */
export function decoratorAvailable(decorator: DecoratorName, release: string, provider?: string): boolean {
  return decoratorSegment(decorator, release, provider) !== undefined;
}

/** Positional parameters of the decorator function itself (`@task.external_python("/venv/bin/python")` fills `python`). */
export function decoratorPositionalParameters(decorator: DecoratorName, release: string, provider?: string): readonly string[] {
  const found = decoratorSegment(decorator, release, provider);
  if (!found || found.segment.keywordOnly === 'all') return [];
  return (found.segment.params ?? []).map(([name]) => name);
}

/** The releases at which an operator accepts a keyword argument (3.x lines with the newest provider). */
export function releasesWith(param: string, operator: OperatorName): readonly string[] {
  return RELEASES.filter((release) => parametersOf(operator, release)?.has(param));
}

/** The first release at which an operator accepts a keyword argument. */
export function firstReleaseWith(param: string, operator: OperatorName): string | undefined {
  return releasesWith(param, operator)[0];
}

/** The provider releases whose operator accepts a keyword argument (read with the newest 3.x line's BaseOperator). */
export function providersWith(param: string, operator: OperatorName): readonly string[] {
  const line = RELEASES.at(-1)!;
  return PROVIDERS.filter((provider) => parametersOf(operator, line, provider)?.has(param));
}

export function firstProviderWith(param: string, operator: OperatorName): string | undefined {
  return providersWith(param, operator)[0];
}

// ---------------------------------------------------------------------------------------------
// Template fields

/** The template fields of a class at a release (the first definition in the method resolution order, references resolved). */
export const templateFieldsOf: (className: string, release: string, provider?: string) => readonly string[] | undefined = memoize(
  (className: string, release: string, provider?: string) => templateFieldsAt(className, release, provider),
  (className, release, provider) => `${className} ${release} ${provider ?? ''}`,
  TABLE_LIMIT,
);

function templateFieldsAt(className: string, release: string, provider?: string): readonly string[] | undefined {
  const where = context(release, provider);
  if (!where || !classAt(className, where)) return undefined;
  return resolveFields(className, where, 'templateFields', new Set());
}

function resolveFields(className: string, where: Context, field: 'templateFields' | 'templateExt', seen: Set<string>): string[] {
  if (seen.has(className)) return [];
  seen.add(className);
  for (const name of mro(className, where)) {
    const own = classAt(name, where)?.[field];
    if (!own) continue;
    const out = new Set<string>();
    for (const item of own) {
      if (item.startsWith('@')) for (const inherited of resolveFields(item.slice(1), where, field, seen)) out.add(inherited);
      else out.add(item);
    }
    return [...out].sort();
  }
  return [];
}

/**
 * Is `requirements` a template field (rendered by Jinja, a `.txt` value read as a file)? For the
 * operator from 2.3.0, for `@task.virtualenv` only from 2.8.1, always with the provider.
 */
export function requirementsTemplated(kind: 'operator' | 'decorator', release: string, provider?: string): boolean {
  if (kind === 'operator') return templateFieldsOf('PythonVirtualenvOperator', release, provider)?.includes('requirements') ?? false;
  const found = decoratorSegment('virtualenv', release, provider);
  const className = found?.segment.decoratedClass;
  return className ? (templateFieldsOf(className, found.where.release, found.where.provider)?.includes('requirements') ?? false) : false;
}
