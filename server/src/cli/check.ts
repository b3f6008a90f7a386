/**
 * airflow-venv-lint [PATHS...] [--format text|json|sarif] [--fix] [--select ..] [--ignore ..]
 *                   [--airflow-version V] [--python-version X.Y] [--first-party M,..]
 *
 * Exit codes: 0 no finding at error/warning level, 1 findings, 2 usage or I/O error.
 */
import { statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { applyEdits, fixAllEdits, lintText, loadGrammar, runCrossTaskRules, type Edit, type FileModel, type Finding, type Grammar, type LintConfig, type WorkspaceIndex } from '../analysis/index.js';
import { displayPath, formatSarif, formatText, toJson } from './output.js';
import { isExcluded } from '../host/globs.js';
import { ConfigResolver, mergeConfig, type ProjectConfig } from '../host/project-config.js';
import { USAGE, UsageError, parseOptions, timeoutOf, type CliOptions } from './options.js';
import { collectPythonFiles, diskFileSystem, readTextFile } from '../host/files.js';
import { formatReport, interpreterTargets, InterpreterRegistry } from '../interpreter/registry.js';
import { hostOptions, onlineChecksFor, versionSources, workspaceIndex } from '../host/lint-host.js';
import { VERSION } from '../host/version.js';
import { defaultCacheDirectory } from '../versions/package-index.js';
import type { OnlineChecks } from '../versions/online.js';
import { Pinner } from '../versions/pinner.js';
import { dirname, relative, resolve as resolvePath } from 'node:path';

interface FileOutcome {
  findings: Finding[];
  model?: FileModel;
  error?: string;
  notice?: string;
}

const MAX_FIX_PASSES = 5;

/** The version sources a configuration names (none: no pin fixes, and no network). */
function pinnerFor(config: LintConfig, registry: InterpreterRegistry | undefined, cache: Map<string, Pinner>): Pinner | undefined {
  const key = `${config.constraintsFile ?? ''}\0${config.indexUrl ?? ''}\0${config.offline ?? false}`;
  if (!config.constraintsFile && !config.indexUrl && !registry) return undefined;
  let pinner = cache.get(key);
  if (!pinner) {
    const index = config.indexUrl ? { indexUrl: config.indexUrl, offline: config.offline, cacheDirectory: defaultCacheDirectory() } : undefined;
    pinner = new Pinner(versionSources(config, registry, index));
    cache.set(key, pinner);
  }
  return pinner;
}

async function lintFile(grammar: Grammar, path: string, options: CliOptions, config: LintConfig, registry: InterpreterRegistry | undefined, pinner: Pinner | undefined, online: OnlineChecks | undefined, workspace: WorkspaceIndex): Promise<FileOutcome> {
  const read = readTextFile(path);
  if ('error' in read) {
    const binary = read.error === 'it is a binary file' || read.error.startsWith('it is larger');
    return binary ? { findings: [], notice: `${displayPath(path)}: skipped: ${read.error}` } : { findings: [], error: `${displayPath(path)}: cannot read: ${read.error}` };
  }
  let text = read.text;
  for (let pass = 0; ; pass++) {
    let result = lintText(grammar, text, path, { ...hostOptions(config), workspace });
    result.tree?.delete();
    if ((registry || online) && result.model) {
      // Probe the interpreters and look up the pins the file uses, then lint again with what was learnt.
      if (registry) await registry.verify(interpreterTargets(result.model).map((target) => target.command));
      if (online) await online.fetchFor(result.model);
      result = lintText(grammar, text, path, { ...hostOptions(config, registry?.lookup, online?.lookup), workspace });
      result.tree?.delete();
    }
    if (pinner) await pinner.addPinFixes(result.findings);
    for (const internal of result.internalErrors) process.stderr.write(`airflow-venv-lint: internal error in ${displayPath(path)}: ${internal}\n`);
    // Whole fixes only: a fix whose edits clash with an earlier one waits for the next pass.
    const edits = options.fix ? fixAllEdits(result.findings) : [];
    if (edits.length === 0 || pass >= MAX_FIX_PASSES) return { findings: result.findings, ...(result.model ? { model: result.model } : {}) };
    const written = writeEdits(edits, path, text);
    if (written.error) return { findings: result.findings, error: written.error };
    text = written.text;
  }
}

/** Applies edits file by file; returns the new text of the DAG file itself. */
function writeEdits(edits: Edit[], path: string, text: string): { text: string; error?: string } {
  const bySource = new Map<string, Edit[]>();
  for (const edit of edits) {
    const key = edit.span.source.path ?? path;
    bySource.set(key, [...(bySource.get(key) ?? []), edit]);
  }
  let dagText = text;
  for (const [target, targetEdits] of bySource) {
    const source = targetEdits[0]!.span.source;
    const updated = applyEdits(source, targetEdits);
    try {
      writeFileSync(target, updated);
    } catch (error) {
      return { text: dagText, error: `${displayPath(target)}: cannot write fixes: ${(error as Error).message}` };
    }
    if (target === path) dagText = updated;
  }
  return { text: dagText };
}

/** `verify-interpreter [INTERPRETER...]`: probe and report; exit 1 when one cannot run a task. */
async function verifyInterpreters(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, timeout: { type: 'string' } } });
    if (parsed.values.format !== 'text' && parsed.values.format !== 'json') throw new UsageError(`--format must be text or json, not "${parsed.values.format}"`);
  } catch (error) {
    process.stderr.write(`airflow-venv-lint: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  let timeoutMs;
  try {
    timeoutMs = timeoutOf(parsed.values.timeout);
  } catch (error) {
    process.stderr.write(`airflow-venv-lint: ${(error as Error).message}\n`);
    return 2;
  }
  const commands = parsed.positionals.length > 0 ? parsed.positionals : ['python3'];
  const results = await new InterpreterRegistry({ timeoutMs }).verify(commands);
  if (parsed.values.format === 'json') {
    const shown = results.map((result, index) => (result.ok ? { command: commands[index], ok: true, path: result.path, ...result.info } : { command: commands[index], ...result }));
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(commands.map((command) => ({ command, purpose: 'named on the command line' })), results)}\n`);
  }
  return results.every((result) => result.ok) ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'verify-interpreter') return verifyInterpreters(argv.slice(1));
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`airflow-venv-lint: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const resolver = new ConfigResolver();
  let explicit: ProjectConfig | undefined;
  if (options.configFile) {
    const read = resolver.explicit(options.configFile);
    if ('error' in read) {
      process.stderr.write(`airflow-venv-lint: ${read.error}\n`);
      return 2;
    }
    explicit = read;
  }
  const grammar = await loadGrammar();
  const registry = options.verify ? new InterpreterRegistry({ timeoutMs: options.timeoutMs }) : undefined;
  const pinners = new Map<string, Pinner>();
  const onlines = new Map<string, OnlineChecks>();
  const named = new Set(options.paths);
  const { files, errors } = collectPythonFiles(options.paths);
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
  const findings: Finding[] = [];
  const configFindings: Finding[] = [...(explicit?.findings ?? [])];
  const seenConfigs = new Set<string>();
  /** The tasks of each project (one pyproject.toml, or none), for the rules over a whole DAG folder. */
  const projectsModels = new Map<string, { config: LintConfig; models: FileModel[] }>();
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
    const config = mergeConfig(project.config, options.config);
    const online = options.online ? onlineChecksFor(config, onlines, defaultCacheDirectory()) : undefined;
    const outcome = await lintFile(grammar, file, options, config, registry, pinnerFor(config, registry, pinners), online, workspace);
    findings.push(...outcome.findings);
    if (outcome.model) {
      const key = project.path ?? '';
      const group = projectsModels.get(key) ?? { config, models: [] };
      group.models.push(outcome.model);
      projectsModels.set(key, group);
    }
    if (outcome.error) errors.push(outcome.error);
    if (outcome.notice) process.stderr.write(`airflow-venv-lint: ${outcome.notice}\n`);
  }
  for (const { config, models } of projectsModels.values()) {
    const crossTask = runCrossTaskRules(models, config);
    findings.push(...crossTask.findings);
    for (const internal of crossTask.internalErrors) process.stderr.write(`airflow-venv-lint: internal error: ${internal}\n`);
  }
  // A requirements file shared by several tasks yields the same finding once per task.
  const unique = dedupe([...configFindings, ...findings]);
  for (const error of errors) process.stderr.write(`airflow-venv-lint: ${error}\n`);
  for (const problem of new Set([...pinners.values()].flatMap((pinner) => [...pinner.problems]))) process.stderr.write(`airflow-venv-lint: cannot pin ${problem}\n`);
  for (const problem of new Set([...onlines.values()].flatMap((online) => [...online.problems]))) process.stderr.write(`airflow-venv-lint: online check skipped for ${problem}\n`);
  workspace.dispose();
  if (options.format === 'json') process.stdout.write(`${JSON.stringify(unique.map(toJson), null, 2)}\n`);
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

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.span.source.path}\0${finding.span.start}\0${finding.span.end}\0${finding.code}\0${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
