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

/** Import paths that still work but are deprecated in a target version, and what replaces them. */
export const DEPRECATED_MODULES: ReadonlyMap<string, { deprecatedIn: AirflowVersion[]; replacement: Partial<Record<AirflowVersion, string>>; note: string }> = new Map([
  // airflow/operators/python_operator.py became a deprecation shim in 2.0 and is gone in 3.0
  // (ruff AIR302 maps it to the standard provider).
  ['airflow.operators.python_operator', {
    deprecatedIn: ['2', '3'],
    replacement: { '2': 'airflow.operators.python', '3': 'airflow.providers.standard.operators.python' },
    note: 'a deprecated 1.10 module (removed in Airflow 3)',
  }],
  // Airflow 3 keeps airflow.operators.python only as a compatibility layer (ruff AIR312).
  ['airflow.operators.python', {
    deprecatedIn: ['3'],
    replacement: { '3': 'airflow.providers.standard.operators.python' },
    note: 'kept in Airflow 3 only as a compatibility layer, to be removed',
  }],
  // Airflow 3 exposes the TaskFlow API as airflow.sdk (ruff AIR311).
  ['airflow.decorators', {
    deprecatedIn: ['3'],
    replacement: { '3': 'airflow.sdk' },
    note: 'superseded by airflow.sdk in Airflow 3',
  }],
]);

/**
 * The task-specific keyword parameters of each family, per Airflow line (BaseOperator's
 * own parameters — task_id, retries, pool, ... — are not listed and never flagged).
 * Sources, as read for shared/research/airflow-api.md:
 * - 1.10: apache/airflow `airflow/operators/python_operator.py` @ 00d1109e (PythonVirtualenvOperator).
 * - 2.x: `airflow/operators/python.py`, 2.9/2.10 line (GoogleCloudPlatform/composer-airflow @ 0afaff2a):
 *   PythonVirtualenvOperator and ExternalPythonOperator (2.4+) over _BasePythonVirtualenvOperator and
 *   PythonOperator (show_return_value_in_logs).
 * - 3.x: `providers/standard/src/airflow/providers/standard/operators/python.py` (use_dill removed,
 *   index_urls_from_connection_ids added); decorators add multiple_outputs
 *   (`task-sdk/src/airflow/sdk/definitions/decorators/__init__.pyi` @ 1d13d1eb).
 */
const SHARED_2 = ['python_callable', 'op_args', 'op_kwargs', 'string_args', 'templates_dict', 'templates_exts', 'expect_airflow', 'skip_on_exit_code', 'serializer', 'use_dill', 'env_vars', 'inherit_env', 'show_return_value_in_logs', 'multiple_outputs'];
const VIRTUALENV_ONLY = ['requirements', 'python_version', 'system_site_packages', 'pip_install_options', 'index_urls', 'venv_cache_path'];

export const TASK_PARAMETERS: Record<AirflowVersion, Record<TaskKind, readonly string[]>> = {
  '1.10': {
    virtualenv: ['python_callable', 'requirements', 'python_version', 'use_dill', 'system_site_packages', 'op_args', 'op_kwargs', 'provide_context', 'string_args', 'templates_dict', 'templates_exts'],
    'external-python': [],
  },
  '2': {
    virtualenv: [...SHARED_2, ...VIRTUALENV_ONLY, 'use_airflow_context'],
    'external-python': ['python', ...SHARED_2, 'use_airflow_context'],
  },
  '3': {
    virtualenv: [...SHARED_2.filter((name) => name !== 'use_dill'), ...VIRTUALENV_ONLY, 'index_urls_from_connection_ids'],
    'external-python': ['python', ...SHARED_2.filter((name) => name !== 'use_dill')],
  },
};

/** Parameters whose presence is certainly wrong for a family or a line, with the reason. */
export const MISPLACED_PARAMETERS: readonly { name: string; kinds: TaskKind[]; versions: AirflowVersion[]; reason: string }[] = [
  { name: 'python', kinds: ['virtualenv'], versions: ['1.10', '2', '3'], reason: 'virtualenv tasks build their own venv; name its Python with python_version="3.X" (python= belongs to ExternalPythonOperator)' },
  ...VIRTUALENV_ONLY.map((name) => ({ name, kinds: ['external-python' as const], versions: ['2' as const, '3' as const], reason: 'an external-python task runs in an existing interpreter as it is: nothing is installed or created for it' })),
  { name: 'index_urls_from_connection_ids', kinds: ['external-python'], versions: ['3'], reason: 'only virtualenv tasks install requirements' },
  { name: 'use_dill', kinds: ['virtualenv', 'external-python'], versions: ['3'], reason: 'it was removed in Airflow 3; use serializer="dill"' },
];

/** The interpreter Airflow creates a virtualenv task's venv with: `python{python_version}`, else `python3`. */
export function venvCreatorCommand(pythonVersion: string | undefined): string {
  return pythonVersion ? `python${pythonVersion}` : 'python3';
}
