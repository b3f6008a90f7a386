/**
 * The palette commands under "Airflow" and verify-on-save. What runs on the
 * server goes through executeServerCommand, typed by the server's own
 * protocol module (server/src/lsp/protocol.ts).
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, type CheckEnvironmentResult, type CommandTypes, type VerifyInterpreterResult } from '../../server/src/lsp/protocol.js';
import { selectedInterpreter } from './python.js';

async function executeServerCommand<K extends keyof CommandTypes>(client: LanguageClient, command: K, argument: CommandTypes[K]['argument']): Promise<CommandTypes[K]['result']> {
  return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] })) as CommandTypes[K]['result'];
}

function verify(client: LanguageClient, uri: vscode.Uri, commands: string[]): Promise<VerifyInterpreterResult> {
  return executeServerCommand(client, COMMANDS.verifyInterpreter, { uri: uri.toString(), commands, trusted: vscode.workspace.isTrusted });
}

async function fixAll(client: LanguageClient): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return;
  const result = await executeServerCommand(client, COMMANDS.fixAll, { uri: document.uri.toString() });
  if (result && !result.applied && result.reason) void vscode.window.showInformationMessage(`Airflow: ${result.reason}.`);
}

async function pinAll(client: LanguageClient): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Airflow: looking up versions...' },
    () => executeServerCommand(client, COMMANDS.pinAll, { uri: document.uri.toString() }),
  );
  void vscode.window.showInformationMessage(`Airflow: pinned ${result.pinned} requirement(s)${result.problems.length > 0 ? `; ${result.problems.length} could not be pinned (see the output)` : ''}.`);
}

/** Lets the user pick among the file's interpreters (and the Python extension's), probes them, reports. */
async function verifyInterpreter(client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Airflow: Verify Interpreter runs the interpreters a DAG names, so it needs a trusted workspace.');
    return;
  }
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return;
  const listed = await executeServerCommand(client, COMMANDS.listInterpreters, { uri: document.uri.toString() });
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
  const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Airflow: verifying interpreters...' }, () => verify(client, document.uri, commands));
  if (!answer.verified) {
    void vscode.window.showWarningMessage(`Airflow: ${answer.reason ?? 'nothing verified'}.`);
    return;
  }
  output.appendLine(answer.report ?? '');
  const failed = (answer.results ?? []).filter((result) => !result.ok);
  const summary = failed.length === 0 ? `all ${answer.results?.length ?? 0} interpreter(s) work` : `${failed.length} of ${answer.results?.length ?? 0} cannot run the task: ${failed.map((result) => result.command).join(', ')}`;
  const choice = await vscode.window.showInformationMessage(`Airflow: ${summary}.`, 'Show Report');
  if (choice) output.show(true);
}

/**
 * Builds the active DAG's virtualenv task environments on the server: progress from the server's
 * $/progress in a cancellable notification; Cancel cancels the request, which stops the running step.
 */
async function buildTaskEnvironment(client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Airflow: Build Task Environment runs virtualenv, pip and the venv\'s Python, so it needs a trusted workspace.');
    return;
  }
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return;
  if (document.isDirty) await document.save();
  const workDoneToken = `airflowVenvLint.build.${Date.now()}`;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Airflow: building task environments', cancellable: true },
    async (progress, cancel) => {
      let last = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'end') return;
        const percentage = value.percentage ?? last;
        progress.report({ ...(value.message ? { message: value.message } : {}), increment: Math.max(0, percentage - last) });
        last = percentage;
      });
      try {
        const argument = { uri: document.uri.toString(), trusted: vscode.workspace.isTrusted };
        return (await client.sendRequest(ExecuteCommandRequest.type, { command: COMMANDS.checkEnvironment, arguments: [argument], workDoneToken }, cancel)) as CheckEnvironmentResult | undefined;
      } catch (error) {
        if (cancel.isCancellationRequested) return { built: false, cancelled: true, reason: 'cancelled' } satisfies CheckEnvironmentResult;
        throw error;
      } finally {
        listener.dispose();
      }
    },
  );
  if (result?.report) output.appendLine(result.report);
  if (!result?.built) {
    void vscode.window.showWarningMessage(`Airflow: ${result?.reason ?? 'nothing was built'}.`);
    return;
  }
  const count = result.problems?.length ?? 0;
  const choice = await vscode.window.showInformationMessage(`Airflow: task environments built; ${count === 0 ? 'no problems found' : `${count} problem(s) in the Problems panel`}.`, 'Show Report');
  if (choice) output.show(true);
}

/** Opt-in: re-verify the file's interpreters on save, quietly (the report goes to the output). */
async function verifyOnSave(client: LanguageClient, output: vscode.LogOutputChannel, document: vscode.TextDocument): Promise<void> {
  if (document.languageId !== 'python' || !vscode.workspace.isTrusted) return;
  if (!vscode.workspace.getConfiguration('airflowVenvLint', document.uri).get<boolean>('verifyOnSave', false)) return;
  const listed = await executeServerCommand(client, COMMANDS.listInterpreters, { uri: document.uri.toString() });
  if (listed.interpreters.length === 0) return;
  const answer = await verify(client, document.uri, listed.interpreters.map((item) => item.command));
  if (answer.report) output.appendLine(answer.report);
}

export function registerCommands(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('airflowVenvLint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('airflowVenvLint.restartServer', async () => {
      await client.restart();
      output.appendLine('Server restarted.');
    }),
    vscode.commands.registerCommand('airflowVenvLint.fixAll', () => fixAll(client)),
    vscode.commands.registerCommand('airflowVenvLint.pinAll', () => pinAll(client)),
    vscode.commands.registerCommand('airflowVenvLint.verifyInterpreter', () => verifyInterpreter(client, output)),
    vscode.commands.registerCommand('airflowVenvLint.buildTaskEnvironment', () => buildTaskEnvironment(client, output)),
    vscode.workspace.onDidSaveTextDocument((document) => verifyOnSave(client, output, document)),
  ];
}
