import { capitalized, type Rule } from './rule.js';

export const requirementsFileNotFound: Rule = {
  code: 'VENV207',
  name: 'requirements-file-not-found',
  severity: 'error',
  summary: 'The requirements file named by `requirements=` cannot be read',
  docs: {
    what: 'Flags `requirements="x.txt"` (or a `.txt` item of a requirements list, or another extension named by `templates_exts=`) when no such file is readable relative to the DAG file\'s folder nor in a static `template_searchpath` of the DAG (`DAG(...)` or `@dag(...)`). When the search path is built at run time, is relative, or names a folder this machine does not have, or when the file defines no DAG (a module of tasks imported by a DAG file, whose folder and search path Airflow uses), it says "cannot be verified" (info) instead. A file the linter declines to read (over 5 MB, not a regular file, or a link out of the DAG folder) is a warning that says so.',
    why: 'Airflow renders a `requirements` string ending in `.txt` as a template file looked up next to the DAG; when it is missing, the task fails with TemplateNotFound before any code runs.',
    example: 'PythonVirtualenvOperator(task_id="t", requirements="requirements/etl.txt", python_callable=run)',
    useInstead: 'Create requirements/etl.txt next to the DAG file, or list the requirements inline.',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task) {
    return (task.requirements?.files ?? []).flatMap((file) => {
      if (!file.error || file.searchPath?.foundIn) return [];
      const span = task.requirements!.file === file && task.requirements!.files.length === 1 ? task.requirements!.span : file.span;
      if (file.declined) {
        // The linter's own limits (size, file type, a link out of the DAG folder): Airflow may read it fine.
        return [{ span, severity: 'warning' as const, message: `Requirements file "${file.name}" was not read by the linter. ${capitalized(file.error)} (looked at ${file.path}), so its requirements are not checked.` }];
      }
      if (file.searchPath?.elsewhere) {
        return [{
          span,
          severity: 'info' as const,
          message: `Requirements file "${file.name}" cannot be verified from this file. It is not next to it (${file.error}), and no DAG is defined here: Airflow looks it up next to the DAG file that uses this task and in that DAG's template_searchpath.`,
        }];
      }
      if (file.searchPath && !file.searchPath.verifiable) {
        return [{
          span,
          severity: 'info' as const,
          message: `Requirements file "${file.name}" cannot be verified. It is not next to the DAG file (${file.error}), and Airflow also looks in the DAG's template_searchpath (${file.searchPath.where}), which is built at run time or lives on the worker.`,
        }];
      }
      const searched = file.searchPath ? ` or in the DAG's template_searchpath (${file.searchPath.where})` : '';
      return [{
        span,
        message: `Requirements file "${file.name}" cannot be read. ${capitalized(file.error)} (looked at ${file.path}). Airflow looks it up next to the DAG file${searched}, so the task fails with TemplateNotFound. Create it there or list the requirements inline.`,
      }];
    });
  },
};
