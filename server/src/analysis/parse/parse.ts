/**
 * Documents are parsed (or re-parsed incrementally after `applyEdit`) with the
 * grammar's one shared parser.
 */
import type { Tree } from 'web-tree-sitter';
import type { Grammar } from './grammar.js';

export type { Grammar } from './grammar.js';
export type { Node, Tree } from 'web-tree-sitter';

/**
 * Parses `text`; with `previous` (already edited with `applyEdit`) the parse is
 * incremental. Never returns null: a parse that the runtime refuses throws.
 */
export function parse(grammar: Grammar, text: string, previous?: Tree): Tree {
  const tree = grammar.parser.parse(text, previous ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** A text change in offsets (UTF-16 code units), as an editor reports it. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * Tells `tree` about a change from `oldText` to `newText` so that the next
 * `parse(grammar, newText, tree)` reuses what the change did not touch.
 */
export function applyEdit(tree: Tree, oldText: string, newText: string, change: TextChange): void {
  tree.edit({
    startIndex: change.start,
    oldEndIndex: change.oldEnd,
    newEndIndex: change.newEnd,
    startPosition: pointAt(oldText, change.start),
    oldEndPosition: pointAt(oldText, change.oldEnd),
    newEndPosition: pointAt(newText, change.newEnd),
  });
}

/** tree-sitter point (row, UTF-16 column) of an offset; rows end at "\n" only. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    row++;
    lineStart = index + 1;
  }
  return { row, column: offset - lineStart };
}
