/**
 * What a virtualenv task's venv will hold, judged import by import: shared by VENV301 (nothing
 * provides the module), VENV306 (only a dependency of a listed requirement does) and VENV208 (a
 * requirement that provides nothing the callable imports).
 *
 * Honest about what it does not know: a module the tables and the family rules do not know is
 * `unknown` (never given a guessed distribution); a listed requirement the tables do not know may
 * provide anything, so a miss beside one is never an error. First-party code counts as provided:
 * the configuration's `first-party`, the top-level names the host found where Airflow puts code on
 * `sys.path` (`importable`), and anything imported after the callable extends `sys.path` itself.
 */
import type { AirflowVersion } from './airflow.js';
import { isAirflowModule } from './airflow.js';
import type { Knowledge } from './packaging.js';
import type { Providers } from './packaging-tables.js';
import { normalizeName } from '../extract/requirement-lines.js';
import type { ImportModel, TaskModel } from '../model.js';

export type Verdict =
  /** A listed requirement provides it (or an Airflow distribution, or the worker's site-packages with Airflow's own closure). */
  | 'provided'
  /** First-party code, stdlib, an Airflow core module (VENV304's business), or after a `sys.path` change. */
  | 'skipped'
  /** Installed only because a listed requirement depends on its provider. */
  | 'transitive'
  /** Nothing listed provides it. */
  | 'missing';

export interface ImportJudgement {
  imported: ImportModel;
  /** The module judged: the most specific name the tables know (`google.cloud.dlp_v2` for `from google.cloud import dlp_v2`). */
  module: string;
  providers: Providers;
  verdict: Verdict;
  /** `transitive`: the provider that gets installed, and the listed requirement that installs it. */
  dependency?: string;
  through?: string;
  /** `missing`: listed requirements the tables know nothing about (they may provide it). */
  unknownRequirements: string[];
  /** The distribution to add, when the tables (or a rule, or the configuration) know one provides the module: never a guess. */
  suggestion?: string;
}

export interface VenvFacts {
  knowledge: Knowledge;
  /** Top-level module names the host found on Airflow's `sys.path` (DAG folder, plugins/, config, workspace root). */
  importable: ReadonlySet<string>;
  airflowVersion: AirflowVersion;
}

/** The listed requirements (PEP 503 names) and what the judgement needs to know of them; undefined when nothing can be said. */
export interface ListedRequirements {
  names: string[];
  /** `apache-airflow[google]` -> apache-airflow-providers-google. */
  providerExtras: string[];
  /** The Airflow line a listed apache-airflow pins (`2.10`), when it pins one. */
  airflowLine: string | undefined;
}

export function listedRequirements(task: TaskModel): ListedRequirements | undefined {
  const requirements = task.requirements;
  if (task.kind !== 'virtualenv' || !task.callable || (requirements && !requirements.complete)) return undefined;
  const entries = requirements?.entries ?? [];
  // A URL, a path, an include or an editable install provides modules we cannot name.
  if (entries.some((entry) => (entry.kind !== 'requirement' ? entry.kind !== 'option' : entry.parsed === undefined && !entry.error))) return undefined;
  if (entries.some((entry) => entry.parsed?.url !== undefined)) return undefined;
  const names: string[] = [];
  const providerExtras: string[] = [];
  let airflowLine: string | undefined;
  for (const entry of entries) {
    const parsed = entry.parsed;
    if (!parsed) {
      // An invalid line still names what the author meant to install (VENV203 reports it).
      const written = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(entry.text)?.[0];
      if (written) names.push(normalizeName(written));
      continue;
    }
    names.push(parsed.normalizedName);
    if (parsed.normalizedName === 'apache-airflow') {
      providerExtras.push(...parsed.extras.map((extra) => `apache-airflow-providers-${normalizeName(extra)}`));
      const pinned = parsed.specifiers.find((specifier) => specifier.operator === '==' || specifier.operator === '===');
      airflowLine = pinned ? /^\d+\.\d+/.exec(pinned.version)?.[0] : undefined;
    }
  }
  return { names: [...new Set(names)], providerExtras, airflowLine };
}

/** One judgement per task and inputs: VENV301, VENV306 and VENV208 share it within a run. */
const memo = new WeakMap<TaskModel, { airflowVersion: AirflowVersion; importable: ReadonlySet<string>; knowledge: Knowledge; judgements: ImportJudgement[] }>();

