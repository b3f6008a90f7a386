import { DEPRECATED_MODULES } from '../knowledge/airflow.js';
import { importPathAvailable, releases, templateFieldsOf, type ModuleStatus } from '../knowledge/airflow-releases.js';
import { environments, labelOf, originKey, releasesWhere, severityAcross, targetKey, taskParameters, type AirflowTarget, type TaskOrigin } from '../knowledge/airflow-target.js';
import { keptWith, memoize } from '../knowledge/memo.js';
import { replace } from '../fixes/edits.js';
import type { AirflowImport, TaskModel } from '../model.js';
import type { Report, Rule } from './rule.js';

export const deprecatedImportPath: Rule = {
  code: 'VENV502',
  name: 'deprecated-import-path',
  severity: 'warning',
  summary: 'The operator or decorator is imported from a path deprecated or removed in the target Airflow',
  docs: {
    what: 'Flags an import path that the target Airflow releases deprecate (`airflow.operators.python_operator` on 2.x, `airflow.operators.python` on 3, `airflow.decorators` from 3.1, an info on 3.0 where it still works silently) or do not have at all (`airflow.operators.python_operator` on 3: an error), and a class or decorator used before it existed (`ExternalPythonOperator` before 2.4, `BranchExternalPythonOperator` before 2.7, `BranchPythonVirtualenvOperator` and `@task.branch_virtualenv` before 2.8, `@task.virtualenv` before 2.1: an error), and `ExternalPythonOperator` on 2.4.0-2.4.2, whose template fields name an attribute it never sets (an error where every admitted release is one of those).',
    why: 'Deprecated paths warn on every DAG parse and disappear in the next major version; a missing module or class makes the DAG fail to import (ModuleNotFoundError, ImportError, AttributeError), so it never shows up in Airflow. ruff flags the same paths (AIR302, AIR311, AIR312).',
    example: 'from airflow.operators.python_operator import PythonVirtualenvOperator  # on Airflow 2',
    useInstead: 'from airflow.operators.python import PythonVirtualenvOperator',
    fixSafety: 'Safe when the new path exists in every release the target admits and exports the same names; otherwise (for example `airflow.sdk` when the target may be Airflow 2) the fix is offered but never applied by fix-all or --fix.',
  },
  checkFile(file, context) {
    const target = context.target;
    const reports: Report[] = file.airflowImports.flatMap((imported) => importReport(imported, target));
    for (const task of file.tasks) {
      // What a task's class says at the target depends on its origin only: asked once per origin, not per task and keystroke.
      // Kept per task model too, so that a keystroke does not build a key for every task of the file.
      const verdicts = keptWith(taskVerdicts, task, [target], () => originVerdicts(task, target));
      for (const verdict of verdicts) reports.push({ ...verdict, span: task.span });
    }
    return reports;
  },
};

function importReport(imported: AirflowImport, target: AirflowTarget): Report[] {
  const verdict = importVerdict(imported.module, target);
  if (!verdict) return [];
  const { replacement, safe, ...rest } = verdict;
  const fixes = replacement ? [{ title: `Import from ${replacement}`, safe, edits: [replace(imported.span, replacement)] }] : [];
  return [{ span: imported.span, ...rest, fixes }];
}

