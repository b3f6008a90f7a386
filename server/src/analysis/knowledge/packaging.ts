/**
 * What the analysis knows about Python packaging, from the generated tables in
 * `data/` plus the project's configuration: which modules are in the standard
 * library of each Python version, which distributions provide which modules,
 * and which modules ship with the DAGs themselves.
 */
import importMap from './data/import-map.json' with { type: 'json' };
import importMapOverlay from './data/import-map-overlay.json' with { type: 'json' };
import stdlib from './data/stdlib.json' with { type: 'json' };
import { normalizeName } from '../extract/requirement-lines.js';

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
  /** Distributions known to provide `module` (longest dotted prefix wins); undefined when the tables do not know it. */
  distributionsFor(module: string): string[] | undefined;
  /** Does one of these requirements (PEP 503-normalised names) provide `module`? */
  isProvided(module: string, normalizedRequirements: ReadonlySet<string>): boolean;
  isFirstParty(module: string): boolean;
}

const STDLIB: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(stdlib.versions as Record<string, string[]>).map(([version, modules]) => [version, new Set(modules)]),
);
const STDLIB_ANY = new Set(Object.values(STDLIB).flatMap((modules) => [...modules]));
const STDLIB_NOTES = (stdlib as { notes?: Record<string, string> }).notes ?? {};
const PYTHON_VERSIONS = Object.keys(STDLIB).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));

function mapOf(...tables: Record<string, string | string[]>[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const table of tables) {
    for (const [module, distributions] of Object.entries(table)) {
      map.set(module, Array.isArray(distributions) ? distributions : [distributions]);
    }
  }
  return map;
}

const BUILT_IN_MAP = mapOf(importMap.modules as Record<string, string[]>, importMapOverlay.modules as Record<string, string[]>);

/** Affixes that PyPI names add around the module name (`python-`, `-binary`, ...). */
const NAME_AFFIXES = /^(python-|py-)|(-python|-binary|-headless|-client|-sdk|-py|-lib)$/g;

export function topLevel(module: string): string {
  const dot = module.indexOf('.');
  return dot === -1 ? module : module.slice(0, dot);
}

export function createKnowledge(options: KnowledgeOptions = {}): Knowledge {
  const map = options.importMap ? new Map([...BUILT_IN_MAP, ...mapOf(options.importMap)]) : BUILT_IN_MAP;
  const firstParty = new Set(options.firstParty ?? []);
  const distributionsFor = (module: string): string[] | undefined => {
    for (let prefix = module; ; prefix = prefix.slice(0, prefix.lastIndexOf('.'))) {
      const found = map.get(prefix);
      if (found) return found;
      if (!prefix.includes('.')) return undefined;
    }
  };
  return {
    pythonVersions: PYTHON_VERSIONS,
    isStdlib(module, pythonVersion) {
      const top = topLevel(module);
      const modules = pythonVersion === undefined ? undefined : STDLIB[pythonVersion];
      return (modules ?? STDLIB_ANY).has(top);
    },
    stdlibNote: (module) => STDLIB_NOTES[topLevel(module)],
    distributionsFor,
    isProvided(module, requirements) {
      const known = distributionsFor(module);
      if (known?.some((distribution) => requirements.has(normalizeName(distribution)))) return true;
      // `google.cloud.bigquery` -> google-cloud-bigquery, then google-cloud, then google.
      for (let prefix = module; ; prefix = prefix.slice(0, prefix.lastIndexOf('.'))) {
        if (requirements.has(normalizeName(prefix))) return true;
        if (!prefix.includes('.')) break;
      }
      const top = normalizeName(topLevel(module));
      for (const requirement of requirements) {
        if (requirement.replace(NAME_AFFIXES, '') === top) return true;
      }
      return false;
    },
    isFirstParty(module) {
      for (let prefix = module; ; prefix = prefix.slice(0, prefix.lastIndexOf('.'))) {
        if (firstParty.has(prefix)) return true;
        if (!prefix.includes('.')) return false;
      }
    },
  };
}
