/**
 * textDocument/codeAction: pins, quick fixes, "disable for this line" and
 * source.fixAll.airflowVenvLint, for a DAG and for a requirements file the open DAGs read.
 * The menu lists offline fixes first, then index look-ups, then the ways to silence a finding.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection } from 'vscode-languageserver';
import type { Finding } from '../../analysis/index.js';
import { findingKey } from '../../host/finding-key.js';
import { guard } from '../boundary.js';
import { codeActions } from '../fix-actions.js';
import { pathOf } from '../open-documents.js';
import type { PinActions } from '../pinning.js';
import { pyprojectFor } from '../pyproject-edits.js';
import { fileAdditions, unpinnedAdditionActions } from '../requirements-file-fixes.js';
import type { Session } from '../session.js';

const wantsQuickFix = (params: CodeActionParams) => !params.context.only || params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind));

/** A DAG: its findings, and those other open DAGs make in it (their callable or requirement list lives here). */
async function dagActions(session: Session, params: CodeActionParams, uri: string): Promise<CodeAction[]> {
  const open = session.documents.get(uri)!;
  const path = pathOf(uri);
  const config = session.configOf(uri);
  const foreign = new Map<string, Finding>();
  for (const other of path === undefined ? [] : session.documents.uris()) {
    if (other === uri) continue;
    for (const finding of session.findingsOf(other, session.documents.get(other)?.analysis)) {
      if (finding.span.source.path === path) foreign.set(findingKey(finding), finding);
    }
  }
  const findings = [...session.findingsOf(uri, open.analysis), ...foreign.values()];
  const extra = fileAdditions(open.analysis.model, open.analysis.findings, config);
  const pins: PinActions = wantsQuickFix(params)
    ? await session.pinning.codeActions(uri, path, open.analysis.version, params.range, open.analysis.findings, config, session.workspaceTrusted, extra)
    : { offline: [], lookups: [], pinned: new Set() };
  const fileFixes = wantsQuickFix(params) ? unpinnedAdditionActions(uri, path, params.range, extra, pins.pinned) : [];
  const parts = codeActions(params, path, findings, pins.pinned, path === undefined ? undefined : pyprojectFor(session.projects.forFile(path).path, path));
  return [...pins.offline, ...parts.fixes, ...fileFixes, ...pins.lookups, ...parts.suppressions, ...parts.fixAll];
}

/** A requirements file: what the open DAGs that read it find there, with each DAG's pins. */
async function requirementsFileActions(session: Session, params: CodeActionParams, path: string): Promise<CodeAction[]> {
  const owned = session.findingsIn(path);
  const pins: PinActions = { offline: [], lookups: [], pinned: new Set() };
  if (wantsQuickFix(params)) {
    for (const owner of new Set(owned.map((item) => item.owner))) {
      const analysis = session.documents.get(owner)!.analysis;
      const mine = owned.filter((item) => item.owner === owner).map((item) => item.finding);
      const found = await session.pinning.codeActions(owner, pathOf(owner), analysis.version, params.range, mine, session.configOf(owner), session.workspaceTrusted);
      pins.offline.push(...found.offline);
      pins.lookups.push(...found.lookups);
      for (const finding of found.pinned) pins.pinned.add(finding);
    }
  }
  const parts = codeActions(params, path, owned.map((item) => item.finding), pins.pinned);
  return [...pins.offline, ...parts.fixes, ...pins.lookups, ...parts.suppressions, ...parts.fixAll];
}

export function register(connection: Connection, session: Session): void {
  connection.onCodeAction(guard(connection, 'codeAction', [], async (params): Promise<CodeAction[]> => {
    session.settlePending();
    const uri = params.textDocument.uri;
    if (!session.settings.enable) return [];
    if (session.documents.get(uri)) return dagActions(session, params, uri);
    const path = pathOf(uri);
    return path !== undefined && session.requirementsFiles.get(uri) ? requirementsFileActions(session, params, path) : [];
  }));
}
