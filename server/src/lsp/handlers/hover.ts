/**
 * textDocument/hover on a requirement, in a DAG or in a requirements file an open DAG reads:
 * what each version source would pin, without network.
 */
import type { Connection, Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../open-documents.js';
import { guard } from '../boundary.js';
import { pathOf } from '../open-documents.js';
import { requirementHover } from '../pinning.js';
import type { Session } from '../session.js';

export function register(connection: Connection, session: Session): void {
  connection.onHover(guard(connection, 'hover', null, async (params): Promise<Hover | null> => {
    if (!session.settings.enable) return null;
    const uri = params.textDocument.uri;
    const path = pathOf(uri);
    const open = session.documents.get(uri);
    const document: TextDocument | undefined = open?.document ?? session.requirementsFiles.get(uri);
    if (!document) return null;
    // A DAG's own requirements; in a requirements file, those of every open DAG that reads it.
    const readers: { owner: string; analysis: Analysis }[] = open
      ? [{ owner: uri, analysis: open.analysis }]
      : (path ? session.readersOf(path) : []).map((owner) => ({ owner, analysis: session.documents.get(owner)!.analysis }));
    const offset = document.offsetAt(params.position);
    for (const { owner, analysis } of readers) {
      const hit = analysis.requirements.flatMap(({ entries, pythonVersion }) => {
        const entry = entries.find((item) => (item.span.source.path ?? path) === path && item.span.start <= offset && offset <= item.span.end);
        return entry ? [{ entry, pythonVersion }] : [];
      })[0];
      if (!hit) continue;
      const markdown = await requirementHover(session.pinning, hit.entry, hit.pythonVersion, session.configOf(owner));
      if (!markdown) return null;
      const lines = hit.entry.span.source.lines;
      return { contents: { kind: 'markdown', value: markdown }, range: lines.range(hit.entry.span.start, hit.entry.span.end) };
    }
    return null;
  }));
}
