/**
 * VS Code entry point (the only code that imports `vscode`): starts the bundled
 * language server over node IPC and adds the editor-only parts — palette
 * commands under "Airflow", an output channel and a status bar item.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

const SERVER_COMMANDS = {
  fixAll: 'airflowVenvLint.applyFixAll',
  verifyInterpreter: 'airflowVenvLint.server.verifyInterpreter',
};

let client: LanguageClient | undefined;

function settings(): unknown {
  return vscode.workspace.getConfiguration('airflowVenvLint');
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Airflow Venv Lint', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    outputChannel: output,
    initializationOptions: { settings: JSON.parse(JSON.stringify(settings())) as unknown },
  };
  client = new LanguageClient('airflowVenvLint', 'Airflow Venv Lint', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.name = 'Airflow Venv Lint';
  status.command = 'airflowVenvLint.showOutput';
  const updateStatus = () => {
    const document = vscode.window.activeTextEditor?.document;
    const isDag = document?.languageId === 'python' && document.getText().includes('airflow');
    if (!isDag) {
      status.hide();
      return;
    }
    const enabled = vscode.workspace.getConfiguration('airflowVenvLint').get<boolean>('enable', true);
    const trusted = vscode.workspace.isTrusted ? '' : ' (restricted mode)';
    status.text = enabled ? '$(check) Airflow venv' : '$(circle-slash) Airflow venv';
    status.tooltip = `Airflow Venv Lint ${enabled ? 'is checking this DAG' : 'is disabled'}${trusted}. Click for the output.`;
    status.show();
  };

  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('airflowVenvLint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('airflowVenvLint.restartServer', async () => {
      await client?.restart();
      output.appendLine('Server restarted.');
    }),
    vscode.commands.registerCommand('airflowVenvLint.fixAll', async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!document || !client) return;
      const result = (await client.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.fixAll, arguments: [{ uri: document.uri.toString() }] })) as { applied?: boolean; reason?: string } | undefined;
      if (result && !result.applied && result.reason) void vscode.window.showInformationMessage(`Airflow: ${result.reason}.`);
    }),
    vscode.commands.registerCommand('airflowVenvLint.verifyInterpreter', async () => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Airflow: Verify Interpreter runs interpreters, so it needs a trusted workspace.');
        return;
      }
      await client?.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.verifyInterpreter, arguments: [{ uri: vscode.window.activeTextEditor?.document.uri.toString() }] });
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('airflowVenvLint')) updateStatus();
    }),
  );
  updateStatus();
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
