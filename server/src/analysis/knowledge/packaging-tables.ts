/**
 * What is known about Python packaging, from the generated tables in `data/` (see
 * server/scripts/generate-packaging.mjs and server/scripts/README.md): which distributions provide
 * a module, which modules a distribution provides, what a distribution installs with it, which
 * dotted names are namespace roots, and what apache-airflow itself installs per minor line.
 *
 * Honest about what it does not know: the tables are asked first (most specific dotted prefix
 * first, never past a namespace root), then the naming rules of the namespace families
 * (naming-rules.ts); anything else is `unknown`, and `suggestDistribution` then says nothing
 * rather than guess. Name heuristics (`requests` provides `requests`) only serve `isProvided` for
 * modules the tables do not know, and never with a namespace root as the name.
 *
 * Pure: no fs, no LSP. Every answer carries its evidence (which source says so).
 */
import airflowTable from './data/packaging-airflow.json' with { type: 'json' };
import distributionsTable from './data/packaging-distributions.json' with { type: 'json' };
import namespacesTable from './data/packaging-namespaces.json' with { type: 'json' };
import { memoize } from './memo.js';
import { ruleFor } from './naming-rules.js';

/** d Debian, h dh-python, p pyodide, t typeshed (pyright), a Airflow build files, o the curated overlay. */
export type SourceLetter = 'd' | 'h' | 'p' | 't' | 'a' | 'o';
export const SOURCE_LABELS: Record<SourceLetter, string> = {
  d: 'debian',
  h: 'dh-python',
  p: 'pyodide',
  t: 'typeshed',
  a: 'airflow',
  o: 'overlay',
};
/** The full text of each source (release, version, digest), as the tables record it. */
export const SOURCES: Readonly<Record<string, string>> = (distributionsTable as unknown as { sources: Record<string, string> }).sources;

export type ProvidersKind = 'table' | 'rule' | 'unknown';

export interface Providers {
  /** The module asked about. */
  module: string;
  /** `table`: the tables name its distributions; `rule`: a family naming rule does; `unknown`: neither. */
  kind: ProvidersKind;
  /** The dotted prefix that answered (`google.cloud.dlp_v2` for `google.cloud.dlp_v2.types`). */
  matched?: string;
  /** PEP 503 names of the distributions that provide it, the preferred one first. Empty when unknown. */
  distributions: string[];
  /** Per distribution: the sources that say so (`debian`, `pyodide`, ..., or `rule:google.cloud.<service>`). */
  evidence: Record<string, string[]>;
  /** Per distribution, when it provides the module only in some versions (`setuptools`: `<82`). */
  versions?: Record<string, string>;
  /** When unknown because the name stops at a namespace root: that root (`google` for `google.foo`). */
  namespaceRoot?: string;
  /** kind `rule`: names the same convention gives deeper levels of the module; such a requirement provides it too (never suggested). */
  ruleAlternatives?: string[];
  /** kind `rule`: the module is deeper than its family's rule can name with certainty; `distributions` is then only the rule's reading, never suggested. */
  ruleUncertain?: true;
}

export interface Provision {
  provided: boolean;
  /** The requirement (PEP 503 name) that provides it. */
  by?: string;
  /**
   * `table` / `rule`: the requirement is a named provider; `closure`: a requirement installs a
   * provider (pandas installs python-dateutil); `name`: the module is unknown to the tables and the
   * requirement is named like it; `airflow`: an Airflow distribution that counts as Airflow in the
   * venv (apache-airflow-task-sdk, apache-airflow-providers-*).
   */
  via?: 'table' | 'rule' | 'closure' | 'name' | 'airflow';
  providers: Providers;
}

export interface AirflowLine {
  line: string;
  tag: string;
  commit: string;
  /** The build file the requirements were read from. */
  file: string;
  /** apache-airflow's install requirements (PEP 503 names). */
  direct: string[];
  preinstalledProviders: string[];
  /** direct + pre-installed providers + everything they install per the tables. */
  closure: string[];
}

