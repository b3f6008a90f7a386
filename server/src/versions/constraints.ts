/**
 * Airflow constraints files (`constraints-<airflow>/constraints-<python>.txt`):
 * a header of comments, then one `Name==version` per line. Read from a local
 * path; cached until the file's mtime changes.
 */
import { statSync } from 'node:fs';
import { normalizeName } from '../analysis/index.js';
import { readUtf8 } from '../host/guarded-file.js';
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
  private cached: { mtimeMs: number; size: number; pins: Map<string, string> } | undefined;
  private failure: string | undefined;

  constructor(readonly path: string) {}

  /** The pinned version, synchronously (used by rules and quick fixes); undefined when absent or unreadable. */
  pinned(normalizedName: string): string | undefined {
    return this.load()?.get(normalizedName);
  }

  /** Why the file cannot be used, if it cannot. */
  problem(): string | undefined {
    try {
      statSync(this.path);
    } catch {
      return `constraints file ${this.path} does not exist`;
    }
    this.load();
    return this.failure ? `${this.path} cannot be read (${this.failure})` : undefined;
  }

  async versionsFor(normalizedName: string): Promise<VersionResult> {
    const problem = this.problem();
    if (problem) return { error: problem, source: this.path };
    const version = this.pinned(normalizedName);
    return version ? { versions: [version], source: this.path } : undefined;
  }

  /** Through the guarded reader: a FIFO, `/dev/zero` or a 300 MB file is refused, not read (audit H1, C2). */
  private load(): Map<string, string> | undefined {
    let stat;
    try {
      stat = statSync(this.path);
    } catch (error) {
      this.failure = (error as Error).message;
      return undefined;
    }
    if (this.cached?.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.pins;
    const read = readUtf8(this.path);
    if ('error' in read) {
      this.failure = read.error;
      this.cached = undefined;
      return undefined;
    }
    this.failure = undefined;
    this.cached = { mtimeMs: stat.mtimeMs, size: stat.size, pins: parseConstraints(read.text) };
    return this.cached.pins;
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
