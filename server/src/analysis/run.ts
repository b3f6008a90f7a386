/**
 * Runs the rules: every selected rule inside its own error boundary (a rule that
 * throws is reported, the others' findings kept), per file and per task
 * (`runRules`) and over the tasks of a whole DAG folder (`runCrossTaskRules`,
 * VENV211/VENV212, run only by hosts that see every DAG file: the CLI's directory
 * run, the server's workspace mode). Then `# noqa` comments and configured
 * severities apply (config.ts).
 */
import { configured, isSelected, type LintConfig } from './config.js';
import type { Finding } from './findings.js';
import { rememberFindings, reusedFindings, type Moved } from './incremental/finding-reuse.js';
import type { ExternalFacts } from './inputs.js';
import { configuredTarget, inferTarget, type AirflowTarget, type TaskOrigin } from './knowledge/airflow-target.js';
import { providerReleases } from './knowledge/airflow-releases.js';
import { createKnowledge, type Knowledge } from './knowledge/packaging.js';
import { environmentSignature, type FileModel, type SourceText, type TaskModel } from './model.js';
import { RULES, RULES_BY_CODE } from './rules/index.js';
import { finding, keptFinding, type CrossTaskMemory, type CrossTaskModel, type Rule, type RuleContext } from './rules/rule.js';
import { sameItems } from './knowledge/memo.js';
import { unusedNoqaRule } from './rules/unused-noqa.js';
import { unusedNoqa } from './suppression.js';
import { relateToTask } from './workspace/related.js';

export function runRules(model: FileModel, config: LintConfig = {}, facts: ExternalFacts = {}, moved?: Moved): { findings: Finding[]; internalErrors: string[]; target: AirflowTarget } {
  const knowledge = knowledgeFor(config, facts.learnedModules);
  const target = targetOf(model, config);
  const context: RuleContext = {
    file: model,
    config,
    airflowVersion: target.major,
    target,
    knowledge,
    interpreter: facts.interpreters ?? (() => undefined),
    constraints: facts.constraints ?? (() => undefined),
    index: facts.index ?? (() => undefined),
    environment: (task) => {
      const signature = facts.environments ? environmentSignature(task) : undefined;
      return signature === undefined ? undefined : facts.environments!(signature);
    },
    pythonVersion: (task) => taskPythonVersion(task, config),
    importable: facts.importable ?? NOTHING_IMPORTABLE,
  };
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  const selected = RULES.filter((rule) => isSelected(rule, config));
  const run = (rule: Rule, check: () => ReturnType<NonNullable<Rule['checkFile']>>, into: Finding[], errors: string[], task?: TaskModel) => {
    try {
      for (const report of check()) into.push(relateToTask(finding(rule, report), task));
    } catch (error) {
      errors.push(ruleFailure(rule, error));
    }
  };
  for (const rule of selected) {
    if (!rule.checkFile) continue;
    try {
      // A file-level rule may hand back a report it kept from the last keystroke (its spans are the
      // model's, moved with it): the same finding object then, whose diagnostic is kept too.
      for (const report of rule.checkFile(model, context)) findings.push(keptFinding(rule, report));
    } catch (error) {
      internalErrors.push(ruleFailure(rule, error));
    }
  }
  // Findings of a reused task hold only while the file-level facts they read are the same.
  const key = `${target.releases.join(',')}\0${model.templateSearchPath ?? ''}\0${JSON.stringify(config)}\0${importableKey(context.importable)}`;
  for (const task of model.tasks) {
    const reused = reusedFindings(task, key, model.source, moved);
    if (reused) {
      findings.push(...reused.findings);
      internalErrors.push(...reused.internalErrors);
      continue;
    }
    const own: Finding[] = [];
    const errors: string[] = [];
    for (const rule of selected) if (rule.checkTask) run(rule, () => rule.checkTask!(task, context), own, errors, task);
    rememberFindings(task, key, own, errors);
    findings.push(...own);
    internalErrors.push(...errors);
  }
  if (isSelected(unusedNoqaRule, config)) {
    const sources = [model.source, ...model.tasks.flatMap((task) => task.requirements?.files.flatMap((file) => file.source ?? []) ?? [])];
    const ran = (code: string) => {
      const rule = RULES_BY_CODE.get(code);
      // Rules over a whole DAG folder do not run on one file, so their noqa comments are not judged here.
      return rule !== undefined && rule !== unusedNoqaRule && isSelected(rule, config) && (rule.checkFile !== undefined || rule.checkTask !== undefined);
    };
    for (const report of unusedNoqa([...new Set(sources)], findings, ran)) findings.push(finding(unusedNoqaRule, report));
  }
  const kept = configured(findings, config);
  // Most findings are in the file itself: compare paths only when they differ (localeCompare is slow).
  kept.sort((a, b) => (a.span.source.path === b.span.source.path ? 0 : (a.span.source.path ?? '').localeCompare(b.span.source.path ?? '')) || a.span.start - b.span.start || (a.code === b.code ? 0 : a.code.localeCompare(b.code)));
  return { findings: kept, internalErrors, target };
}

/**
 * The Airflow releases a file is judged against: the configured version when it is one the release
 * table covers, else inferred from the file's imports and tasks (knowledge/airflow-target.ts).
 */
