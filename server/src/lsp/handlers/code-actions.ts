/** textDocument/codeAction: pins, quick fixes, "disable for this line" and source.fixAll.airflowVenvLint. */
import { CodeActionKind, type CodeAction, type Connection } from 'vscode-languageserver';
import type { Finding } from '../../analysis/index.js';
import { findingKey } from '../../host/finding-key.js';
import { guard } from '../boundary.js';
import { codeActions } from '../fix-actions.js';
import { pathOf } from '../open-documents.js';
import type { Session } from '../session.js';

export function register(connection: Connection, session: Session): void {
  connection.onCodeAction(guard(connection, 'codeAction', [], async (params): Promise<CodeAction[]> => {
    session.settlePending();
    const uri = params.textDocument.uri;
    const open = session.documents.get(uri);
    if (!open || !session.settings.enable) return [];
    const wantsQuickFix = !params.context.only || params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind));
    const pins = wantsQuickFix ? await session.pinning.codeActions(uri, pathOf(uri), open.analysis.version, params.range, open.analysis.findings, session.configOf(uri), session.workspaceTrusted) : [];
    // Findings other open DAGs make in this file (their callable or requirement list lives here), each once.
    const path = pathOf(uri);
    const foreign = new Map<string, Finding>();
    for (const other of path === undefined ? [] : session.documents.uris()) {
      if (other === uri) continue;
      for (const finding of session.findingsOf(other, session.documents.get(other)?.analysis)) {
        if (finding.span.source.path === path) foreign.set(findingKey(finding), finding);
      }
    }
    return [...pins, ...codeActions(params, path, [...session.findingsOf(uri, open.analysis), ...foreign.values()])];
  }));
}
