/** `airflowVenvLint.applyFixAll`: every safe fix of an open document, as one edit. */
import type { Connection } from 'vscode-languageserver';
import { fixAllEdits } from '../../analysis/index.js';
import { workspaceEdit } from '../fix-actions.js';
import { pathOf } from '../open-documents.js';
import type { FixAllResult } from '../protocol.js';
import type { Session } from '../session.js';

/** `argument`: `{ uri }`, or the URI itself (as a code action's command sends it). */
export async function fixAll(connection: Connection, session: Session, argument: unknown): Promise<FixAllResult> {
  const uri = argument as { uri?: string } | string | undefined;
  const target = typeof uri === 'string' ? uri : uri?.uri;
  const open = target ? session.documents.get(target) : undefined;
  if (!target || !open) return { applied: false, reason: 'no such open document' };
  const edits = fixAllEdits(open.analysis.findings);
  if (edits.length === 0) return { applied: false, reason: 'nothing to fix' };
  const result = await connection.workspace.applyEdit({ label: 'Fix all virtualenv problems', edit: workspaceEdit(target, pathOf(target), edits) });
  return { applied: result.applied };
}
