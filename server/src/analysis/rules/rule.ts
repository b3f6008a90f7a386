/**
 * The shape every rule has: its code, name, default severity, documentation
 * (what / why / example / use instead / fix safety, from which docs/rules.md
 * and the README table are generated) and its check over the model.
 */
import type { AirflowVersion } from '../knowledge/airflow.js';
import type { AirflowTarget } from '../knowledge/airflow-target.js';
import type { Finding, Fix, FindingTag, PinRequest, RelatedInformation, Severity } from '../findings.js';
import type { EnvironmentFacts, IndexLookup, InterpreterLookup } from '../inputs.js';
import type { Knowledge } from '../knowledge/packaging.js';
import type { LintConfig } from '../config.js';
import type { FileModel, Span, TaskModel } from '../model.js';
import { sameItems } from '../knowledge/memo.js';

export interface RuleDocs {
  what: string;
  why: string;
  example: string;
  useInstead: string;
  fixSafety: string;
}

export interface RuleContext {
  file: FileModel;
  config: LintConfig;
  /** The major of the newest release the target admits (prefer `target`, which knows the releases). */
  airflowVersion: AirflowVersion;
  /** The Airflow releases the file is judged against, and why (knowledge/airflow-target.ts). */
  target: AirflowTarget;
  knowledge: Knowledge;
  /** What a verify run learnt about an interpreter; undefined when it was not probed. */
  interpreter: InterpreterLookup;
  /** What an online check learnt from the package index (undefined unless online checks ran). */
  index: IndexLookup;
  /** The configured Airflow constraints file's version for a distribution (PEP 503 name). */
  constraints(normalizedName: string): string | undefined;
  /** First-party top-level module names the host found on Airflow's `sys.path` for this file (empty without a host that looks). */
  importable: ReadonlySet<string>;
  /** What "Build Task Environment" learnt of the task's venv; undefined when it was not built (or its inputs changed). */
  environment(task: TaskModel): EnvironmentFacts | undefined;
  /** The Python the task's code runs on, as `3.11`, when known. */
  pythonVersion(task: TaskModel): string | undefined;
}

export interface Report {
  message: string;
  span: Span;
  /** Overrides the rule's default severity for this finding (before configuration). */
  severity?: Severity;
  fixes?: Fix[];
  tags?: FindingTag[];
  pin?: PinRequest;
  related?: RelatedInformation[];
}

/** What a rule over the tasks of several files (a DAG folder) may read. */
export interface CrossTaskContext {
  config: LintConfig;
  /** Where a rule keeps what it judged on its last run for the same host (runCrossTaskRules' `memory`), under its code. */
  memory?: CrossTaskMemory;
}

/** What the rules over a DAG folder keep between runs for one host: each rule's own record, under its code. */
export type CrossTaskMemory = Map<string, unknown>;

/** One group's reports (a distribution's pins, a list's copies) and what they were judged from. */
interface KeptGroup {
  parts: readonly (readonly unknown[])[];
  reports: Report[];
}

/**
 * Groups of a folder-wide rule, kept between its runs with the same memory: a group whose parts
 * (its entries or literals, which are the model's own objects and move in place with their
 * tasks, and whatever else its reports say, such as their lines) are item for item what they
 * were on the last run keeps its reports; any other is judged again. Only the last run's groups
 * are kept (`done`).
 */
export function groupMemory(context: CrossTaskContext, code: string): { reports(key: string, parts: readonly (readonly unknown[])[], judge: () => Report[]): Report[]; done(): void } {
  const lastRun = (context.memory?.get(code) as Map<string, KeptGroup> | undefined) ?? new Map<string, KeptGroup>();
  const kept = new Map<string, KeptGroup>();
  return {
    reports(key, parts, judge) {
      const last = lastRun.get(key);
      const same = last !== undefined && last.parts.length === parts.length && last.parts.every((part, index) => sameItems(part, parts[index]!));
      const group = same ? last : { parts, reports: judge() };
      kept.set(key, group);
      return group.reports;
    },
    done: () => context.memory?.set(code, kept),
  };
}

