import { removeElement } from '../fixes/edits.js';
import { lazyFix, type Fix } from '../findings.js';
import type { EnvironmentFacts } from '../inputs.js';
import type { RequirementEntry, SourceText, TaskModel } from '../model.js';
import { keptWith } from '../knowledge/memo.js';
import { osPackageOf } from '../knowledge/os-packages.js';
import { isPluginOf, isUsedWithoutImport } from '../knowledge/requirement-relations.js';
import { isFirstParty, judgedModules, listedRequirements, type VenvFacts } from '../knowledge/venv-contents.js';
import type { Knowledge } from '../knowledge/packaging.js';
import type { Report, Rule, RuleContext } from './rule.js';

export const unusedRequirement: Rule = {
  code: 'VENV208',
  name: 'unused-requirement',
  severity: 'hint',
  summary: 'A requirement no task using it imports',
  docs: {
    what: 'Flags a requirement that provides none of the modules imported by the callables of every task that uses it (a list or constant shared by several tasks is judged against all of them, once per place), per the packaging tables. Silent on what is legitimately listed without an import: engines, drivers and plugins of what the code uses (SQLAlchemy dialects and drivers, pandas I/O engines, fsspec back ends, transformers\' torch/tensorflow, dbt adapters, papermill\'s ipykernel), dependencies pinned beside what uses them, CLIs run by subprocess, serializers, constraint-only lines (`numpy<2`, `x!=1.2`), extras, requirements the tables do not know, and compiled lock files (`# via`, `--hash`). Silent too when a callable imports first-party or unknown code, which may use anything.',
    why: 'Every requirement is downloaded and installed on every venv build: an unused one costs time on each run and can conflict with the ones that matter.',
    example: '@task.virtualenv(requirements=["requests==2.32.3", "numpy==2.0.0"])\ndef fetch():\n    import requests',
    useInstead: '@task.virtualenv(requirements=["requests==2.32.3"])\ndef fetch():\n    import requests',
    fixSafety: 'Not safe, never preferred and never part of fix-all: the code may load it in a way the linter cannot see (a plugin, `__import__` of a computed name, a subprocess).',
  },
  checkFile(file, context) {
    const facts: VenvFacts = { knowledge: context.knowledge, importable: context.importable, airflowVersion: context.airflowVersion };
    const usageOf = (task: TaskModel) => cachedUsageOfTask(task, facts);
    const reports: Report[] = [];
    // A place used by the same task models as on the last keystroke keeps its verdict, and its
    // report object (so the finding and diagnostic made of it are not made again): its span and
    // its fix's element are the model's, which move with the tasks. Nothing is allocated for a
    // place whose verdict is kept: this runs over every requirement of the file on each keystroke.
    const judge = (entry: RequirementEntry, tasks: TaskModel | TaskModel[]) => {
      const owner = Array.isArray(tasks) ? tasks[0]! : tasks;
      let ownVerdicts = verdicts.get(owner);
      if (!ownVerdicts) verdicts.set(owner, (ownVerdicts = new Map()));
      const kept = ownVerdicts.get(entry);
      const same = kept !== undefined && kept.knowledge === context.knowledge && kept.importable === context.importable && kept.airflowVersion === context.airflowVersion
        && (Array.isArray(tasks) ? kept.tasks.length === tasks.length && tasks.every((task, index) => kept.tasks[index] === taskId(task)) : kept.tasks.length === 1 && kept.tasks[0] === taskId(tasks));
      const report = same ? kept.report : verdictOf(entry, Array.isArray(tasks) ? tasks : [tasks], usageOf, context);
      if (!same) ownVerdicts.set(entry, { knowledge: context.knowledge, importable: context.importable, airflowVersion: context.airflowVersion, tasks: (Array.isArray(tasks) ? tasks : [tasks]).map(taskId), report });
      if (report) reports.push(report);
    };
    // One place (a literal item, a line of a requirements file), the tasks that use it. An item
    // written in the task's own call is read by that task only; the others (a shared constant, a
    // requirements file) are grouped by file, then by offsets as one number.
    const shared = new Map<string, Map<number, { entry: RequirementEntry; tasks: TaskModel[] }>>();
    for (const task of file.tasks) {
      const own = task.argumentsSpan;
      for (const entry of task.requirements?.entries ?? []) {
        const span = entry.span;
        if (own && span.source === own.source && own.start <= span.start && span.end <= own.end) {
          judge(entry, task);
          continue;
        }
        const path = span.source.path ?? '';
        let inFile = shared.get(path);
        if (!inFile) shared.set(path, (inFile = new Map()));
        const key = span.start * 2 ** 24 + (span.end - span.start);
        let place = inFile.get(key);
        if (!place) inFile.set(key, (place = { entry, tasks: [] }));
        place.tasks.push(task);
      }
    }
    for (const inFile of shared.values()) for (const { entry, tasks } of inFile.values()) judge(entry, tasks);
    return reports;
  },
};

