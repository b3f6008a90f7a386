/**
 * The target: the Airflow releases (and standard-provider releases) a DAG file is judged against.
 * Configured (`airflow-version = "2.7"`, a pinned `apache-airflow==2.7.3` handed in by the host) or
 * inferred from what the file uses. A rule speaks about the target only where every release it admits
 * agrees: a finding true in some admitted releases only says less (a lower severity, an unsafe fix, or
 * nothing). Facts come from the release table (airflow-releases.ts). Pure: no I/O.
 */
import type { AirflowVersion } from './airflow.js';
import {
  classParameters, decoratorAvailable, decoratorParameters, importPathAvailable, importPaths, parseRelease, PROVIDER_MODULE,
  providerInstallsOn, providersFor, releases, type DecoratorName, type OperatorName, type Parameter,
} from './airflow-releases.js';
import { memoize, TABLE_LIMIT } from './memo.js';

export interface AirflowTarget {
  /** The Airflow releases the target admits, oldest first (table releases: `2.7.3`, `3.1`). */
  releases: readonly string[];
  /** How messages name it: `2`, `2.7`, `2.10.3`, `1.10 or 2`, `2.9.0-2.11.1 or 3`. */
  label: string;
  /** The major of the newest admitted release. */
  major: AirflowVersion;
  /** The configured standard-provider release; undefined: any release that installs on the target. */
  provider: string | undefined;
  how: 'configured' | 'inferred';
  /** Why this target, for `--verbose` and the output channel. */
  reason: string;
}

/** What a task is built from: its operator class or decorator and the module it came from. */
export interface TaskOrigin {
  form: 'operator' | 'decorator';
  /** `PythonVirtualenvOperator`, or `@task.virtualenv`. */
  symbol: string;
  module: string;
}

/** One Airflow release, with the provider release that serves the task there (undefined: Airflow's own classes). */
export interface Environment {
  release: string;
  provider: string | undefined;
}

export function majorOf(release: string): AirflowVersion {
  return release.startsWith('1.') ? '1.10' : release.startsWith('2.') ? '2' : '3';
}

/**
 * The releases a configured version admits: `2` every 2.x release, `2.7` every 2.7.x, `2.7.2` that
 * release (or the covered one standing for it), `3.1` / `3.1.4` the 3.1 line, `1.10` 1.10.15.
 * Undefined when the table does not cover it.
 */
export function admittedReleases(text: string): string[] | undefined {
  const match = /^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(text);
  if (!match) return undefined;
  const [, major, minor, patch] = match;
  if (patch !== undefined && major !== '3') {
    const release = parseRelease(text);
    return release ? [release] : undefined;
  }
  const prefix = minor === undefined ? `${major}.` : `${major}.${minor}`;
  const found = releases().filter((release) => release === prefix || release.startsWith(minor === undefined ? prefix : `${prefix}.`));
  return found.length > 0 ? found : undefined;
}

/** Is `text` a value `airflow-version` takes: `auto`, or a major, minor or release the release table covers? */
export function isAirflowTarget(text: string): boolean {
  return text.trim() === 'auto' || admittedReleases(text) !== undefined;
}

/** The target a configured `airflow-version` (not `auto`) names; undefined when the table does not cover it. */
export function configuredTarget(text: string, provider?: string, origin = 'airflow-version'): AirflowTarget | undefined {
  const admitted = admittedReleases(text);
  if (!admitted) return undefined;
  return { releases: admitted, label: text.trim(), major: majorOf(admitted.at(-1)!), provider, how: 'configured', reason: `${origin} ${text.trim()}` };
}

/** Releases where importing `module` works (the provider module: where some provider release installs). */
function importable(module: string, provider: string | undefined): string[] {
  return releases().filter((release) => importPathAvailable(module, release, provider) !== 'missing');
}

/**
 * The target inferred from a file's Airflow imports and its tasks, never narrower than what the file
 * could run on: `airflow.sdk` is Airflow 3; `airflow.operators.python_operator` works on 1.10 and every
 * 2.x; `airflow.operators.python` and `airflow.decorators` say Airflow 2 (the default when nothing says
 * otherwise; both also work on 3, so they never make 3 a target on their own); the standard provider
 * runs on 2.9+ and 3. Then the tasks narrow it: a class, decorator or argument that exists only in
 * later releases drops the earlier ones (so 1.10 stays only while nothing 2.x-only is used).
 */
export const inferTarget: (modules: readonly string[], tasks: readonly (TaskOrigin & { argumentNames: readonly string[] })[], provider?: string) => AirflowTarget = memoize(
  (modules: readonly string[], tasks: readonly (TaskOrigin & { argumentNames: readonly string[] })[], provider?: string) => inferTargetOf(modules, tasks, provider),
  // Typing inside a task changes none of this: the same target object, so per-target memos hold.
  (modules, tasks, provider) => `${modules.join(' ')}\0${provider ?? ''}\0${tasks.map((task) => `${task.form} ${task.symbol} ${task.module} ${task.argumentNames.join(',')}`).join('\n')}`,
  // A key names every task of a file (tens of kilobytes for a large one): only the last few files.
  64,
);

