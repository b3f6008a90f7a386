/**
 * VENV301 in a task whose requirements come from a file (`requirements="requirements/etl.txt"`):
 * the analysis has no list to add to, so the editor offers to add the line to that file, pinned
 * from the offline version sources when one knows a version.
 */
import { appendLinesEdit, createKnowledge, normalizeName, taskPythonVersion, type Edit, type Finding, type LintConfig, type PinRequest, type SourceText, type TaskModel } from '../analysis/index.js';
import { relative } from 'node:path';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import type { Range } from '../analysis/index.js';
import { overlaps, workspaceEdit } from './fix-actions.js';
import type { KeptModel } from './open-documents.js';
import { toDiagnostic } from './to-diagnostic.js';

/** A VENV301 finding, and what adding its distribution to the task's requirements file needs. */
export interface FileAddition {
  finding: Finding;
  /** Pins the added line (title, edits); `edits('')` adds it without a version. */
  request: PinRequest;
  /** The file as the DAG names it (`requirements/etl.txt`). */
  fileName: string;
}

const MISSING_REQUIREMENT = 'VENV301';

/** The edit that appends `line` to a requirements file, on a line of its own. */
export function appendLineEdit(file: SourceText, line: string): Edit {
  return appendLinesEdit(file, [line]);
}

function taskOf(model: KeptModel, finding: Finding): TaskModel | undefined {
  return model.fileTasks.find((task) => task.requirements?.file?.source && task.callable?.imports.some((imported) => imported.span.source === finding.span.source && imported.span.start === finding.span.start && imported.span.end === finding.span.end));
}

/** The distribution that provides the module imported at the finding (as VENV301 names it). */
function distributionOf(task: TaskModel, finding: Finding, config: LintConfig): string | undefined {
  const imported = task.callable?.imports.find((item) => item.span.start === finding.span.start && item.span.end === finding.span.end);
  if (!imported?.module) return undefined;
  const knowledge = createKnowledge({ ...(config.firstParty ? { firstParty: config.firstParty } : {}), ...(config.importMap ? { importMap: config.importMap } : {}) });
  const module = knowledge.distributionsFor(imported.module) ? imported.module : (imported.submodules.find((name) => knowledge.distributionsFor(name)) ?? imported.module);
  // What VENV301 itself would add (knowledge/venv-contents.ts): a distribution the tables know, never
  // one guessed from the module's name, nor one a naming rule is unsure of.
  const providers = knowledge.providersOf(module);
  if (providers.ruleUncertain || providers.distributions.length === 0) return undefined;
  return knowledge.tables.displayName(providers.distributions[0]!);
}

/** The VENV301 findings among `findings` whose task reads its requirements from a file. */
export function fileAdditions(model: KeptModel | undefined, findings: readonly Finding[], config: LintConfig): FileAddition[] {
  if (!model) return [];
  const additions: FileAddition[] = [];
  for (const finding of findings) {
    if (finding.code !== MISSING_REQUIREMENT || finding.fixes.length > 0 || finding.pin) continue;
    const task = taskOf(model, finding);
    const file = task?.requirements?.file;
    if (!task || !file?.source) continue;
    const distribution = distributionOf(task, finding, config);
    if (!distribution) continue;
    const source = file.source;
    const fileName = model.source.path && source.path ? relative(model.source.path.replace(/[/\\][^/\\]*$/, ''), source.path) : file.name;
    additions.push({
      finding,
      fileName,
      request: {
        distribution,
        normalizedName: normalizeName(distribution),
        specifiers: [],
        pythonVersion: taskPythonVersion(task, config),
        safe: false,
        title: (version, from) => `Add "${distribution}==${version}" to ${fileName} (${from})`,
        edits: (version) => [appendLineEdit(source, version ? `${distribution}==${version}` : distribution)],
      },
    });
  }
  return additions;
}

/** "Add "s3fs" to requirements/etl.txt", for the additions under `range` no offline source pins. */
export function unpinnedAdditionActions(uri: string, documentPath: string | undefined, range: Range, additions: readonly FileAddition[], pinned: ReadonlySet<Finding>): CodeAction[] {
  return additions
    .filter(({ finding }) => !pinned.has(finding) && overlaps(toDiagnostic(finding).range, range))
    .map(({ finding, request, fileName }) => ({
      title: `Add "${request.distribution}" to ${fileName}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(finding)],
      edit: workspaceEdit(uri, documentPath, request.edits('')),
    }));
}
