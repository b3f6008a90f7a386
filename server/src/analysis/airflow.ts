/**
 * What Airflow calls its virtualenv operators and decorators, where they can be
 * imported from, and which Airflow major version each path belongs to.
 *
 * Sources (apache/airflow, read through the search tool):
 * - 1.10: `airflow/operators/python_operator.py` (PythonVirtualenvOperator, positional
 *   signature `python_callable, requirements, python_version, use_dill, system_site_packages, ...`).
 * - 2.x: `airflow/operators/python.py` (PythonVirtualenvOperator, ExternalPythonOperator since 2.4,
 *   BranchPythonVirtualenvOperator since 2.8, BranchExternalPythonOperator) and the deprecation
 *   shim `airflow/operators/python_operator.py`; decorators in `airflow/decorators/__init__.py`
 *   (`task.virtualenv`, `task.external_python`, `task.branch_virtualenv`, `task.branch_external_python`).
 * - 3.x: `providers/standard/src/airflow/providers/standard/operators/python.py`; decorators exposed
 *   as `airflow.sdk.task` (`task-sdk/src/airflow/sdk/definitions/decorators/__init__.pyi`).
 * - `airflow.providers.python.operators.python` exists in no version (no `providers/python` tree in
 *   apache/airflow, no `apache-airflow-providers-python` distribution); tutorials invent it.
 */

export type TaskKind = 'virtualenv' | 'external-python';
export type AirflowVersion = '1.10' | '2' | '3';

export interface OperatorClass {
  kind: TaskKind;
  branch: boolean;
}

export const OPERATOR_CLASSES: ReadonlyMap<string, OperatorClass> = new Map([
  ['PythonVirtualenvOperator', { kind: 'virtualenv', branch: false }],
  ['BranchPythonVirtualenvOperator', { kind: 'virtualenv', branch: true }],
  ['ExternalPythonOperator', { kind: 'external-python', branch: false }],
  ['BranchExternalPythonOperator', { kind: 'external-python', branch: true }],
]);

export type ModuleStatus = 'current' | 'invalid';

export interface OperatorModule {
  /** The Airflow version whose documented path this is; undefined for invented paths. */
  version: AirflowVersion | undefined;
  status: ModuleStatus;
}

export const OPERATOR_MODULES: ReadonlyMap<string, OperatorModule> = new Map<string, OperatorModule>([
  ['airflow.operators.python_operator', { version: '1.10', status: 'current' }],
  ['airflow.operators.python', { version: '2', status: 'current' }],
  ['airflow.providers.standard.operators.python', { version: '3', status: 'current' }],
  ['airflow.providers.python.operators.python', { version: undefined, status: 'invalid' }],
]);

/** The module to import the operators from, per target Airflow version. */
export const OPERATOR_MODULE_FOR_VERSION: Record<AirflowVersion, string> = {
  '1.10': 'airflow.operators.python_operator',
  '2': 'airflow.operators.python',
  '3': 'airflow.providers.standard.operators.python',
};

/** Modules that export the TaskFlow `task` object, and the version that introduced them. */
export const TASK_DECORATOR_MODULES: ReadonlyMap<string, AirflowVersion> = new Map<string, AirflowVersion>([
  ['airflow.decorators', '2'],
  ['airflow.sdk', '3'],
]);

export const TASK_DECORATORS: ReadonlyMap<string, OperatorClass> = new Map([
  ['virtualenv', { kind: 'virtualenv', branch: false }],
  ['branch_virtualenv', { kind: 'virtualenv', branch: true }],
  ['external_python', { kind: 'external-python', branch: false }],
  ['branch_external_python', { kind: 'external-python', branch: true }],
]);

/**
 * `system_site_packages` defaults to True in every version (1.10 `python_operator.py`,
 * 2.x `operators/python.py`, 3.x standard provider `operators/python.py`).
 */
export const SYSTEM_SITE_PACKAGES_DEFAULT = true;

/** Does `name` (a dotted module) belong to Airflow at all? */
export function isAirflowModule(name: string): boolean {
  return name === 'airflow' || name.startsWith('airflow.');
}