function inferTargetOf(modules: readonly string[], tasks: readonly (TaskOrigin & { argumentNames: readonly string[] })[], provider?: string): AirflowTarget {
  const uses = (prefix: string) => modules.some((module) => module === prefix || module.startsWith(`${prefix}.`));
  const twoAndLater = releases().filter((release) => !release.startsWith('1.'));
  const two = twoAndLater.filter((release) => release.startsWith('2.'));
  let admitted: string[] = two;
  const reasons: string[] = [];
  const narrow = (candidates: readonly string[], why: string) => {
    const accepted = new Set(candidates);
    const next = admitted.filter((release) => accepted.has(release));
    if (next.length > 0 && next.length < admitted.length) reasons.push(why);
    if (next.length > 0) admitted = next;
  };
  if (uses('airflow.sdk')) {
    admitted = importable('airflow.sdk', provider);
    reasons.push('imports airflow.sdk');
  } else if (uses('airflow.providers.standard')) {
    admitted = importable(PROVIDER_MODULE, provider);
    reasons.push('imports the standard provider (Airflow 2.9+ or 3)');
  } else if (uses('airflow.operators.python_operator') && !uses('airflow.operators.python') && !uses('airflow.decorators')) {
    admitted = importable('airflow.operators.python_operator', provider);
    reasons.push('imports airflow.operators.python_operator (Airflow 1.10 or 2)');
  } else reasons.push(uses('airflow.operators.python') || uses('airflow.decorators') ? 'imports airflow.operators.python / airflow.decorators (Airflow 2)' : 'no import names a version (Airflow 2)');
  if (uses('airflow.operators.python_operator')) narrow(importable('airflow.operators.python_operator', provider), 'airflow.operators.python_operator is gone in Airflow 3');
  for (const task of tasks) {
    narrow(releasesWith(task, undefined, provider), `${task.symbol} exists`);
    for (const name of task.argumentNames) {
      const accepting = releasesWith(task, name, provider);
      if (accepting.length > 0) narrow(accepting, `${task.symbol} takes ${name}`);
    }
  }
  return { releases: admitted, label: labelOf(admitted, true), major: majorOf(admitted.at(-1)!), provider, how: 'inferred', reason: reasons.join('; ') };
}

/** Every release of the table where the task's class or decorator exists (and takes `name`, when given). */
const releasesWith = memoize(
  (origin: TaskOrigin, name: string | undefined, provider: string | undefined): readonly string[] =>
    releasesWhere({ releases: releases(), provider }, origin, (parameters) => name === undefined || parameters.has(name)),
  (origin, name, provider) => `${originKey(origin)} ${provider ?? ''} ${name ?? ''}`,
  TABLE_LIMIT,
);

/** The task's class or decorator and where it is imported from, as a memo key. */
export function originKey(origin: TaskOrigin): string {
  return `${origin.form} ${origin.symbol} ${origin.module}`;
}

/**
 * `2` for all of 2.x, `2.7` for all of 2.7.x, `2.10.0-2.11.1`, joined with "or" across majors; with
 * `majors`, only the majors (`1.10 or 2`): an inferred target names what the imports say.
 */
export function labelOf(admitted: readonly string[], majors = false): string {
  const all = releases();
  const parts: string[] = [];
  for (const major of ['1.10', '2', '3'] as const) {
    const mine = admitted.filter((release) => majorOf(release) === major);
    if (mine.length === 0) continue;
    const whole = all.filter((release) => majorOf(release) === major);
    if (majors || mine.length === whole.length) {
      parts.push(major);
      continue;
    }
    const minors = new Set(mine.map((release) => release.split('.').slice(0, 2).join('.')));
    const minor = minors.size === 1 ? [...minors][0]! : undefined;
    if (minor && all.filter((release) => release === minor || release.startsWith(`${minor}.`)).length === mine.length) parts.push(minor);
    else parts.push(mine.length === 1 ? mine[0]! : `${mine[0]}-${mine.at(-1)}`);
  }
  return parts.join(' or ');
}

/**
 * The (release, provider) pairs the target admits for a task imported from `origin.module`. On 2.x a
 * provider-imported operator may come from any provider release that installs there; on the 3.x lines
 * the configured provider release, else the newest (the release table's own assumption: the 0.0.x
 * releases were made before Airflow 3.0 was released).
 */
export function environments(target: Pick<AirflowTarget, 'releases' | 'provider'>, origin: TaskOrigin): Environment[] {
  return target.releases.flatMap((release) => environmentsAt(release, target.provider, origin));
}

