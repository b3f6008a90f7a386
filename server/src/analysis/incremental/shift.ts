/**
 * Moves pieces of the model across one edit of their text: every span into the edited text that
 * lies after the edit is shifted, in place. Used for tasks the edit did not touch, so that their
 * extraction (and their findings) are reused, not redone, on every keystroke.
 *
 * In place, because copying every reused task's model on every keystroke cost more than the
 * rest of the analysis (a 10k-line DAG has 40,000 objects in its tasks). It is safe because the
 * document's `SourceText` moves with it (`lintText` updates it for the new version) and the
 * previous version's results are dropped when the new ones are made. The spans of a task are
 * listed once, on its first move (task-reuse.ts), so that moving it is a loop over an array; a
 * span must belong to one list only (extraction gives each task its own copies of shared bindings).
 */
import type { TextChange } from '../parse/parse.js';
import type { SourceText, Span } from '../model.js';

/** Where an old offset outside the edited range lands; an end that is the edit's start stays. */
export function shiftStart(change: TextChange, offset: number): number {
  return offset >= change.oldEnd ? offset + change.newEnd - change.oldEnd : offset;
}

export function shiftEnd(change: TextChange, offset: number): number {
  return offset > change.start ? offset + change.newEnd - change.oldEnd : offset;
}

/** The spans into `source` of a piece of the model, each once, with the largest offset they reach. */
export interface SpanList {
  spans: Span[];
  last: number;
}

/**
 * Lists the spans into `source` reachable from `value` (objects, arrays, Maps; source texts and
 * spans into other texts, such as a requirements file, are left alone), skipping those in `known`.
 */
export function listSpans(value: unknown, source: SourceText, known: ReadonlySet<Span> = new Set()): SpanList {
  const spans: Span[] = [];
  const seen = new Set<object>();
  let last = -1;
  const visit = (item: unknown): void => {
    if (typeof item !== 'object' || item === null || seen.has(item)) return;
    seen.add(item);
    const record = item as Record<string, unknown>;
    if (record.source !== undefined && typeof record.start === 'number') {
      const span = item as Span;
      if (span.source !== source || known.has(span)) return;
      spans.push(span);
      last = Math.max(last, span.end);
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
  return { spans, last };
}

/** Shifts a list's spans across `change`, in place (nothing to do when the edit is after them all). */
export function shiftList(list: SpanList, change: TextChange): void {
  if (list.last < change.start || change.newEnd === change.oldEnd) return;
  for (const span of list.spans) {
    span.start = shiftStart(change, span.start);
    span.end = Math.max(span.start, shiftEnd(change, span.end));
  }
  list.last = shiftEnd(change, list.last);
}
