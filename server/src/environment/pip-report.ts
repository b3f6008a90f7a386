/**
 * What pip said, as problems at requirement lines: the JSON of `pip install --dry-run --report`
 * (what would be installed, and from what: a wheel, or an sdist that must be built), and pip's
 * error text when it could not resolve (ResolutionImpossible, "No matching distribution",
 * Requires-Python) or build (metadata-generation-failed, "Failed building wheel").
 *
 * Requirement lines are handed to pip as a requirements file, so pip names them as
 * `-r requirements.txt (line N)` or by name; both map back to the plan's entries. The parsing is
 * tested against real pip output (test/environment/).
 */
import type { EnvironmentProblem } from '../analysis/index.js';

export interface PlannedLine {
  /** The line pip reads. */
  text: string;
  /** PEP 503 name, when the line is a requirement. */
  normalizedName: string | undefined;
  /** Index into the task's requirement entries; undefined for a line Airflow adds (the serializer). */
  entry: number | undefined;
}

export interface ResolvedDistribution {
  name: string;
  version: string;
  /** True when pip would build it from an sdist (a wheel was not available). */
  fromSource: boolean;
  requested: boolean;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distributions of a `--report` file; undefined when it is no pip report. */
export function parseReport(text: string): ResolvedDistribution[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const install = (value as { install?: unknown })?.install;
  if (!Array.isArray(install)) return undefined;
  return install.flatMap((item: unknown) => {
    const entry = item as { metadata?: { name?: unknown; version?: unknown }; download_info?: { url?: unknown; dir_info?: unknown }; requested?: unknown };
    const name = entry.metadata?.name;
    const version = entry.metadata?.version;
    if (typeof name !== 'string' || typeof version !== 'string') return [];
    const url = typeof entry.download_info?.url === 'string' ? entry.download_info.url : '';
    const fromSource = !/\.whl(#.*)?$/.test(url);
    return [{ name, version, fromSource, requested: entry.requested === true }];
  });
}

/** The entries of the lines pip's text names: `-r file (line N)`, or a requirement's name. */
function linesNamed(text: string, lines: readonly PlannedLine[]): PlannedLine[] {
  const found = new Set<PlannedLine>();
  for (const match of text.matchAll(/-r \S+ \(line (\d+)\)/g)) {
    const line = lines[Number(match[1]) - 1];
    if (line) found.add(line);
  }
  const words = new Set([...text.matchAll(/[A-Za-z0-9][A-Za-z0-9._-]*/g)].map((match) => normalize(match[0])));
  for (const line of lines) if (line.normalizedName && words.has(line.normalizedName)) found.add(line);
  return [...found];
}

function problem(kind: EnvironmentProblem['kind'], lines: readonly PlannedLine[], message: string): EnvironmentProblem {
  const entries = [...new Set(lines.flatMap((line) => (line.entry === undefined ? [] : [line.entry])))].sort((a, b) => a - b);
  const added = lines.filter((line) => line.entry === undefined).map((line) => line.text);
  return { kind, entries, message: added.length > 0 ? `${message} (${added.join(', ')} is added by Airflow)` : message };
}

/** pip's `ERROR:` lines and the conflict explanation, without the advice. */
function errorText(output: string): string[] {
  return output.split('\n').map((line) => line.trimEnd()).filter((line) => /^ERROR: /.test(line) && !/^ERROR: ResolutionImpossible/.test(line)).map((line) => line.slice(7));
}

/**
 * The problems of a failed resolution or install: conflicts and missing versions at the lines
 * pip names, Requires-Python included; a build that failed at the distribution being collected.
 */
export function pipFailure(output: string, lines: readonly PlannedLine[], phase: 'resolve' | 'install'): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  const conflict = /The conflict is caused by:\n((?:[ \t]+\S.*\n?)+)/.exec(output);
  const cannot = /^ERROR: Cannot install (.+) because these package versions have conflicting dependencies\./m.exec(output);
  if (conflict || cannot) {
    const causes = (conflict?.[1] ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
    const named = linesNamed(`${cannot?.[1] ?? ''}\n${causes.join('\n')}`, lines);
    problems.push(problem('unresolvable', named, `pip cannot resolve these requirements together (ResolutionImpossible).${causes.length > 0 ? ` ${causes.join('; ')}` : ''}`));
  }
  const errors = errorText(output);
  for (const match of output.matchAll(/^ERROR: No matching distribution found for (.+)$/gm)) {
    const requirement = match[1]!.trim();
    const ignored = errors.find((line) => line.startsWith('Ignored the following versions that require a different python version'));
    const versions = /from versions: ([^)]*)\)/.exec(errors.find((line) => line.includes(requirement) && line.includes('from versions')) ?? '')?.[1];
    const named = linesNamed(requirement.split(/[<>=!~;\[ ]/)[0]!, lines);
    const why = ignored ? `. Every candidate needs another Python (${ignored.replace(/^Ignored the following versions that require a different python version: /, '')})` : versions !== undefined ? `. Versions on the index: ${versions}` : '';
    problems.push(problem('unresolvable', named, `No version of ${requirement} can be installed${why}`));
  }
  const requiresPython = /^ERROR: Package '([^']+)' requires a different Python: (.+)$/m.exec(output);
  if (requiresPython) problems.push(problem('unresolvable', linesNamed(requiresPython[1]!, lines), `${requiresPython[1]} requires a different Python. pip says: ${requiresPython[2]}`));
  const build = buildFailure(output, lines, phase);
  if (build) problems.push(build);
  if (problems.length === 0) {
    const last = errors.at(-1) ?? output.trim().split('\n').at(-1) ?? '';
    problems.push(problem(phase === 'resolve' ? 'unresolvable' : 'build-failed', linesNamed(last, lines), `pip failed to ${phase === 'resolve' ? 'resolve' : 'install'} the requirements. pip says: ${last.slice(0, 500)}`));
  }
  return problems;
}

