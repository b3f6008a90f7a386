/**
 * The rules over a whole DAG folder (VENV211, VENV212) in the editor: over the
 * open DAGs, and in workspace mode over every DAG file of the folder too. Each
 * open document gets its share; `update` says whose share changed, so that only
 * those are published again.
 */
import { runCrossTaskRules, sameItems, type CrossTaskMemory, type CrossTaskModel, type Finding, type LintConfig, type SourceText } from '../analysis/index.js';

/** A file's tasks as the rules over a folder read them, and its text (to give each finding to its document). */
export interface FolderModel extends CrossTaskModel {
  source: SourceText;
}

export class FolderFindings {
  /** Each open document's share, and where its findings were (offsets move when the document is edited). */
  private readonly shares = new Map<string, { findings: Finding[]; places: number[] }>();
  /** What the rules keep between keystrokes (runCrossTaskRules' memory). */
  private readonly memory: CrossTaskMemory = new Map();

  /** Re-runs the rules over the open documents' models and `others`; returns the open URIs whose share changed. */
  update(open: ReadonlyMap<string, FolderModel>, others: readonly FolderModel[], config: LintConfig): string[] {
    const bySource = new Map<SourceText, string>([...open].map(([uri, model]) => [model.source, uri]));
    const next = new Map<string, Finding[]>([...open.keys()].map((uri) => [uri, []]));
    for (const finding of runCrossTaskRules([...open.values(), ...others], config, this.memory).findings) {
      const uri = bySource.get(finding.span.source);
      if (uri) next.get(uri)!.push(finding);
    }
    const changed: string[] = [];
    for (const uri of new Set([...this.shares.keys(), ...next.keys()])) {
      const findings = next.get(uri) ?? [];
      // The rules hand back the same finding objects for what did not change (their spans moved in
      // place): a share changed when its findings, or where they are, did.
      const places = findings.flatMap((finding) => [finding.span.start, finding.span.end]);
      const last = this.shares.get(uri);
      if (!sameShare(last, findings, places)) changed.push(uri);
      if (next.has(uri)) this.shares.set(uri, { findings, places });
      else this.shares.delete(uri);
    }
    return changed;
  }

  get(uri: string): Finding[] {
    return this.shares.get(uri)?.findings ?? [];
  }
}

function sameShare(last: { findings: Finding[]; places: number[] } | undefined, findings: Finding[], places: number[]): boolean {
  if (!last) return findings.length === 0;
  if (!sameItems(last.places, places)) return false;
  // A finding made afresh with the same code and message at the same place is the same report.
  return last.findings.every((finding, index) => finding === findings[index] || (finding.code === findings[index]!.code && finding.message === findings[index]!.message));
}
