/**
 * The language status item (the `{}` next to "Python" in the status bar, as ESLint, Pylance and
 * ruff do it): the Airflow version the rules target and why, the Python version, where pins come
 * from, and the server's state. Updated on editor, text (after a pause), settings and server changes.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, type DocumentStatus } from '../../server/src/lsp/protocol.js';
import { DOCUMENT_SELECTOR } from './client.js';
import { executeServerCommand } from './commands.js';
import { count } from './messages.js';

export function createStatus(client: LanguageClient): { item: vscode.LanguageStatusItem; update: () => void; dispose: () => void } {
  const item = vscode.languages.createLanguageStatusItem('airflowVenvLint.status', DOCUMENT_SELECTOR);
  item.name = 'Airflow Venv Lint';
  item.command = { title: 'Show Output', command: 'airflowVenvLint.showOutput' };
  let timer: NodeJS.Timeout | undefined;
  let generation = 0;

  const show = (status: DocumentStatus | undefined) => {
    const trusted = vscode.workspace.isTrusted ? '' : ' · restricted mode: no interpreter runs, no index';
    item.severity = vscode.LanguageStatusSeverity.Information;
    item.busy = false;
    if (client.state === State.Starting) {
      item.text = 'Airflow venv: starting';
      item.busy = true;
      item.detail = undefined;
      return;
    }
    if (client.state === State.Stopped) {
      item.text = 'Airflow venv: stopped';
      item.severity = vscode.LanguageStatusSeverity.Error;
      item.detail = 'The server is not running';
      item.command = { title: 'Restart', command: 'airflowVenvLint.restartServer' };
      return;
    }
    item.command = { title: 'Show Output', command: 'airflowVenvLint.showOutput' };
    if (!status || status.kind === 'none') {
      item.text = 'Airflow venv';
      item.detail = `No virtualenv task in this file${trusted}`;
    } else if (status.kind === 'disabled') {
      item.text = 'Airflow venv: off';
      item.detail = 'airflowVenvLint.enable is false';
      item.command = { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: ['airflowVenvLint.enable'] };
    } else if (status.kind === 'skipped') {
      item.text = 'Airflow venv: not checked';
      item.severity = vscode.LanguageStatusSeverity.Warning;
      item.detail = status.reason;
    } else {
      item.text = `Airflow ${status.airflowVersion}`;
      item.detail = [
        `${status.airflowVersionWhy}`,
        `Python ${status.pythonVersion}`,
        count(status.tasks, 'venv task'),
        `pins from ${status.versionSources.join(', then ')}`,
        ...(status.readBy ? [`read by ${vscode.workspace.asRelativePath(status.readBy)}`] : []),
      ].join(' · ') + trusted;
    }
  };

  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    const mine = ++generation;
    if (!document || client.state !== State.Running) {
      show(undefined);
      return;
    }
    executeServerCommand(client, COMMANDS.documentStatus, { uri: document.uri.toString() }).then(
      (status) => mine === generation && show(status),
      () => mine === generation && show(undefined),
    );
  };
  const later = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(update, 500);
  };
  const subscriptions = [
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((event) => event.document === vscode.window.activeTextEditor?.document && later()),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('airflowVenvLint') && later()),
    client.onDidChangeState(() => update()),
  ];
  return {
    item,
    update,
    dispose: () => {
      if (timer) clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      item.dispose();
    },
  };
}
