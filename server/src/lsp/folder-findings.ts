/**
 * The rules over a whole DAG folder (VENV211, VENV212) in the editor: over the
 * open DAGs, and in workspace mode over every DAG file of the folder too. Each
 * open document gets its share; `update` says whose share changed, so that only
 * those are published again.
 */
import { runCrossTaskRules, type CrossTaskModel, type Finding, type LintConfig, type SourceText } from '../analysis/index.js';

/** A file's tasks as the rules over a folder read them, and its text (to give each finding to its document). */
export interface FolderModel extends CrossTaskModel {
  source: SourceText;
}

export class FolderFindings {
  private readonly shares = new Map<string, { key: ShareKey; findings: Finding[] }>();

  /** Re-runs the rules over the open documents' models and `others`; returns the open URIs whose share changed. */
  update(open: ReadonlyMap<string, FolderModel>, others: readonly FolderModel[], config: LintConfig): string[] {
    const bySource = new Map<SourceText, string>([...open].map(([uri, model]) => [model.source, uri]));
    const next = new Map<string, Finding[]>([...open.keys()].map((uri) => [uri, []]));
    for (const finding of runCrossTaskRules([...open.values(), ...others], config).findings) {
      const uri = bySource.get(finding.span.source);
      if (uri) next.get(uri)!.push(finding);
    }
    const changed: string[] = [];
    for (const uri of new Set([...this.shares.keys(), ...next.keys()])) {
      const findings = next.get(uri) ?? [];
      const key = findings.flatMap((finding) => [finding.code, finding.span.start, finding.span.end, finding.message]);
      if (!sameKey(this.shares.get(uri)?.key ?? [], key)) changed.push(uri);
      if (next.has(uri)) this.shares.set(uri, { key, findings });
      else this.shares.delete(uri);
    }
    return changed;
  }

  get(uri: string): Finding[] {
    return this.shares.get(uri)?.findings ?? [];
  }
}

/**
 * Each finding's code, place and message when the share was made (spans move with later edits):
 * what decides whether a document is published again. Values, not one joined string, so that a
 * share of many findings holds no second copy of their messages.
 */
type ShareKey = (string | number)[];

function sameKey(a: ShareKey, b: ShareKey): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
