import { DEPRECATED_MODULES } from '../knowledge/airflow.js';
import { replace } from '../fixes/edits.js';
import type { Rule } from './rule.js';

export const deprecatedImportPath: Rule = {
  code: 'VENV502',
  name: 'deprecated-import-path',
  severity: 'warning',
  summary: 'The operator or decorator is imported from a path deprecated or removed in the target Airflow',
  docs: {
    what: 'Flags `airflow.operators.python_operator` on Airflow 2 and 3, `airflow.operators.python` on Airflow 3 (kept only as a compatibility layer), and `airflow.decorators` on Airflow 3 (superseded by `airflow.sdk`).',
    why: 'Deprecated paths warn on every DAG parse and disappear in the next major version: the DAG then fails to import. ruff flags the same paths (AIR302, AIR311, AIR312).',
    example: 'from airflow.operators.python_operator import PythonVirtualenvOperator  # on Airflow 2',
    useInstead: 'from airflow.operators.python import PythonVirtualenvOperator',
    fixSafety: 'Safe: the new path exports the same names.',
  },
  checkFile(file, context) {
    return file.airflowImports.flatMap((imported) => {
      const deprecated = DEPRECATED_MODULES.get(imported.module);
      const replacement = deprecated?.replacement[context.airflowVersion];
      if (!deprecated || !deprecated.deprecatedIn.includes(context.airflowVersion) || !replacement) return [];
      return [{
        span: imported.span,
        message: `"${imported.module}" is ${deprecated.note}; the target is Airflow ${context.airflowVersion}. Import from "${replacement}".`,
        fixes: [{ title: `Import from ${replacement}`, safe: true, edits: [replace(imported.span, replacement)] }],
      }];
    });
  },
};