export interface PackagingTables {
  normalizeName(name: string): string;
  /** The name to show and suggest (`PyYAML` for `pyyaml`); the normalised name when no source spells it. */
  displayName(distribution: string): string;
  isNamespaceRoot(name: string): boolean;
  providersOf(module: string): Providers;
  /** `from azure.keyvault import secrets`: the providers of `azure.keyvault.secrets` (the most specific name). */
  providersOfImport(fromModule: string, importedName: string): Providers;
  /** Modules the tables say `distribution` provides (sorted). */
  modulesOf(distribution: string): string[];
  /** Distributions `distribution` installs directly (its dependencies per the tables, sorted). */
  dependenciesOf(distribution: string): string[];
  /** Everything `distribution` installs, transitively, itself excluded (sorted). */
  installsClosure(distribution: string): string[];
  /** The distribution to add for `module`, when the tables or a rule know one with certainty; never a guess. */
  suggestDistribution(module: string): string | undefined;
  /** Does `distribution` provide `module`? `unknown` when the tables and rules do not know the module. */
  provides(distribution: string, module: string): 'yes' | 'no' | 'unknown';
  /** Does one of these requirements provide `module`? */
  isProvided(module: string, requirements: Iterable<string>, options?: { closure?: boolean }): Provision;
  /** Distributions that count as "Airflow in the venv" (apache-airflow, -core, -task-sdk, any provider). */
  providesAirflow(distribution: string): boolean;
  airflowLines(): string[];
  /** apache-airflow's own dependencies for an Airflow line (`2.10`, or a version such as `2.10.3`). */
  airflowLine(lineOrVersion: string): AirflowLine | undefined;
}

