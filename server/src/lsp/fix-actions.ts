/**
 * Code actions: a quick fix per fix of each finding under the cursor, "Disable
 * VENVxxx for this line" (`# noqa`), and `source.fixAll.airflowVenvLint`.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { fixAllEdits, noqaEdit, type Edit, type Finding, type Range } from '../analysis/index.js';
import { toDiagnostic, uriOfPath } from './to-diagnostic.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.airflowVenvLint`;

export function workspaceEdit(documentUri: string, documentPath: string | undefined, edits: Edit[]): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of edits) {
    const path = edit.span.source.path;
    const uri = path === undefined || path === documentPath ? documentUri : uriOfPath(path);
    (changes[uri] ??= []).push({ range: edit.span.source.lines.range(edit.span.start, edit.span.end), newText: edit.newText });
  }
  return { changes };
}

export function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

/** Whether two edit lists change the same places (a fix and the pinned variant of it). */
function sameSpans(a: readonly Edit[], b: readonly Edit[]): boolean {
  return a.length === b.length && a.every((edit, index) => edit.span.source === b[index]!.span.source && edit.span.start === b[index]!.span.start && edit.span.end === b[index]!.span.end);
}

/** A menu's parts, in the order the handler lists them: fixes, then (after the look-ups) suppressions, then fix-all. */
export interface FindingActions {
  fixes: CodeAction[];
  suppressions: CodeAction[];
  fixAll: CodeAction[];
}

/**
 * `pinned`: findings an offline source already pins; their unpinned "add" fix (the same places as
 * the pin's edits) is left out, since it would only create the next finding (VENV201).
 */
export function codeActions(params: CodeActionParams, documentPath: string | undefined, findings: Finding[], pinned: ReadonlySet<Finding> = new Set()): FindingActions {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: FindingActions = { fixes: [], suppressions: [], fixAll: [] };
  const own = findings.filter((finding) => finding.span.source.path === documentPath || finding.span.source.path === undefined);
  if (wants(CodeActionKind.QuickFix)) {
    for (const finding of own) {
      const diagnostic = toDiagnostic(finding);
      if (!overlaps(diagnostic.range, params.range)) continue;
      const pinnedEdits = pinned.has(finding) && finding.pin ? finding.pin.edits('0') : undefined;
      const fixes = finding.fixes.filter((fix) => !pinnedEdits || !sameSpans(fix.edits, pinnedEdits));
      const safeCount = fixes.filter((fix) => fix.safe).length;
      for (const fix of fixes) {
        actions.fixes.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.safe && safeCount === 1,
          edit: workspaceEdit(uri, documentPath, fix.edits),
        });
      }
      actions.suppressions.push({
        title: `Disable ${finding.code} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: workspaceEdit(uri, documentPath, [noqaEdit(finding)]),
      });
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const edits = fixAllEdits(findings);
    if (edits.length > 0) actions.fixAll.push({ title: 'Fix all auto-fixable virtualenv problems', kind: FIX_ALL_KIND, edit: workspaceEdit(uri, documentPath, edits) });
  }
  return actions;
}
