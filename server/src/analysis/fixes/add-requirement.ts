/** Fixes that add a distribution to a task's requirements list (VENV301, VENV306). */
import { appendArgument, appendToLiteral, quoted } from './edits.js';
import type { Edit, Fix, PinRequest } from '../findings.js';
import { normalizeName } from '../extract/requirement-lines.js';
import type { TaskModel } from '../model.js';

/** Edits that add `requirement` to the task's requirements list (or add the argument). */
export function addRequirementEdits(task: TaskModel, requirement: string): Edit[] | undefined {
  const requirements = task.requirements;
  const element = quoted(requirement, requirements?.quote ?? '"');
  return requirements
    ? (requirements.literal ? appendToLiteral(requirements.literal, element) : undefined)
    : appendArgument(task, `requirements=[${element}]`);
}

export function addRequirementFix(task: TaskModel, distribution: string): Fix[] {
  const edits = addRequirementEdits(task, distribution);
  return edits ? [{ title: `Add "${distribution}" to requirements`, safe: false, edits }] : [];
}

export function addPinnedRequirement(task: TaskModel, distribution: string, pythonVersion: string | undefined): PinRequest | undefined {
  if (!addRequirementEdits(task, distribution)) return undefined;
  return {
    distribution,
    normalizedName: normalizeName(distribution),
    specifiers: [],
    pythonVersion,
    safe: false,
    title: (version, source) => `Add "${distribution}==${version}" to requirements (${source})`,
    edits: (version) => addRequirementEdits(task, `${distribution}==${version}`) ?? [],
  };
}
