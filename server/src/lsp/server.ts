/**
 * The language server: at `initialize`, builds the Session and registers each
 * feature's handlers; nothing else. No analysis logic here, and every handler
 * goes through the boundary (boundary.ts) that logs a failure instead of letting
 * one document take the server down.
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { lifecycle } from './boundary.js';
import { serverCapabilities } from './capabilities.js';
import * as codeActions from './handlers/code-actions.js';
import * as commands from './handlers/commands.js';
import * as configuration from './handlers/configuration.js';
import * as diagnostics from './handlers/diagnostics.js';
import * as documentLinks from './handlers/document-links.js';
import * as documents from './handlers/documents.js';
import * as hover from './handlers/hover.js';
import * as watchedFiles from './handlers/watched-files.js';
import { Session } from './session.js';

export function startServer(connection: Connection): void {
  let initialized = false;
  connection.onInitialize(async (params) => {
    if (initialized || lifecycle.shutDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'the server is already initialized');
    initialized = true;
    const session = await Session.start(connection, params);
    // Registered before the answer goes out: the client sends nothing else until it has it.
    for (const feature of [configuration, watchedFiles, documents, diagnostics, codeActions, hover, documentLinks, commands]) feature.register(connection, session);
    return serverCapabilities(session.client);
  });
  connection.onShutdown(() => {
    lifecycle.shutDown = true;
  });
  connection.listen();
}
