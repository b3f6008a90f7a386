/** textDocument/hover on a requirement: what each version source would pin, without network. */
import type { Connection, Hover } from 'vscode-languageserver';
import { guard } from '../boundary.js';
import { pathOf } from '../open-documents.js';
import { requirementHover } from '../pinning.js';
import type { Session } from '../session.js';

export function register(connection: Connection, session: Session): void {
  connection.onHover(guard(connection, 'hover', null, async (params): Promise<Hover | null> => {
    const open = session.documents.get(params.textDocument.uri);
    if (!open || !session.settings.enable) return null;
    const offset = open.document.offsetAt(params.position);
    const path = pathOf(params.textDocument.uri);
    const hit = open.analysis.requirements.find(({ entry }) => (entry.span.source.path ?? path) === path && entry.span.start <= offset && offset <= entry.span.end);
    if (!hit) return null;
    const markdown = await requirementHover(session.pinning, hit.entry, hit.pythonVersion, session.configOf(params.textDocument.uri));
    if (!markdown) return null;
    const lines = hit.entry.span.source.lines;
    return { contents: { kind: 'markdown', value: markdown }, range: lines.range(hit.entry.span.start, hit.entry.span.end) };
  }));
}
