/**
 * Online checks (VENV209): the index pages of the distributions a file pins,
 * fetched only when the user turned online checks on, and kept for the rules
 * to read synchronously.
 */
import type { FileModel, IndexFacts, IndexLookup } from '../analysis/index.js';
import type { IndexSource } from './package-index.js';

export class OnlineChecks {
  private readonly facts = new Map<string, IndexFacts>();
  private readonly pending = new Map<string, Promise<void>>();
  /** Why a look-up failed, once per message. */
  readonly problems = new Set<string>();

  constructor(private readonly source: IndexSource) {}

  readonly lookup: IndexLookup = (normalizedName) => this.facts.get(normalizedName);

  /** Fetches what the file needs; resolves to true when something new was learnt. */
  fetchFor(model: FileModel | undefined): Promise<boolean> {
    return this.fetch(pinnedNames(model));
  }

  /** Fetches the names not known yet; resolves to true when something new was learnt. */
  async fetch(wanted: readonly string[]): Promise<boolean> {
    const names = wanted.filter((name) => !this.facts.has(name));
    const before = this.facts.size;
    await Promise.all(names.map((name) => {
      let running = this.pending.get(name);
      if (!running) {
        running = this.source.facts(name).then((facts) => {
          if ('error' in facts) this.problems.add(`${name}: ${facts.error}`);
          else this.facts.set(name, facts);
        });
        this.pending.set(name, running);
      }
      return running;
    }));
    return this.facts.size > before;
  }
}

/** PEP 503 names of the file's requirements pinned with `==`. */
export function pinnedNames(model: FileModel | undefined): string[] {
  const names = new Set<string>();
  for (const task of model?.tasks ?? []) {
    for (const entry of task.requirements?.entries ?? []) {
      if (entry.parsed?.specifiers.some((specifier) => specifier.operator === '==')) names.add(entry.parsed.normalizedName);
    }
  }
  return [...names];
}
