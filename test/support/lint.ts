/** Test helpers: lint a text or a file with the real grammar, as the CLI does. */
import { readFileSync } from 'node:fs';
import { lintText, loadGrammar, type EnvironmentLookup, type Grammar, type IndexLookup, type InterpreterLookup, type LintConfig, type LintResult } from '../../server/src/analysis/index.js';
import { readTextFile } from '../../server/src/host/files.js';
import { hostOptions } from '../../server/src/host/lint-host.js';

let grammar: Grammar | undefined;

export async function getGrammar(): Promise<Grammar> {
  grammar ??= await loadGrammar();
  return grammar;
}

export async function lint(
  text: string,
  path: string | undefined = '/dags/dag.py',
  config: LintConfig = {},
  files: Record<string, string> = {},
  facts: { interpreters?: InterpreterLookup; index?: IndexLookup; environments?: EnvironmentLookup; learnedModules?: Record<string, string[]> } = {},
): Promise<LintResult> {
  // As the CLI and the server do (hostOptions), with in-memory files first.
  const options = hostOptions(config, facts.interpreters, facts.index);
  const result = lintText(await getGrammar(), text, path, {
    ...options,
    ...(facts.environments ? { environments: facts.environments } : {}),
    ...(facts.learnedModules ? { learnedModules: facts.learnedModules } : {}),
    readFile: (file) => (file in files ? { text: files[file]! } : readTextFile(file)),
  });
  result.tree?.delete();
  return result;
}

export async function lintFile(path: string, config: LintConfig = {}): Promise<LintResult> {
  return lint(readFileSync(path, 'utf8'), path, config);
}

/** `CODE@line:col-line:col` (0-based) for compact assertions. */
export function brief(result: LintResult): string[] {
  return result.findings.map((finding) => {
    const range = finding.span.source.lines.range(finding.span.start, finding.span.end);
    return `${finding.code}@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
  });
}
