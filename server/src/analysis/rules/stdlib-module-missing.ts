import type { Report, Rule } from './rule.js';

export const stdlibModuleMissing: Rule = {
  code: 'VENV303',
  name: 'stdlib-module-missing',
  severity: 'warning',
  summary: 'A standard-library module the target Python does not have',
  docs: {
    what: 'Flags an import in a virtualenv callable of a module that is in the standard library of some Python versions but not of the task\'s (`python_version`, or `python-version` in the configuration): `distutils`, `imp`, `asynchat` on 3.12+, the PEP 594 modules on 3.13+, `tomllib` before 3.11, `zoneinfo`/`graphlib` before 3.9.',
    why: 'The venv runs the task\'s Python, not the one the DAG was written on: the import fails there with ModuleNotFoundError.',
    example: '@task.virtualenv(python_version="3.12")\ndef run():\n    import distutils.version',
    useInstead: '@task.virtualenv(python_version="3.12", requirements=["packaging==24.1"])\ndef run():\n    import packaging.version',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    const pythonVersion = context.pythonVersion(task);
    if (task.kind !== 'virtualenv' || !task.callable || !pythonVersion) return [];
    const provided = new Set((task.requirements?.entries ?? []).flatMap((entry) => (entry.parsed ? [entry.parsed.normalizedName] : [])));
    const reports: Report[] = [];
    for (const imported of task.callable.imports) {
      const module = imported.module;
      if (!module || imported.guarded) continue;
      if (!context.knowledge.isStdlib(module) || context.knowledge.isStdlib(module, pythonVersion)) continue;
      if (context.knowledge.isProvided(module, provided)) continue; // a backport or shim is listed
      const note = context.knowledge.stdlibNote(module);
      reports.push({
        span: imported.span,
        message: `"${module}" is not in Python ${pythonVersion}'s standard library.${note ? ` It was ${note}.` : ''} Importing it is a ModuleNotFoundError in the venv. Use a replacement or add the package that provides it.`,
      });
    }
    return reports;
  },
};
