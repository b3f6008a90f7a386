import type { Rule } from './rule.js';

export const requirementsFileNotFound: Rule = {
  code: 'VENV207',
  name: 'requirements-file-not-found',
  severity: 'error',
  summary: 'The requirements file named by `requirements=` cannot be read',
  docs: {
    what: 'Flags `requirements="x.txt"` when no such file is readable relative to the DAG file\'s folder.',
    why: 'Airflow renders a `requirements` string ending in `.txt` as a template file looked up next to the DAG; when it is missing, the task fails with TemplateNotFound before any code runs.',
    example: 'PythonVirtualenvOperator(task_id="t", requirements="requirements/etl.txt", python_callable=run)',
    useInstead: 'Create requirements/etl.txt next to the DAG file, or list the requirements inline.',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task) {
    const file = task.requirements?.file;
    if (!file?.error) return [];
    return [{
      span: task.requirements!.span,
      message: `Requirements file "${file.name}" cannot be read (${file.error}; looked at ${file.path}): Airflow looks it up next to the DAG file, so the task fails with TemplateNotFound. Create it there or list the requirements inline.`,
    }];
  },
};