export interface PackagingTablesOptions {
  /** Leave these sources out (facts only they give are dropped): for held-out evaluation. */
  excludeSources?: SourceLetter[];
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
const compact = (name: string): string => normalizeName(name).replace(/-/g, '');

interface RawDistribution {
  n?: string;
  m?: string;
  r?: string;
  v?: Record<string, string>;
}

/** `a/dp b/o` -> [['a', 'dp'], ['b', 'o']] */
const decode = (text: string | undefined): [string, string][] =>
  text ? text.split(' ').map((item) => {
    const slash = item.lastIndexOf('/');
    return [item.slice(0, slash), item.slice(slash + 1)];
  }) : [];

const AIRFLOW_CORE = new Set(['apache-airflow', 'apache-airflow-core', 'apache-airflow-task-sdk']);
/** Requirement affixes that name the same project (`python-ldap` for `ldap`); only for modules the tables do not know. */
const NAME_AFFIXES = /^(python-|py-)|(-python|-py|-binary|-headless|-client|-sdk|-lib)$/g;

export function createPackagingTables(options: PackagingTablesOptions = {}): PackagingTables {
  const excluded = new Set(options.excludeSources ?? []);
  const keep = excluded.size === 0 ? (letters: string): string => letters : (letters: string): string => [...letters].filter((letter) => !excluded.has(letter as SourceLetter)).join('');
  const data = loadDistributions(keep);
  const roots = new Set<string>();
  for (const [root, letters] of Object.entries((namespacesTable as unknown as { roots: Record<string, string> }).roots)) {
    if (keep(letters)) roots.add(root);
  }
  const isNamespaceRoot = (name: string): boolean => roots.has(name);
  // Asked for every import of every task (and again by the rules): the same module, the same answer.
  const providersOf = memoize((module: string): Providers => lookUpProviders(module, data, roots), (module) => module);
  const dependenciesOf = (distribution: string): string[] => [...(data.requiresByDistribution.get(normalizeName(distribution))?.keys() ?? [])].sort();
  const installsClosure = closureOf(data.requiresByDistribution);

  const lines = (airflowTable as unknown as { lines: Record<string, Omit<AirflowLine, 'line'>> }).lines;
  const lineKeys = Object.keys(lines).sort((a, b) => {
    const [am, an] = a.split('.').map(Number);
    const [bm, bn] = b.split('.').map(Number);
    return am! - bm! || an! - bn!;
  });

  return {
    normalizeName,
    displayName: (distribution) => data.names.get(normalizeName(distribution)) ?? normalizeName(distribution),
    isNamespaceRoot,
    providersOf,
    providersOfImport: (fromModule, importedName) => providersOf(importedName === '*' ? fromModule : `${fromModule}.${importedName}`),
    modulesOf: (distribution) => [...(data.modulesByDistribution.get(normalizeName(distribution))?.keys() ?? [])].sort(),
    dependenciesOf,
    installsClosure,
    suggestDistribution(module) {
      const providers = providersOf(module);
      const first = providers.ruleUncertain ? undefined : providers.distributions[0];
      return first === undefined ? undefined : (data.names.get(first) ?? first);
    },
    provides(distribution, module) {
      const providers = providersOf(module);
      if (providers.kind === 'unknown') return 'unknown';
      const name = normalizeName(distribution);
      if (providers.distributions.includes(name)) return 'yes';
      return ruleAccepts(providers, name) ? 'yes' : 'no';
    },
    isProvided: (module, requirements, { closure = true } = {}) => provision(module, requirements, closure, providersOf(module), installsClosure, roots),
    providesAirflow,
    airflowLines: () => lineKeys,
    airflowLine(lineOrVersion) {
      const line = /^(\d+)\.(\d+)/.exec(lineOrVersion);
      if (!line) return undefined;
      const key = `${line[1]}.${line[2]}`;
      const entry = lines[key];
      return entry ? { line: key, ...entry } : undefined;
    },
  };
}

/**
 * The distributions table, with the facts of left-out sources dropped. Read when first asked, and
 * only what is asked: a run looks up a few dozen modules and a few distributions, and the server
 * starts with the table unread (the index by module is the one part made whole, on the first lookup).
 */
interface DistributionData {
  names: Pick<Map<string, string>, 'get'>;
  modulesByDistribution: Pick<Map<string, Map<string, string>>, 'get'>;
  requiresByDistribution: Pick<Map<string, Map<string, string>>, 'get'>;
  byModule: Pick<Map<string, readonly [string, string][]>, 'get'>;
  ranges: Pick<Map<string, Record<string, string>>, 'get'>;
}

function loadDistributions(keep: (letters: string) => string): DistributionData {
  const raw = (distributionsTable as unknown as { distributions: Record<string, RawDistribution> }).distributions;
  const entry = (key: string): RawDistribution | undefined => (Object.hasOwn(raw, key) ? raw[key] : undefined);
  /** One field of one distribution, decoded and filtered when first asked. */
  const decoded = (field: 'm' | 'r') => {
    const cache = new Map<string, Map<string, string> | undefined>();
    return (key: string): Map<string, string> | undefined => {
      if (cache.has(key)) return cache.get(key);
      let found: Map<string, string> | undefined;
      for (const [name, letters] of decode(entry(key)?.[field])) {
        const kept = keep(letters);
        if (kept) (found ??= new Map()).set(name, kept);
      }
      cache.set(key, found);
      return found;
    };
  };
  let byModule: Map<string, [string, string][]> | undefined;
  const indexByModule = (): Map<string, [string, string][]> => {
    const index = new Map<string, [string, string][]>();
    // Every module of every distribution (some 6,000): read in place rather than through `decode`.
    for (const key in raw) {
      const text = raw[key]!.m;
      if (!text) continue;
      for (let start = 0; start < text.length;) {
        let end = text.indexOf(' ', start);
        if (end === -1) end = text.length;
        const slash = text.lastIndexOf('/', end - 1);
        const kept = keep(text.slice(slash + 1, end));
        if (kept) {
          const module = text.slice(start, slash);
          const providers = index.get(module);
          if (providers) providers.push([key, kept]);
          else index.set(module, [[key, kept]]);
        }
        start = end + 1;
      }
    }
    return index;
  };
  return {
    names: { get: (key) => entry(key)?.n },
    modulesByDistribution: { get: decoded('m') },
    requiresByDistribution: { get: decoded('r') },
    byModule: { get: (module) => (byModule ??= indexByModule()).get(module) },
    ranges: { get: (key) => entry(key)?.v },
  };
}

const evidenceOf = (letters: string): string[] => [...letters].map((letter) => SOURCE_LABELS[letter as SourceLetter] ?? letter);
/** Preferred first: more sources, then the shorter name (opencv-python before opencv-python-headless), then by name. */
const rank = (entries: readonly [string, string][]): [string, string][] =>
  [...entries].sort(([a, la], [b, lb]) => lb.length - la.length || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));

