/**
 * What the analysis knows about Python packaging: the standard library of each Python version
 * (data/stdlib.json), which distributions provide which modules (the generated packaging tables,
 * packaging-tables.ts), and the project's configuration: its own import-map entries and the modules
 * that ship with the DAGs (`first-party`).
 */
import stdlib from './data/stdlib.json' with { type: 'json' };
import { normalizeName } from '../extract/requirement-lines.js';
import { packagingTables, type PackagingTables, type Providers, type Provision } from './packaging-tables.js';

export interface KnowledgeOptions {
  /** Extra module -> distribution(s) entries (`import-map` in the configuration). */
  importMap?: Record<string, string | string[]>;
  /** Modules that ship with the DAGs (`first-party`). */
  firstParty?: string[];
}

export interface Knowledge {
  /** Python versions the stdlib table covers, oldest first (`3.8` ... `3.14`). */
  readonly pythonVersions: readonly string[];
  /** Is the top-level module of `module` in the stdlib of `pythonVersion` (of any covered version when undefined)? */
  isStdlib(module: string, pythonVersion?: string): boolean;
  /** Why a stdlib module is missing from some versions (`removed in 3.12 (PEP 632)`). */
  stdlibNote(module: string): string | undefined;
  /** Distributions known to provide `module` (the tables, a family rule or the configuration); undefined when nobody knows. */
  distributionsFor(module: string): string[] | undefined;
  /** Who provides `module`: the configuration's import-map first, then the tables and the family rules. */
  providersOf(module: string): Providers;
  /** Does one of these requirements (PEP 503 names) provide `module` itself (not through a dependency)? */
  isProvided(module: string, normalizedRequirements: ReadonlySet<string>): boolean;
  /** As `isProvided`, with the reason; `closure` also counts what the requirements install. */
  provision(module: string, normalizedRequirements: Iterable<string>, closure: boolean): Provision;
  readonly tables: PackagingTables;
  isFirstParty(module: string): boolean;
}

const STDLIB: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(stdlib.versions as Record<string, string[]>).map(([version, modules]) => [version, new Set(modules)]),
);
const STDLIB_ANY = new Set(Object.values(STDLIB).flatMap((modules) => [...modules]));
const STDLIB_NOTES = (stdlib as { notes?: Record<string, string> }).notes ?? {};
const PYTHON_VERSIONS = Object.keys(STDLIB).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));

export function topLevel(module: string): string {
  const dot = module.indexOf('.');
  return dot === -1 ? module : module.slice(0, dot);
}

export function createKnowledge(options: KnowledgeOptions = {}): Knowledge {
  const configured = new Map(Object.entries(options.importMap ?? {}).map(([module, value]) => [module, (Array.isArray(value) ? value : [value]).map(normalizeName)]));
  const firstParty = new Set(options.firstParty ?? []);
  /** The configuration's entry for the longest dotted prefix of `module`. */
  const configuredFor = (module: string): Providers | undefined => {
    if (configured.size === 0) return undefined;
    for (let prefix = module; ; prefix = prefix.slice(0, prefix.lastIndexOf('.'))) {
      const found = configured.get(prefix);
      if (found) return { module, kind: 'table', matched: prefix, distributions: found, evidence: Object.fromEntries(found.map((name) => [name, ['configuration']])) };
      if (!prefix.includes('.')) return undefined;
    }
  };
  const providersOf = (module: string): Providers => configuredFor(module) ?? packagingTables.providersOf(module);
  const provision = (module: string, requirements: Iterable<string>, closure: boolean): Provision => {
    const own = configuredFor(module);
    if (own) {
      const listed = [...requirements].map(normalizeName);
      const by = listed.find((name) => own.distributions.includes(name));
      if (by) return { provided: true, by, via: 'table', providers: own };
    }
    const answer = packagingTables.isProvided(module, requirements, { closure });
    return own && !answer.provided ? { provided: false, providers: own } : answer;
  };
  return {
    pythonVersions: PYTHON_VERSIONS,
    isStdlib(module, pythonVersion) {
      const top = topLevel(module);
      const modules = pythonVersion === undefined ? undefined : STDLIB[pythonVersion];
      return (modules ?? STDLIB_ANY).has(top);
    },
    stdlibNote: (module) => STDLIB_NOTES[topLevel(module)],
    distributionsFor(module) {
      const providers = providersOf(module);
      return providers.distributions.length > 0 ? providers.distributions.map((name) => packagingTables.displayName(name)) : undefined;
    },
    providersOf,
    isProvided: (module, requirements) => provision(module, requirements, false).provided,
    provision,
    tables: packagingTables,
    isFirstParty(module) {
      for (let prefix = module; ; prefix = prefix.slice(0, prefix.lastIndexOf('.'))) {
        if (firstParty.has(prefix)) return true;
        if (!prefix.includes('.')) return false;
      }
    },
  };
}
