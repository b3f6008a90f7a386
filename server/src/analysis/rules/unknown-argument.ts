import { MISPLACED_PARAMETERS, TASK_PARAMETERS } from '../knowledge/airflow.js';
import type { Report, Rule } from './rule.js';

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
    const version = context.airflowVersion;
    const own = TASK_PARAMETERS[version][task.kind];
    const reports: Report[] = [];
    for (const argument of task.arguments.values()) {
      if (argument.positional || argument.name === 'python_bin' || own.includes(argument.name)) continue;
      const severity = version === '1.10' ? 'warning' : undefined;
      const consequence = version === '1.10' ? 'Airflow 1.10 ignores it with a warning' : version === '2' ? 'Airflow 2 rejects the DAG ("Invalid arguments were passed")' : 'Airflow 3 rejects the DAG (TypeError)';
      const misplaced = MISPLACED_PARAMETERS.find((item) => item.name === argument.name && item.kinds.includes(task.kind) && item.versions.includes(version));
      if (misplaced) {
        reports.push({ span: argument.nameSpan, severity, message: `${task.symbol} does not take "${argument.name}" on Airflow ${version}: ${misplaced.reason}. ${consequence}.` });
        continue;
      }
      const near = nearestParameter(own, `${version}\0${task.kind}\0${argument.name}`, argument.name);
      if (near) reports.push({ span: argument.nameSpan, severity, message: `${task.symbol} has no parameter "${argument.name}"; did you mean "${near}"? ${consequence}.` });
    }
    return reports;
  },
};

/** Levenshtein distance, small strings only. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** Misspelling look-ups by version, kind and name: every task of a DAG repeats the same arguments. */
const nearest = new Map<string, string | null>();

function nearestParameter(own: readonly string[], key: string, name: string): string | undefined {
  let near = nearest.get(key);
  if (near === undefined) {
    if (nearest.size >= 4096) nearest.clear();
    near = own.find((candidate) => candidate.length > 4 && distance(candidate, name) <= (candidate.length > 10 ? 2 : 1)) ?? null;
    nearest.set(key, near);
  }
  return near ?? undefined;
}