export function targetOf(model: FileModel, config: LintConfig): AirflowTarget {
  const provider = config.standardProvider && providerReleases().includes(config.standardProvider.trim()) ? config.standardProvider.trim() : undefined;
  const configuredVersion = config.airflowVersion && config.airflowVersion !== 'auto' ? configuredTarget(config.airflowVersion, provider, config.airflowVersionOrigin) : undefined;
  if (configuredVersion) return configuredVersion;
  // Typing inside a task changes none of what inference reads: the last target of this text is kept
  // after comparing each task's part (a reused task's is the same string), without building the key.
  const parts = model.tasks.map(inferencePart);
  const last = lastInference.get(model.source);
  const same = last !== undefined && last.provider === provider && sameItems(last.modules, model.airflowModules) && sameItems(last.parts, parts.map((part) => part.key));
  if (same) return last.target;
  const target = inferTarget(model.airflowModules, parts.map((part) => part.origin), provider);
  lastInference.set(model.source, { modules: model.airflowModules, provider, parts: parts.map((part) => part.key), target });
  return target;
}

type InferencePart = { origin: TaskOrigin & { argumentNames: string[] }; key: string };
/** What target inference reads of a task, once per task model (a task reused across edits keeps it). */
const inferenceParts = new WeakMap<TaskModel, InferencePart>();
/** The last inference for each document's text (the source text object moves with the document). */
const lastInference = new WeakMap<SourceText, { modules: readonly string[]; provider: string | undefined; parts: string[]; target: AirflowTarget }>();

function inferencePart(task: TaskModel): InferencePart {
  let part = inferenceParts.get(task);
  if (!part) {
    const argumentNames = [...task.arguments.values()].filter((argument) => !argument.positional).map((argument) => argument.name);
    // Joined (one flat string), not a template: kept for every open document, a template's result
    // would hold its pieces, and through the argument names the text they were sliced from.
    part = { origin: { form: task.form, symbol: task.symbol, module: task.module, argumentNames }, key: [task.form, task.symbol, task.module, argumentNames.join(',')].join(' ') };
    inferenceParts.set(task, part);
  }
  return part;
}

/**
 * The rules over the tasks of a DAG folder. `memory`, from a host that runs them again after each
 * keystroke (the server), lets each rule keep the reports of what did not change since its last run
 * with the same memory and configuration; without it everything is judged afresh.
 */
export function runCrossTaskRules(models: readonly CrossTaskModel[], config: LintConfig = {}, memory?: CrossTaskMemory): { findings: Finding[]; internalErrors: string[] } {
  const tasks = models.flatMap((model) => model.tasks);
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  // A kept report's finding carries the severity the configuration gave it: another configuration starts afresh.
  const configKey = JSON.stringify(config);
  if (memory && memory.get(CONFIG_KEY) !== configKey) {
    memory.clear();
    memory.set(CONFIG_KEY, configKey);
  }
  for (const rule of RULES) {
    if (!rule.checkTasks || !isSelected(rule, config)) continue;
    try {
      for (const report of rule.checkTasks(tasks, { config, ...(memory ? { memory } : {}) })) findings.push(keptFinding(rule, report));
    } catch (error) {
      internalErrors.push(ruleFailure(rule, error));
    }
  }
  return { findings: configured(findings, config), internalErrors };
}

/** The Python a task's code runs on: its `python_version` (X.Y of it), else the configured one. */
export function taskPythonVersion(task: TaskModel, config: LintConfig): string | undefined {
  const value = task.arguments.get('python_version')?.value;
  if (value?.kind === 'string') {
    const match = /^(\d+\.\d+)/.exec(value.value.trim());
    if (match && defaultKnowledge.pythonVersions.includes(match[1]!)) return match[1];
    if (match) return undefined;
  }
  return config.pythonVersion;
}

const CONFIG_KEY = 'configuration';
const NOTHING_IMPORTABLE: ReadonlySet<string> = new Set();
const importableKeys = new WeakMap<ReadonlySet<string>, string>();
/** The host-found first-party names as part of the reuse key (the host caches the set, so this is computed once per set). */
function importableKey(names: ReadonlySet<string>): string {
  let key = importableKeys.get(names);
  if (key === undefined) {
    key = [...names].sort().join(',');
    importableKeys.set(names, key);
  }
  return key;
}
const knowledgeCache = new WeakMap<LintConfig, Knowledge>();
const learnedCache = new WeakMap<Record<string, string[]>, WeakMap<LintConfig, Knowledge>>();
const defaultKnowledge = createKnowledge();

/** The tables, the configured import map and first-party modules, and what built environments taught (the configuration wins). */
function knowledgeFor(config: LintConfig | undefined, learned?: Record<string, string[]>): Knowledge {
  const hasLearned = learned !== undefined && Object.keys(learned).length > 0;
  if (!hasLearned && (!config || (!config.firstParty && !config.importMap))) return defaultKnowledge;
  const key = config ?? {};
  let cache = knowledgeCache;
  if (hasLearned) {
    cache = learnedCache.get(learned) ?? new WeakMap();
    learnedCache.set(learned, cache);
  }
  let knowledge = cache.get(key);
  if (!knowledge) {
    const importMap = hasLearned ? { ...learned, ...key.importMap } : key.importMap;
    knowledge = createKnowledge({ firstParty: key.firstParty, importMap });
    cache.set(key, knowledge);
  }
  return knowledge;
}

/** A rule that threw: a bug, reported with its code and stack without losing the other rules' findings. */
export function ruleFailure(rule: Pick<Rule, 'code' | 'name'>, error: unknown): string {
  return `${rule.code} (${rule.name}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
