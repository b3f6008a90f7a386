/**
 * Airflow constraints files (`constraints-<airflow>/constraints-<python>.txt`):
 * a header of comments, then one `Name==version` per line. Read from a local
 * path; cached until the file's mtime changes.
 */
import { readFileSync, statSync } from 'node:fs';
import { normalizeName } from '../analysis/index.js';
import type { VersionResult, VersionSource } from './source.js';

export function parseConstraints(text: string): Map<string, string> {
  const pins = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s;]+)/.exec(line);
    if (match) pins.set(normalizeName(match[1]!), match[2]!);
  }
  return pins;
}

export class ConstraintsSource implements VersionSource {
  readonly kind = 'constraints' as const;
  private cached: { mtimeMs: number; pins: Map<string, string> } | undefined;

  constructor(readonly path: string) {}

  /** The pinned version, synchronously (used by rules and quick fixes); undefined when absent or unreadable. */
  pinned(normalizedName: string): string | undefined {
    return this.load()?.get(normalizedName);
  }

  /** Why the file cannot be used, if it cannot. */
  problem(): string | undefined {
    try {
      statSync(this.path);
      return this.load() ? undefined : `${this.path} cannot be read`;
    } catch {
      return `constraints file ${this.path} does not exist`;
    }
  }

  async versionsFor(normalizedName: string): Promise<VersionResult> {
    const problem = this.problem();
    if (problem) return { error: problem, source: this.path };
    const version = this.pinned(normalizedName);
    return version ? { versions: [version], source: this.path } : undefined;
  }

  private load(): Map<string, string> | undefined {
    try {
      const mtimeMs = statSync(this.path).mtimeMs;
      if (this.cached?.mtimeMs !== mtimeMs) this.cached = { mtimeMs, pins: parseConstraints(readFileSync(this.path, 'utf8')) };
      return this.cached.pins;
    } catch {
      return undefined;
    }
  }
}

const opened = new Map<string, ConstraintsSource>();

/** One shared source per constraints file (each re-reads its file only when the mtime changes). */
export function constraintsFile(path: string): ConstraintsSource {
  let source = opened.get(path);
  if (!source) {
    source = new ConstraintsSource(path);
    opened.set(path, source);
  }
  return source;
}
