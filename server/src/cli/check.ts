/**
 * The default command: PATHS -> files -> findings. The configuration per file,
 * `exclude` and `.airflowignore` for files found by walking, the rules over each
 * project's DAG folder, one report of each finding, the output and the exit code.
 */
import { statSync } from 'node:fs';
import { dirname, relative, resolve as resolvePath } from 'node:path';
import { describeTarget, loadGrammar, ParserFailure, runCrossTaskRules, type AirflowTarget, type CrossTaskModel, type Finding, type Grammar, type LintConfig, type WorkspaceIndex } from '../analysis/index.js';
import { collectPythonFiles, diskFileSystem } from '../host/files.js';
import { uniqueFindings } from '../host/finding-key.js';
import { isExcluded } from '../host/globs.js';
import { onlineChecksFor, versionSources, workspaceIndex } from '../host/lint-host.js';
import { ConfigResolver, mergeConfig, type ProjectConfig } from '../host/project-config.js';
import { printable } from '../host/printable.js';
import { VERSION } from '../host/version.js';
import { InterpreterRegistry } from '../interpreter/registry.js';
import type { OnlineChecks } from '../versions/online.js';
import { defaultCacheDirectory } from '../versions/package-index.js';
import { Pinner } from '../versions/pinner.js';
import { lintFile, type FileOutcome } from './fix.js';
import { lintInWorkers, workerCount, type LintJob } from './parallel.js';
import type { CliOptions } from './options.js';
import { displayPath, formatJson, formatSarif, formatText } from './output.js';

/** Which pinner a configuration's files share; undefined when it names no version source (no pin fixes, and no network). */
function pinnerKey(config: LintConfig, registry: InterpreterRegistry | undefined): string | undefined {
  if (!config.constraintsFile && !config.indexUrl && !registry) return undefined;
  return `${config.constraintsFile ?? ''}\0${config.indexUrl ?? ''}\0${config.offline ?? false}`;
}

function pinnerFor(config: LintConfig, registry: InterpreterRegistry | undefined, cache: Map<string, Pinner>): Pinner | undefined {
  const key = pinnerKey(config, registry);
  if (key === undefined) return undefined;
  let pinner = cache.get(key);
  if (!pinner) {
    const index = config.indexUrl ? { indexUrl: config.indexUrl, offline: config.offline, cacheDirectory: defaultCacheDirectory() } : undefined;
    pinner = new Pinner(versionSources(config, registry, index));
    cache.set(key, pinner);
  }
  return pinner;
}

/** What linting a file needs, made once per run (and once per worker thread). */
export interface RunContext {
  options: CliOptions;
  grammar: Grammar;
  resolver: ConfigResolver;
  explicit: ProjectConfig | undefined;
  registry: InterpreterRegistry | undefined;
  pinners: Map<string, Pinner>;
  onlines: Map<string, OnlineChecks>;
  workspace: WorkspaceIndex;
}

export async function runContext(options: CliOptions): Promise<RunContext | { error: string }> {
  const resolver = new ConfigResolver();
  let explicit: ProjectConfig | undefined;
  if (options.configFile) {
    const read = resolver.explicit(options.configFile);
    if ('error' in read) return { error: read.error };
    explicit = read;
  }
  const grammar = await loadGrammar();
  // One index for the whole run: each module a DAG imports is parsed once, whatever number of DAGs use it.
  const workspace = workspaceIndex({
    grammar,
    fileSystem: diskFileSystem(),
    roots: workspaceRoots(options.paths),
    projectOf: (dagPath) => explicit ?? resolver.forFile(dagPath),
    airflowVersion: () => options.config.airflowVersion,
    // The walk below skips excluded files itself, except those named on the command line.
    honourExclude: false,
  });
  const registry = options.verify ? new InterpreterRegistry({ timeoutMs: options.timeoutMs }) : undefined;
  return { options, grammar, resolver, explicit, registry, pinners: new Map(), onlines: new Map(), workspace };
}

/** One file: its findings and model, or a per-file error when the parser fails on it. */
export async function lintJob(context: RunContext, { file, config }: LintJob): Promise<FileOutcome> {
  const { options, registry, pinners, onlines, workspace } = context;
  const online = options.online ? onlineChecksFor(config, onlines, defaultCacheDirectory()) : undefined;
  const pinner = pinnerFor(config, registry, pinners);
  const known = pinner?.problems.size ?? 0;
  let outcome: FileOutcome;
  try {
    outcome = await lintFile(context.grammar, file, options, config, registry, pinner, online, workspace);
  } catch (error) {
    // The parser failed on this file twice, with a fresh parser the second time: an I/O-style
    // error for this file (exit 2), and the run goes on with the others.
    if (!(error instanceof ParserFailure)) throw error;
    outcome = { findings: [], error: `${displayPath(file)}: cannot analyse: ${error.message}` };
  }
  // A set keeps its order of insertion: what this file added is what comes after the problems known before it.
  const pinProblems = pinner ? [...pinner.problems].slice(known) : [];
  return pinProblems.length > 0 ? { ...outcome, pinProblems } : outcome;
}