/**
 * Per place (its first entry, kept with its task across edits): the facts and tasks it was judged
 * with, and the report (undefined when the requirement is used). Held by the place's first task:
 * the server lets go of the task models of a document it is not editing (and keeps its entries),
 * and the verdicts, which only serve the next keystroke, go with them.
 */
const verdicts = new WeakMap<TaskModel, Map<RequirementEntry, { knowledge: RuleContext['knowledge']; importable: RuleContext['importable']; airflowVersion: RuleContext['airflowVersion']; tasks: number[]; report: Report | undefined }>>();

/** A number per task model, for a verdict to name its tasks by without holding them. */
const taskIds = new WeakMap<TaskModel, number>();
let nextTaskId = 1;

function taskId(task: TaskModel): number {
  let id = taskIds.get(task);
  if (id === undefined) taskIds.set(task, (id = nextTaskId++));
  return id;
}

function verdictOf(entry: RequirementEntry, tasks: TaskModel[], usageOf: (task: TaskModel) => Usage | undefined, context: RuleContext): Report | undefined {
  const uses = tasks.map(usageOf);
  if (uses.some((use) => use === undefined) || isExempt(entry, context) || isLockFile(entry.span.source)) return undefined;
  const name = entry.parsed!.normalizedName;
  if (uses.some((use, index) => isUsed(name, use!, context) || usedInBuiltVenv(name, use!, context.environment(tasks[index]!)))) return undefined;
  const names = [...new Set(tasks.map((task) => task.callable!.name ?? 'the callable'))];
  return {
    span: entry.span,
    tags: ['unnecessary'],
    // Joined into one new string: the names are slices of the text, and a kept report must not hold
    // the text of the keystroke it was made on.
    message: [`"${entry.parsed!.name}" is never imported by `, names.slice(0, 3).join(', '), names.length > 3 ? ` and ${names.length - 3} more` : '', '. It is installed on every venv build for nothing. Remove it, or add "# noqa: VENV208" if it is loaded indirectly.'].join(''),
    fixes: removeFix(entry),
  };
}

/**
 * The fix, built when asked. Made apart from `verdictOf`: a closure made there would hold that
 * call's whole scope (the rule context, and through it the file's model and text), and the verdicts
 * keep their reports across keystrokes.
 */
function removeFix(entry: RequirementEntry): Fix[] {
  const element = entry.element;
  return element ? [lazyFix(element.source, `Remove "${entry.text}"`, false, () => [removeElement(element)])] : [];
}

interface Usage {
  modules: string[];
  /** Distributions that provide what the callable imports, and the top-level names it imports. */
  hosts: Set<string>;
}

/** A task reused across edits (same model object) keeps its usage while the facts it was judged with are the same. */
const usageCache = new WeakMap<TaskModel, { inputs: readonly unknown[]; value: Usage | undefined }>();

function cachedUsageOfTask(task: TaskModel, facts: VenvFacts): Usage | undefined {
  return keptWith(usageCache, task, [facts.knowledge, facts.importable, facts.airflowVersion], () => usageOfTask(task, facts));
}

