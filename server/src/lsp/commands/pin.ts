/**
 * `airflowVenvLint.server.pinFromIndex` (one finding, from a code action) and
 * `airflowVenvLint.server.pinAll` (every safe pin of a document): look the
 * versions up, then apply the pins.
 */
import type { Connection } from 'vscode-languageserver';
import { pathOf } from '../open-documents.js';
import { COMMANDS, type PinArgument, type PinResult } from '../protocol.js';
import type { Session } from '../session.js';

export async function pin(connection: Connection, session: Session, argument: unknown, command: string): Promise<PinResult> {
  const { uri, version, code, start, source } = (argument ?? {}) as Partial<PinArgument>;
  const open = uri ? session.documents.get(uri) : undefined;
  if (!uri || !open) return { pinned: 0, problems: ['no such open document'] };
  const all = command === COMMANDS.pinAll;
  // In an untrusted workspace no command reaches an index (audit X2): "look it up" is refused, and
  // "pin all" uses what is known without the network (a constraints file inside the project, the cache).
  if (!session.workspaceTrusted && !all) return { pinned: 0, problems: ['package index look-ups are off in an untrusted workspace'] };
  if (!all && open.analysis.version !== version) return { pinned: 0, problems: ['the document changed; ask for the action again'] };
  const findings = all
    ? open.analysis.findings.filter((finding) => finding.pin?.safe)
    : open.analysis.findings.filter((finding) => finding.code === code && finding.span.start === start && (finding.span.source.path ?? null) === (source ?? null));
  const config = session.workspaceTrusted ? session.configOf(uri) : { ...session.configOf(uri), offline: true };
  const outcome = await session.pinning.apply(connection, uri, pathOf(uri), findings, config, all ? 'Pin all requirements' : 'Pin requirement');
  if (outcome.problems.length > 0) void connection.window.showWarningMessage(`Airflow: could not pin everything: ${outcome.problems[0]}${outcome.problems.length > 1 ? ` (and ${outcome.problems.length - 1} more, see the output)` : ''}`);
  return outcome;
}
