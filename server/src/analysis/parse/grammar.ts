/**
 * web-tree-sitter set-up: the Python grammar is loaded once and the queries in
 * `grammars/queries/*.scm` are compiled once, into one shared parser. The only
 * disk access of the analysis core.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Language, Parser, Query } from 'web-tree-sitter';

/** The queries the analysis runs, one per `.scm` file in `grammars/queries/`. */
export interface Queries {
  /** Imports, calls, decorated functions, module-level constants, definitions. */
  structure: Query;
}

export interface Grammar {
  language: Language;
  queries: Queries;
  /** Shared by every parse; replaced when it breaks (parse.ts renewParser). */
  parser: Parser;
  /** How many times the parser was replaced. */
  generation: number;
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
  return [join(here, 'grammars'), join(here, '..', 'grammars'), join(here, '..', '..', '..', '..', 'grammars')];
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
  return { language, queries, parser, generation: 0 };
}