export interface Rule {
  code: string;
  /** kebab-case, names what it finds: `missing-requirement`. */
  name: string;
  severity: Severity;
  /** False for rules that run only when selected explicitly (`--select VENV002`). */
  enabledByDefault?: boolean;
  summary: string;
  docs: RuleDocs;
  checkTask?(task: TaskModel, context: RuleContext): Report[];
  checkFile?(file: FileModel, context: RuleContext): Report[];
  /** Over every task of a DAG folder (hosts with a workspace: the CLI's run, the server's workspace mode). */
  checkTasks?(tasks: readonly CrossTaskInput[], context: CrossTaskContext): Report[];
}

/**
 * What the rules over a DAG folder read of a task: its requirements and where its arguments are. No
 * more, so that a CLI worker thread sends only this of each file's tasks (cli/parallel.ts).
 */
export type CrossTaskInput = Pick<TaskModel, 'requirements' | 'argumentsSpan'>;

/** A file's share of the rules over a DAG folder: its tasks as those rules read them. */
export interface CrossTaskModel {
  tasks: readonly CrossTaskInput[];
}

/** The part of a file's model the rules over a DAG folder read. */
export function crossTaskModel(model: CrossTaskModel): CrossTaskModel {
  return { tasks: model.tasks.map(({ requirements, argumentsSpan }) => ({ requirements, argumentsSpan })) };
}

export function finding(rule: Rule, report: Report): Finding {
  return {
    code: rule.code,
    severity: report.severity ?? rule.severity,
    message: `${report.message}`,
    span: report.span,
    fixes: report.fixes ?? [],
    tags: report.tags ?? [],
    ...(report.pin ? { pin: report.pin } : {}),
    ...(report.related && report.related.length > 0 ? { related: report.related } : {}),
  };
}

/**
 * The finding of a report, the same object for the same report: a rule over a file or a folder
 * may hand back a report it kept from the last keystroke (its spans are the model's, moved with
 * it), and its finding and the diagnostic made of it are then kept too. The report becomes the
 * finding (its defaults filled in, in place), so that a kept one is one object, not two and a map
 * between them: the server keeps them for every open document.
 */
export function keptFinding(rule: Rule, report: Report): Finding {
  const made = report as Report & Partial<Pick<Finding, 'code'>>;
  if (made.code === undefined) {
    made.code = rule.code;
    made.severity ??= rule.severity;
    made.fixes ??= [];
    made.tags ??= [];
    if (made.related?.length === 0) delete made.related;
    if (made.pin === undefined) delete made.pin;
  }
  return made as Finding;
}

/** At most this many other places are named in a message or linked as related information. */
export const MAX_PLACES = 5;

/** `a.py:3, b.py:9` for the first `limit` places (placeName), then "and N more" (of `total`, when only some places are given). */
export function placeList(places: readonly string[], limit = 3, total = places.length): string {
  const named = places.slice(0, limit).join(', ');
  return total > limit ? `${named} and ${total - limit} more` : named;
}

/** `file.py:12`, for messages that name another place. */
export function placeName(span: Span): string {
  const path = span.source.path;
  let name = path === undefined ? 'the DAG file' : baseNames.get(path);
  if (name === undefined) {
    name = path!.split(/[\\/]/).pop()!;
    if (baseNames.size >= 10_000) baseNames.clear();
    baseNames.set(path!, name);
  }
  return `${name}:${span.source.lines.positionAt(span.start).line + 1}`;
}

/** File names by path: VENV211/VENV212 name hundreds of places on every keystroke. */
const baseNames = new Map<string, string>();

/** A clause as a sentence of its own: the first letter upper-cased (`it was added…` -> `It was added…`). */
export function capitalized(clause: string): string {
  return clause.charAt(0).toUpperCase() + clause.slice(1);
}
