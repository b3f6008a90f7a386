/** `airflowVenvLint.server.listInterpreters`: the interpreters an open document's tasks use (the client offers them to verify). */
import type { Connection } from 'vscode-languageserver';
import type { ListInterpretersArgument, ListInterpretersResult } from '../protocol.js';
import type { Session } from '../session.js';

export function listInterpreters(_connection: Connection, session: Session, argument: unknown): ListInterpretersResult {
  const uri = (argument as Partial<ListInterpretersArgument> | undefined)?.uri;
  return { interpreters: (uri ? session.documents.get(uri)?.analysis.interpreters : undefined) ?? [] };
}
