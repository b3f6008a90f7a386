/**
 * `check-env DAG.py[::task_id]` for the hosts (CLI, language server): picks the virtualenv tasks
 * of a DAG file, builds each one's venv in turn (build.ts), and lints the file again with what the
 * builds learnt, so the findings sit at the requirement lines and imports they are about.
 */
import { lintText, type Finding, type Grammar, type LintConfig, type LintOptions, type TaskModel } from '../analysis/index.js';
import { buildTaskEnvironment, type BuildOptions, type BuildOutcome } from './build.js';
import type { EnvironmentStore } from './cache.js';
import { planEnvironment } from './plan.js';

export interface CheckEnvironmentRequest {
  grammar: Grammar;
  path: string;
  text: string;
  /** `task_id` (or a decorated function's name); all virtualenv tasks of the file when absent. */
  taskId?: string;
  config: LintConfig;
  store: EnvironmentStore;
  which: (command: string) => string | undefined;
  /** How the host lints (file reads, the workspace resolver, other facts). */
  lintOptions: Omit<LintOptions, 'config' | 'environments' | 'learnedModules'>;
  signal?: AbortSignal;
  progress?: (message: string, percentage: number) => void;
  timeouts?: BuildOptions['timeouts'];
  noPipCache?: boolean;
}

export interface CheckEnvironmentResult {
  /** One per task built (or refused), in file order. */
  outcomes: (BuildOutcome & { label: string })[];
  /** The findings of the tasks asked for (all the file's when no task was named), with what the builds learnt. */
  findings: Finding[];
  cancelled: boolean;
  /** Why nothing was built (no such task, no virtualenv task). */
  error?: string;
}

/** The task id a task goes by: `task_id=`, else a decorated function's name. */
export function taskIdOf(task: TaskModel): string | undefined {
  const value = task.arguments.get('task_id')?.value;
  if (value?.kind === 'string') return value.value;
  return task.form === 'decorator' ? task.callable?.name : undefined;
}

/** `dags/etl.py::load` -> the path and the task id. */
export function splitTarget(target: string): { path: string; taskId: string | undefined } {
  const at = target.lastIndexOf('::');
  return at === -1 ? { path: target, taskId: undefined } : { path: target.slice(0, at), taskId: target.slice(at + 2) || undefined };
}

export async function checkEnvironment(request: CheckEnvironmentRequest): Promise<CheckEnvironmentResult> {
  const lint = () => {
    const result = lintText(request.grammar, request.text, request.path, {
      ...request.lintOptions,
      config: request.config,
      environments: request.store.lookup,
      learnedModules: request.store.learnedModules(),
    });
    result.tree?.delete();
    return result;
  };
  const first = lint();
  if (request.config.offline) return { outcomes: [], findings: first.findings, cancelled: false, error: 'offline is set: building a venv needs the package index' };
  const tasks = (first.model?.tasks ?? []).filter((task) => task.kind === 'virtualenv' && (request.taskId === undefined || taskIdOf(task) === request.taskId));
  if (tasks.length === 0) {
    const known = (first.model?.tasks ?? []).flatMap((task) => taskIdOf(task) ?? []);
    const error = request.taskId !== undefined
      ? `no virtualenv task "${request.taskId}" in ${request.path}${known.length > 0 ? ` (tasks: ${known.join(', ')})` : ''}`
      : `${request.path} has no virtualenv task (PythonVirtualenvOperator, @task.virtualenv)`;
    return { outcomes: [], findings: first.findings, cancelled: false, error };
  }
  const outcomes: CheckEnvironmentResult['outcomes'] = [];
  let cancelled = false;
  for (const [index, task] of tasks.entries()) {
    const plan = planEnvironment(task, request.config, { which: request.which, ...(request.config.indexUrl ? { indexUrl: request.config.indexUrl } : {}) });
    if ('error' in plan) {
      outcomes.push({ label: plan.error.split(':')[0]!, facts: undefined, report: `✗ ${plan.error}`, cancelled: false });
      continue;
    }
    const share = (percentage: number) => Math.round((index * 100 + percentage) / tasks.length);
    const outcome = await buildTaskEnvironment(plan, task, {
      store: request.store,
      which: request.which,
      config: request.config,
      ...(request.signal ? { signal: request.signal } : {}),
      progress: (message, percentage) => request.progress?.(`${plan.label}: ${message}`, share(percentage)),
      ...(request.timeouts ? { timeouts: request.timeouts } : {}),
      ...(request.noPipCache ? { noPipCache: true } : {}),
    });
    outcomes.push({ ...outcome, label: plan.label });
    if (outcome.cancelled) {
      cancelled = true;
      break;
    }
  }
  const findings = lint().findings;
  return { outcomes, findings: request.taskId === undefined ? findings : findings.filter((finding) => tasks.some((task) => within(finding, task))), cancelled };
}

/** Does a finding lie in a task: its call or decorator, its callable, its requirements? */
function within(finding: Finding, task: TaskModel): boolean {
  const spans = [task.span, task.argumentsSpan, task.callable?.span, task.requirements?.span, ...(task.requirements?.entries.map((entry) => entry.span) ?? [])];
  return spans.some((span) => span !== undefined && span.source.path === finding.span.source.path && span.start <= finding.span.start && finding.span.end <= span.end);
}
