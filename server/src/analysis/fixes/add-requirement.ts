/** Fixes that add distributions to a task's requirements (VENV301, VENV306, VENV401). */
import { appendArgument, appendToLiteral, lineEnding, quoted } from './edits.js';
import type { Edit, Fix, PinRequest } from '../findings.js';
import { normalizeName } from '../extract/requirement-lines.js';
import type { SourceText, TaskModel } from '../model.js';

/** Where requirements are added to a task: its requirements, or else the end of its arguments. */
export type RequirementsPlace = Pick<TaskModel, 'requirements' | 'argumentsSpan'>;

/** Edits that add `requirement` to the task's requirements list (or add the argument). */
export function addRequirementEdits(task: RequirementsPlace, requirement: string): Edit[] | undefined {
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
  // The request outlives the analysis (the server keeps a document's findings): it holds only the
  // two parts of the task it edits (the same objects, moved with the task), not the whole model.
  const place: RequirementsPlace = { requirements: task.requirements, argumentsSpan: task.argumentsSpan };
  return {
    distribution,
    normalizedName: normalizeName(distribution),
    specifiers: [],
    pythonVersion,
    safe: false,
    title: (version, source) => `Add "${distribution}==${version}" to requirements (${source})`,
    edits: (version) => addRequirementEdits(place, `${distribution}==${version}`) ?? [],
  };
}

/** The edit that appends `lines` to a requirements file, each on a line of its own. */
export function appendLinesEdit(file: SourceText, lines: readonly string[]): Edit {
  const text = file.text;
  const end = text.length;
  const newline = /\r\n|\r|\n/.test(text) ? lineEnding(text) : '\n';
  const joined = lines.join(newline);
  const newText = text.length === 0 || /[\r\n]$/.test(text) ? `${joined}${newline}` : `${newline}${joined}`;
  return { span: { source: file, start: end, end }, newText };
}

/**
 * Edits that add `requirements` (in order) where the task's requirements are written: its list
 * literal, the one requirements file it reads (that file is edited), or a new `requirements=[...]`
 * argument; then `withArguments` at the end of the call's arguments. Undefined when the requirements
 * cannot be added there (a dynamic value, several files, a file that could not be read).
 */
export function addRequirementsEdits(task: TaskModel, requirements: readonly string[], withArguments: readonly string[] = []): Edit[] | undefined {
  const current = task.requirements;
  if (requirements.length === 0 && withArguments.length === 0) return [];
  if (!current) {
    const argument = requirements.length > 0 ? [`requirements=[${requirements.map((requirement) => quoted(requirement, '"')).join(', ')}]`] : [];
    return appendArgument(task, [...argument, ...withArguments]);
  }
  let added: Edit[] | undefined = [];
  if (requirements.length > 0) {
    const file = current.files.length === 1 ? current.file?.source : undefined;
    added = current.literal
      ? appendToLiteral(current.literal, requirements.map((requirement) => quoted(requirement, current.quote)))
      : file ? [appendLinesEdit(file, requirements)] : undefined;
  }
  if (!added || withArguments.length === 0) return added;
  const appended = appendArgument(task, withArguments);
  return appended ? [...added, ...appended] : undefined;
}
