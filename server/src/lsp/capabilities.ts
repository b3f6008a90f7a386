/** What the client can do, resolved once at initialize; and what the server answers it can do. */
import { CodeActionKind, TextDocumentSyncKind, type ClientCapabilities, type InitializeResult } from 'vscode-languageserver';
import { VERSION } from '../host/version.js';
import { FIX_ALL_KIND } from './fix-actions.js';
import { COMMANDS } from './protocol.js';

export interface ResolvedClientCapabilities {
  /** The client pulls diagnostics (textDocument/diagnostic): nothing is pushed. */
  readonly pullDiagnostics: boolean;
  /** Settings are asked for (workspace/configuration) rather than sent with didChangeConfiguration. */
  readonly configurationRequests: boolean;
  /** File watchers can be registered: files read are cached until a watcher says they changed. */
  readonly watchedFilesRegistration: boolean;
  /**
   * The client drops a publishDiagnostics for a version other than the document's (Helix, Neovim
   * 0.12): every version is sent, though the diagnostics are those it holds (its last may have been
   * dropped).
   */
  readonly versionedDiagnostics: boolean;
}

export function resolveClientCapabilities(capabilities: ClientCapabilities): ResolvedClientCapabilities {
  return {
    pullDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    configurationRequests: capabilities.workspace?.configuration === true,
    watchedFilesRegistration: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    versionedDiagnostics: capabilities.textDocument?.publishDiagnostics?.versionSupport === true,
  };
}

export function serverCapabilities(client: ResolvedClientCapabilities): InitializeResult {
  return {
    capabilities: {
      // Offsets are UTF-16 code units throughout (web-tree-sitter parses JavaScript strings).
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      hoverProvider: true,
      documentLinkProvider: { resolveProvider: false },
      executeCommandProvider: { commands: Object.values(COMMANDS) },
      ...(client.pullDiagnostics ? { diagnosticProvider: { identifier: 'airflow-venv-lint', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
    },
    serverInfo: { name: 'airflow-venv-lint', version: VERSION },
  };
}
