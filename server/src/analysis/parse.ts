/**
 * web-tree-sitter set-up: the Python grammar is loaded once, the queries in
 * `grammars/queries/*.scm` are compiled once, and documents are parsed (or
 * re-parsed incrementally after `applyEdit`) with one shared parser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';

export type { Node, Tree } from 'web-tree-sitter';

/** The queries the analysis runs, one per `.scm` file in `grammars/queries/`. */
export interface Queries {
  /** Imports, calls, decorated functions, module-level constants, definitions. */
  structure: Query;
}

export interface Grammar {
  language: Language;
  queries: Queries;
  parser: Parser;
}

const QUERY_FILES: Record<keyof Queries, string> = {
  structure: 'structure.scm',
};

let loading: Promise<Grammar> | undefined;

/**
 * Folders that may hold `tree-sitter-python.wasm` and `queries/`: next to the
 * bundle (`dist/grammars`), or the repository's `grammars/` when running from source.
 */
function grammarCandidates(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, 'grammars'), join(here, '..', 'grammars'), join(here, '..', '..', '..', 'grammars')];
}

export function findGrammarDirectory(): string {
  for (const candidate of grammarCandidates()) {
    if (existsSync(join(candidate, 'tree-sitter-python.wasm'))) return candidate;
  }
  throw new Error(`tree-sitter-python.wasm not found in: ${grammarCandidates().join(', ')}`);
}

/** Loads the grammar and compiles the queries; later calls share the first load. */
export function loadGrammar(grammarDirectory?: string): Promise<Grammar> {
  loading ??= load(grammarDirectory ?? findGrammarDirectory());
  return loading;
}

async function load(directory: string): Promise<Grammar> {
  const runtime = join(directory, 'tree-sitter.wasm');
  await Parser.init(existsSync(runtime) ? { locateFile: () => runtime } : undefined);
  const language = await Language.load(readFileSync(join(directory, 'tree-sitter-python.wasm')));
  const queries = {} as Queries;
  for (const [name, file] of Object.entries(QUERY_FILES) as [keyof Queries, string][]) {
    queries[name] = new Query(language, readFileSync(join(directory, 'queries', file), 'utf8'));
  }
  const parser = new Parser();
  parser.setLanguage(language);
  return { language, queries, parser };
}

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
