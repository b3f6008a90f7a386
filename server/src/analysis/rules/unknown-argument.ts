import { editDistance } from '../knowledge/edit-distance.js';
import { MISPLACED_PARAMETERS } from '../knowledge/airflow.js';
import { compareReleases, OPERATORS, PROVIDER_MODULE, providersFor, providersWith, releases } from '../knowledge/airflow-releases.js';
import { environments, majorOf, originKey, releasesWhere, targetKey, taskParameters, type AirflowTarget, type TaskOrigin } from '../knowledge/airflow-target.js';
import { memoize } from '../knowledge/memo.js';
import type { TaskModel } from '../model.js';
import { capitalized, type Report, type Rule } from './rule.js';

export const unknownArgument: Rule = {
  code: 'VENV104',
  name: 'unknown-argument',
  severity: 'error',
  summary: 'An argument the task does not accept in the target Airflow version',
  docs: {
    what: 'Flags arguments of a virtualenv or external-python task that are certainly wrong there: a parameter of the other family (`python=` on a virtualenv task, `requirements=` on an external-python one), one removed or not yet added in the target Airflow (`use_dill` on 3, `venv_cache_path` on 1.10), and misspellings of the task\'s own parameters (`requirement=`, `system_site_package=`). Arguments it cannot judge (BaseOperator\'s own, custom ones) are left alone; `python_bin` is VENV103.',
    why: 'Airflow 2 raises "Invalid arguments were passed" when it parses the DAG (unless [operators] allow_illegal_arguments), Airflow 3 a TypeError, so the DAG never loads; Airflow 1.10 only warns and then ignores the argument, so the task silently runs without it.',
    example: 'ExternalPythonOperator(task_id="t", python="/opt/venv/bin/python3.11", requirements=["pandas==2.2.2"], python_callable=run)',
    useInstead: 'ExternalPythonOperator(task_id="t", python="/opt/venv/bin/python3.11", python_callable=run)  # install pandas into /opt/venv',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    const target = context.target;
    const reports: Report[] = [];
    const consequence = consequenceOn(target);
    const severity = target.releases.every((release) => release.startsWith('1.')) ? 'warning' as const : undefined;
    if (task.positionalArguments.length > 0) {
      const refusal = target.major === '3' && !target.releases.some((release) => !release.startsWith('3')) ? 'a TypeError' : '"Use keyword arguments when initializing operators"';
      reports.push({ span: task.positionalArguments[0]!, message: `${task.symbol} takes keyword arguments only. Airflow raises ${refusal} when it parses the DAG, in every release. Write name=value.` });
    }
    const accepted = acceptedParameters(target, task);
    if (!accepted) return reports; // the class itself is missing: VENV502
    const { any, own } = accepted;
    for (const argument of task.arguments.values()) {
      if (argument.positional || argument.name === 'python_bin' || any.has(argument.name)) continue;
      const reason = reasonFor(task, argument.name, target);
      if (reason) {
        reports.push({ span: argument.nameSpan, severity, message: `${task.symbol} does not take "${argument.name}" on Airflow ${target.label}. ${capitalized(reason)}. ${consequence}.` });
        continue;
      }
      const near = nearestParameter(own, `${target.releases.join(',')}\0${task.symbol}\0${task.module}\0${argument.name}`, argument.name);
      if (near) reports.push({ span: argument.nameSpan, severity, message: `${task.symbol} has no parameter "${argument.name}". Did you mean "${near}"? ${consequence}.` });
    }
    return reports;
  },
};

/**
 * The parameters some admitted release takes for the task's class or decorator (`any`), and those not
 * inherited from BaseOperator (`own`, what a misspelling is compared with); undefined when no admitted
 * release has the class. Asked once per origin and target, not per task.
 */
const acceptedParameters = memoize(
  (target: AirflowTarget, origin: TaskOrigin): { any: ReadonlySet<string>; own: readonly string[] } | undefined => {
    const admitted = environments(target, origin).flatMap((where) => taskParameters(origin, where) ?? []);
    if (admitted.length === 0) return undefined;
    const all = admitted.flatMap((parameters) => [...parameters.values()]);
    return { any: new Set(all.map((parameter) => parameter.name)), own: [...new Set(all.filter((parameter) => parameter.owner !== 'BaseOperator').map((parameter) => parameter.name))] };
  },
  (target, origin) => `${targetKey(target)}\0${originKey(origin)}`,
);

