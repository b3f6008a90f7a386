/**
 * The language client: starts the bundled server (dist/server.mjs) over node
 * IPC, sends it the settings, the workspace trust and a cache folder, and
 * restarts it when it crashes, within limits.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { COMMANDS, type PinResult } from '../../server/src/lsp/protocol.js';
import { showPinResult } from './commands.js';

/** Restarts a crashed server at most 4 times in 3 minutes, and says so in the output. */
function restartingErrorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const restarts: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0]! > 3 * 60_000) restarts.shift();
      if (restarts.length >= 4) {
        output.error('The server stopped 5 times in 3 minutes; it is not restarted. Use "Airflow Venv Lint: Restart Server" after checking the output.');
        return { action: CloseAction.DoNotRestart, message: 'Airflow Venv Lint: the server keeps crashing and was not restarted (see the output).' };
      }
      restarts.push(now);
      output.warn(`The server stopped unexpectedly; restarting it (${restarts.length} of 4 in 3 minutes).`);
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

/** The documents the server is told about: Python, and requirements files (which the DAGs read). */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'python' },
  { scheme: 'untitled', language: 'python' },
  { scheme: 'file', language: 'pip-requirements' },
  { scheme: 'file', pattern: '**/*.txt' },
  { scheme: 'file', pattern: '**/*.in' },
];

function settings(): unknown {
  return vscode.workspace.getConfiguration('airflowVenvLint');
}

export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    errorHandler: restartingErrorHandler(output),
    // A function, so that a restart (after the user trusts the workspace) sends fresh values.
    initializationOptions: () => ({
      settings: JSON.parse(JSON.stringify(settings())) as unknown,
      workspaceTrusted: vscode.workspace.isTrusted,
      cacheDirectory: vscode.Uri.joinPath(context.globalStorageUri, 'cache').fsPath,
      clientShowsResults: true,
    }),
    middleware: {
      // The "Look up ... and pin it" quick fix: the server pins, the client shows the one toast.
      executeCommand: async (command, args, next) => {
        const result: unknown = await next(command, args);
        if (command === COMMANDS.pinFromIndex && result) await showPinResult(output, result as PinResult, (args[0] as { distribution?: string } | undefined)?.distribution);
        return result;
      },
    },
  };
  return new LanguageClient('airflowVenvLint', 'Airflow Venv Lint', serverOptions, clientOptions);
}
