/**
 * `airflowVenvLint.server.checkEnvironment`: Build Task Environment for a document's virtualenv
 * tasks (or one `taskId`), in a trusted workspace only. Progress goes to the request's work-done
 * token (`$/progress`); cancelling the request (or the progress) stops the running step and kills
 * its process group. The findings stay published until the requirements or the interpreter change.
 */
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { checkEnvironment } from '../../environment/check-env.js';
import { resolveExecutable } from '../../interpreter/probe.js';
import { readTextFileCached } from '../../host/files.js';
import { pathOf } from '../open-documents.js';
import type { CheckEnvironmentResult } from '../protocol.js';
import type { Session } from '../session.js';

const BUILD_CODES = new Set(['VENV213', 'VENV214', 'VENV307']);

export async function checkEnvironmentCommand(connection: Connection, session: Session, argument: unknown, _command: string, token: CancellationToken | undefined, progress: WorkDoneProgressReporter | undefined): Promise<CheckEnvironmentResult> {
  const { uri, taskId, trusted: clientTrusted } = (argument ?? {}) as { uri?: unknown; taskId?: unknown; trusted?: unknown };
  const trusted = typeof clientTrusted === 'boolean' ? clientTrusted : session.workspaceTrusted;
  if (!trusted) {
    void connection.window.showWarningMessage('Airflow: Build Task Environment runs virtualenv, pip and the venv\'s Python, so it only runs in a trusted workspace.');
    return { built: false, reason: 'untrusted workspace' };
  }
  const document = typeof uri === 'string' ? session.documents.get(uri) : undefined;
  const path = typeof uri === 'string' ? pathOf(uri) : undefined;
  if (!document || !path) return { built: false, reason: 'open a saved DAG file first' };
  if (session.building.has(uri as string)) return { built: false, reason: 'a build of this file is already running' };
  session.building.add(uri as string);
  const controller = new AbortController();
  token?.onCancellationRequested(() => controller.abort());
  progress?.begin('Airflow: Build Task Environment', 0, 'Planning', true);
  try {
    const result = await checkEnvironment({
      grammar: session.grammar,
      path,
      text: document.document.getText(),
      ...(typeof taskId === 'string' ? { taskId } : {}),
      config: session.configOf(uri as string),
      store: session.environments,
      which: (command) => resolveExecutable(command),
      lintOptions: { readFile: readTextFileCached, workspace: session.workspace },
      signal: controller.signal,
      progress: (message, percentage) => {
        progress?.report(percentage, message);
        connection.console.info(`Build Task Environment: ${message}`);
      },
    });
    const report = [...result.outcomes.map((outcome) => outcome.report), ...(result.error ? [`✗ ${result.error}`] : [])].join('\n\n');
    connection.console.info(`Build Task Environment\n${report}`);
    session.refreshAll();
    const problems = result.findings.filter((finding) => BUILD_CODES.has(finding.code)).map((finding) => ({ code: finding.code, line: finding.span.source.lines.positionAt(finding.span.start).line, message: finding.message }));
    if (result.cancelled) return { built: false, cancelled: true, reason: 'cancelled', report };
    if (result.outcomes.length === 0) return { built: false, reason: result.error ?? 'nothing to build', report };
    return { built: true, report, problems };
  } finally {
    progress?.done();
    session.building.delete(uri as string);
  }
}
