/** workspace/didChangeWatchedFiles: forget every cached read, then re-analyse the open documents. */
import type { Connection } from 'vscode-languageserver';
import { guard } from '../boundary.js';
import type { Session } from '../session.js';

export function register(connection: Connection, session: Session): void {
  connection.onDidChangeWatchedFiles(guard(connection, 'watched files', undefined, () => {
    session.projects.clear();
    session.watchedFiles.clear();
    session.workspace.invalidate();
    session.workspaceDiagnostics.forget();
    session.refreshAll();
  }));
}
