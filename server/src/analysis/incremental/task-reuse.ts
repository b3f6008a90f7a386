/**
 * When a task's extraction can be reused after an edit. Building a task records what it read
 * (`Dependencies`); on the next edit the task is reused, moved, only if none of that changed.
 * What "now" looks like comes from the extraction in progress (`Current`), so this file knows
 * nothing of trees or records.
 */
import type { ReadResult } from '../inputs.js';
import type { SourceText, TaskModel } from '../model.js';
import type { TextChange } from '../parse/parse.js';
import { listSpans, shiftEnd, shiftList, shiftStart, type SpanList } from './shift.js';
import { touches, type Affected } from '../extract/structure.js';

/** What a name looked up outside the task resolved to: where, and the text that decides it. */
export type Seen = { at: number; text: string } | 'absent' | 'ambiguous';

interface Range {
  start: number;
  end: number;
}

/**
 * Everything a task's model was built from, so that a later version of the text can tell
 * whether building it again would give the same model: the ranges it read (its call or
 * decorated function, its callable, the functions its `python_callable` name could mean) and
 * what each name it looked up elsewhere resolved to.
 */
export interface Dependencies {
  ranges: Range[];
  constants: Map<string, Seen>;
  functions: Map<string, Seen[]>;
  outer: Map<string, Seen>;
  files: Map<string, string>;
  /** The functions enclosing the callable, innermost first: the scopes its free names are looked up in before the module. */
  scopes: Range[];
  /** Module-level names it checked for an import before asking the workspace about them. */
  imported: Map<string, Seen>;
  /**
   * The workspace resolved a name for it (a callable or constant imported from another module):
   * what that resolves to depends on other files, so it is extracted again on every edit (the
   * server re-analyses it when another file changes).
   */
  crossModule: boolean;
}

export function emptyDependencies(site: Range): Dependencies {
  return { ranges: [{ start: site.start, end: site.end }], constants: new Map(), functions: new Map(), outer: new Map(), files: new Map(), scopes: [], imported: new Map(), crossModule: false };
}

export interface CachedTask {
  /** How the site resolved: form, operator path, site range. */
  key: string;
  start: number;
  end: number;
  dependencies: Dependencies;
  model: TaskModel;
  /**
   * Its model's spans, to move them across an edit: listed on the first move that shifts them (the
   * model is then still as built), as most tasks never move (a CLI run, a task below every edit).
   */
  spans: SpanList | undefined;
}

/** The new text's answers to the questions a task asked when it was built. */
export interface Current {
  constant(name: string): Seen;
  functions(name: string): Seen[];
  /** Look-ups through these enclosing functions, then the module; undefined when one of them is gone. */
  outer(scopes: Range[]): ((name: string) => Seen) | undefined;
  moduleName(name: string): Seen;
  file(path: string): string;
}

export function seenFile(result: ReadResult): string {
  return 'error' in result ? `error: ${result.error}` : `text: ${result.text}`;
}

/**
 * Whether a task built from the old text would be built the same from the new one: none of
 * its ranges touches what the edit affected, and every name it looked up elsewhere still
 * resolves to the same text at the same (moved) place.
 */
export function stillValid(current: Current, dependencies: Dependencies, change: TextChange, affected: Affected): boolean {
  if (dependencies.crossModule) return false;
  if (dependencies.ranges.some((range) => touches(affected, range.start, range.end))) return false;
  const same = (old: Seen, now: Seen) => (typeof old === 'string' || typeof now === 'string' ? old === now : shiftStart(change, old.at) === now.at && old.text === now.text);
  for (const [name, old] of dependencies.constants) if (!same(old, current.constant(name))) return false;
  for (const [name, old] of dependencies.functions) {
    const now = current.functions(name);
    if (now.length !== old.length || old.some((item, index) => !same(item, now[index]!))) return false;
  }
  if (dependencies.outer.size > 0) {
    // The callable is untouched, so the functions around it are the same ones, moved.
    const lookUp = current.outer(dependencies.scopes.map((scope) => ({ start: shiftStart(change, scope.start), end: shiftEnd(change, scope.end) })));
    if (!lookUp) return false;
    for (const [name, old] of dependencies.outer) if (!same(old, lookUp(name))) return false;
  }
  for (const [name, old] of dependencies.imported) if (!same(old, current.moduleName(name))) return false;
  for (const [path, old] of dependencies.files) if (current.file(path) !== old) return false;
  return true;
}

/**
 * A cached task moved into the new text, in place (the previous state is consumed): its model's
 * spans and its dependencies' places. Nothing moves when the edit kept the length.
 */
export function moveTask(cached: CachedTask, site: Range, change: TextChange, source: SourceText): CachedTask {
  cached.start = site.start;
  cached.end = site.end;
  if (change.newEnd === change.oldEnd) return cached;
  shiftList((cached.spans ??= listSpans(cached.model, source)), change);
  // In place, like the spans: every range and Seen here was made for this task alone (lookups.ts,
  // task.ts); copying them made new objects for every task after the edit on every keystroke.
  const moveSeen = (seen: Seen) => {
    if (typeof seen !== 'string') seen.at = shiftStart(change, seen.at);
  };
  const moveRange = (range: Range) => {
    range.start = shiftStart(change, range.start);
    range.end = shiftEnd(change, range.end);
  };
  const dependencies = cached.dependencies;
  dependencies.ranges.forEach(moveRange);
  dependencies.constants.forEach(moveSeen);
  for (const seen of dependencies.functions.values()) seen.forEach(moveSeen);
  dependencies.outer.forEach(moveSeen);
  dependencies.imported.forEach(moveSeen);
  dependencies.scopes.forEach(moveRange);
  return cached;
}
