import { addPinnedRequirement, addRequirementFix } from '../fixes/add-requirement.js';
import { judgeImports, type ImportJudgement } from '../knowledge/venv-contents.js';
import type { EnvironmentFacts } from '../inputs.js';
import type { TaskModel } from '../model.js';
import type { Report, Rule, RuleContext } from './rule.js';

export const missingRequirement: Rule = {
  code: 'VENV301',
  name: 'missing-requirement',
  severity: 'error',
  summary: 'The callable imports a module that no requirement provides',
  docs: {
    what: 'Flags an import inside a virtualenv task\'s callable when the module is not in the standard library, not first-party, and no listed requirement provides it, per the packaging tables (Debian, pyodide, typeshed, Airflow build files and a cited overlay: `yaml` is PyYAML, `from google.cloud import dlp_v2` is google-cloud-dlp). First-party code is what the configuration\'s `first-party` names, the packages found in the DAG folder, `plugins/`, the config folder and the workspace root, and anything imported after the callable calls `sys.path.append`/`insert` or `site.addsitedir`. With `system_site_packages=True`, what apache-airflow itself installs on the worker counts as available. A module installed only as a dependency of a listed requirement is VENV306, not this.',
    why: 'Only the requirements are installed in the new venv, so the import raises ImportError on the worker. It is an error only when every listed requirement is known to the tables and none provides the module; beside a requirement the tables do not know, or with `system_site_packages=True` (the worker\'s packages leak in), it is a warning.',
    example: '@task.virtualenv(requirements=["pandas==2.2.2"], system_site_packages=False)\ndef load():\n    import yaml',
    useInstead: '@task.virtualenv(requirements=["pandas==2.2.2", "PyYAML==6.0.1"], system_site_packages=False)\ndef load():\n    import yaml',
    fixSafety: 'Not safe: it adds the distribution to the requirements list (unpinned unless a version source knows it). Offered only when the tables (or a family naming rule, or the configuration\'s import-map) say that distribution provides the module; a rule that joins names down to the first level not known as a namespace (azure, opentelemetry, gcloud.aio) offers none for a module deeper than that level, which may be a distribution of its own. An unknown module gets no fix, never a guessed name, which could install an unrelated project from PyPI.',
  },
  checkTask(task, context) {
    const facts = { knowledge: context.knowledge, importable: context.importable, airflowVersion: context.airflowVersion };
    const built = context.environment(task);
    return judgeImports(task, facts)
      .filter((judgement) => judgement.verdict === 'missing' && !importedInBuiltVenv(judgement.module, built))
      .map((judgement) => report(task, judgement, context));
  },
};

function report(task: TaskModel, judgement: ImportJudgement, context: RuleContext): Report {
  const { module, suggestion, unknownRequirements } = judgement;
  const leaks = task.systemSitePackages === true;
  const unknown = unknownRequirements.length > 0;
  const alternatives = judgement.providers.distributions.slice(1, 3).map((name) => context.knowledge.tables.displayName(name));
  const top = module.split('.')[0];
  const add = suggestion
    ? ` Add "${suggestion}"${alternatives.length > 0 ? ` (or ${alternatives.map((name) => `"${name}"`).join(', ')})` : ''} to requirements.`
    : '';
  const first = unknown
    ? `"${module}" may not be in the venv. No requirement the packaging tables know provides it, and they do not know ${unknownRequirements.slice(0, 3).map((name) => `"${name}"`).join(', ')}${unknownRequirements.length > 3 ? ` and ${unknownRequirements.length - 3} more` : ''}.`
    : `"${module}" is not provided by any requirement. The venv has only its requirements${leaks ? ' (and the worker\'s packages, with system_site_packages=True)' : ''}, so this is an ImportError on the worker.`;
  const unknownModule = suggestion ? '' : judgement.providers.ruleUncertain ? uncertainRule(judgement, context) : ` No known distribution provides it. Add the one whose documentation shows this import (or map it with import-map)${judgement.providers.namespaceRoot ? '' : `, or list "${top}" in first-party if it ships with the DAGs`}.`;
  return {
    span: judgement.imported.span,
    severity: leaks || unknown ? 'warning' : undefined,
    message: `${first}${add}${unknownModule}`,
    fixes: suggestion ? addRequirementFix(task, suggestion) : [],
    pin: suggestion ? addPinnedRequirement(task, suggestion, context.pythonVersion(task)) : undefined,
  };
}

/** A family rule that stops short of the module: its reading and the deeper names, for the user to check; no fix. */
function uncertainRule(judgement: ImportJudgement, context: RuleContext): string {
  const names = [...judgement.providers.distributions.slice(0, 1), ...(judgement.providers.ruleAlternatives ?? []).slice(0, 2)].map((name) => `"${context.knowledge.tables.displayName(name)}"`);
  return ` Its family's naming convention reads ${names.join(' or ')}, but the module goes deeper than "${judgement.providers.matched}" and the packaging tables do not know whether that level is a distribution or a namespace. Add the distribution whose documentation shows this import (or map it with import-map).`;
}

/** A built venv settles it: a module that imported there from an installed distribution is provided. */
function importedInBuiltVenv(module: string, built: EnvironmentFacts | undefined): boolean {
  if (!built || !built.imported.includes(module)) return false;
  return Object.values(built.provides).some((modules) => modules.includes(module.split('.')[0]!));
}
