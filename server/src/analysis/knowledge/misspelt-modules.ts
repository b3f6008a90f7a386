/**
 * Misspelt Airflow import paths: `from airflow.oprators.python_operator import PythonVirtualenvOperator`
 * names no module of any Airflow release (ModuleNotFoundError), and the linter would not see the task.
 * A path is misspelt when it is none of the modules the release table knows, a from-import takes an
 * operator class or `task` out of it, and it lies within a small edit distance of a known path. Pure.
 */
import { OPERATOR_MODULES, TASK_DECORATOR_MODULES } from './airflow.js';
import { editDistance } from './edit-distance.js';

/** The paths an operator or `task` is imported from in some release (the table's modules; airflow-releases.json). */
const KNOWN: readonly string[] = [
  ...[...OPERATOR_MODULES].filter(([, known]) => known.status === 'current').map(([module]) => module),
  ...TASK_DECORATOR_MODULES.keys(),
];

/** How far a misspelling may be from the path it meant; a fix needs one candidate within FIX_DISTANCE. */
const FIND_DISTANCE = 3;
const FIX_DISTANCE = 2;

/** Names a from-import takes that say the author meant a virtualenv task's module. */
export function namesAnAirflowTask(name: string): boolean {
  return name === 'task' || name === 'dag' || name.endsWith('Operator');
}

/**
 * For a module that is not a known path, the known paths it is close to (nearest first), and the one
 * correction when exactly one is within the fix distance; undefined when it is not a misspelling of one.
 */
export function misspeltAirflowModule(module: string): { candidates: string[]; correction: string | undefined } | undefined {
  if (!module.startsWith('airflow') || KNOWN.includes(module) || OPERATOR_MODULES.has(module)) return undefined;
  const scored = KNOWN.map((known) => ({ known, distance: editDistance(known, module) }))
    .filter((entry) => entry.distance <= Math.min(FIND_DISTANCE, Math.floor(entry.known.length / 4)))
    .sort((a, b) => a.distance - b.distance);
  if (scored.length === 0) return undefined;
  const close = scored.filter((entry) => entry.distance <= FIX_DISTANCE);
  return { candidates: scored.map((entry) => entry.known), correction: scored.length === 1 && close.length === 1 ? close[0]!.known : undefined };
}
