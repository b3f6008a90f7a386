/** textDocument/diagnostic and workspace/diagnostic, for clients that pull. */
import { DocumentDiagnosticReportKind, type Connection, type DocumentDiagnosticReport } from 'vscode-languageserver';
import { guard } from '../boundary.js';
import type { Session } from '../session.js';

export function register(connection: Connection, session: Session): void {
  connection.languages.diagnostics.on(guard(connection, 'textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (params): DocumentDiagnosticReport => {
    session.settlePending();
    const open = session.documents.get(params.textDocument.uri);
    const uri = params.textDocument.uri;
    const report = session.publisher.report(uri, params.previousResultId, open && session.settings.enable ? session.publisher.itemsFor(uri) : []);
    if (report.items === undefined) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.items };
  }));

  connection.languages.diagnostics.onWorkspace(guard(connection, 'workspace/diagnostic', { items: [] }, (params) => {
    session.settlePending();
    const { documents, settings } = session;
    if (!settings.enable || settings.diagnosticMode !== 'workspace') return { items: [] };
    const previous = new Map(params.previousResultIds.map((item) => [item.uri, item.value]));
    const openModels = documents.uris().flatMap((uri) => documents.get(uri)?.analysis.model ?? []);
    const items = session.workspaceDiagnostics.report(previous, new Set(documents.uris()), openModels);
    // What the pull learnt about the closed files may change the open documents' folder-wide findings.
    const changed = session.updateFolder();
    for (const uri of changed) session.publish(uri, documents.get(uri)?.analysis);
    if (changed.length > 0 && session.client.pullDiagnostics) void connection.languages.diagnostics.refresh();
    return { items };
  }));
}
