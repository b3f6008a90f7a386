/**
 * textDocument/didOpen, didChange, didClose: analyse, then settle what the edit touched. A
 * requirements file is not analysed itself: the DAGs that read it are, with its editor text.
 */
import type { Connection } from 'vscode-languageserver';
import { guard } from '../boundary.js';
import { isRequirementsDocument } from '../requirements-documents.js';
import type { Session } from '../session.js';

const isPython = (uri: string, languageId?: string) => languageId === 'python' || /\.pyi?$/i.test(uri);

export function register(connection: Connection, session: Session): void {
  connection.onDidOpenTextDocument(guard(connection, 'didOpen', undefined, ({ textDocument }) => {
    const handlingSince = performance.now();
    if (!isPython(textDocument.uri, textDocument.languageId)) {
      if (!isRequirementsDocument(textDocument.uri, textDocument.languageId)) return;
      session.requirementsFiles.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
      session.requirementsChanged(textDocument.uri);
      return;
    }
    const analysis = session.documents.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    // Editors open many documents at once (a restored session): settled together, once they pause.
    session.settleSoon(textDocument.uri, handlingSince);
    session.checkOnline(textDocument.uri, analysis);
  }));

  connection.onDidChangeTextDocument(guard(connection, 'didChange', undefined, ({ textDocument, contentChanges }) => {
    session.typing.edited(textDocument.uri, contentChanges);
    if (session.requirementsFiles.change(textDocument.uri, textDocument.version, contentChanges)) {
      session.requirementsChanged(textDocument.uri);
      return;
    }
    const analysis = session.documents.change(textDocument.uri, textDocument.version, contentChanges);
    if (analysis) session.settle(textDocument.uri, analysis);
    session.checkOnline(textDocument.uri, analysis);
  }));

  connection.onDidCloseTextDocument(guard(connection, 'didClose', undefined, ({ textDocument }) => {
    const handlingSince = performance.now();
    session.typing.forget(textDocument.uri);
    session.publisher.forget(textDocument.uri);
    if (session.requirementsFiles.close(textDocument.uri)) {
      // The disk's text replaces the editor's for the DAGs that read it.
      session.requirementsChanged(textDocument.uri);
      return;
    }
    if (!session.documents.get(textDocument.uri)) return;
    session.documents.close(textDocument.uri);
    // The disk's text replaces the editor's for the DAGs that import it.
    session.settleSoon(textDocument.uri, handlingSince);
  }));
}
