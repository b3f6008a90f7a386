/** textDocument/didOpen, didChange, didClose: analyse, then settle what the edit touched. */
import type { Connection } from 'vscode-languageserver';
import { guard } from '../boundary.js';
import type { Session } from '../session.js';

const isPython = (uri: string, languageId?: string) => languageId === 'python' || /\.pyi?$/i.test(uri);

export function register(connection: Connection, session: Session): void {
  connection.onDidOpenTextDocument(guard(connection, 'didOpen', undefined, ({ textDocument }) => {
    if (!isPython(textDocument.uri, textDocument.languageId)) return;
    const analysis = session.documents.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    // Editors open many documents at once (a restored session): settled together, once they pause.
    session.settleSoon(textDocument.uri);
    session.checkOnline(textDocument.uri, analysis);
  }));

  connection.onDidChangeTextDocument(guard(connection, 'didChange', undefined, ({ textDocument, contentChanges }) => {
    const analysis = session.documents.change(textDocument.uri, textDocument.version, contentChanges);
    if (analysis) session.settle(textDocument.uri, analysis);
    session.checkOnline(textDocument.uri, analysis);
  }));

  connection.onDidCloseTextDocument(guard(connection, 'didClose', undefined, ({ textDocument }) => {
    if (!session.documents.get(textDocument.uri)) return;
    session.documents.close(textDocument.uri);
    // The disk's text replaces the editor's for the DAGs that import it.
    session.settleSoon(textDocument.uri);
  }));
}
