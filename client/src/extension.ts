/**
 * VS Code entry point. The language client arrives with the language-server
 * issue; until then the extension only registers its output channel.
 */
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.window.createOutputChannel('Airflow Venv Lint'));
}

export function deactivate(): void {}