/** What a task's callable imports; undefined when nothing can be said (or it imports first-party or unknown code). */
function usageOfTask(task: TaskModel, facts: VenvFacts): Usage | undefined {
  const callable = task.callable;
  if (!callable || callable.lambda || callable.pathExtensions.length > 0 || !listedRequirements(task) || task.requirements?.entries.length === 0) return undefined;
  const { knowledge } = facts;
  const modules = callable.imports.flatMap((item) => (item.module ? judgedModules(item, knowledge) : []));
  if (callable.imports.some((item) => item.module === undefined)) return undefined; // a relative import: first-party code
  for (const use of callable.moduleNameUses) {
    const text = use.binding.importText;
    const match = text ? /^(?:from\s+(\S+)\s+import\s+(\S+)|import\s+(\S+))/.exec(text) : null;
    if (match) modules.push(...(match[3] ? [match[3]] : [match[1]!, `${match[1]}.${match[2]}`]));
  }
  const hosts = new Set<string>();
  for (const module of modules) {
    hosts.add(module.split('.')[0]!);
    if (knowledge.isStdlib(module) || module === 'airflow' || module.startsWith('airflow.')) continue;
    if (isFirstParty(module, facts)) return undefined;
    const providers = knowledge.providersOf(module);
    if (providers.kind === 'unknown') return undefined;
    for (const name of providers.distributions) hosts.add(name);
  }
  return { modules, hosts };
}

/**
 * Per knowledge and requirement text (what the entry's kind and parse come from, extract/requirement-lines.ts):
 * the same few lines recur in every task, and a cache per entry object was kept for as long as the
 * server keeps the document's requirements (one object a requirement of every open DAG).
 */
const exemptCache = new WeakMap<Knowledge, Map<string, boolean>>();
const EXEMPT_LIMIT = 2_000;

function isExempt(entry: RequirementEntry, context: RuleContext): boolean {
  let known = exemptCache.get(context.knowledge);
  if (!known) {
    known = new Map();
    exemptCache.set(context.knowledge, known);
  }
  let exempt = known.get(entry.text);
  if (exempt === undefined) {
    exempt = isExemptEntry(entry, context);
    if (known.size >= EXEMPT_LIMIT) known.clear();
    known.set(entry.text, exempt);
  }
  return exempt;
}

function isExemptEntry(entry: RequirementEntry, context: RuleContext): boolean {
  const parsed = entry.parsed;
  if (!parsed || parsed.extras.length > 0 || parsed.url !== undefined || osPackageOf(entry)) return true;
  const name = parsed.normalizedName;
  const tables = context.knowledge.tables;
  if (tables.providesAirflow(name) || name.startsWith('apache-airflow') || isUsedWithoutImport(name)) return true;
  // `numpy<2`, `x!=1.2`: a constraint on what something else installs, not a requirement of the code.
  if (parsed.specifiers.length > 0 && parsed.specifiers.every((specifier) => ['<', '<=', '!='].includes(specifier.operator))) return true;
  // A distribution the tables do not know may provide anything.
  return tables.modulesOf(name).length === 0;
}

/** Per usage (kept with its task across edits) and knowledge: whether each requirement name is used. */
const usedCache = new WeakMap<Usage, { inputs: readonly unknown[]; value: Map<string, boolean> }>();

function isUsed(name: string, use: Usage, context: RuleContext): boolean {
  const names = keptWith(usedCache, use, [context.knowledge], () => new Map<string, boolean>());
  let used = names.get(name);
  if (used === undefined) {
    used = isUsedBy(name, use, context);
    names.set(name, used);
  }
  return used;
}

function isUsedBy(name: string, use: Usage, context: RuleContext): boolean {
  const { knowledge } = context;
  if (use.modules.some((module) => knowledge.provision(module, [name], false).provided)) return true;
  for (const host of use.hosts) {
    if (isPluginOf(host, name)) return true;
    // A dependency pinned beside what uses it (numpy next to pandas), or a distribution that extends what is used (a dialect of SQLAlchemy).
    if (knowledge.tables.installsClosure(host).includes(name) || knowledge.tables.installsClosure(name).includes(host)) return true;
  }
  return false;
}

const lockFiles = new WeakMap<SourceText, boolean>();
/** `uv pip compile` / pip-compile output: every line pinned by a resolver (`# via`), or hashed. */
function isLockFile(source: SourceText): boolean {
  let known = lockFiles.get(source);
  if (known === undefined) {
    known = source.path !== undefined && !source.path.endsWith('.py') && /^\s*#\s+via\b|--hash[=\s]/m.test(source.text);
    lockFiles.set(source, known);
  }
  return known;
}

/** A built venv says which modules the distribution really installed (top_level.txt / RECORD). */
function usedInBuiltVenv(name: string, use: Usage, built: EnvironmentFacts | undefined): boolean {
  const installed = new Set(built?.provides[name] ?? []);
  return installed.size > 0 && use.modules.some((module) => installed.has(module.split('.')[0]!));
}
