/**
 * The release table (data/airflow-releases.json) as typed segments, the release and provider-release
 * orders, and the look-up every accessor shares. Internal to knowledge/: the public accessor is
 * airflow-releases.ts (see there for what the table holds and where it comes from). Pure: no I/O.
 */
import data from './data/airflow-releases.json' with { type: 'json' };

import { memoize, TABLE_LIMIT } from './memo.js';
import { compareVersions } from './release-order.js';

export type OperatorName = 'PythonVirtualenvOperator' | 'ExternalPythonOperator' | 'BranchPythonVirtualenvOperator' | 'BranchExternalPythonOperator';
export type DecoratorName = 'virtualenv' | 'external_python' | 'branch_virtualenv' | 'branch_external_python';
export const OPERATORS: readonly OperatorName[] = ['PythonVirtualenvOperator', 'ExternalPythonOperator', 'BranchPythonVirtualenvOperator', 'BranchExternalPythonOperator'];
export const DECORATORS: readonly DecoratorName[] = ['virtualenv', 'external_python', 'branch_virtualenv', 'branch_external_python'];
/** The module of the standard provider's operators. */
export const PROVIDER_MODULE = 'airflow.providers.standard.operators.python';

/** Where a fact comes from: a tag of Airflow's history and a file, or a named stored source (see {@link source}). */
export type Citation =
  | { tag: string; file: string; line?: number; symbol?: string; note?: string }
  | { source: string; basis: 'code' | 'changelog' | 'inferred'; note?: string };

export interface SourceDocument { repo: string; path?: string; commit?: string; issue?: number; pull?: number; note?: string }

export type Scope = 'core' | 'sdk' | 'provider';
type Param = [string, string | null];
type Branch = [string, string, 'set' | 'non-str'];

export interface Segment { key?: string; scope?: Scope; from: string; to: string; cite: Citation }
export interface ClassSegment extends Segment {
  key: string;
  bases: string[];
  params: Param[] | null;
  keywordOnly?: string;
  varKwargs?: boolean;
  kwargsAccepted?: [string, string | null][];
  deprecated?: Branch[];
  raises?: Branch[];
  templateFields?: string[];
  templateExt?: string[];
}
export interface ModuleSegment extends Segment { key: string; status: ModuleStatus; exports?: string[]; targets?: Record<string, string>; target?: string; warning?: string }
export interface DecoratorSegment extends Segment { key: string; module?: string; modules?: string[]; decoratedClass?: string; params?: Param[]; keywordOnly?: string; providerMin?: string }
export interface DecoratorCallSegment extends Segment { reserved: string[] }
export interface PythonSegment extends Segment { versions: string[]; basis: 'readme' | 'classifiers'; requiresPython?: string }
export interface VenvSegment extends Segment {
  creator: string;
  argv: string[];
  options: string[];
  pythonWithVersion: string | null;
  pythonWithoutVersion: string | null;
  needsVirtualenv: string[];
  alternative?: { creator: string; argv: string[]; when: string };
}
export interface ArgumentsSegment extends Segment { positional: string; unknownKeyword: string | null; unknownKeywordRaises: boolean; optOut: string | null }
export interface Table {
  sources: Record<string, SourceDocument>;
  releases: { version: string; tag?: string; commit?: string; line?: boolean; note?: string }[];
  providerReleases: { version: string; airflowMin: string; cite: Citation }[];
  classes: ClassSegment[];
  modules: ModuleSegment[];
  decorators: DecoratorSegment[];
  decoratorCalls: DecoratorCallSegment[];
  python: PythonSegment[];
  venv: VenvSegment[];
  argumentPolicy: ArgumentsSegment[];
  providerBehaviours: { key: string; from: string; value?: string; before?: string; cite: Citation }[];
}

export const table = data as unknown as Table;

/** `missing`: ImportError; `shim`: a module that re-exports with a DeprecationWarning; `deprecated-class-map`: the
 * name resolves through Airflow's deprecated-class table with a warning; `deprecated`: works, with a warning. */
export type ModuleStatus = 'module' | 'shim' | 'deprecated-class-map' | 'deprecated' | 'missing';

// ---------------------------------------------------------------------------------------------
// Releases

export { compareVersions };

export const RELEASES: readonly string[] = table.releases.map((release) => release.version);
export const RELEASE_INDEX = new Map(RELEASES.map((version, index) => [version, index]));
export const PROVIDERS: readonly string[] = table.providerReleases.map((release) => release.version);
export const PROVIDER_INDEX = new Map(PROVIDERS.map((version, index) => [version, index]));
const PROVIDER_MINIMUM = new Map(table.providerReleases.map((release) => [release.version, release.airflowMin]));
const LINES = new Set(table.releases.filter((release) => release.line).map((release) => release.version));

/** Every release the table covers, oldest first: `1.10.15`, `2.0.0` ... `2.11.1`, `3.0` ... `3.3`. */
export function releases(): readonly string[] {
  return RELEASES;
}

