/** The status bar item: shown on Python files that mention Airflow; enabled or disabled, trusted or restricted. */
import * as vscode from 'vscode';

export function createStatus(): { item: vscode.StatusBarItem; update: () => void } {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  item.name = 'Airflow Venv Lint';
  item.command = 'airflowVenvLint.showOutput';
  const update = () => {
    const document = vscode.window.activeTextEditor?.document;
    const isDag = document?.languageId === 'python' && document.getText().includes('airflow');
    if (!isDag) {
      item.hide();
      return;
    }
    const enabled = vscode.workspace.getConfiguration('airflowVenvLint').get<boolean>('enable', true);
    const trusted = vscode.workspace.isTrusted ? '' : ' (restricted mode)';
    item.text = enabled ? '$(check) Airflow venv' : '$(circle-slash) Airflow venv';
    item.tooltip = `Airflow Venv Lint ${enabled ? 'is checking this DAG' : 'is disabled'}${trusted}. Click for the output.`;
    item.show();
  };
  return { item, update };
}
