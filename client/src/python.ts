/** The Python extension, when it is installed: which interpreter the user selected for a document. */
import * as vscode from 'vscode';
import { PythonExtension } from '@vscode/python-extension';

/** The interpreter selected in the Python extension for a document, when that extension is installed. */
export async function selectedInterpreter(document: vscode.Uri): Promise<string | undefined> {
  if (!vscode.extensions.getExtension('ms-python.python')) return undefined;
  try {
    const python = await PythonExtension.api();
    const resolved = await python.environments.resolveEnvironment(python.environments.getActiveEnvironmentPath(document));
    return resolved?.executable.uri?.fsPath;
  } catch {
    return undefined; // an older or failing Python extension: verify without it
  }
}
