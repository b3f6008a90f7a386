/**
 * VS Code entry point (client/ is the only code that imports `vscode`): starts
 * the bundled language server (client.ts) and adds the editor-only parts —
 * palette commands under "Airflow" (commands.ts), an output channel and a status
 * bar item (status.ts).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client.js';
import { registerCommands } from './commands.js';
import { createStatus } from './status.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Airflow Venv Lint', { log: true });
  const languageClient = createClient(context, output);
  client = languageClient;
  const status = createStatus();
  context.subscriptions.push(
    output,
    status.item,
    ...registerCommands(languageClient, output),
    vscode.window.onDidChangeActiveTextEditor(status.update),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.appendLine('Workspace trusted: restarting the server so that Verify Interpreter and index look-ups are available.');
      await languageClient.restart();
      status.update();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('airflowVenvLint')) status.update();
    }),
  );
  status.update();
  await languageClient.start();
  const server = languageClient.initializeResult?.serverInfo;
  output.info(`Airflow Venv Lint extension ${String(context.extension.packageJSON.version)}, server ${server?.name ?? '?'} ${server?.version ?? '?'}`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
