import { OPERATOR_MODULE_FOR_VERSION, OPERATOR_MODULES } from '../knowledge/airflow.js';
import { replace } from '../fixes/edits.js';
import { importPathAvailable } from '../knowledge/airflow-releases.js';
import type { AirflowTarget } from '../knowledge/airflow-target.js';
import type { AirflowImport } from '../model.js';
import type { Report, Rule } from './rule.js';

export const invalidImportPath: Rule = {
  code: 'VENV501',
  name: 'invalid-import-path',
  severity: 'error',
  summary: 'The operator is imported from a module that exists in no Airflow version',
  docs: {
    what: 'Flags imports from `airflow.providers.python.operators.python` and other paths under `airflow.providers.python`, which tutorials invent, and misspelt paths an operator class or `task` is imported from (`airflow.oprators.python_operator`, `airflow.operator.python`, `airflow.decorator`): a path no release has that is a few letters away from a real one. Without this the linter does not see the task at all.',
    why: 'No Airflow release and no provider package has that module, so the DAG fails to import (ModuleNotFoundError) and never shows up in Airflow.',
    example: 'from airflow.providers.python.operators.python import PythonVirtualenvOperator',
    useInstead: 'from airflow.operators.python import PythonVirtualenvOperator  # Airflow 2\nfrom airflow.providers.standard.operators.python import PythonVirtualenvOperator  # Airflow 3',
    fixSafety: 'Invented `airflow.providers.python` paths: safe, the path becomes the target Airflow version\'s real module. A misspelt path gets a fix only when exactly one real path is within two edits of it (never a pick among several); it is safe when that path imports on every release the target admits, else offered but not applied by fix-all or --fix.',
  },
  checkFile(file, context) {
    return file.airflowImports.flatMap((imported): Report[] => {
      if (imported.misspelt) return [misspeltReport(imported, imported.misspelt, context.target)];
      const known = OPERATOR_MODULES.get(imported.module);
      if (known ? known.status !== 'invalid' : !imported.module.startsWith('airflow.providers.python.')) return [];
      const target = OPERATOR_MODULE_FOR_VERSION[context.airflowVersion];
      return [{
        span: imported.span,
        message: `"${imported.module}" does not exist in any Airflow version. The DAG fails to import (ModuleNotFoundError). Import from "${target}" (Airflow ${context.airflowVersion}).`,
        fixes: [{ title: `Import from ${target}`, safe: true, edits: [replace(imported.span, target)] }],
      }];
    });
  },
};

/** A misspelt path: it does not exist anywhere; the correction when exactly one real path is near it. */
function misspeltReport(imported: AirflowImport, misspelt: NonNullable<AirflowImport['misspelt']>, target: AirflowTarget): Report {
  const correction = misspelt.correction;
  const hint = correction
    ? ` Did you mean "${correction}"?`
    : ` It is close to ${misspelt.candidates.map((candidate) => `"${candidate}"`).join(' and ')}; write the path your Airflow version has.`;
  const everywhere = correction !== undefined && target.releases.every((release) => importPathAvailable(correction, release) !== 'missing');
  return {
    span: imported.span,
    message: `"${imported.module}" does not exist in any Airflow version. The DAG fails to import (ModuleNotFoundError), and the linter cannot check its tasks.${hint}`,
    fixes: correction ? [{ title: `Import from ${correction}`, safe: everywhere, edits: [replace(imported.span, correction)] }] : [],
  };
}
