/**
 * Code actions: a quick fix per fix of each finding under the cursor, "Disable
 * VENVxxx for this line" (`# noqa`), and `source.fixAll.airflowVenvLint`.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { fileNoqaEdit, fixAllEdits, noqaEdit, type Edit, type Finding, type Range } from '../analysis/index.js';
import { COMMANDS } from './protocol.js';
import { pyprojectEdit } from './pyproject-edits.js';
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
export function codeActions(params: CodeActionParams, documentPath: string | undefined, findings: Finding[], pinned: ReadonlySet<Finding> = new Set(), pyproject?: string): FindingActions {
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
      actions.suppressions.push(...silencing(finding, diagnostic, uri, documentPath, pyproject));
    }
  }
  if (wants(FIX_ALL_KIND)) {
    const edits = fixAllEdits(findings);
    if (edits.length > 0) actions.fixAll.push({ title: 'Fix all auto-fixable virtualenv problems', kind: FIX_ALL_KIND, edit: workspaceEdit(uri, documentPath, edits) });
  }
  return actions;
}

/** A VENV301 module no known distribution provides (no fix, no pin): its top-level name, for "Add to first-party". */
function firstPartyCandidate(finding: Finding): string | undefined {
  if (finding.code !== 'VENV301' || finding.fixes.length > 0 || finding.pin) return undefined;
  const top = finding.span.source.text.slice(finding.span.start, finding.span.end).split('.')[0]!;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(top) ? top : undefined;
}

/**
 * The ways to silence or explain a finding beyond its line: "Disable VENVxxx for this file" (a
 * `# airflow-venv-lint: noqa:` line, in Python files), "Ignore VENVxxx in pyproject.toml", "Add "x"
 * to first-party" (VENV301) and "Show documentation for VENVxxx".
 */
function silencing(finding: Finding, diagnostic: Diagnostic, uri: string, documentPath: string | undefined, pyproject: string | undefined): CodeAction[] {
  const out: CodeAction[] = [];
  const path = finding.span.source.path;
  if (path === undefined || path.endsWith('.py')) {
    out.push({ title: `Disable ${finding.code} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: workspaceEdit(uri, documentPath, [fileNoqaEdit(finding)]) });
  }
  const inPyproject = (title: string, key: string, value: string) => {
    if (!pyproject) return;
    const built = pyprojectEdit(pyproject, key, value);
    if (built && built !== 'present') out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uriOfPath(pyproject)]: [built.edit] } } });
  };
  inPyproject(`Ignore ${finding.code} in pyproject.toml`, 'ignore', finding.code);
  const firstParty = firstPartyCandidate(finding);
  if (firstParty) inPyproject(`Add "${firstParty}" to first-party`, 'first-party', firstParty);
  out.push({ title: `Show documentation for ${finding.code}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title: `Show documentation for ${finding.code}`, command: COMMANDS.showDocumentation, arguments: [{ code: finding.code }] } });
  return out;
}
