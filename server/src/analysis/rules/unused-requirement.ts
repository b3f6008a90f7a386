import { removeElement } from '../fixes/edits.js';
import type { TaskModel } from '../model.js';
import { osPackageOf } from '../knowledge/os-packages.js';
import type { Rule, RuleContext } from './rule.js';

export const unusedRequirement: Rule = {
  code: 'VENV208',
  name: 'unused-requirement',
  severity: 'hint',
  summary: 'A requirement the callable never imports',
  docs: {
    what: 'Flags a requirement of a virtualenv task that provides none of the modules its callable imports (using the import-name map), unless it is a known plugin, driver or engine used without an import (database drivers, pandas I/O engines, fsspec back ends, serializers).',
    why: 'Every requirement is downloaded and installed on every venv build: an unused one costs time on each run and can conflict with the ones that matter.',
    example: '@task.virtualenv(requirements=["requests==2.32.3", "numpy==2.0.0"])\ndef fetch():\n    import requests',
    useInstead: '@task.virtualenv(requirements=["requests==2.32.3"])\ndef fetch():\n    import requests',
    fixSafety: 'Not safe: the code may load it in a way the linter cannot see (a plugin, `__import__` of a computed name).',
  },
  checkTask(task, context) {
    const callable = task.callable;
    const requirements = task.requirements;
    if (task.kind !== 'virtualenv' || !callable || callable.lambda || !requirements?.complete) return [];
    const modules = usedModules(task);
    return requirements.entries.flatMap((entry) => {
      const parsed = entry.parsed;
      if (!parsed || osPackageOf(entry) || USED_WITHOUT_IMPORT.has(parsed.normalizedName) || parsed.normalizedName.startsWith('apache-airflow')) return [];
      if (parsed.extras.length > 0 || isUsed(parsed.normalizedName, modules, context, task)) return [];
      return [{
        span: entry.span,
        tags: ['unnecessary' as const],
        message: `"${parsed.name}" is never imported by ${callable.name ?? 'the callable'}: it is installed on every venv build for nothing. Remove it, or add "# noqa: VENV208" if it is loaded indirectly.`,
        fixes: entry.element ? [{ title: `Remove "${entry.text}"`, safe: false, edits: [removeElement(entry.element)] }] : [],
      }];
    });
  },
};

/**
 * Distributions that work without being imported by name: database drivers and
 * engines that pandas/SQLAlchemy load by URL or option, fsspec back ends,
 * serializers Airflow itself imports in the venv, and build tooling.
 */
const USED_WITHOUT_IMPORT = new Set([
  'psycopg2', 'psycopg2-binary', 'psycopg', 'psycopg-binary', 'pymysql', 'mysqlclient', 'mysql-connector-python', 'pyodbc', 'pymssql',
  'cx-oracle', 'oracledb', 'snowflake-sqlalchemy', 'sqlalchemy-bigquery', 'sqlalchemy-redshift', 'redshift-connector', 'pybigquery',
  'trino', 'pyhive', 'clickhouse-sqlalchemy', 'duckdb-engine', 'databricks-sql-connector', 'sqlalchemy-utils',
  'pyarrow', 'fastparquet', 'openpyxl', 'xlrd', 'xlsxwriter', 'odfpy', 'pyxlsb', 'lxml', 'html5lib', 'tables', 'numexpr', 'bottleneck', 'tabulate', 'db-dtypes',
  's3fs', 'gcsfs', 'adlfs', 'fsspec', 'pyarrow-hotfix',
  'dill', 'cloudpickle', 'apache-airflow', 'pendulum',
  'setuptools', 'wheel', 'pip', 'certifi', 'tzdata', 'pytz', 'typing-extensions', 'protobuf', 'grpcio', 'cryptography', 'charset-normalizer',
]);

/** Modules the callable uses: its own imports, and module-level imports it relies on (VENV302 reports those). */
function usedModules(task: TaskModel): string[] {
  const callable = task.callable!;
  const modules = callable.imports.flatMap((item) => (item.module ? [item.module, ...item.submodules] : []));
  for (const use of callable.moduleNameUses) {
    const text = use.binding.importText;
    const match = text ? /^(?:from\s+(\S+)\s+import\s+(\S+)|import\s+(\S+))/.exec(text) : null;
    if (match) modules.push(...(match[3] ? [match[3]] : [match[1]!, `${match[1]}.${match[2]}`]));
  }
  return modules;
}

function isUsed(distribution: string, modules: string[], context: RuleContext, task: TaskModel): boolean {
  const only = new Set([distribution]);
  // A built venv says which modules the distribution really installed (top_level.txt / RECORD).
  const installed = new Set(context.environment(task)?.provides[distribution] ?? []);
  return modules.some((module) => installed.has(module.split('.')[0]!) || context.knowledge.isProvided(module, only));
}
