/**
 * The palette commands under "Airflow Venv Lint" and verify-on-save. What runs on the
 * server goes through executeServerCommand, typed by the server's own protocol module
 * (server/src/lsp/protocol.ts). Each command ends in one toast that says what happened,
 * with Show Output / Open Settings buttons where the next step is there.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, type CheckEnvironmentResult, type CommandTypes, type PinResult, type VerifyInterpreterResult } from '../../server/src/lsp/protocol.js';
import { count, pinSummary, verifySummary } from './messages.js';
import { selectedInterpreter } from './python.js';

const PREFIX = 'Airflow Venv Lint';

export async function executeServerCommand<K extends keyof CommandTypes>(client: LanguageClient, command: K, argument: CommandTypes[K]['argument']): Promise<CommandTypes[K]['result']> {
  return (await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [argument] })) as CommandTypes[K]['result'];
}

type Button = 'Show Output' | 'Open Settings';

/** One toast; its buttons open the output or the extension's settings (filtered to `settings`). */
export async function toast(output: vscode.LogOutputChannel, level: 'info' | 'warning', message: string, buttons: Button[] = [], settings = 'airflowVenvLint'): Promise<void> {
  const show = level === 'info' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const choice = await show(`${PREFIX}: ${message}`, ...buttons);
  if (choice === 'Show Output') output.show(true);
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', settings);
}

/** The active editor's document, or a toast that says a DAG must be open. */
function activeDocument(output: vscode.LogOutputChannel, what: string): vscode.TextDocument | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) void toast(output, 'info', `open a DAG file (or a requirements file a DAG reads) to ${what}.`);
  return document;
}

async function fixAll(client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  const document = activeDocument(output, 'fix its problems');
  if (!document) return;
  const result = await executeServerCommand(client, COMMANDS.fixAll, { uri: document.uri.toString() });
  if (result && !result.applied && result.reason) await toast(output, 'info', `${result.reason}.`);
}

async function pinAll(client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  const document = activeDocument(output, 'pin its requirements');
  if (!document) return;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `${PREFIX}: looking up versions...` },
    () => executeServerCommand(client, COMMANDS.pinAll, { uri: document.uri.toString() }),
  );
  await showPinResult(output, result);
}

/** The one toast of a pin (Pin All, or a look-up picked in the quick-fix menu). */
export async function showPinResult(output: vscode.LogOutputChannel, result: PinResult, distribution?: string): Promise<void> {
  for (const problem of result.problems) output.warn(`cannot pin ${problem}`);
  // Sources that are files (the constraints file) are named relative to the workspace.
  const sources = Object.fromEntries(Object.entries(result.sources ?? {}).map(([source, pinned]) => [source.startsWith('/') ? vscode.workspace.asRelativePath(source) : source, pinned]));
  const summary = pinSummary({ ...result, sources }, distribution);
  await toast(output, summary.level, summary.message, summary.level === 'warning' ? ['Show Output', 'Open Settings'] : [], 'airflowVenvLint.constraintsFile airflowVenvLint.indexUrl airflowVenvLint.offline');
}

function verify(client: LanguageClient, uri: vscode.Uri, commands: string[]): Promise<VerifyInterpreterResult> {
  return executeServerCommand(client, COMMANDS.verifyInterpreter, { uri: uri.toString(), commands, trusted: vscode.workspace.isTrusted });
}

/** Lets the user pick among the file's interpreters (and the Python extension's), probes them, reports. */
async function verifyInterpreter(client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    await toast(output, 'warning', 'Verify Interpreter runs the interpreters a DAG names, so it needs a trusted workspace.');
    return;
  }
  const document = activeDocument(output, 'verify its interpreters');
  if (!document) return;
  const listed = await executeServerCommand(client, COMMANDS.listInterpreters, { uri: document.uri.toString() });
  const choices = [...listed.interpreters];
  const selected = await selectedInterpreter(document.uri);
  if (selected && !choices.some((item) => item.command === selected)) choices.push({ command: selected, purpose: 'selected in the Python extension' });
  let commands = choices.map((item) => item.command);
  if (commands.length === 0) {
    await toast(output, 'info', 'this file has no virtualenv or external-python task, so there is no interpreter to verify.');
    return;
  }
  if (commands.length > 1) {
    const picked = await vscode.window.showQuickPick(
      choices.map((item) => ({ label: item.command, description: item.purpose, picked: true })),
      { canPickMany: true, title: `${PREFIX}: Verify Interpreter`, placeHolder: 'Interpreters to probe on this machine' },
    );
    if (!picked || picked.length === 0) return;
    commands = picked.map((item) => item.label);
  }
  const answer = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${PREFIX}: verifying ${count(commands.length, 'interpreter')}...` }, () => verify(client, document.uri, commands));
  if (!answer.verified) {
    await toast(output, 'warning', `${answer.reason ?? 'nothing verified'}.`);
    return;
  }
  output.info(answer.report ?? '');
  const summary = verifySummary(answer);
  await toast(output, summary.level, summary.message, ['Show Output']);
}

async function clearVerifyResults(client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  const result = await executeServerCommand(client, COMMANDS.clearVerifyResults, {});
  output.info(`Verify results cleared (${count(result.cleared, 'finding')} removed).`);
  await toast(output, 'info', `cleared the Verify Interpreter results (${count(result.cleared, 'finding')} removed).`);
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
  if (answer.report) output.info(answer.report);
}

export function registerCommands(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('airflowVenvLint.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('airflowVenvLint.restartServer', async () => {
      await client.restart();
      output.info('Server restarted.');
    }),
    vscode.commands.registerCommand('airflowVenvLint.fixAll', () => fixAll(client, output)),
    vscode.commands.registerCommand('airflowVenvLint.pinAll', () => pinAll(client, output)),
    vscode.commands.registerCommand('airflowVenvLint.verifyInterpreter', () => verifyInterpreter(client, output)),
    vscode.commands.registerCommand('airflowVenvLint.buildTaskEnvironment', () => buildTaskEnvironment(client, output)),
    vscode.commands.registerCommand('airflowVenvLint.clearVerifyResults', () => clearVerifyResults(client, output)),
    vscode.workspace.onDidSaveTextDocument((document) => verifyOnSave(client, output, document)),
  ];
}
