/**
 * Whether the last analysis of a document may be reused for its new text: only when
 * this one change turns the previous text into the new one (same file, consistent
 * lengths). Reused tasks keep their spans, so the document's source text object
 * moves to the new version with them.
 */
import type { ExtractState } from '../extract/extract.js';
import type { SourceText } from '../model.js';
import type { TextChange, Tree } from '../parse/parse.js';
import { LineIndex } from '../parse/positions.js';
import type { Moved } from './finding-reuse.js';

export interface Previous {
  state: ExtractState;
  oldTree: Tree;
  change: TextChange;
}

/** The source text the analysis reports on, and what it may reuse of the previous one (`previous`, `moved`). */
export function sourceAfter(
  text: string,
  path: string | undefined,
  previousTree: Tree | undefined,
  previousState: ExtractState | undefined,
  change: TextChange | undefined,
): { source: SourceText; previous: Previous | undefined; moved: Moved | undefined } {
  const consistent = previousState !== undefined && change !== undefined && previousState.source.path === path && previousState.source.text.length + change.newEnd - change.oldEnd === text.length;
  const previous = previousTree && consistent ? { state: previousState, oldTree: previousTree, change } : undefined;
  if (!previous) return { source: { path, text, lines: new LineIndex(text) }, previous: undefined, moved: undefined };
  const source = previous.state.source;
  const linesMoved = /[\r\n]/.test(source.text.slice(change!.start, change!.oldEnd)) || /[\r\n]/.test(text.slice(change!.start, change!.newEnd));
  source.text = text;
  source.lines = new LineIndex(text);
  return { source, previous, moved: { change: change!, linesMoved } };
}
