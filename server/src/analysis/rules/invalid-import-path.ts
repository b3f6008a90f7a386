import { OPERATOR_MODULE_FOR_VERSION, OPERATOR_MODULES } from '../knowledge/airflow.js';
import { replace } from '../fixes/edits.js';
import type { Rule } from './rule.js';

export const invalidImportPath: Rule = {
  code: 'VENV501',
  name: 'invalid-import-path',
  severity: 'error',
  summary: 'The operator is imported from a module that exists in no Airflow version',
  docs: {
    what: 'Flags imports from `airflow.providers.python.operators.python` and other paths under `airflow.providers.python`, which tutorials invent.',
    why: 'No Airflow release and no provider package has that module, so the DAG fails to import (ModuleNotFoundError) and never shows up in Airflow.',
    example: 'from airflow.providers.python.operators.python import PythonVirtualenvOperator',
    useInstead: 'from airflow.operators.python import PythonVirtualenvOperator  # Airflow 2\nfrom airflow.providers.standard.operators.python import PythonVirtualenvOperator  # Airflow 3',
    fixSafety: 'Safe: the path becomes the target Airflow version\'s real module.',
  },
  checkFile(file, context) {
    return file.airflowImports.flatMap((imported) => {
      const known = OPERATOR_MODULES.get(imported.module);
      if (known ? known.status !== 'invalid' : !imported.module.startsWith('airflow.providers.python.')) return [];
      const target = OPERATOR_MODULE_FOR_VERSION[context.airflowVersion];
      return [{
        span: imported.span,
        message: `"${imported.module}" does not exist in any Airflow version, so the DAG fails to import (ModuleNotFoundError). Import from "${target}" (Airflow ${context.airflowVersion}).`,
        fixes: [{ title: `Import from ${target}`, safe: true, edits: [replace(imported.span, target)] }],
      }];
    });
  },
};
