/** The rule registry, in code order. Docs and the README table are generated from it. */
import { airflowNotInstalled } from './airflow-not-installed.js';
import { genericInterpreterPath } from './generic-interpreter-path.js';
import { fileNotAnalysed } from './file-not-analysed.js';
import { invalidConfiguration } from './invalid-configuration.js';
import { invalidImportPath } from './invalid-import-path.js';
import { invalidPythonVersion } from './invalid-python-version.js';
import { invalidRequirement } from './invalid-requirement.js';
import { missingRequirement } from './missing-requirement.js';
import { moduleLevelName } from './module-level-name.js';
import { osPackageRequirement } from './os-package-requirement.js';
import { pythonBinArgument } from './python-bin-argument.js';
import { requirementsFileNotFound } from './requirements-file-not-found.js';
import { relativeInterpreterPath } from './relative-interpreter-path.js';
import { unsupportedPythonVersion } from './unsupported-python-version.js';
import { workerInterpreter } from './worker-interpreter.js';
import { missingInterpreterPath } from './missing-interpreter-path.js';
import { refusedSerializer } from './refused-serializer.js';
import { looseRequirement } from './loose-requirement.js';
import { duplicateRequirement } from './duplicate-requirement.js';
import { conflictingRequirement } from './conflicting-requirement.js';
import { unusedRequirement } from './unused-requirement.js';
import { stdlibModuleMissing } from './stdlib-module-missing.js';
import { venvCachePath } from './venv-cache-path.js';
import { deprecatedUseDill } from './deprecated-use-dill.js';
import { deprecatedImportPath } from './deprecated-import-path.js';
import { unusedNoqaRule } from './unused-noqa.js';
import { interpreterUnusable } from './interpreter-unusable.js';
import { venvCreatorMismatch } from './venv-creator-mismatch.js';
import { notInstalledInInterpreter } from './not-installed-in-interpreter.js';
import { transitiveRequirement } from './transitive-requirement.js';
import { unknownArgument } from './unknown-argument.js';
import { differsFromConstraints } from './differs-from-constraints.js';
import { inconsistentPins } from './inconsistent-pins.js';
import { repeatedRequirementList } from './repeated-requirement-list.js';
import { unavailableVersion } from './unavailable-version.js';
import { unresolvableRequirements } from './unresolvable-requirements.js';
import { builtFromSource } from './built-from-source.js';
import { importFailsInEnvironment } from './import-fails-in-environment.js';
import type { Rule } from './rule.js';
import { systemSitePackages } from './system-site-packages.js';
import { unpinnedRequirement } from './unpinned-requirement.js';
import { unrenderedRequirements } from './unrendered-requirements.js';

export const RULES: readonly Rule[] = [
  invalidConfiguration,
  unusedNoqaRule,
  fileNotAnalysed,
  genericInterpreterPath,
  relativeInterpreterPath,
  pythonBinArgument,
  unknownArgument,
  invalidPythonVersion,
  unsupportedPythonVersion,
  interpreterUnusable,
  venvCreatorMismatch,
  workerInterpreter,
  missingInterpreterPath,
  refusedSerializer,
  unpinnedRequirement,
  looseRequirement,
  invalidRequirement,
  duplicateRequirement,
  conflictingRequirement,
  osPackageRequirement,
  requirementsFileNotFound,
  unusedRequirement,
  unavailableVersion,
  differsFromConstraints,
  inconsistentPins,
  repeatedRequirementList,
  unresolvableRequirements,
  builtFromSource,
  unrenderedRequirements,
  missingRequirement,
  moduleLevelName,
  stdlibModuleMissing,
  airflowNotInstalled,
  notInstalledInInterpreter,
  transitiveRequirement,
  importFailsInEnvironment,
  systemSitePackages,
  venvCachePath,
  deprecatedUseDill,
  invalidImportPath,
  deprecatedImportPath,
];

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.code, rule]));

export const DOCS_URL = 'https://github.com/airflow-venv-lint/airflow-venv-lint/blob/main/docs/rules.md';

export function docsUrl(rule: Rule): string {
  return `${DOCS_URL}#${rule.code.toLowerCase()}-${rule.name}`;
}

/** Does a `select`/`ignore` entry (a code or a prefix such as `VENV3`) name at least one rule? */
export function namesSomeRule(pattern: string): boolean {
  const upper = pattern.trim().toUpperCase();
  return RULES.some((rule) => rule.code.startsWith(upper));
}