/** The pinned tag and commit a 1.10/2.x release was read at (undefined for the 3.x lines). */
export function releaseSource(release: string): { tag: string; commit: string } | undefined {
  const found = table.releases.find((entry) => entry.version === release);
  return found?.tag && found.commit ? { tag: found.tag, commit: found.commit } : undefined;
}

/** Orders two releases of {@link releases} (or any dotted versions). */
export function compareReleases(a: string, b: string): number {
  return compareVersions(a, b);
}

/**
 * The covered release that stands for `text`: an exact release (`2.7.2`); a minor or major (`2.7`, `2`)
 * gives its newest covered release (`2.7.3`, `2.11.1`); an uncovered patch gives the newest covered one
 * below it in the same minor (`2.10.4` -> `2.10.3`), else the oldest of that minor (`1.10.3` -> `1.10.15`,
 * the only 1.10 in the table); any `3.X.Y` gives its line `3.X`. Undefined for releases outside the
 * table (`1.9`, `3.4`) and for text that is no version.
 */
export function parseRelease(text: string): string | undefined {
  const match = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\S*\s*$/.exec(text);
  if (!match) return undefined;
  const [, major, minor, patch] = match;
  const line = minor === undefined ? undefined : `${major}.${minor}`;
  if (line && LINES.has(line)) return line;
  const candidates = RELEASES.filter((release) => (line ? release.startsWith(`${line}.`) || release === line : release.split('.')[0] === major));
  if (candidates.length === 0) return undefined;
  if (patch === undefined) return candidates.at(-1);
  const exact = `${line}.${patch}`;
  if (RELEASE_INDEX.has(exact)) return exact;
  const below = candidates.filter((release) => compareVersions(release, exact) < 0);
  return below.at(-1) ?? candidates[0];
}

export function isThree(release: string): boolean {
  return LINES.has(release);
}

/** Standard-provider releases the table covers, oldest first (`0.0.1` ... `1.20.0`). */
export function providerReleases(): readonly string[] {
  return PROVIDERS;
}

export function latestProvider(): string {
  return PROVIDERS.at(-1)!;
}

/** The oldest Airflow release a provider release installs on (`2.9.0` for 0.0.3). */
export function providerAirflowMinimum(provider: string): string | undefined {
  return PROVIDER_MINIMUM.get(provider);
}

/** Does the provider release install on the Airflow release? (Airflow 3 lines take every provider release.) */
export function providerInstallsOn(provider: string, release: string): boolean {
  const minimum = providerAirflowMinimum(provider);
  const at = RELEASE_INDEX.get(release);
  if (!minimum || at === undefined) return false;
  if (isThree(release)) return true;
  // The table's releases are in version order: a minimum that is one of them compares by position.
  const from = RELEASE_INDEX.get(minimum);
  return from === undefined ? compareVersions(release, minimum) >= 0 : at >= from;
}

/** Provider releases that install on the Airflow release, oldest first. */
export const providersFor: (release: string) => readonly string[] = memoize(
  (release: string) => PROVIDERS.filter((provider) => providerInstallsOn(provider, release)),
  (release) => release,
  TABLE_LIMIT,
);

/** A source named in a {@link Citation} (repository, path, commit). */
export function source(name: string): SourceDocument | undefined {
  return table.sources[name];
}

// ---------------------------------------------------------------------------------------------
// Segments

export function within<T extends Segment>(segment: T, version: string, order: ReadonlyMap<string, number>): boolean {
  const index = order.get(version);
  const from = order.get(segment.from);
  const to = order.get(segment.to);
  return index !== undefined && from !== undefined && to !== undefined && from <= index && index <= to;
}

/** A table's segments by key, in table order: `find` is asked thousands of times while a target is inferred. */
const byKey = new WeakMap<readonly Segment[], Map<string | undefined, readonly Segment[]>>();

function segmentsOf<T extends Segment>(segments: readonly T[], key: string | undefined): readonly T[] {
  if (key === undefined) return segments;
  let index = byKey.get(segments);
  if (!index) {
    index = new Map();
    for (const segment of segments) {
      const same = index.get(segment.key) as Segment[] | undefined;
      if (same) same.push(segment);
      else index.set(segment.key, [segment]);
    }
    byKey.set(segments, index);
  }
  return (index.get(key) ?? []) as readonly T[];
}

export function find<T extends Segment>(segments: readonly T[], key: string | undefined, scope: Scope, version: string): T | undefined {
  const order = scope === 'provider' ? PROVIDER_INDEX : RELEASE_INDEX;
  return segmentsOf(segments, key).find((segment) => (segment.scope ?? 'core') === scope && within(segment, version, order));
}

/** Which classes answer at a release: with a provider release, its classes first, then Airflow's own. */
export interface Context { release: string; provider: string | undefined }

export function context(release: string, provider?: string): Context | undefined {
  if (!RELEASE_INDEX.has(release)) return undefined;
  if (provider !== undefined && !PROVIDER_INDEX.has(provider)) return undefined;
  return { release, provider: provider ?? (isThree(release) ? latestProvider() : undefined) };
}

