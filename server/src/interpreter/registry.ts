/**
 * Verify runs: probing the interpreters a DAG file uses (re-using a
 * result while the executable and its site-packages are unchanged), and a
 * readable report. The rules read the results through `lookup`.
 */
import { statSync } from 'node:fs';
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

  /** Probes each command, re-using results whose executable and site-packages did not change. */
  async verify(commands: readonly string[]): Promise<ProbeResult[]> {
    return Promise.all(commands.map(async (command) => {
      const cached = this.results.get(command);
      if (cached && cached.result.ok && resolveExecutable(command, this.options.searchPath) === cached.result.path && fingerprint(cached.result) === cached.fingerprint) {
        return cached.result;
      }
      const result = await probeInterpreter(command, this.options);
      this.results.set(command, { result, fingerprint: fingerprint(result) });
      return result;
    }));
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
