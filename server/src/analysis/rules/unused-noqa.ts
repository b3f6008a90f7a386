import type { Rule } from './rule.js';

/** Its check runs after every other rule, on their findings (`unusedNoqa` in suppression.ts, called by lint.ts). */
export const unusedNoqaRule: Rule = {
  code: 'VENV002',
  name: 'unused-noqa',
  severity: 'warning',
  enabledByDefault: false,
  summary: 'A `# noqa: VENVxxx` comment suppresses nothing (only when selected)',
  docs: {
    what: 'Flags codes in `# noqa: VENVxxx` comments (in DAG files and requirements files) for which no finding is reported on that line, and codes in a file-level `# airflow-venv-lint: noqa: VENVxxx` line for which none is reported in the file. Like ruff\'s RUF100 it runs only when selected (`--select VENV002`), and it judges only codes of rules that ran.',
    why: 'A stale suppression hides the next real problem on that line.',
    example: 'PythonVirtualenvOperator(task_id="t", python_version="3.11")  # noqa: VENV105',
    useInstead: 'PythonVirtualenvOperator(task_id="t", python_version="3.11")',
    fixSafety: 'No automatic fix yet.',
  },
};
