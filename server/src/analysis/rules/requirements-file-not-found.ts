import type { Rule } from './rule.js';

export const requirementsFileNotFound: Rule = {
  code: 'VENV207',
  name: 'requirements-file-not-found',
  severity: 'error',
  summary: 'The requirements file named by `requirements=` cannot be read',
  docs: {
    what: 'Flags `requirements="x.txt"` when no such file is readable relative to the DAG file\'s folder. A file the linter declines to read (over 5 MB, not a regular file, or a link out of the DAG folder) is a warning that says so instead.',
    why: 'Airflow renders a `requirements` string ending in `.txt` as a template file looked up next to the DAG; when it is missing, the task fails with TemplateNotFound before any code runs.',
    example: 'PythonVirtualenvOperator(task_id="t", requirements="requirements/etl.txt", python_callable=run)',
    useInstead: 'Create requirements/etl.txt next to the DAG file, or list the requirements inline.',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task) {
    const file = task.requirements?.file;
    if (!file?.error) return [];
    if (file.declined) {
      // The linter's own limits (size, file type, a link out of the DAG folder): Airflow may read it fine.
      return [{
        span: task.requirements!.span,
        severity: 'warning',
        message: `Requirements file "${file.name}" was not read by the linter (${file.error}; looked at ${file.path}), so its requirements are not checked.`,
      }];
    }
    return [{
      span: task.requirements!.span,
      message: `Requirements file "${file.name}" cannot be read (${file.error}; looked at ${file.path}): Airflow looks it up next to the DAG file, so the task fails with TemplateNotFound. Create it there or list the requirements inline.`,
    }];
  },
};
