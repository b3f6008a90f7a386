/**
 * "Build Task Environment": builds one task's venv as its Airflow release would (plan.ts), in the
 * cache folder (cache.ts), then resolves first (`pip install --dry-run --report`: conflicts,
 * missing versions and Requires-Python come back in seconds), installs, and imports the callable's
 * modules in the new venv (import-probe.ts). Every step is a process with an argv, a timeout, an
 * output cap, a clean environment and a group kill (run.ts); cancelling stops the running step.
 */
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { createKnowledge, type EnvironmentFacts, type EnvironmentProblem, type LintConfig, type TaskModel } from '../analysis/index.js';
import { environmentKey, environmentsDirectory, writeAtomic, type EnvironmentStore, type StoredResult } from './cache.js';
import { IMPORT_PROBE, importProblems, parseProbeAnswer, probeArguments, providesOf } from './import-probe.js';
import { parseReport, pipFailure, sourceBuilds } from './pip-report.js';
import { creatorArgv, describeBuild, type EnvironmentPlan } from './plan.js';
import { runStep, tail, type StepResult } from './run.js';

export interface BuildOptions {
  store: EnvironmentStore;
  which: (command: string) => string | undefined;
  config: LintConfig;
  signal?: AbortSignal;
  progress?: (message: string, percentage: number) => void;
  /** Seconds per step (default: create 180, resolve 300, install 900, imports 60). */
  timeouts?: Partial<Record<'create' | 'resolve' | 'install' | 'imports', number>>;
  /** Do not keep pip's download cache (the tests); otherwise it lives in the cache folder. */
  noPipCache?: boolean;
}

export interface BuildOutcome {
  /** Undefined when the build could not start or was cancelled. */
  facts: EnvironmentFacts | undefined;
  report: string;
  cancelled: boolean;
}

const DEFAULT_TIMEOUTS = { create: 180, resolve: 300, install: 900, imports: 60 };

/**
 * The environment of every step: PATH (to find the interpreters, the creator and a compiler), HOME,
 * temp folders, proxy and certificate settings; no PYTHON*, PIP_* or other variables of the editor,
 * pip's configuration files off (PIP_CONFIG_FILE=/dev/null), so the index comes only from the plan,
 * and virtualenv's periodic update of its embedded wheels off.
 */
export function buildEnvironment(cacheDirectory: string, noPipCache: boolean, source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {
    LANG: 'C.UTF-8',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    PIP_CONFIG_FILE: devNull,
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    UV_NO_CONFIG: '1',
    // virtualenv's background update of its embedded wheels would reach PyPI, whatever index the plan names.
    VIRTUALENV_NO_PERIODIC_UPDATE: '1',
    ...(noPipCache ? { PIP_NO_CACHE_DIR: '1', UV_NO_CACHE: '1' } : { PIP_CACHE_DIR: join(cacheDirectory, 'pip'), UV_CACHE_DIR: join(cacheDirectory, 'uv') }),
  };
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'SYSTEMROOT', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'PIP_CERT']) {
    if (source[name] !== undefined) kept[name] = source[name];
  }
  return kept;
}

/** The callable's imports the probe may try: statically named, unguarded, not first-party, not `__future__`. */
export function importsToProbe(task: TaskModel, config: LintConfig): { module: string; names: string[] }[] {
  const knowledge = createKnowledge({ firstParty: config.firstParty });
  const seen = new Map<string, Set<string>>();
  for (const imported of task.callable?.imports ?? []) {
    const module = imported.module;
    if (!module || imported.guarded || module === '__future__' || knowledge.isFirstParty(module) || !/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(module)) continue;
    const names = seen.get(module) ?? new Set<string>();
    for (const submodule of imported.submodules) if (submodule.startsWith(`${module}.`)) names.add(submodule.slice(module.length + 1));
    seen.set(module, names);
  }
  return [...seen].map(([module, names]) => ({ module, names: [...names].filter((name) => /^[A-Za-z_]\w*$/.test(name)) }));
}

