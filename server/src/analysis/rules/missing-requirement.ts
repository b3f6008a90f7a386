import { isAirflowModule } from '../knowledge/airflow.js';
import { appendArgument, appendToLiteral, quoted } from '../fixes/edits.js';
import type { Edit, Fix, PinRequest } from '../findings.js';
import { topLevel } from '../knowledge/packaging.js';
import { normalizeName } from '../extract/requirement-lines.js';
import type { TaskModel } from '../model.js';
import type { Report, Rule, RuleContext } from './rule.js';

export const missingRequirement: Rule = {
  code: 'VENV301',
  name: 'missing-requirement',
  severity: 'error',
  summary: 'The callable imports a module that no requirement provides',
  docs: {
    what: 'Flags an import inside a virtualenv task\'s callable when the module is not in the standard library of the target Python, not first-party, and not provided by any requirement (using the import-name -> distribution map, e.g. `yaml` -> `PyYAML`).',
    why: 'Only the requirements are installed in the new venv, so the import raises ImportError on the worker. With `system_site_packages=True` it may still work on a worker that happens to have the package, which is why it is then a warning.',
    example: '@task.virtualenv(requirements=["pandas==2.2.2"])\ndef load():\n    import yaml',
    useInstead: '@task.virtualenv(requirements=["pandas==2.2.2", "PyYAML==6.0.1"])\ndef load():\n    import yaml',
    fixSafety: 'Not safe: it adds the distribution to the requirements list (unpinned unless a version source knows it).',
  },
  checkTask(task, context) {
    const reports: Report[] = [];
    for (const imported of unprovidedImports(task, context)) {
      // `from google.cloud import storage`: name the submodule when that is what the map knows.
      const module = context.knowledge.distributionsFor(imported.module!) ? imported.module! : (imported.submodules.find((name) => context.knowledge.distributionsFor(name)) ?? imported.module!);
      const distributions = context.knowledge.distributionsFor(module) ?? [topLevel(module).replace(/_/g, '-')];
      const distribution = distributions[0]!;
      const alternatives = distributions.length > 1 ? ` (or ${distributions.slice(1).join(', ')})` : '';
      const leaks = task.systemSitePackages === true;
      reports.push({
        span: imported.span,
        severity: leaks ? 'warning' : undefined,
        message: `"${module}" is imported by the callable but no requirement provides it: the venv only has its requirements${leaks ? ' (and, with system_site_packages=True, whatever the worker happens to have)' : ''}, so this is an ImportError on the worker. Add "${distribution}"${alternatives} to requirements, or list "${topLevel(module)}" in first-party if it ships with the DAGs.`,
        fixes: addRequirementFix(task, distribution),
        pin: addPinnedRequirement(task, distribution, context),
      });
    }
    return reports;
  },
};

/** The modules a task's callable imports that nothing will provide in the venv. */
export function unprovidedImports(task: TaskModel, context: RuleContext) {
  const requirements = task.requirements;
  if (task.kind !== 'virtualenv' || !task.callable || (requirements && !requirements.complete)) return [];
  const entries = requirements?.entries ?? [];
  // A URL, a path, an include or an editable install provides modules we cannot name.
  if (entries.some((entry) => entry.kind !== 'requirement' ? entry.kind !== 'option' : entry.parsed === undefined && !entry.error)) return [];
  // An invalid line still names what the author meant to install (VENV203 reports it).
  const names = new Set(entries.flatMap((entry) => {
    if (entry.parsed) return [entry.parsed.normalizedName];
    const written = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(entry.text)?.[0];
    return written ? [normalizeName(written)] : [];
  }));
  // A built venv settles it: a module that imported there from an installed distribution is provided.
  const built = context.environment(task);
  const installed = new Set(Object.values(built?.provides ?? {}).flat());
  const importedThere = (module: string) => built !== undefined && built.imported.includes(module) && installed.has(topLevel(module));
  const seen = new Set<string>();
  return task.callable.imports.filter((imported) => {
    const module = imported.module;
    const key = `${module} ${imported.submodules.join(',')}`;
    if (!module || imported.guarded || seen.has(key)) return false;
    seen.add(key);
    return !isAirflowModule(module)
      && !context.knowledge.isStdlib(module) // stdlib of another version: VENV303's business
      && !context.knowledge.isFirstParty(module)
      && !importedThere(module)
      && !context.knowledge.isProvided(module, names)
      && !imported.submodules.some((submodule) => context.knowledge.isProvided(submodule, names));
  });
}

/** Edits that add `requirement` to the task's requirements list (or add the argument). */
function addRequirementEdits(task: TaskModel, requirement: string): Edit[] | undefined {
  const requirements = task.requirements;
  const element = quoted(requirement, requirements?.quote ?? '"');
  return requirements
    ? (requirements.literal ? appendToLiteral(requirements.literal, element) : undefined)
    : appendArgument(task, `requirements=[${element}]`);
}

function addRequirementFix(task: TaskModel, distribution: string): Fix[] {
  const edits = addRequirementEdits(task, distribution);
  return edits ? [{ title: `Add "${distribution}" to requirements`, safe: false, edits }] : [];
}

function addPinnedRequirement(task: TaskModel, distribution: string, context: RuleContext): PinRequest | undefined {
  if (!addRequirementEdits(task, distribution)) return undefined;
  return {
    distribution,
    normalizedName: normalizeName(distribution),
    specifiers: [],
    pythonVersion: context.pythonVersion(task),
    safe: false,
    title: (version, source) => `Add "${distribution}==${version}" to requirements (${source})`,
    edits: (version) => addRequirementEdits(task, `${distribution}==${version}`) ?? [],
  };
}
