/** textDocument/documentLink: `requirements="requirements/etl.txt"` links to the file (Ctrl+click). */
import type { Connection, DocumentLink } from 'vscode-languageserver';
import { guard } from '../boundary.js';
import type { Session } from '../session.js';
import { uriOfPath } from '../to-diagnostic.js';

export function register(connection: Connection, session: Session): void {
  connection.onDocumentLinks(guard(connection, 'documentLink', [], (params): DocumentLink[] => {
    const model = session.documents.get(params.textDocument.uri)?.analysis.model;
    if (!model) return [];
    const links: DocumentLink[] = [];
    for (const task of model.tasks) {
      const requirements = task.requirements;
      const file = requirements?.file;
      // Only where the file name is written in this document (not in a constant of another module).
      if (!requirements || !file || requirements.span.source !== model.source) continue;
      const { start, end } = requirements.span;
      const written = model.source.text.slice(start, end);
      const at = written.indexOf(file.name);
      const range = at >= 0 ? model.source.lines.range(start + at, start + at + file.name.length) : model.source.lines.range(start, end);
      links.push({ range, target: uriOfPath(file.path), tooltip: file.error ? `Open ${file.name} (${file.error})` : `Open ${file.name}` });
    }
    return links;
  }));
}
