import type { Report, Rule } from './rule.js';

export const importFailsInEnvironment: Rule = {
  code: 'VENV307',
  name: 'import-fails-in-environment',
  severity: 'error',
  summary: '(build) An import of the callable fails in the venv built from its requirements',
  docs: {
    what: 'After "Airflow: Build Task Environment" (or `airflow-venv-lint check-env`) built the task\'s venv as Airflow would and installed its requirements: flags each import of the callable that fails there, with Python\'s own error. Only `import <module>` runs in the new venv, for the module names the callable imports — never the callable or the DAG file.',
    why: 'The tables the other rules use infer which distribution provides which module; the built venv settles it. An import that fails here raises the same ImportError on the worker.',
    example: '@task.virtualenv(requirements=["fancy-dist==1.0"])\ndef run():\n    import fancy_dist  # the distribution installs the module fancymod',
    useInstead: '@task.virtualenv(requirements=["fancy-dist==1.0"])\ndef run():\n    import fancymod',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    const facts = context.environment(task);
    if (!facts || !task.callable) return [];
    const reports: Report[] = [];
    for (const problem of facts.problems) {
      if (problem.kind !== 'import-failed') continue;
      for (const imported of task.callable.imports) {
        if (imported.module !== problem.module || imported.guarded) continue;
        reports.push({ span: imported.span, message: `"${problem.module}" cannot be imported in the task's venv. Built with ${facts.builtWith}, Python ${facts.pythonVersion}: ${problem.message}` });
      }
    }
    return reports;
  },
};
