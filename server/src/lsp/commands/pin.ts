/**
 * `airflowVenvLint.server.pinFromIndex` (one finding, from a code action) and
 * `airflowVenvLint.server.pinAll` (every safe pin of a DAG, or of a requirements file the open
 * DAGs read): look the versions up, then apply the pins. A look-up that finds nothing falls back
 * to adding the requirement without a version, and says so.
 */
import type { Connection } from 'vscode-languageserver';
import type { Finding } from '../../analysis/index.js';
import { workspaceEdit } from '../fix-actions.js';
import { pathOf } from '../open-documents.js';
import type { PinTarget } from '../pinning.js';
import { COMMANDS, type PinArgument, type PinResult } from '../protocol.js';
import { fileAdditions } from '../requirements-file-fixes.js';
import type { Session } from '../session.js';

export async function pin(connection: Connection, session: Session, argument: unknown, command: string): Promise<PinResult> {
  const { uri, version, code, start, source } = (argument ?? {}) as Partial<PinArgument>;
  const path = uri ? pathOf(uri) : undefined;
  const open = uri ? session.documents.get(uri) : undefined;
  if (command === COMMANDS.pinAll && uri && path && !open && session.requirementsFiles.get(uri)) return pinFile(connection, session, uri, path);
  if (!uri || !open) return { pinned: 0, problems: ['no such open document'] };
  const all = command === COMMANDS.pinAll;
  // In an untrusted workspace no command reaches an index (audit X2): "look it up" is refused, and
  // "pin all" uses what is known without the network (a constraints file inside the project, the cache).
  if (!session.workspaceTrusted && !all) return { pinned: 0, problems: ['package index look-ups are off in an untrusted workspace'] };
  const config = session.workspaceTrusted ? session.configOf(uri) : { ...session.configOf(uri), offline: true };
  if (all) {
    const targets = open.analysis.findings.flatMap((finding) => (finding.pin?.safe ? [{ finding, request: finding.pin }] : []));
    return session.pinning.apply(connection, uri, path, targets, config, 'Pin all requirements');
  }
  if (open.analysis.version !== version) return { pinned: 0, problems: ['the document changed; ask for the action again'] };
  const finding = open.analysis.findings.find((item) => item.code === code && item.span.start === start && (item.span.source.path ?? null) === (source ?? null));
  const request = finding?.pin ?? (finding ? fileAdditions(open.analysis.model, [finding], config)[0]?.request : undefined);
  if (!finding || !request) return { pinned: 0, problems: ['the finding is gone; ask for the action again'] };
  const outcome = await session.pinning.apply(connection, uri, path, [{ finding, request }], config, 'Pin requirement');
  if (outcome.pinned === 0 && !request.safe) {
    // Adding the name without a version still fixes the missing requirement (VENV201 then asks for a pin).
    const unpinned = unpinnedAddition(finding, request);
    if (unpinned && (await connection.workspace.applyEdit({ label: 'Add requirement', edit: workspaceEdit(uri, path, unpinned) })).applied) outcome.addedUnpinned = request.distribution;
  }
  if (!session.clientShowsResults) notify(connection, outcome, request.distribution);
  return outcome;
}

/** The finding's own fix that adds the requirement at the places the pin would (its unpinned twin), else the pin's edits without a version. */
function unpinnedAddition(finding: Finding, request: PinTarget['request']) {
  const pinned = request.edits('0');
  const twin = finding.fixes.find((fix) => fix.edits.length === pinned.length && fix.edits.every((edit, index) => edit.span.start === pinned[index]!.span.start && edit.span.source === pinned[index]!.span.source));
  if (twin) return twin.edits;
  const bare = request.edits('');
  return bare.length > 0 && !finding.pin ? bare : undefined;
}

/** Pin All in a requirements file: the safe pins the open DAGs that read it find there, as one edit. */
async function pinFile(connection: Connection, session: Session, uri: string, path: string): Promise<PinResult> {
  const owned = session.findingsIn(path).filter(({ finding }) => finding.pin?.safe);
  const targets = owned.map(({ finding }) => ({ finding, request: finding.pin! }));
  const config = owned[0] ? session.configOf(owned[0].owner) : session.configOf(uri);
  return session.pinning.apply(connection, uri, path, targets, config, 'Pin all requirements');
}

/** For clients that do not show the result themselves: one message. */
function notify(connection: Connection, outcome: PinResult, distribution: string): void {
  if (outcome.addedUnpinned) void connection.window.showWarningMessage(`Airflow Venv Lint: could not look up ${distribution} (${outcome.problems[0] ?? 'no version found'}); added it without a version.`);
  else if (outcome.pinned === 0) void connection.window.showWarningMessage(`Airflow Venv Lint: could not pin ${outcome.problems[0] ?? distribution}`);
}