/** What the admitted releases do with an argument they do not take. */
function consequenceOn(target: AirflowTarget): string {
  const majors = new Set(target.releases.map(majorOf));
  const parts: string[] = [];
  if (majors.has('1.10')) parts.push('Airflow 1.10 ignores it with a warning');
  if (majors.has('2')) parts.push('Airflow 2 rejects the DAG ("Invalid arguments were passed")');
  if (majors.has('3')) parts.push('Airflow 3 rejects the DAG (TypeError)');
  return parts.join('; ');
}

/**
 * Why a parameter no admitted release takes is wrong, when that is certain: the other family's
 * parameter, one that exists only in other releases (added later, removed earlier, or only with
 * another standard-provider release), or one that never reached a release.
 */
function reasonFor(task: TaskModel, name: string, target: AirflowTarget): string | undefined {
  const never = NEVER_RELEASED.get(name);
  if (never) return never;
  const misplaced = MISPLACED_PARAMETERS.find((item) => item.name === name && item.kinds.includes(task.kind) && item.versions.includes(target.major));
  if (misplaced) return misplaced.reason;
  const other = otherFamily(task);
  if (other && releasesWhere(target, other, (parameters) => parameters.has(name)).length > 0) return `it belongs to ${other.symbol}`;
  const operator = OPERATORS.find((candidate) => candidate === task.symbol);
  const fromProvider = task.form === 'operator' && task.module === PROVIDER_MODULE;
  const providers = operator ? providersWith(name, operator) : [];
  if (!fromProvider && providers.length > 0 && target.releases.some((release) => providersFor(release).length > 0)) {
    return `it comes with the standard provider (${providers[0]} on): import ${task.symbol} from ${PROVIDER_MODULE}`;
  }
  // Where any release takes it, from this module or (for an operator) from Airflow's own module.
  const origins: TaskOrigin[] = task.form === 'operator' ? [task, { form: 'operator', symbol: task.symbol, module: 'airflow.operators.python' }] : [task];
  const everywhere = releases().filter((release) => origins.some((origin) => releasesWhere({ releases: [release], provider: undefined }, origin, (parameters) => parameters.has(name)).length > 0));
  if (everywhere.length === 0) return undefined;
  const first = everywhere[0]!;
  const last = everywhere.at(-1)!;
  const newest = target.releases.at(-1)!;
  const oldest = target.releases[0]!;
  if (compareReleases(first, newest) > 0) return `it was added in Airflow ${first}`;
  if (compareReleases(last, oldest) < 0) return `it was removed after Airflow ${last}`;
  if (fromProvider && providers.length > 0 && target.provider) return `the standard provider takes it from ${providers[0]} on (configured: ${target.provider})`;
  return undefined;
}

/** Parameters that reached no release, with what happened to them. */
const NEVER_RELEASED = new Map([
  ['use_airflow_context', 'no Airflow release has it: it was added on Airflow\'s main branch and reverted before 2.10.0 (apache/airflow #41039, #41362), and the standard provider removed it in 0.1.0 (#46306)'],
]);

/** The same task in the other family (`ExternalPythonOperator` for `PythonVirtualenvOperator`), from the same module. */
function otherFamily(task: TaskModel): TaskOrigin | undefined {
  const swap: Record<string, string> = {
    PythonVirtualenvOperator: 'ExternalPythonOperator', ExternalPythonOperator: 'PythonVirtualenvOperator',
    BranchPythonVirtualenvOperator: 'BranchExternalPythonOperator', BranchExternalPythonOperator: 'BranchPythonVirtualenvOperator',
    '@task.virtualenv': '@task.external_python', '@task.external_python': '@task.virtualenv',
    '@task.branch_virtualenv': '@task.branch_external_python', '@task.branch_external_python': '@task.branch_virtualenv',
  };
  const symbol = swap[task.symbol];
  return symbol ? { form: task.form, symbol, module: task.module } : undefined;
}

/** Misspelling look-ups by version, kind and name: every task of a DAG repeats the same arguments. */
const nearest = new Map<string, string | null>();

function nearestParameter(own: readonly string[], key: string, name: string): string | undefined {
  let near = nearest.get(key);
  if (near === undefined) {
    if (nearest.size >= 4096) nearest.clear();
    near = own.find((candidate) => candidate.length > 4 && editDistance(candidate, name) <= (candidate.length > 10 ? 2 : 1)) ?? null;
    nearest.set(key, near);
  }
  return near ?? undefined;
}
