/** The rule registry, in code order. Docs and the README table are generated from it. */
import { airflowNotInstalled } from './airflow-not-installed.js';
import { genericInterpreterPath } from './generic-interpreter-path.js';
import { invalidConfiguration } from './invalid-configuration.js';
import { invalidImportPath } from './invalid-import-path.js';
import { invalidPythonVersion } from './invalid-python-version.js';
import { invalidRequirement } from './invalid-requirement.js';
import { missingRequirement } from './missing-requirement.js';
import { moduleLevelName } from './module-level-name.js';
import { osPackageRequirement } from './os-package-requirement.js';
import { pythonBinArgument } from './python-bin-argument.js';
import { requirementsFileNotFound } from './requirements-file-not-found.js';
import type { Rule } from './rule.js';
import { systemSitePackages } from './system-site-packages.js';
import { unpinnedRequirement } from './unpinned-requirement.js';

export const RULES: readonly Rule[] = [
  invalidConfiguration,
  genericInterpreterPath,
  pythonBinArgument,
  invalidPythonVersion,
  unpinnedRequirement,
  invalidRequirement,
  osPackageRequirement,
  requirementsFileNotFound,
  missingRequirement,
  moduleLevelName,
  airflowNotInstalled,
  systemSitePackages,
  invalidImportPath,
];

export const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.code, rule]));

export const DOCS_URL = 'https://github.com/airflow-venv-lint/airflow-venv-lint/blob/main/docs/rules.md';

export function docsUrl(rule: Rule): string {
  return `${DOCS_URL}#${rule.code.toLowerCase()}-${rule.name}`;
}
