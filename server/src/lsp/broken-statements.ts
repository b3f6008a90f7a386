/**
 * No finding on an incomplete statement: while `import` or `import pandas as` is being typed,
 * tree-sitter marks the statement with an ERROR (or a MISSING) node and recovers by reading the
 * next line as part of it, so that `df = pd.read_parquet(path)` would become an import of "pd".
 * Findings inside such a statement are dropped until it parses.
 */
import type { Finding, SourceText, Tree } from '../analysis/index.js';

type Node = Tree['rootNode'];

/** Where a statement ends: its parent holds statements. A broken line in a function is not a broken function. */
const HOLDS_STATEMENTS = new Set(['module', 'block', 'function_definition', 'class_definition', 'decorated_definition', 'if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause', 'finally_clause', 'with_statement', 'match_statement', 'case_clause']);

/** The statements that hold a syntax error (or the error itself, where it sits among statements), as offsets. */
export function brokenStatements(tree: Tree | undefined): { start: number; end: number }[] {
  if (!tree || !tree.rootNode.hasError) return [];
  const found = new Map<number, { start: number; end: number }>();
  const visit = (node: Node) => {
    if (node.type === 'ERROR' || node.isMissing) {
      let statement = node;
      while (statement.parent && !HOLDS_STATEMENTS.has(statement.parent.type)) statement = statement.parent;
      found.set(statement.startIndex, { start: statement.startIndex, end: statement.endIndex });
      return;
    }
    for (const child of node.children) if (child && (child.hasError || child.isMissing)) visit(child);
  };
  visit(tree.rootNode);
  return [...found.values()];
}

/** `findings` without those in `source` that overlap a broken statement. */
export function withoutBroken(findings: Finding[], source: SourceText | undefined, broken: readonly { start: number; end: number }[]): Finding[] {
  if (!source || broken.length === 0) return findings;
  return findings.filter((finding) => finding.span.source !== source || !broken.some((range) => finding.span.start < range.end && range.start < finding.span.end));
}
