/**
 * What the client has been sent for each file, and the only place that sends it.
 * A document's own diagnostics, merged with what the other open DAGs find in it
 * (a requirements file, a module two DAGs import): each diagnostic once, and a
 * file that is not the edited document is sent again only when it changed.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver';
import { sameRange } from './to-diagnostic.js';

/** Two diagnostics of one file are the same report when place, code and message agree. */
export function diagnosticKey(item: Diagnostic): string {
  return JSON.stringify([item.range, item.code, item.message]);
}

export class DiagnosticsPublisher {
  /** Each open document's diagnostics in its own file (merged with what other DAGs find in it). */
  private readonly own = new Map<string, Diagnostic[]>();
  /** Diagnostics in requirements files, per file, per DAG document that reads it. */
  private readonly external = new Map<string, Map<string, Diagnostic[]>>();
  /** What was last sent for each of those files. */
  private readonly externalSent = new Map<string, string>();

  /** For clients that are pushed to: what each open document was last sent. */
  private readonly pushed = new Map<string, Diagnostic[]>();

  /** For clients that pull: the last items answered per file and the result id that names them. */
  private readonly answered = new Map<string, { items: Diagnostic[]; resultId: string }>();
  private nextResultId = 1;

  /**
   * `pull`: the client asks (textDocument/diagnostic) and nothing is pushed for the documents
   * themselves. `everyVersion`: a pushed document is sent on every analysis, changed or not (the
   * client drops a publish made for a version it has already left behind).
   */
  constructor(private readonly connection: Connection, private readonly pull: boolean, private readonly everyVersion = false) {}

  /** A file's own diagnostics plus what other open DAGs find in it (requirements files, imported modules), each once. */
  itemsFor(fileUri: string): Diagnostic[] {
    const mine = this.own.get(fileUri) ?? [];
    const others = this.external.get(fileUri);
    if (!others || others.size === 0) return mine; // a DAG nobody else reports on: every keystroke
    const unique = new Map([...others.values()].flat().map((item) => [diagnosticKey(item), item]));
    for (const item of mine) unique.delete(diagnosticKey(item));
    return [...mine, ...unique.values()];
  }

  /**
   * textDocument/diagnostic: `uri`'s items with a result id, or only "unchanged" when the client
   * already holds them (`previousResultId`). A keystroke that moves no finding (most of them) then
   * costs a few bytes instead of every diagnostic of the file again. Most diagnostics compare by
   * identity (to-diagnostic.ts returns the same object for a finding that did not move); findings
   * made afresh on each analysis (file- and folder-wide rules) compare field by field.
   */
  report(uri: string, previousResultId: string | undefined, items: Diagnostic[]): { resultId: string; items: Diagnostic[] | undefined } {
    const last = this.answered.get(uri);
    const same = last !== undefined && sameDiagnostics(last.items, items);
    const resultId = same ? last.resultId : String(this.nextResultId++);
    if (!same) this.answered.set(uri, { items, resultId });
    return { resultId, items: same && previousResultId === resultId ? undefined : items };
  }

  /** A closed document: forget what was answered or pushed for it (reopened, it is sent again). */
  forget(uri: string): void {
    this.answered.delete(uri);
    this.pushed.delete(uri);
  }

  /**
   * Sends `uri`'s diagnostics, split by the file they are in (`byUri`), and those of every other file
   * whose share changed. `open` false: the document was closed, and its own diagnostics are forgotten.
   */
  publish(uri: string, open: boolean, version: number | undefined, byUri: ReadonlyMap<string, Diagnostic[]>): void {
    if (open) this.own.set(uri, byUri.get(uri) ?? []);
    else this.own.delete(uri);
    if (!this.pull) {
      // A keystroke that moves no diagnostic (one typed in a line without findings after it: most of
      // them) sends nothing: the client holds these already, at these places. Pushing them again
      // cost every diagnostic of the file on every keystroke (120 KB at 1,000 lines). Not to a
      // client that drops a publish for a version it has left: the one it holds may be older.
      const items = this.itemsFor(uri);
      const last = this.pushed.get(uri);
      if (this.everyVersion || !open || last === undefined || !sameDiagnostics(last, items)) void this.connection.sendDiagnostics({ uri, version, diagnostics: items });
      if (open) this.pushed.set(uri, items);
      else this.pushed.delete(uri);
    }
    // Requirements files: the union of what every open DAG finds in them.
    const touched = new Set<string>();
    for (const [fileUri, perDocument] of this.external) if (perDocument.delete(uri)) touched.add(fileUri);
    for (const [fileUri, diagnostics] of byUri) {
      if (fileUri === uri) continue;
      if (!this.external.has(fileUri)) this.external.set(fileUri, new Map());
      this.external.get(fileUri)!.set(uri, diagnostics);
      touched.add(fileUri);
    }
    for (const fileUri of touched) {
      // Two DAGs reading one requirements file (or sharing a pyproject.toml) report the same thing once.
      const all = this.itemsFor(fileUri);
      // Every keystroke in a DAG re-derives these; send them only when they changed.
      const key = JSON.stringify(all);
      if (this.externalSent.get(fileUri) !== key) void this.connection.sendDiagnostics({ uri: fileUri, diagnostics: all });
      this.externalSent.set(fileUri, key);
      if (all.length === 0 && !this.own.has(fileUri)) {
        this.external.delete(fileUri);
        this.externalSent.delete(fileUri);
      }
    }
  }
}

function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && a.every((item, index) => sameDiagnostic(item, b[index]!));
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  if (a === b) return true;
  if (a.code !== b.code || a.message !== b.message || a.severity !== b.severity || !sameRange(a.range, b.range)) return false;
  if ((a.tags ?? []).join() !== (b.tags ?? []).join()) return false;
  const ra = a.relatedInformation ?? [];
  const rb = b.relatedInformation ?? [];
  return ra.length === rb.length && ra.every((item, index) => item.location.uri === rb[index]!.location.uri && item.message === rb[index]!.message && sameRange(item.location.range, rb[index]!.location.range));
}