/** What an import path gives at the target: a verdict per module and target, asked once (every file imports the same few). */
const importVerdict = memoize(
  (module: string, target: AirflowTarget): (Pick<Report, 'severity' | 'message'> & { replacement: string | undefined; safe: boolean }) | undefined => {
    const statuses = target.releases.map((release) => importPathAvailable(module, release));
    const known = DEPRECATED_MODULES.get(module);
    if (!known && statuses.every((status) => status !== 'missing')) return undefined;
    const replacement = known?.replacement[target.major];
    const safe = replacement !== undefined && target.releases.every((release) => importPathAvailable(replacement, release) !== 'missing');
    const advice = replacement ? ` Import from "${replacement}".` : '';
    if (statuses.every((status) => status === 'missing')) {
      if (module.startsWith('airflow.providers.python.')) return undefined; // VENV501
      return { severity: 'error', message: `"${module}" does not exist in Airflow ${target.label}. The DAG fails to import (ModuleNotFoundError).${advice}`, replacement, safe };
    }
    if (!known || !replacement || !known.deprecatedIn.includes(target.major)) return undefined;
    const deprecated = (status: ModuleStatus) => status === 'shim' || status === 'deprecated-class-map' || status === 'deprecated';
    if (statuses.every(deprecated)) {
      return { message: `"${module}" is ${known.note}. The target is Airflow ${target.label}. Import from "${replacement}".`, replacement, safe };
    }
    const since = releases().find((release) => target.releases.includes(release) && deprecated(importPathAvailable(module, release)));
    // Deprecated in only some of the releases an inferred target admits: the tool cannot know which one runs the DAG.
    if (!since || target.how === 'inferred') return undefined;
    return { severity: 'info', message: `"${module}" is ${known.note}. It is deprecated from Airflow ${since}; the target is Airflow ${target.label}. Import from "${replacement}".`, replacement, safe };
  },
  (module, target) => `${module}\0${targetKey(target)}\0${target.label}\0${target.major}`,
);

const taskVerdicts = new WeakMap<TaskModel, { inputs: readonly unknown[]; value: Omit<Report, 'span'>[] }>();

const originVerdicts = memoize(
  (task: TaskOrigin, target: AirflowTarget): Omit<Report, 'span'>[] => [...missingTask(task, target), ...brokenTemplateField(task, target)],
  (task, target) => `${originKey(task)}\0${targetKey(target)}\0${target.label}`,
);

/** A class or decorator that no admitted release has (from the module it is imported from). */
function missingTask(task: TaskOrigin, target: AirflowTarget): Omit<Report, 'span'>[] {
  if (environments(target, task).some((where) => taskParameters(task, where) !== undefined)) return [];
  if (target.releases.every((release) => importPathAvailable(task.module, release) === 'missing')) return []; // the import is reported
  const everywhere = releasesWhere({ releases: releases(), provider: target.provider }, task, () => true);
  if (everywhere.length === 0) return [];
  const failure = task.form === 'decorator' ? 'AttributeError' : 'ImportError';
  return [{
    severity: 'error',
    message: `${task.symbol} does not exist in Airflow ${target.label}. The DAG fails to import (${failure}); Airflow ${labelOf(everywhere)} has it (from "${task.module}").`,
  }];
}

/**
 * A class whose template fields name an attribute it never sets fails when Airflow renders it:
 * ExternalPythonOperator 2.4.0-2.4.2 lists `python_path` (airflow/operators/python.py:624 @2.4.0,
 * `python` from 2.4.3), so every run raises AttributeError. Per release: an error where every
 * admitted release is broken, an info on a configured target that admits some, silent otherwise.
 */
function brokenTemplateField(task: TaskOrigin, target: AirflowTarget): Omit<Report, 'span'>[] {
  if (task.form !== 'operator') return [];
  const missingField = (where: { release: string; provider: string | undefined }) => {
    const parameters = taskParameters(task, where);
    return (templateFieldsOf(task.symbol, where.release, where.provider) ?? []).find((field) => parameters !== undefined && !parameters.has(field) && field === 'python_path');
  };
  const severity = severityAcross(target, task, (where) => (missingField(where) ? 'error' : undefined));
  if (!severity) return [];
  const broken = releasesWhere(target, task, (_, where) => missingField(where) !== undefined);
  return [{
    severity,
    message: `${task.symbol} is broken in Airflow ${labelOf(broken)}. Its template_fields name "python_path", an attribute it never sets, so rendering the task raises AttributeError before it runs (fixed in 2.4.3; the target is Airflow ${target.label}).`,
  }];
}
