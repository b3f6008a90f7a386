/**
 * Where built environments live: `<cache>/environments/<key>/` (the cache folder of the index
 * look-ups, `$XDG_CACHE_HOME/airflow-venv-lint`, never the workspace), one folder per hash of the
 * interpreter, the creator and the requirement lines — as Airflow keys `venv_cache_path`. Each holds
 * the venv, the requirements file pip reads, pip's report, a marker once the install completed, and
 * the result; `learned-modules.json` beside them keeps which distribution provides which module.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentFacts } from '../analysis/index.js';
import type { EnvironmentPlan } from './plan.js';

export interface StoredResult {
  key: string;
  signature: string;
  /** The interpreter it was built with and its modification time: a new interpreter drops the result. */
  interpreter: { path: string; mtimeMs: number };
  facts: EnvironmentFacts;
  /** The report for people (steps, timings, notes). */
  report: string;
}

export function environmentsDirectory(cacheDirectory: string): string {
  return join(cacheDirectory, 'environments');
}

/** The key of a plan built with an interpreter (its real path and modification time). */
export function environmentKey(plan: EnvironmentPlan, interpreter: { path: string; mtimeMs: number }): string {
  const inputs = { creator: plan.creator, interpreter, systemSitePackages: plan.systemSitePackages, lines: plan.lines.map((line) => line.text), pipOptions: plan.pipOptions, indexUrls: plan.indexUrls };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 24);
}

/** Writes a file atomically (a temporary file renamed over it). */
export function writeAtomic(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function mtimeOf(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * The results of builds by environment signature, for the analysis (`environments`), read from the
 * cache folder and kept as builds finish; a result whose interpreter changed (or is gone) is dropped.
 */
export class EnvironmentStore {
  private readonly results = new Map<string, StoredResult>();
  private learned: Record<string, string[]> = {};

  constructor(readonly cacheDirectory: string) {}

  /** Loads what earlier runs left in the cache folder. */
  load(): this {
    const root = environmentsDirectory(this.cacheDirectory);
    let names: string[] = [];
    try {
      names = readdirSync(root);
    } catch {
      return this;
    }
    for (const name of names) {
      const stored = readJson<StoredResult>(join(root, name, 'result.json'));
      if (stored?.signature && stored.facts) this.results.set(stored.signature, stored);
    }
    this.learned = readJson<Record<string, string[]>>(join(root, 'learned-modules.json')) ?? {};
    return this;
  }

  readonly lookup = (signature: string): EnvironmentFacts | undefined => {
    const stored = this.results.get(signature);
    if (!stored) return undefined;
    if (mtimeOf(stored.interpreter.path) !== stored.interpreter.mtimeMs) {
      this.results.delete(signature);
      return undefined;
    }
    return stored.facts;
  };

  /** Module -> distributions learnt from built environments. */
  learnedModules(): Record<string, string[]> {
    return this.learned;
  }

  /** Keeps a result (in memory and in its folder) and what it taught about modules. */
  remember(stored: StoredResult, learned: Record<string, string[]>): void {
    this.results.set(stored.signature, stored);
    const root = environmentsDirectory(this.cacheDirectory);
    mkdirSync(join(root, stored.key), { recursive: true });
    writeAtomic(join(root, stored.key, 'result.json'), `${JSON.stringify(stored, null, 1)}\n`);
    if (Object.keys(learned).length === 0) return;
    const merged = { ...(readJson<Record<string, string[]>>(join(root, 'learned-modules.json')) ?? {}) };
    for (const [module, distributions] of Object.entries(learned)) merged[module] = [...new Set([...(merged[module] ?? []), ...distributions])];
    writeAtomic(join(root, 'learned-modules.json'), `${JSON.stringify(merged, null, 1)}\n`);
    // A new object, so the analysis builds its knowledge again.
    this.learned = merged;
  }
}