/** Lints what `options` names and writes the report; the exit code. */
export async function check(options: CliOptions): Promise<number> {
  const context = await runContext(options);
  if ('error' in context) {
    process.stderr.write(`airflow-venv-lint: ${context.error}\n`);
    return 2;
  }
  const { resolver, explicit, onlines, workspace } = context;
  const named = new Set(options.paths);
  const { files, errors } = collectPythonFiles(options.paths);
  const findings: Finding[] = [];
  const configFindings: Finding[] = [...(explicit?.findings ?? [])];
  const seenConfigs = new Set<string>();
  /** The tasks of each project (one pyproject.toml, or none), for the rules over a whole DAG folder. */
  const projectsModels = new Map<string, { config: LintConfig; models: CrossTaskModel[] }>();
  /**
   * What each pinner could not pin, its files in order, whichever thread linted them: the order one
   * thread reports them in (a pinner is made for the first file whose configuration names it).
   */
  const pinProblems = new Map<string, string[]>();
  const jobs: (LintJob & { project: ProjectConfig })[] = [];
  for (const file of files) {
    const project = explicit ?? resolver.forFile(file);
    if (project.path && !seenConfigs.has(project.path)) {
      seenConfigs.add(project.path);
      if (!explicit) configFindings.push(...project.findings);
    }
    // Files found by walking a folder honour `exclude`; files named on the command line are always linted.
    if (!named.has(file) && project.path && isExcluded(relative(dirname(project.path), file), project.config.exclude)) continue;
    // Nor does a folder run lint what `.airflowignore` hides from Airflow's DAG discovery.
    if (!named.has(file) && workspace.ignoredByAirflow(file)) continue;
    jobs.push({ file, project, config: mergeConfig(project.config, options.config) });
  }
  const take = (job: (typeof jobs)[number], outcome: FileOutcome) => {
    findings.push(...outcome.findings);
    if (outcome.model) {
      const key = job.project.path ?? '';
      const group = projectsModels.get(key) ?? { config: job.config, models: [] };
      group.models.push(outcome.model);
      projectsModels.set(key, group);
    }
    if (outcome.error) errors.push(outcome.error);
    const pinner = pinnerKey(job.config, context.registry);
    if (pinner !== undefined) {
      const problems = pinProblems.get(pinner) ?? [];
      problems.push(...(outcome.pinProblems ?? []));
      pinProblems.set(pinner, problems);
    }
    if (outcome.notice) process.stderr.write(`airflow-venv-lint: ${outcome.notice}\n`);
    if (options.verbose && outcome.target) process.stderr.write(`airflow-venv-lint: ${targetLine(job.file, outcome.target)}\n`);
  };
  const workers = workerCount(options, jobs);
  if (workers > 0) {
    const outcomes = await lintInWorkers(jobs.map(({ file, config }) => ({ file, config })), options, workers, (job) => lintJob(context, job));
    outcomes.forEach((outcome, index) => take(jobs[index]!, outcome));
  } else {
    for (const job of jobs) take(job, await lintJob(context, job));
  }
  for (const { config, models } of projectsModels.values()) {
    const crossTask = runCrossTaskRules(models, config);
    findings.push(...crossTask.findings);
    for (const internal of crossTask.internalErrors) process.stderr.write(`airflow-venv-lint: internal error: ${internal}\n`);
  }
  // A requirements file shared by several tasks yields the same finding once per task.
  const unique = uniqueFindings([...configFindings, ...findings]);
  for (const error of errors) process.stderr.write(`airflow-venv-lint: ${error}\n`);
  for (const problem of new Set([...pinProblems.values()].flat())) process.stderr.write(`airflow-venv-lint: cannot pin ${problem}\n`);
  for (const problem of new Set([...onlines.values()].flatMap((online) => [...online.problems]))) process.stderr.write(`airflow-venv-lint: online check skipped for ${problem}\n`);
  for (const warning of workspace.ignoreWarnings()) process.stderr.write(`airflow-venv-lint: warning: ${printable(warning)}\n`);
  workspace.dispose();
  if (options.format === 'json') process.stdout.write(formatJson(unique));
  else if (options.format === 'sarif') process.stdout.write(formatSarif(unique, VERSION));
  else process.stdout.write(formatText(unique, unique.filter((finding) => finding.fixes.some((fix) => fix.safe)).length));
  if (errors.length > 0 || configFindings.length > 0) return 2;
  return !options.exitZero && unique.some((finding) => finding.severity === 'error' || finding.severity === 'warning') ? 1 : 0;
}

/** The folders named on the command line (a file's own folder for a file), as DAG folders. */
function workspaceRoots(paths: string[]): string[] {
  const roots = new Set<string>();
  for (const path of paths) {
    try {
      roots.add(resolvePath(statSync(path).isDirectory() ? path : dirname(path)));
    } catch {
      // reported by collectPythonFiles
    }
  }
  return [...roots];
}

/** `--verbose`: `dags/etl.py: Airflow 2.7 (releases 2.7.0-2.7.3; configured: airflow-version 2.7)`. */
function targetLine(file: string, target: AirflowTarget): string {
  return `${displayPath(file)}: judged against ${describeTarget(target)}`;
}
