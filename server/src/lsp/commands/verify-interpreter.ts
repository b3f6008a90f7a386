/**
 * `airflowVenvLint.server.verifyInterpreter`: probe the interpreters a document
 * names (or those the client picked), in a trusted workspace only, then re-lint
 * every open document with what was learnt. The report is headed by the file; it
 * goes to the log only when the client does not show it itself.
 * `airflowVenvLint.server.clearVerifyResults`: forget every result.
 */
import { relative } from 'node:path';
import type { Connection } from 'vscode-languageserver';
import { InterpreterRegistry, formatReport } from '../../interpreter/registry.js';
import { pathOf } from '../open-documents.js';
import type { ClearVerifyResultsResult, VerifyFinding, VerifyInterpreterResult } from '../protocol.js';
import type { Session } from '../session.js';

/** The rules that only a verify run turns on. */
const VERIFY_CODES = new Set(['VENV107', 'VENV108', 'VENV305']);

export async function verifyInterpreter(connection: Connection, session: Session, argument: unknown): Promise<VerifyInterpreterResult> {
  // Unchecked on purpose: `commands` is read only when it has the right type. A `trusted` argument
  // is ignored: only the trust the client reported at initialize counts, and only a new server
  // (the extension restarts it when the workspace becomes trusted) lifts it (audit X1).
  const { uri, commands } = (argument ?? {}) as { uri?: string; commands?: unknown };
  if (!session.workspaceTrusted) {
    if (!session.clientShowsResults) void connection.window.showWarningMessage('Airflow Venv Lint: Verify Interpreter runs the interpreters a DAG names, so it only runs in a trusted workspace.');
    return { verified: false, reason: 'untrusted workspace' };
  }
  const targets = (uri ? session.documents.get(uri)?.analysis.interpreters : undefined) ?? [];
  const wanted = Array.isArray(commands) ? commands.filter((item): item is string => typeof item === 'string') : undefined;
  const chosen = wanted ? wanted.map((command) => targets.find((target) => target.command === command) ?? { command, purpose: 'requested' }) : targets;
  if (chosen.length === 0) return { verified: false, reason: 'this file has no virtualenv or external-python task, so it names no interpreter' };
  if (session.registry.timeoutMs !== session.settings.verifyTimeoutMs) session.registry = new InterpreterRegistry({ timeoutMs: session.settings.verifyTimeoutMs });
  const results = await session.registry.verify(chosen.map((target) => target.command));
  const report = `Verify Interpreter: ${fileName(session, uri)}\n${formatReport(chosen, results)}`;
  if (!session.clientShowsResults) connection.console.info(report);
  session.refreshAll();
  return {
    verified: true,
    report,
    results: results.map((result, index) => ({ command: chosen[index]!.command, ok: result.ok, ...(result.ok ? { version: result.info.version, executable: result.info.executable } : { failure: result.failure, message: result.message }) })),
    findings: verifyFindings(session, uri),
  };
}

export function clearVerifyResults(_connection: Connection, session: Session): ClearVerifyResultsResult {
  const cleared = session.documents.uris().reduce((sum, uri) => sum + verifyFindings(session, uri).length, 0);
  session.registry = new InterpreterRegistry({ timeoutMs: session.settings.verifyTimeoutMs });
  session.refreshAll();
  return { cleared };
}

/** The file as the report names it: relative to its workspace folder when it is in one. */
function fileName(session: Session, uri: string | undefined): string {
  const path = uri ? pathOf(uri) : undefined;
  if (!path) return uri ?? 'no file';
  const root = session.workspace.roots.find((folder) => !relative(folder, path).startsWith('..'));
  return root ? relative(root, path) : path;
}

function verifyFindings(session: Session, uri: string | undefined): VerifyFinding[] {
  const open = uri ? session.documents.get(uri) : undefined;
  if (!uri || !open) return [];
  return session.findingsOf(uri, open.analysis)
    .filter((finding) => VERIFY_CODES.has(finding.code))
    .map((finding) => ({ code: finding.code, severity: finding.severity, line: finding.span.source.lines.positionAt(finding.span.start).line + 1, message: finding.message }));
}
