/**
 * `airflowVenvLint.server.verifyInterpreter`: probe the interpreters a document
 * names (or those the client picked), in a trusted workspace only, then re-lint
 * every open document with what was learnt.
 */
import type { Connection } from 'vscode-languageserver';
import { InterpreterRegistry, formatReport } from '../../interpreter/registry.js';
import type { VerifyInterpreterResult } from '../protocol.js';
import type { Session } from '../session.js';

export async function verifyInterpreter(connection: Connection, session: Session, argument: unknown): Promise<VerifyInterpreterResult> {
  // Unchecked on purpose: `commands` is read only when it has the right type. A `trusted` argument
  // is ignored: only the trust the client reported at initialize counts, and only a new server
  // (the extension restarts it when the workspace becomes trusted) lifts it (audit X1).
  const { uri, commands } = (argument ?? {}) as { uri?: string; commands?: unknown };
  if (!session.workspaceTrusted) {
    void connection.window.showWarningMessage('Airflow: Verify Interpreter runs the interpreters a DAG names, so it only runs in a trusted workspace.');
    return { verified: false, reason: 'untrusted workspace' };
  }
  const targets = (uri ? session.documents.get(uri)?.analysis.interpreters : undefined) ?? [];
  const wanted = Array.isArray(commands) ? commands.filter((item): item is string => typeof item === 'string') : undefined;
  const chosen = wanted ? wanted.map((command) => targets.find((target) => target.command === command) ?? { command, purpose: 'requested' }) : targets;
  if (chosen.length === 0) return { verified: false, reason: 'this file names no interpreter' };
  if (session.registry.timeoutMs !== session.settings.verifyTimeoutMs) session.registry = new InterpreterRegistry({ timeoutMs: session.settings.verifyTimeoutMs });
  const results = await session.registry.verify(chosen.map((target) => target.command));
  const report = formatReport(chosen, results);
  connection.console.info(`Verify Interpreter\n${report}`);
  session.refreshAll();
  return {
    verified: true,
    report,
    results: results.map((result, index) => ({ command: chosen[index]!.command, ok: result.ok, ...(result.ok ? { version: result.info.version, executable: result.info.executable } : { failure: result.failure, message: result.message }) })),
  };
}
