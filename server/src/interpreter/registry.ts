/**
 * Verify runs: probing the interpreters a DAG file uses (re-using a
 * result while the executable and its site-packages are unchanged), and a
 * readable report. The rules read the results through `lookup`.
 */
import { realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { InterpreterLookup, ProbeResult } from '../analysis/index.js';
import { probeInterpreter, resolveExecutable, type ProbeOptions } from './probe.js';
import type { InterpreterTarget } from './targets.js';

function fingerprint(result: ProbeResult): string {
  const paths = [result.path, ...(result.ok ? result.info.sitePackages : [])];
  return paths.map((path) => {
    try {
      return `${path}@${statSync(path).mtimeMs}`;
    } catch {
      return `${path}@missing`;
    }
  }).join('|');
}

export class InterpreterRegistry {
  private readonly results = new Map<string, { result: ProbeResult; fingerprint: string }>();

  constructor(private readonly options: ProbeOptions = {}) {}

  get timeoutMs(): number | undefined {
    return this.options.timeoutMs;
  }

  readonly lookup: InterpreterLookup = (command) => this.results.get(command)?.result;

  /** The commands probed so far, in the order they were first probed. */
  probed(): string[] {
    return [...this.results.keys()];
  }

  /**
   * Probes each command, re-using results whose executable and site-packages did not change.
   * Spellings of one executable (`bin/./python3.11`, a symlink) are probed once, and at most a few
   * probes run at a time, each timed from its own start (audit H11: 300 spellings started 300
   * Pythons, and most passed the timeout while waiting for a core).
   */
  async verify(commands: readonly string[]): Promise<ProbeResult[]> {
    const pool = new Pool(Math.max(1, Math.min(4, availableParallelism())));
    const byExecutable = new Map<string, Promise<ProbeResult>>();
    return Promise.all(commands.map(async (command) => {
      const cached = this.results.get(command);
      const resolved = resolveExecutable(command, this.options.searchPath);
      if (cached && cached.result.ok && resolved === cached.result.path && fingerprint(cached.result) === cached.fingerprint) {
        return cached.result;
      }
      const key = resolved === undefined ? `missing:${command}` : realPath(resolved);
      let probe = byExecutable.get(key);
      if (!probe) {
        probe = pool.run(() => probeInterpreter(command, this.options));
        byExecutable.set(key, probe);
      }
      const shared = await probe;
      const result = resolved !== undefined && shared.path !== resolved ? { ...shared, path: resolved } : shared;
      this.results.set(command, { result, fingerprint: fingerprint(result) });
      return result;
    }));
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Runs at most `size` tasks at once, in the order they were queued. */
class Pool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/** A report for people: one block per interpreter. */
export function formatReport(targets: readonly InterpreterTarget[], results: readonly ProbeResult[]): string {
  return targets.map((target, index) => {
    const result = results[index]!;
    const head = `${target.command} — ${target.purpose}`;
    if (!result.ok) return `${head}\n  ✗ ${result.message}`;
    const info = result.info;
    const tools = [info.venv ? 'venv' : undefined, info.ensurepip ? 'ensurepip' : undefined, info.virtualenv ? 'virtualenv' : undefined].filter(Boolean).join(', ') || 'none';
    return [
      head,
      `  ✓ ${info.implementation} ${info.version} at ${info.executable}${info.inVirtualenv ? ' (a virtualenv)' : ''}`,
      `  venv tools: ${tools}`,
      `  ${info.distributions.length} distributions installed${info.distributions.length > 0 ? `: ${info.distributions.slice(0, 12).map((item) => `${item.name}==${item.version}`).join(', ')}${info.distributions.length > 12 ? ', ...' : ''}` : ''}`,
    ].join('\n');
  }).join('\n\n');
}