function pipArgv(plan: EnvironmentPlan, python: string, folder: string, dryRun: boolean): string[] {
  const [first, ...extra] = plan.indexUrls;
  const index = [...(first ? ['--index-url', first] : []), ...extra.flatMap((url) => ['--extra-index-url', url])];
  const report = dryRun ? ['--dry-run', '--report', join(folder, 'report.json')] : [];
  const requirements = ['-r', join(folder, 'requirements.txt')];
  if (plan.creator === 'uv') return ['uv', 'pip', 'install', '--python', python, ...(dryRun ? ['--dry-run'] : []), ...index, ...plan.pipOptions, ...requirements];
  return [python, '-m', 'pip', 'install', '--no-input', '--progress-bar', 'off', ...report, ...index, ...plan.pipOptions, ...requirements];
}

export async function buildTaskEnvironment(plan: EnvironmentPlan, task: TaskModel, options: BuildOptions): Promise<BuildOutcome> {
  const log: string[] = [`${plan.label}: building its venv as Airflow ${plan.release}${plan.provider ? ` (standard provider ${plan.provider})` : ''} would: ${plan.airflowCreator}`];
  for (const note of plan.notes) log.push(`  note: ${note}`);
  const progress = (message: string, percentage: number) => {
    log.push(`- ${message}`);
    options.progress?.(message, percentage);
  };
  const finish = (facts: EnvironmentFacts | undefined, cancelled = false): BuildOutcome => ({ facts, report: log.join('\n'), cancelled });
  const interpreterPath = options.which(plan.python);
  if (!interpreterPath) {
    log.push(`✗ ${plan.python} is not on PATH here, so the venv cannot be built (Verify Interpreter reports it as VENV108)`);
    return finish(undefined);
  }
  const real = realpathSync(interpreterPath);
  const interpreter = { path: real, mtimeMs: statSync(real).mtimeMs };
  const key = environmentKey(plan, interpreter);
  const folder = join(environmentsDirectory(options.store.cacheDirectory), key);
  const venv = join(folder, 'venv');
  const python = join(venv, 'bin', 'python');
  const environment = buildEnvironment(options.store.cacheDirectory, options.noPipCache ?? false);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const step = (argv: string[], seconds: number) => runStep(argv, { timeoutMs: seconds * 1000, env: environment, cwd: folder, signal: options.signal });
  const built = describeBuild(plan);
  const facts = (problems: EnvironmentProblem[], pythonVersion = '', imported: string[] = [], provides: Record<string, string[]> = {}): EnvironmentFacts => ({ builtWith: built, pythonVersion, problems, imported, provides });
  const stopped = (result: StepResult, what: string): BuildOutcome | undefined => {
    if (!result.stopped) return undefined;
    log.push(`✗ ${what}: ${result.message}`);
    return finish(undefined, result.stopped === 'cancelled');
  };
  const keep = (result: EnvironmentFacts, learned: Record<string, string[]> = {}): BuildOutcome => {
    const stored: StoredResult = { key, signature: plan.signature, interpreter, facts: result, report: log.join('\n') };
    options.store.remember(stored, learned);
    log.push(`  cache: ${folder}`);
    return finish(result);
  };

  mkdirSync(folder, { recursive: true });
  const complete = join(folder, 'install-complete.json');
  if (existsSync(complete) && existsSync(python)) {
    progress(`Re-using the venv built before (${key})`, 60);
  } else {
    rmSync(venv, { recursive: true, force: true });
    rmSync(complete, { force: true });
    writeFileSync(join(folder, 'requirements.txt'), `${plan.lines.map((line) => line.text).join('\n')}\n`);
    progress(`Creating the venv: ${built}`, 5);
    const created = await step(creatorArgv(plan, real, venv), timeouts.create);
    const creationStopped = stopped(created, 'creating the venv');
    if (creationStopped) return creationStopped;
    if (created.code !== 0) {
      log.push(`✗ creating the venv failed (exit code ${created.code}):\n${tail(created.stderr || created.stdout)}`);
      return finish(undefined);
    }
    progress(`Resolving ${plan.lines.length} requirement line(s) with pip --dry-run`, 25);
    const resolved = await step(pipArgv(plan, python, folder, true), timeouts.resolve);
    const resolveStopped = stopped(resolved, 'resolving');
    if (resolveStopped) return resolveStopped;
    if (resolved.code !== 0) {
      log.push(`✗ pip cannot resolve the requirements (${(resolved.elapsedMs / 1000).toFixed(1)} s):\n${tail(resolved.stderr)}`);
      return keep(facts(pipFailure(`${resolved.stdout}\n${resolved.stderr}`, plan.lines, 'resolve')));
    }
    const distributions = plan.creator === 'uv' ? [] : (parseReport(readText(join(folder, 'report.json'))) ?? []);
    const fromSource = sourceBuilds(distributions, plan.lines);
    log.push(`  resolved in ${(resolved.elapsedMs / 1000).toFixed(1)} s: ${distributions.map((item) => `${item.name}==${item.version}${item.fromSource ? ' (sdist)' : ''}`).join(', ') || 'nothing to install'}`);
    progress(`Installing ${distributions.length || ''} distribution(s)`.replace('  ', ' '), 45);
    const installed = await step(pipArgv(plan, python, folder, false), timeouts.install);
    const installStopped = stopped(installed, 'installing');
    if (installStopped) return installStopped;
    if (installed.code !== 0) {
      log.push(`✗ pip install failed (${(installed.elapsedMs / 1000).toFixed(1)} s):\n${tail(installed.stderr)}`);
      const failures = pipFailure(`${installed.stdout}\n${installed.stderr}`, plan.lines, 'install');
      // A distribution whose build failed is reported once, as the failure.
      const failed = new Set(failures.filter((item) => item.kind === 'build-failed').flatMap((item) => item.entries));
      return keep(facts([...fromSource.filter((item) => !item.entries.some((entry) => failed.has(entry))), ...failures]));
    }
    writeAtomic(complete, `${JSON.stringify({ key, sourceBuilds: fromSource })}\n`);
    log.push(`  installed in ${(installed.elapsedMs / 1000).toFixed(1)} s`);
  }
  const fromSource = readSourceBuilds(complete);
  const imports = importsToProbe(task, options.config);
  progress(`Importing ${imports.length} module(s) of the callable in the new venv`, 85);
  const probe = await step([python, '-I', '-c', IMPORT_PROBE, ...probeArguments(imports)], timeouts.imports);
  const probeStopped = stopped(probe, 'importing the callable\'s modules');
  if (probeStopped) return probeStopped;
  const answer = parseProbeAnswer(probe.stdout);
  if (!answer) {
    log.push(`✗ the import probe ended without answering (exit code ${probe.code}):\n${tail(probe.stderr)}`);
    return keep(facts(fromSource));
  }
  const problems = [...fromSource, ...importProblems(answer)];
  const imported = answer.results.filter((item) => item.ok).map((item) => item.module);
  for (const item of answer.results) log.push(`  ${item.ok ? '✓' : '✗'} import ${item.module}${item.ok ? '' : `: ${item.error}`}`);
  const provides = providesOf(answer);
  return keep(facts(problems, answer.python, imported, provides), learnedFrom(imported, provides, options.config));
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function readSourceBuilds(path: string): EnvironmentProblem[] {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as { sourceBuilds?: EnvironmentProblem[] };
    return Array.isArray(value.sourceBuilds) ? value.sourceBuilds : [];
  } catch {
    return [];
  }
}

/** Modules that imported from an installed distribution the tables do not link to it: module -> distributions. */
function learnedFrom(imported: readonly string[], provides: Record<string, string[]>, config: LintConfig): Record<string, string[]> {
  const knowledge = createKnowledge({ importMap: config.importMap });
  const learned: Record<string, string[]> = {};
  for (const module of imported) {
    const top = module.split('.')[0]!;
    for (const [distribution, modules] of Object.entries(provides)) {
      if (!modules.includes(top) || knowledge.isProvided(top, new Set([distribution]))) continue;
      learned[top] = [...new Set([...(learned[top] ?? []), distribution])];
    }
  }
  return learned;
}
