import { addPinnedRequirement, addRequirementFix } from '../fixes/add-requirement.js';
import { judgeImports } from '../knowledge/venv-contents.js';
import type { Rule } from './rule.js';

export const transitiveRequirement: Rule = {
  code: 'VENV306',
  name: 'transitive-requirement',
  severity: 'warning',
  summary: 'The callable imports a module installed only as a dependency of another requirement',
  docs: {
    what: 'Flags an import inside a virtualenv task\'s callable whose distribution is not listed, but is installed because a listed requirement depends on it (per the packaging tables\' dependencies): `from dateutil import parser` next to `pandas`, `import numpy` next to `scikit-learn`.',
    why: 'It imports fine today, but the venv holds it only as long as the other requirement depends on it, at whatever version that one allows: an upgrade that drops or bumps the dependency breaks the task without any change to it. Declaring what the code imports keeps the venv reproducible.',
    example: '@task.virtualenv(requirements=["pandas==2.2.2"], system_site_packages=False)\ndef parse():\n    from dateutil import parser',
    useInstead: '@task.virtualenv(requirements=["pandas==2.2.2", "python-dateutil==2.9.0"], system_site_packages=False)\ndef parse():\n    from dateutil import parser',
    fixSafety: 'Not safe: it adds the distribution the tables say provides the module (unpinned unless a version source knows it; the pin offered comes from the configured version sources).',
  },
  checkTask(task, context) {
    const facts = { knowledge: context.knowledge, importable: context.importable, airflowVersion: context.airflowVersion };
    return judgeImports(task, facts).filter((judgement) => judgement.verdict === 'transitive').map((judgement) => ({
      span: judgement.imported.span,
      message: `${judgement.module.split('.')[0] === judgement.dependency ? `"${judgement.module}" is installed only because ${judgement.through} depends on it.` : `"${judgement.module}" relies on ${judgement.dependency}, which no requirement names. ${judgement.dependency} is installed only because ${judgement.through} depends on it.`} Declare "${judgement.dependency}" in requirements, so an upgrade of ${judgement.through} cannot remove it.`,
      fixes: addRequirementFix(task, judgement.dependency!),
      pin: addPinnedRequirement(task, judgement.dependency!, context.pythonVersion(task)),
    }));
  },
};