/** A build that failed: the distribution pip was collecting or building, and the build's own last words. */
function buildFailure(output: string, lines: readonly PlannedLine[], phase: 'resolve' | 'install'): EnvironmentProblem | undefined {
  const failedWheels = [...output.matchAll(/^ERROR: Failed building wheel for (\S+)/gm)].map((match) => match[1]!);
  const metadata = /error: metadata-generation-failed|Encountered error while generating package metadata|subprocess-exited-with-error/.test(output);
  if (failedWheels.length === 0 && !metadata) return undefined;
  const collected = [...output.matchAll(/^Collecting (\S+)/gm)].map((match) => match[1]!);
  const names = failedWheels.length > 0 ? failedWheels : collected.slice(-1);
  const words = /╰─> \[\d+ lines? of output\]\n([\s\S]*?)\[end of output\]/.exec(output)?.[1]?.trim().split('\n').map((line) => line.trim()).filter(Boolean).slice(-3).join(' / ');
  const named = linesNamed(names.join(' '), lines);
  const what = names.length > 0 ? names.join(', ') : 'a distribution';
  const detail = phase === 'resolve' ? `. It failed while preparing its metadata${words ? `: ${words}` : ''}` : words ? `. The build's output ends: ${words}` : '';
  return problem('build-failed', named, `${what} must be built from source, and the build failed${detail}`);
}

/** Distributions pip builds from an sdist: they need a compiler (and headers) on the worker when they carry C code. */
export function sourceBuilds(resolved: readonly ResolvedDistribution[], lines: readonly PlannedLine[]): EnvironmentProblem[] {
  return resolved.filter((item) => item.fromSource).map((item) => {
    const named = linesNamed(item.name, lines);
    return problem('source-build', named, `${item.name} ${item.version} has no wheel for this Python and platform on the index. pip builds it from source${item.requested ? '' : ' (a dependency)'}, which needs a compiler and headers on the worker when it has C code, and makes every venv build slower`);
  });
}