/** Every import of the task's callable, judged; empty when nothing can be said (not a virtualenv task, requirements not statically known). */
export function judgeImports(task: TaskModel, facts: VenvFacts): ImportJudgement[] {
  const cached = memo.get(task);
  if (cached && cached.airflowVersion === facts.airflowVersion && cached.importable === facts.importable && cached.knowledge === facts.knowledge) return cached.judgements;
  const judgements = judgeUncached(task, facts);
  memo.set(task, { airflowVersion: facts.airflowVersion, importable: facts.importable, knowledge: facts.knowledge, judgements });
  return judgements;
}

/**
 * The same judgement as if the venv did not see the worker's site-packages (system_site_packages=False)
 * and `added` were listed too (PEP 503 names; `apache-airflow` with `airflowRelease`): what VENV401's
 * fix must add so that setting it to False breaks no import. Not memoised: asked only for the tasks
 * VENV401 reports, with the additions it is trying.
 */
export function judgeIsolatedImports(task: TaskModel, facts: VenvFacts, added: readonly string[], airflowRelease?: string): ImportJudgement[] {
  const listed = listedRequirements(task);
  if (!listed) return [];
  const names = [...new Set([...listed.names, ...added.map(normalizeName)])];
  const airflowLine = added.map(normalizeName).includes('apache-airflow') && airflowRelease ? /^\d+\.\d+/.exec(airflowRelease)?.[0] : listed.airflowLine;
  return judgeUncached(task, facts, { names, providerExtras: listed.providerExtras, airflowLine }, false);
}

function judgeUncached(task: TaskModel, facts: VenvFacts, listed = listedRequirements(task), leaks = task.systemSitePackages): ImportJudgement[] {
  if (!listed) return [];
  const { knowledge } = facts;
  const tables = knowledge.tables;
  const pathChanged = task.callable!.pathExtensions[0]?.start ?? Infinity;
  const unknownRequirements = listed.names.filter((name) => !tables.providesAirflow(name) && tables.modulesOf(name).length === 0 && !knownByRule(name));
  const withAirflow = listed.names.some((name) => tables.providesAirflow(name));
  const judgements: ImportJudgement[] = [];
  const seen = new Set<string>();
  for (const imported of task.callable!.imports) {
    if (!imported.module || imported.guarded) continue;
    for (const module of judgedModules(imported, knowledge)) {
      if (seen.has(module)) continue;
      seen.add(module);
      const providers = knowledge.providersOf(module);
      const judgement: ImportJudgement = { imported, module, providers, verdict: 'skipped', unknownRequirements: [] };
      judgements.push(judgement);
      if (imported.span.start > pathChanged || knowledge.isStdlib(module) || isFirstParty(module, facts)) continue;
      if (isAirflowModule(module) && !module.startsWith('airflow.providers.')) continue;
      if (module.startsWith('airflow.providers.')) {
        // The worker's providers leak in with its site-packages; without Airflow at all it is VENV304.
        if (leaks !== false || !withAirflow) continue;
        const names = [...listed.names, ...listed.providerExtras, ...preinstalledProviders(listed, facts, tables)];
        judgement.verdict = knowledge.provision(module, names, true).provided ? 'provided' : 'missing';
      } else {
        judge(judgement, listed.names, leaks === true, facts);
      }
      if (judgement.verdict === 'missing') {
        judgement.unknownRequirements = unknownRequirements;
        const suggestion = providers.ruleUncertain ? undefined : providers.distributions[0];
        if (suggestion !== undefined) judgement.suggestion = tables.displayName(suggestion);
      }
    }
  }
  return judgements;
}

/**
 * What the venv would lack if the callable imported `module` (VENV302's fix moves a module-level
 * import in): `missing` with the distribution the tables know provides it (none when they know
 * none: never a guess), `transitive` with the dependency that provides it; undefined when it would
 * be provided, or nothing can be said (requirements not statically known, stdlib, first-party, Airflow).
 */
export function judgeNewImport(task: TaskModel, facts: VenvFacts, module: string): { verdict: 'missing' | 'transitive'; add: string | undefined } | undefined {
  const listed = listedRequirements(task);
  const { knowledge } = facts;
  if (!listed || task.callable!.pathExtensions.length > 0 || knowledge.isStdlib(module) || isFirstParty(module, facts) || isAirflowModule(module)) return undefined;
  const providers = knowledge.providersOf(module);
  const judgement: ImportJudgement = { imported: undefined as never, module, providers, verdict: 'skipped', unknownRequirements: [] };
  judge(judgement, listed.names, task.systemSitePackages === true, facts);
  if (judgement.verdict === 'transitive') return { verdict: 'transitive', add: judgement.dependency };
  if (judgement.verdict !== 'missing') return undefined;
  const suggestion = providers.ruleUncertain ? undefined : providers.distributions[0];
  return { verdict: 'missing', add: suggestion === undefined ? undefined : knowledge.tables.displayName(suggestion) };
}

