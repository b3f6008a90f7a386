/**
 * VS Code entry point (client/ is the only code that imports `vscode`): starts
 * the bundled language server (client.ts) and adds the editor-only parts —
 * palette commands under "Airflow Venv Lint" (commands.ts), an output channel and a
 * language status item (status.ts).
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client.js';
import { registerCommands } from './commands.js';
import { createStatus } from './status.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Airflow Venv Lint', { log: true });
  const languageClient = createClient(context, output);
  client = languageClient;
  const status = createStatus(languageClient);
  context.subscriptions.push(
    output,
    status,
    ...registerCommands(languageClient, output),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.info('Workspace trusted: restarting the server so that Verify Interpreter and index look-ups are available.');
      await languageClient.restart();
    }),
    // Each (re)start says which server runs, so that "Restart Server" leaves the same line as the first start.
    languageClient.onDidChangeState((event) => {
      if (event.newState !== State.Running) return;
      const server = languageClient.initializeResult?.serverInfo;
      output.info(`Airflow Venv Lint extension ${String(context.extension.packageJSON.version)}, server ${server?.name ?? '?'} ${server?.version ?? '?'}`);
    }),
  );
  await languageClient.start();
  status.update();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
