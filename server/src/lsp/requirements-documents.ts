/**
 * Requirements files open in the editor (`requirements/etl.txt`): their text, which wins over the
 * disk for the DAGs that read them, and what the open DAGs report in them. They are not analysed
 * on their own: a requirements file means something only through the tasks that read it.
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Finding } from '../analysis/index.js';
import { pathOf } from './open-documents.js';

/** A file the editor may show as requirements: pip's language id, or a `.txt` / `.in` file. */
export function isRequirementsDocument(uri: string, languageId?: string): boolean {
  return languageId === 'pip-requirements' || /\.(txt|in)$/i.test(uri);
}

export class RequirementsDocuments {
  private readonly documents = new Map<string, TextDocument>();

  open(uri: string, languageId: string, version: number, text: string): void {
    this.documents.set(uri, TextDocument.create(uri, languageId, version, text));
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): boolean {
    const document = this.documents.get(uri);
    if (!document) return false;
    TextDocument.update(document, changes, version);
    return true;
  }

  close(uri: string): boolean {
    return this.documents.delete(uri);
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  /** The editor's text of the open requirements file at `path`. */
  textAt(path: string): string | undefined {
    for (const [uri, document] of this.documents) if (pathOf(uri) === path) return document.getText();
    return undefined;
  }
}

/** A finding an open DAG (`owner`) makes in another file. */
export interface OwnedFinding {
  owner: string;
  finding: Finding;
}

/** What the open DAGs find in the file at `path`, each finding once (two DAGs may read one file). */
export function findingsInFile(path: string, owners: Iterable<[string, Finding[]]>): OwnedFinding[] {
  const seen = new Set<string>();
  const found: OwnedFinding[] = [];
  for (const [owner, findings] of owners) {
    for (const finding of findings) {
      if (finding.span.source.path !== path) continue;
      const key = `${finding.code}\0${finding.span.start}\0${finding.span.end}\0${finding.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ owner, finding });
    }
  }
  return found;
}
