/**
 * `airflowVenvLint.applyFixAll`: every safe fix of an open document, as one edit; in a
 * requirements file, the safe fixes of what the open DAGs that read it find there.
 */
import type { Connection } from 'vscode-languageserver';
import { fixAllEdits, type Finding } from '../../analysis/index.js';
import { workspaceEdit } from '../fix-actions.js';
import { pathOf } from '../open-documents.js';
import type { FixAllResult } from '../protocol.js';
import type { Session } from '../session.js';

/** `argument`: `{ uri }`, or the URI itself (as a code action's command sends it). */
export async function fixAll(connection: Connection, session: Session, argument: unknown): Promise<FixAllResult> {
  const uri = argument as { uri?: string } | string | undefined;
  const target = typeof uri === 'string' ? uri : uri?.uri;
  const path = target ? pathOf(target) : undefined;
  const open = target ? session.documents.get(target) : undefined;
  let findings: Finding[];
  if (open) findings = open.analysis.findings;
  else if (target && path && session.requirementsFiles.get(target)) findings = session.findingsIn(path).map((item) => item.finding);
  else return { applied: false, reason: 'this file is not open as a DAG or a requirements file a DAG reads' };
  const edits = fixAllEdits(findings);
  if (edits.length === 0) return { applied: false, reason: findings.length === 0 ? 'no problems in this file' : `no automatic fix: ${countOf(findings.length, 'problem')} ${findings.length === 1 ? 'needs' : 'need'} a choice (Ctrl+.)`, remaining: findings.length };
  const result = await connection.workspace.applyEdit({ label: 'Fix all virtualenv problems', edit: workspaceEdit(target!, path, edits) });
  return { applied: result.applied };
}

function countOf(count: number, noun: string): string {
  return `${count === 0 ? 'no' : count} ${noun}${count === 1 ? '' : 's'}`;
}