/** {@link environments} at one release; memoised (every rule asks it for every task on every keystroke). */
const environmentsAt: (release: string, provider: string | undefined, origin: TaskOrigin) => readonly Environment[] = memoize(
  (release: string, provider: string | undefined, origin: TaskOrigin): readonly Environment[] => {
    const fromProvider = origin.form === 'operator' && origin.module === PROVIDER_MODULE;
    if (fromProvider && majorOf(release) === '3') return [{ release, provider }];
    if (fromProvider) return (provider ? (providerInstallsOn(provider, release) ? [provider] : []) : providersFor(release)).map((each) => ({ release, provider: each }));
    if (origin.form === 'operator' && !importPaths(origin.symbol as OperatorName, release).some((path) => path.module === origin.module)) return [];
    return [{ release, provider: majorOf(release) === '3' ? provider : undefined }];
  },
  (release, provider, origin) => `${release} ${provider ?? ''} ${originKey(origin)}`,
  TABLE_LIMIT,
);

/** The keyword arguments the task's class or decorator accepts there; undefined when it does not exist there. */
export const taskParameters: (origin: TaskOrigin, where: Environment) => ReadonlyMap<string, Parameter> | undefined = memoize(
  (origin: TaskOrigin, where: Environment) => {
    if (origin.form !== 'decorator') return classParameters(origin.symbol as OperatorName, where.release, where.provider);
    const decorator = origin.symbol.replace(/^@task\./, '') as DecoratorName;
    return decoratorAvailable(decorator, where.release, where.provider) ? decoratorParameters(decorator, where.release, where.provider) : undefined;
  },
  (origin, where) => `${origin.form} ${origin.symbol} ${where.release} ${where.provider ?? ''}`,
  TABLE_LIMIT,
);

/** The admitted releases where `holds` is true for the task somewhere (any provider release that serves it). */
export function releasesWhere(target: Pick<AirflowTarget, 'releases' | 'provider'>, origin: TaskOrigin, holds: (parameters: ReadonlyMap<string, Parameter>, where: Environment) => boolean): string[] {
  const judged = judgedEnvironments(target, origin);
  return target.releases.filter((_, index) => judged[index]!.some(({ where, parameters }) => holds(parameters, where)));
}

/**
 * For each admitted release (in order), the environments where the task's class or decorator exists,
 * with its parameters there. Memoised per target and origin: every task of a file (and, through the
 * inferred target's memo, of many files) asks the same.
 */
const judgedEnvironments = memoize(
  (target: Pick<AirflowTarget, 'releases' | 'provider'>, origin: TaskOrigin): readonly (readonly { where: Environment; parameters: ReadonlyMap<string, Parameter> }[])[] =>
    target.releases.map((release) => environmentsAt(release, target.provider, origin).flatMap((where) => {
      const parameters = taskParameters(origin, where);
      return parameters ? [{ where, parameters }] : [];
    })),
  (target, origin) => `${targetKey(target)}\0${originKey(origin)}`,
);

const targetKeys = new WeakMap<Pick<AirflowTarget, 'releases' | 'provider'>, string>();

/** A string naming the target's releases, provider and kind: a key for memoised per-task verdicts. */
export function targetKey(target: Pick<AirflowTarget, 'releases' | 'provider'> & Partial<Pick<AirflowTarget, 'how'>>): string {
  let key = targetKeys.get(target);
  if (key === undefined) {
    key = `${target.releases.join(',')} ${target.provider ?? ''} ${target.how ?? ''}`;
    targetKeys.set(target, key);
  }
  return key;
}

/** One line for people: `Airflow 2.7.0-2.7.3 (configured: airflow-version 2.7)`. */
export function describeTarget(target: AirflowTarget): string {
  const span = target.releases.length === 1 ? target.releases[0]! : `${target.releases[0]}-${target.releases.at(-1)}`;
  const provider = target.provider ? `, standard provider ${target.provider}` : '';
  return `Airflow ${target.label} (releases ${span}${provider}; ${target.how}: ${target.reason})`;
}

/** How bad something is at one release; undefined: fine there. */
export type Verdict = 'error' | 'warning' | 'info';

const MILDNESS: Record<Verdict, number> = { info: 0, warning: 1, error: 2 };

/**
 * One severity for a finding judged release by release (each release by the mildest verdict of the
 * provider releases that may serve the task there): when every admitted release has a verdict, the
 * mildest of them; when only some do, `info` on a configured target and nothing on an inferred one
 * (the tool cannot know which release runs the DAG). Releases without the task's class or decorator
 * are left out (VENV502 reports those).
 */
export function severityAcross(target: AirflowTarget, origin: TaskOrigin, verdict: (where: Environment) => Verdict | undefined): Verdict | undefined {
  let mildest: Verdict | undefined;
  let some = false;
  let all = true;
  for (const environments of judgedEnvironments(target, origin)) {
    const found = environments.map(({ where }) => verdict(where));
    if (found.length === 0) continue;
    if (found.some((one) => one === undefined)) {
      all = false;
      continue;
    }
    some = true;
    for (const one of found as Verdict[]) if (mildest === undefined || MILDNESS[one] < MILDNESS[mildest]) mildest = one;
  }
  if (!some) return undefined;
  if (all) return mildest;
  return target.how === 'configured' ? 'info' : undefined;
}