/** The most specific prefix the table knows, never past a namespace root; else a family rule; else unknown. */
function lookUpProviders(module: string, data: DistributionData, roots: ReadonlySet<string>): Providers {
  const parts = module.split('.');
  let namespaceRoot: string | undefined;
  for (let depth = parts.length; depth >= 1; depth--) {
    const prefix = parts.slice(0, depth).join('.');
    if (roots.has(prefix)) {
      namespaceRoot = prefix;
      break;
    }
    const found = data.byModule.get(prefix);
    if (found && found.length > 0) {
      const ranked = rank(found);
      const providers: Providers = {
        module,
        kind: 'table',
        matched: prefix,
        distributions: ranked.map(([name]) => name),
        evidence: Object.fromEntries(ranked.map(([name, letters]) => [name, evidenceOf(letters)])),
      };
      const versions = Object.fromEntries(ranked.filter(([name]) => data.ranges.get(name)?.[prefix]).map(([name]) => [name, data.ranges.get(name)![prefix]!]));
      if (Object.keys(versions).length > 0) providers.versions = versions;
      return providers;
    }
  }
  const rule = ruleFor(module, (name) => roots.has(name));
  if (rule) {
    const providers: Providers = { module, kind: 'rule', matched: rule.prefix, distributions: [rule.distribution], evidence: { [rule.distribution]: [`rule:${rule.rule}`] } };
    if (rule.deeper.length > 0) providers.ruleAlternatives = rule.deeper;
    if (!rule.certain) providers.ruleUncertain = true;
    return providers;
  }
  const unknown: Providers = { module, kind: 'unknown', distributions: [], evidence: {} };
  if (namespaceRoot) unknown.namespaceRoot = namespaceRoot;
  return unknown;
}

/** Everything a distribution installs, transitively (breadth first), memoised. */
function closureOf(requiresByDistribution: DistributionData['requiresByDistribution']): (distribution: string) => string[] {
  const closureCache = new Map<string, string[]>();
  return (distribution) => {
    const start = normalizeName(distribution);
    const cached = closureCache.get(start);
    if (cached) return cached;
    const seen = new Set<string>([start]);
    const queue = [start];
    while (queue.length > 0) {
      for (const dependency of requiresByDistribution.get(queue.shift()!)?.keys() ?? []) {
        if (!seen.has(dependency)) {
          seen.add(dependency);
          queue.push(dependency);
        }
      }
    }
    seen.delete(start);
    const result = [...seen].sort();
    closureCache.set(start, result);
    return result;
  };
}

/** Whether one of `requirements` provides `module`: by the tables or a rule, as Airflow, through what a requirement installs, or (unknown modules only) by name. */
function provision(module: string, requirements: Iterable<string>, closure: boolean, providers: Providers, installsClosure: (distribution: string) => string[], roots: ReadonlySet<string>): Provision {
  const listed = [...new Set([...requirements].map(normalizeName))].sort();
  const wanted = new Set(providers.distributions);
  if (providers.kind !== 'unknown') {
    for (const requirement of listed) {
      if (wanted.has(requirement) || ruleAccepts(providers, requirement)) {
        return { provided: true, by: requirement, via: providers.kind, providers };
      }
    }
    // `airflow`: any distribution that is or installs Airflow (VENV304 also accepts providers).
    if (module === 'airflow' || module.startsWith('airflow.')) {
      if (providers.matched === 'airflow') {
        const by = listed.find(providesAirflow);
        if (by) return { provided: true, by, via: wanted.has(by) ? 'table' : 'airflow', providers };
      }
    }
    if (closure) {
      for (const requirement of listed) {
        if (installsClosure(requirement).some((name) => wanted.has(name))) return { provided: true, by: requirement, via: 'closure', providers };
      }
    }
    return { provided: false, providers };
  }
  for (const requirement of listed) {
    if (namedLike(module, requirement, roots)) return { provided: true, by: requirement, via: 'name', providers };
  }
  return { provided: false, providers };
}

/** `python-ldap` / `ldap-client` for `ldap`: only for modules the tables do not know, never for a root. */
function namedLike(module: string, requirement: string, roots: ReadonlySet<string>): boolean {
  const parts = module.split('.');
  for (let depth = parts.length; depth >= 1; depth--) {
    const prefix = parts.slice(0, depth).join('.');
    if (roots.has(prefix)) return false;
    const name = normalizeName(prefix);
    if (requirement === name || requirement.replace(NAME_AFFIXES, '') === name) return true;
  }
  return false;
}

/** A rule's name compared without hyphens (google-cloud-secret-manager / secretmanager), or a deeper level's name. */
function ruleAccepts(providers: Providers, requirement: string): boolean {
  return providers.kind === 'rule' && [...providers.distributions, ...(providers.ruleAlternatives ?? [])].some((name) => compact(name) === compact(requirement));
}

function providesAirflow(distribution: string): boolean {
  const name = normalizeName(distribution);
  return AIRFLOW_CORE.has(name) || name.startsWith('apache-airflow-providers-');
}

/** The tables with every source. */
export const packagingTables: PackagingTables = createPackagingTables();
