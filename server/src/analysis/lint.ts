/**
 * The analysis entry point: text in, findings out. Parses (incrementally when
 * given the previous tree), extracts the model, runs every selected rule inside
 * its own error boundary, then applies configuration and `# noqa` comments.
 */
import { configured, isSelected, type LintConfig } from './config.js';
import { extract, type ExtractState } from './extract.js';
import type { Finding } from './findings.js';
import type { CrossModuleResolver, ExternalFacts, IndexLookup, InterpreterLookup, ReadResult } from './inputs.js';
import { createKnowledge, type Knowledge } from './knowledge.js';
import type { FileModel, SourceText, TaskModel } from './model.js';
import { parse, type Grammar, type TextChange, type Tree } from './parse.js';
import { LineIndex } from './positions.js';
import { RULES, RULES_BY_CODE } from './rules/index.js';
import { unusedNoqaRule } from './rules/unused-noqa.js';
import { unusedNoqa } from './suppression.js';
import { finding, type Rule, type RuleContext } from './rules/rule.js';
import { listSpans, shiftList, type SpanList } from './rebase.js';
import { relateToTask } from './crossModule.js';

export interface LintOptions {
  config?: LintConfig;
  /** Reads requirements files named by tasks. */
  readFile?: (path: string) => ReadResult;
  /** The previous tree of this document, already edited with `applyEdit`. */
  previousTree?: Tree;
  /**
   * The previous result's `state` and the one change since (the change `previousTree` was
   * edited with): the tasks the change did not touch are not extracted again. The previous
   * result is consumed: its model and findings move to the new text.
   */
  previousState?: ExtractState;
  change?: TextChange;
  /** Results of "Verify Interpreter" runs (the verify rules stay silent without them). */
  interpreters?: InterpreterLookup;
  /** The configured constraints file's pin for a distribution (PEP 503 name), when one is configured. */
  constraints?: (normalizedName: string) => string | undefined;
  /** Online-check results from the package index (VENV209 stays silent without them). */
  index?: IndexLookup;
  /** Follows imported callables and requirement constants into other workspace files (see workspace.ts). */
  workspace?: CrossModuleResolver;
}

export interface LintResult {
  findings: Finding[];
  /** Undefined when the text never mentions Airflow (nothing was parsed). */
  model: FileModel | undefined;
  /** Undefined when nothing was parsed; the caller owns it (`tree.delete()`). */
  tree: Tree | undefined;
  /** Rules that threw: a bug, reported without losing the other rules' findings. */
  internalErrors: string[];
  /** For the next analysis of the same document (`previousState`). */
  state: ExtractState | undefined;
  /** How many tasks were reused from `previousState` rather than extracted again. */
  reusedTasks: number;
}

const knowledgeCache = new WeakMap<LintConfig, Knowledge>();
const defaultKnowledge = createKnowledge();

function knowledgeFor(config: LintConfig | undefined): Knowledge {
  if (!config || (!config.firstParty && !config.importMap)) return defaultKnowledge;
  let knowledge = knowledgeCache.get(config);
  if (!knowledge) {
    knowledge = createKnowledge({ firstParty: config.firstParty, importMap: config.importMap });
    knowledgeCache.set(config, knowledge);
  }
  return knowledge;
}

/** A Python file that never mentions airflow cannot define an Airflow task. */
export function mayContainTasks(text: string): boolean {
  return text.includes('airflow');
}

export function lintText(grammar: Grammar, text: string, path: string | undefined, options: LintOptions = {}): LintResult {
  if (!mayContainTasks(text)) return { findings: [], model: undefined, tree: undefined, internalErrors: [], state: undefined, reusedTasks: 0 };
  const tree = parse(grammar, text, options.previousTree);
  const { previousTree, previousState, change } = options;
  // Only a previous state that this one change turns into `text` (same file, consistent lengths).
  const consistent = previousState !== undefined && change !== undefined && previousState.source.path === path && previousState.source.text.length + change.newEnd - change.oldEnd === text.length;
  const previous = previousTree && consistent ? { state: previousState, oldTree: previousTree, change } : undefined;
  // Reused tasks keep their spans, so the document's source text moves to the new version with them.
  const source: SourceText = previous ? previous.state.source : { path, text, lines: new LineIndex(text) };
  const linesMoved = previous !== undefined && (/[\r\n]/.test(source.text.slice(previous.change.start, previous.change.oldEnd)) || /[\r\n]/.test(text.slice(previous.change.start, previous.change.newEnd)));
  if (previous) {
    source.text = text;
    source.lines = new LineIndex(text);
  }
  const { model, state, reused } = extract(grammar, tree, source, { readFile: options.readFile, previous, ...(options.workspace ? { workspace: options.workspace } : {}) });
  const facts = { interpreters: options.interpreters, constraints: options.constraints, index: options.index };
  const moved = previous ? { change: previous.change, linesMoved } : undefined;
  return { ...runRules(model, options.config, facts, moved), model, tree, state, reusedTasks: reused };
}