/** `leaks`: the venv sees the worker's site-packages (system_site_packages=True). */
function judge(judgement: ImportJudgement, names: string[], leaks: boolean, facts: VenvFacts): void {
  const { knowledge } = facts;
  const module = judgement.module;
  if (knowledge.provision(module, names, false).provided) {
    judgement.verdict = 'provided';
    return;
  }
  const wanted = new Set(judgement.providers.distributions);
  if (leaks && workerClosure(facts).some((name) => wanted.has(name))) {
    judgement.verdict = 'provided'; // apache-airflow installs it on the worker, and the venv sees the worker's packages
    return;
  }
  for (const requirement of names) {
    const dependency = knowledge.tables.installsClosure(requirement).find((name) => wanted.has(name));
    if (dependency) {
      judgement.verdict = 'transitive';
      judgement.dependency = knowledge.tables.displayName(dependency);
      judgement.through = knowledge.tables.displayName(requirement);
      return;
    }
  }
  judgement.verdict = 'missing';
}

/**
 * `from google.cloud import dlp_v2, storage`: each imported name that the tables (or a rule) know
 * more specifically than the module it is imported from is judged on its own; otherwise the module.
 */
export function judgedModules(imported: ImportModel, knowledge: Knowledge): string[] {
  const module = imported.module!;
  if (imported.submodules.length === 0) return [module];
  const base = knowledge.providersOf(module);
  const depth = (providers: Providers) => (providers.kind === 'unknown' ? 0 : (providers.matched ?? '').split('.').length);
  const modules: string[] = [];
  let baseNeeded = false;
  for (const submodule of imported.submodules) {
    const providers = knowledge.providersOf(submodule);
    if (depth(providers) > depth(base)) modules.push(submodule);
    else if (base.kind === 'unknown' && base.namespaceRoot === module) modules.push(submodule); // `from google import foo`
    else baseNeeded = true;
  }
  return baseNeeded || modules.length === 0 ? [module, ...modules] : modules;
}

export function isFirstParty(module: string, facts: VenvFacts): boolean {
  if (facts.knowledge.isFirstParty(module)) return true;
  const dot = module.indexOf('.');
  return facts.importable.has(dot === -1 ? module : module.slice(0, dot));
}

/** Distribution names a family rule gives (google-cloud-*, azure-*, ...): known by convention, not by table. */
function knownByRule(name: string): boolean {
  return /^(google-cloud-|azure-|opentelemetry-|apache-airflow-providers-|dbt-|gcloud-aio-)/.test(name);
}

function linesOf(facts: VenvFacts, tables: Knowledge['tables'], line?: string): string[] {
  if (line && tables.airflowLine(line)) return [line];
  const lines = tables.airflowLines();
  const major = facts.airflowVersion === '1.10' ? lines.filter((key) => key === '1.10') : lines.filter((key) => key.startsWith(`${facts.airflowVersion}.`));
  // Airflow 3's lines are not in the table yet: the newest 2.x line is the nearest known.
  return major.length > 0 ? major : lines.slice(-1);
}

function preinstalledProviders(listed: ListedRequirements, facts: VenvFacts, tables: Knowledge['tables']): string[] {
  if (!listed.names.includes('apache-airflow')) return [];
  return [...new Set(linesOf(facts, tables, listed.airflowLine).flatMap((line) => tables.airflowLine(line)?.preinstalledProviders ?? []))];
}

const closures = new Map<string, string[]>();
/** What apache-airflow installs on the worker, over every line of the target major version (memoised). */
function workerClosure(facts: VenvFacts): string[] {
  const key = facts.airflowVersion;
  let closure = closures.get(key);
  if (!closure) {
    const tables = facts.knowledge.tables;
    closure = [...new Set(['apache-airflow', ...linesOf(facts, tables).flatMap((line) => tables.airflowLine(line)?.closure ?? [])])];
    closures.set(key, closure);
  }
  return closure;
}
