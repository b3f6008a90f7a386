/**
 * Moves a piece of the model across one edit of its text: every span into the edited text that
 * lies after the edit is shifted, in place. Used for tasks the edit did not touch, so that their
 * extraction is reused, not redone, on every keystroke.
 *
 * In place, because copying every reused task's model on every keystroke cost more than the
 * rest of the analysis (a 10k-line DAG has 40,000 objects in its tasks). It is safe because the
 * document's `SourceText` moves with it (`lintText` updates it for the new version) and the
 * previous version's results are dropped when the new ones are made.
 */
import type { TextChange } from './parse.js';
import type { SourceText, Span } from './model.js';

/** Where an old offset outside the edited range lands; an end that is the edit's start stays. */
export function shiftStart(change: TextChange, offset: number): number {
  return offset >= change.oldEnd ? offset + change.newEnd - change.oldEnd : offset;
}

export function shiftEnd(change: TextChange, offset: number): number {
  return offset > change.start ? offset + change.newEnd - change.oldEnd : offset;
}

/**
 * Calls `each` once for every span into `source` reachable from `value`. `visited` may be shared
 * by several calls: models share spans (a module-level binding read by several tasks, a
 * requirement's span that is also its element), and each must be seen once.
 */
function forEachSpan(value: unknown, source: SourceText, visited: Set<object>, each: (span: Span) => void): void {
  const visit = (item: unknown): void => {
    if (typeof item !== 'object' || item === null) return;
    const record = item as Record<string, unknown>;
    if (record.source !== undefined && typeof record.start === 'number') {
      // A span; one into another text (a requirements file) is not ours.
      if (record.source !== source || visited.has(item)) return;
      visited.add(item);
      each(item as Span);
      return;
    }
    if (Array.isArray(item)) {
      for (const entry of item) visit(entry);
      return;
    }
    if (item instanceof Map) {
      for (const entry of item.values()) visit(entry);
      return;
    }
    if (record.lines !== undefined && typeof record.text === 'string') return; // a source text
    for (const key in record) visit(record[key]);
  };
  visit(value);
}

/** Shifts, in place, the spans into `source` reachable from `value`; `visited` is shared by every call for one edit. */
export function shiftSpans(value: unknown, source: SourceText, change: TextChange, visited: Set<object>): void {
  forEachSpan(value, source, visited, (span) => {
    span.start = shiftStart(change, span.start);
    span.end = Math.max(span.start, shiftEnd(change, span.end));
  });
}

/** The largest end of a span into `source` reachable from `value` (-1 when there is none). */
export function lastOffset(value: unknown, source: SourceText): number {
  let last = -1;
  forEachSpan(value, source, new Set(), (span) => {
    last = Math.max(last, span.end);
  });
  return last;
}