/**
 * A reused task's findings, by the task's model: a model that survives an edit (its spans moved)
 * keeps its findings too, when the rules see the same configuration and Airflow version. The
 * facts the hosts learn (verify runs, online checks) change only with a full re-analysis, which
 * makes new models.
 */
const taskFindings = new WeakMap<TaskModel, { key: string; findings: Finding[]; internalErrors: string[]; spans: SpanList | undefined }>();

/**
 * The spans a task's findings do not share with its model (fix edits, inserted text): listed
 * when the findings are first reused, after extraction moved the model and before these move.
 */
function ownSpans(task: TaskModel, findings: Finding[], source: SourceText): SpanList {
  const model = listSpans(task, source);
  const own = listSpans(findings, source, new Set(model.spans));
  return { spans: own.spans, last: Math.max(own.last, model.last) };
}

/** The edit the model's reused tasks were moved across. */
export interface Moved {
  change: TextChange;
  /** The edit added or removed a line: messages that say "line 12" after it are out of date. */
  linesMoved: boolean;
}

export function runRules(model: FileModel, config: LintConfig = {}, facts: ExternalFacts = {}, moved?: Moved): { findings: Finding[]; internalErrors: string[] } {
  const knowledge = knowledgeFor(config);
  const context: RuleContext = {
    file: model,
    config,
    airflowVersion: config.airflowVersion && config.airflowVersion !== 'auto' ? config.airflowVersion : (model.impliedAirflowVersion ?? '2'),
    knowledge,
    interpreter: facts.interpreters ?? (() => undefined),
    constraints: facts.constraints ?? (() => undefined),
    index: facts.index ?? (() => undefined),
    pythonVersion: (task) => taskPythonVersion(task, config),
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
  for (const rule of selected) if (rule.checkFile) run(rule, () => rule.checkFile!(model, context), findings, internalErrors);
  const key = `${context.airflowVersion}\0${JSON.stringify(config)}`;
  for (const task of model.tasks) {
    const cached = moved ? taskFindings.get(task) : undefined;
    const spans = cached && cached.key === key ? (cached.spans ??= ownSpans(task, cached.findings, model.source)) : undefined;
    if (cached && spans && !(moved!.linesMoved && spans.last >= moved!.change.start)) {
      // The spans its findings share with the model moved with the task; these are their own.
      shiftList(spans, moved!.change);
      findings.push(...cached.findings);
      internalErrors.push(...cached.internalErrors);
      continue;
    }
    const own: Finding[] = [];
    const errors: string[] = [];
    for (const rule of selected) if (rule.checkTask) run(rule, () => rule.checkTask!(task, context), own, errors, task);
    taskFindings.set(task, { key, findings: own, internalErrors: errors, spans: undefined });
    findings.push(...own);
    internalErrors.push(...errors);
  }
  if (isSelected(unusedNoqaRule, config)) {
    const sources = [model.source, ...model.tasks.flatMap((task) => task.requirements?.file?.source ?? [])];
    const ran = (code: string) => {
      const rule = RULES_BY_CODE.get(code);
      // Rules over a whole DAG folder do not run on one file, so their noqa comments are not judged here.
      return rule !== undefined && rule !== unusedNoqaRule && isSelected(rule, config) && (rule.checkFile !== undefined || rule.checkTask !== undefined);
    };
    for (const report of unusedNoqa([...new Set(sources)], findings, ran)) findings.push(finding(unusedNoqaRule, report));
  }
  const kept = configured(findings, config);
  kept.sort((a, b) => (a.span.source.path ?? '').localeCompare(b.span.source.path ?? '') || a.span.start - b.span.start || a.code.localeCompare(b.code));
  return { findings: kept, internalErrors };
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

/** A rule that threw: a bug, reported with its code and stack without losing the other rules' findings. */
export function ruleFailure(rule: Pick<Rule, 'code' | 'name'>, error: unknown): string {
  return `${rule.code} (${rule.name}) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}
