/**
 * VS Code entry point (the only code that imports `vscode`): starts the bundled
 * language server over node IPC and adds the editor-only parts — palette
 * commands under "Airflow", an output channel and a status bar item.
 */
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

const SERVER_COMMANDS = {
  fixAll: 'airflowVenvLint.applyFixAll',
  verifyInterpreter: 'airflowVenvLint.server.verifyInterpreter',
  listInterpreters: 'airflowVenvLint.server.listInterpreters',
  pinAll: 'airflowVenvLint.server.pinAll',
};

interface VerifyAnswer {
  verified: boolean;
  reason?: string;
  report?: string;
  results?: { command: string; ok: boolean; version?: string; message?: string }[];
}

let client: LanguageClient | undefined;

/** Restarts a crashed server at most 4 times in 3 minutes, and says so in the output. */
function restartingErrorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const restarts: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0]! > 3 * 60_000) restarts.shift();
      if (restarts.length >= 4) {
        output.error('The server stopped 5 times in 3 minutes; it is not restarted. Use "Airflow: Restart Server" after checking the output.');
        return { action: CloseAction.DoNotRestart, message: 'Airflow Venv Lint: the server keeps crashing and was not restarted (see the output).' };
      }
      restarts.push(now);
      output.warn(`The server stopped unexpectedly; restarting it (${restarts.length} of 4 in 3 minutes).`);
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

function settings(): unknown {
  return vscode.workspace.getConfiguration('airflowVenvLint');
}

/** The interpreter selected in the Python extension for a document, when that extension is installed. */
async function selectedInterpreter(document: vscode.Uri): Promise<string | undefined> {
  if (!vscode.extensions.getExtension('ms-python.python')) return undefined;
  try {
    const python = await PythonExtension.api();
    const resolved = await python.environments.resolveEnvironment(python.environments.getActiveEnvironmentPath(document));
    return resolved?.executable.uri?.fsPath;
  } catch {
    return undefined; // an older or failing Python extension: verify without it
  }
}

async function verify(uri: vscode.Uri, commands: string[]): Promise<VerifyAnswer> {
  return (await client!.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.verifyInterpreter, arguments: [{ uri: uri.toString(), commands, trusted: vscode.workspace.isTrusted }] })) as VerifyAnswer;
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
    errorHandler: restartingErrorHandler(output),
    // A function, so that a restart (after the user trusts the workspace) sends fresh values.
    initializationOptions: () => ({
      settings: JSON.parse(JSON.stringify(settings())) as unknown,
      workspaceTrusted: vscode.workspace.isTrusted,
      cacheDirectory: vscode.Uri.joinPath(context.globalStorageUri, 'cache').fsPath,
    }),
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
    vscode.commands.registerCommand('airflowVenvLint.pinAll', async () => {
      const document = vscode.window.activeTextEditor?.document;
      if (!document || !client) return;
      const result = (await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Airflow: looking up versions...' },
        () => client!.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.pinAll, arguments: [{ uri: document.uri.toString() }] }),
      )) as { pinned: number; problems: string[] };
      void vscode.window.showInformationMessage(`Airflow: pinned ${result.pinned} requirement(s)${result.problems.length > 0 ? `; ${result.problems.length} could not be pinned (see the output)` : ''}.`);
    }),
    vscode.commands.registerCommand('airflowVenvLint.verifyInterpreter', async () => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Airflow: Verify Interpreter runs the interpreters a DAG names, so it needs a trusted workspace.');
        return;
      }
      const document = vscode.window.activeTextEditor?.document;
      if (!document || !client) return;
      const uri = document.uri.toString();
      const listed = (await client.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.listInterpreters, arguments: [{ uri }] })) as { interpreters: { command: string; purpose: string }[] };
      const choices = [...listed.interpreters];
      const selected = await selectedInterpreter(document.uri);
      if (selected && !choices.some((item) => item.command === selected)) choices.push({ command: selected, purpose: 'selected in the Python extension' });
      let commands = choices.map((item) => item.command);
      if (commands.length === 0) {
        void vscode.window.showInformationMessage('Airflow: this file names no interpreter to verify.');
        return;
      }
      if (commands.length > 1) {
        const picked = await vscode.window.showQuickPick(
          choices.map((item) => ({ label: item.command, description: item.purpose, picked: true })),
          { canPickMany: true, title: 'Airflow: Verify Interpreter', placeHolder: 'Interpreters to probe on this machine' },
        );
        if (!picked || picked.length === 0) return;
        commands = picked.map((item) => item.label);
      }
      const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Airflow: verifying interpreters...' }, () => verify(document.uri, commands));
      if (!answer.verified) {
        void vscode.window.showWarningMessage(`Airflow: ${answer.reason ?? 'nothing verified'}.`);
        return;
      }
      output.appendLine(answer.report ?? '');
      const failed = (answer.results ?? []).filter((result) => !result.ok);
      const summary = failed.length === 0 ? `all ${answer.results?.length ?? 0} interpreter(s) work` : `${failed.length} of ${answer.results?.length ?? 0} cannot run the task: ${failed.map((result) => result.command).join(', ')}`;
      const choice = await vscode.window.showInformationMessage(`Airflow: ${summary}.`, 'Show Report');
      if (choice) output.show(true);
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidSaveTextDocument(async (document) => {
      // Opt-in: re-verify the file's interpreters on save, quietly (the report goes to the output).
      if (!client || document.languageId !== 'python' || !vscode.workspace.isTrusted) return;
      if (!vscode.workspace.getConfiguration('airflowVenvLint', document.uri).get<boolean>('verifyOnSave', false)) return;
      const listed = (await client.sendRequest('workspace/executeCommand', { command: SERVER_COMMANDS.listInterpreters, arguments: [{ uri: document.uri.toString() }] })) as { interpreters: { command: string }[] };
      if (listed.interpreters.length === 0) return;
      const answer = await verify(document.uri, listed.interpreters.map((item) => item.command));
      if (answer.report) output.appendLine(answer.report);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.appendLine('Workspace trusted: restarting the server so that Verify Interpreter and index look-ups are available.');
      await client?.restart();
      updateStatus();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('airflowVenvLint')) updateStatus();
    }),
  );
  updateStatus();
  await client.start();
  const server = client.initializeResult?.serverInfo;
  output.info(`Airflow Venv Lint extension ${String(context.extension.packageJSON.version)}, server ${server?.name ?? '?'} ${server?.version ?? '?'}`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
