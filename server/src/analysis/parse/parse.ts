/**
 * Documents are parsed (or re-parsed incrementally after `applyEdit`) with the
 * grammar's one shared parser.
 */
import { Parser, type Tree } from 'web-tree-sitter';
import type { Grammar } from './grammar.js';

export type { Grammar } from './grammar.js';
export type { Node, Tree, TreeCursor } from 'web-tree-sitter';

/** The parser generation each tree was made by: a tree of a replaced parser is not reused. */
const generations = new WeakMap<Tree, number>();

/**
 * Parses `text`; with `previous` (already edited with `applyEdit`) the parse is
 * incremental. Never returns null: a parse that the runtime refuses throws.
 * tree-sitter-python ends lines at "\n" only, Python (and LSP) at a lone "\r" too:
 * the parser reads lone CRs as "\n", which keeps every offset.
 */
export function parse(grammar: Grammar, text: string, previous?: Tree): Tree {
  const input = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const tree = grammar.parser.parse(input, previous ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  generations.set(tree, grammar.generation);
  return tree;
}

/** Whether `tree` was made by the grammar's current parser (so an incremental parse may start from it). */
export function isCurrent(grammar: Grammar, tree: Tree | undefined): boolean {
  return tree !== undefined && generations.get(tree) === grammar.generation;
}

/**
 * A new parser in place of a broken one. A document can leave the shared parser corrupt (a
 * scanner overflow in the wasm: every later parse fails with "memory access out of bounds"); a
 * new parser over the same language works again. Trees of the old one are not reused.
 */
export function renewParser(grammar: Grammar): void {
  const parser = new Parser();
  parser.setLanguage(grammar.language);
  grammar.parser = parser;
  grammar.generation++;
}

/** A WebAssembly.RuntimeError ("memory access out of bounds"...): the wasm parser failed, not our code. */
export function isWasmFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'RuntimeError';
}

/** The parser broke on a text even when new: the process should end so that its client starts a new one. */
export class ParserFailure extends Error {
  constructor(cause: unknown) {
    super(`the tree-sitter parser failed twice in a row (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'ParserFailure';
  }
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

/** tree-sitter point (row, UTF-16 column) of an offset; rows end at "\n" and at a lone "\r", as the parser reads them. */
function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  if (!text.includes('\r')) {
    for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
      row++;
      lineStart = index + 1;
    }
    return { row, column: offset - lineStart };
  }
  for (let index = 0; index < offset; index++) {
    const char = text.charCodeAt(index);
    if (char === 10 || (char === 13 && text.charCodeAt(index + 1) !== 10)) {
      row++;
      lineStart = index + 1;
    }
  }
  return { row, column: offset - lineStart };
}
