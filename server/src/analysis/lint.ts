/**
 * The analysis entry point: text in, findings out. Refuses what Python itself
 * refuses or the parser cannot take (parse/budget.ts), parses (incrementally when
 * given the previous tree), extracts the model (reusing what the last analysis of
 * the document may pass on, incremental/), then runs the rules (run.ts). A broken
 * parser is replaced and the text analysed again; if that fails too, ParserFailure.
 */
import { configured, isSelected, type LintConfig } from './config.js';
import { extract, type ExtractState } from './extract/extract.js';
import type { Finding } from './findings.js';
import type { CrossModuleResolver, ExternalFacts, ReadFile } from './inputs.js';
import type { AirflowTarget } from './knowledge/airflow-target.js';
import type { FileModel, SourceText } from './model.js';
import { keepsRefusal, refusalOf, type Refusal } from './parse/budget.js';
import { isCurrent, isWasmFailure, parse, ParserFailure, renewParser, type Grammar, type TextChange, type Tree } from './parse/parse.js';
import { LineIndex } from './parse/positions.js';
import { fileNotAnalysed } from './rules/file-not-analysed.js';
import { finding } from './rules/rule.js';
import { sourceAfter } from './incremental/previous.js';
import { runRules } from './run.js';

/** The text's configuration, how to read the files it names, the last analysis of it, and what the host learnt outside (ExternalFacts). */
export interface LintOptions extends ExternalFacts {
  config?: LintConfig;
  /** Reads requirements files named by tasks. */
  readFile?: ReadFile;
  /** The previous tree of this document, already edited with `applyEdit`. */
  previousTree?: Tree;
  /**
   * The previous result's `state` and the one change since (the change `previousTree` was
   * edited with): the tasks the change did not touch are not extracted again. The previous
   * result is consumed: its model and findings move to the new text.
   */
  previousState?: ExtractState;
  change?: TextChange;
  /** Follows imported callables and requirement constants into other workspace files (see workspace.ts). */
  workspace?: CrossModuleResolver;
}

export interface LintResult {
  findings: Finding[];
  /** Undefined when the text never mentions Airflow (nothing was parsed). */
  model: FileModel | undefined;
  /** Undefined when nothing was parsed; the caller owns it (`tree.delete()`). */
  tree: Tree | undefined;
  /** The Airflow releases the file was judged against, and why; undefined when nothing was parsed. */
  target?: AirflowTarget;
  /** Rules that threw: a bug, reported without losing the other rules' findings. */
  internalErrors: string[];
  /** For the next analysis of the same document (`previousState`). */
  state: ExtractState | undefined;
  /** How many tasks were reused from `previousState` rather than extracted again. */
  reusedTasks: number;
}

/** A Python file that never mentions airflow cannot define an Airflow task. */
export function mayContainTasks(text: string): boolean {
  return text.includes('airflow');
}

export function lintText(grammar: Grammar, text: string, path: string | undefined, options: LintOptions = {}): LintResult {
  if (!mayContainTasks(text)) return { findings: [], model: undefined, tree: undefined, internalErrors: [], state: undefined, reusedTasks: 0 };
  // A text the last analysis accepted (it left a state) keeps being accepted across a typed word.
  const previousText = options.previousState?.source.text;
  const change = options.change;
  const kept = previousText !== undefined && change !== undefined && previousText.length + change.newEnd - change.oldEnd === text.length && keepsRefusal(previousText, text, change.start, change.oldEnd, change.newEnd);
  const refusal = kept ? undefined : refusalOf(text);
  if (refusal) return refused(text, path, refusal, options.config ?? {});
  try {
    return analyse(grammar, text, path, isCurrent(grammar, options.previousTree) ? options : { ...options, previousTree: undefined });
  } catch (error) {
    if (!isWasmFailure(error)) throw error;
    // The shared parser broke (wasm memory access out of bounds): a new parser, and this text again from scratch.
    renewParser(grammar);
    try {
      return analyse(grammar, text, path, { ...options, previousTree: undefined, previousState: undefined, change: undefined });
    } catch (again) {
      throw isWasmFailure(again) ? new ParserFailure(again) : again;
    }
  }
}

function analyse(grammar: Grammar, text: string, path: string | undefined, options: LintOptions): LintResult {
  const tree = parse(grammar, text, options.previousTree);
  const { source, previous, moved } = sourceAfter(text, path, options.previousTree, options.previousState, options.change);
  const { model, state, reused } = extract(grammar, tree, source, { readFile: options.readFile, previous, ...(options.workspace ? { workspace: options.workspace } : {}) });
  const facts = {
    interpreters: options.interpreters,
    constraints: options.constraints,
    index: options.index,
    importable: options.importable ?? options.workspace?.importable?.(path),
    environments: options.environments,
    learnedModules: options.learnedModules,
  };
  return { ...runRules(model, options.config, facts, moved), model, tree, state, reusedTasks: reused };
}

/** A text the analysis refuses (parse/budget.ts): one finding that says why, nothing parsed. */
function refused(text: string, path: string | undefined, refusal: Refusal, config: LintConfig): LintResult {
  const source: SourceText = { path, text, lines: new LineIndex(text) };
  const report = { span: { source, start: refusal.offset, end: refusal.offset }, message: refusal.message, ...(refusal.pythonLimit ? {} : { severity: 'info' as const }) };
  const findings = isSelected(fileNotAnalysed, config) ? configured([finding(fileNotAnalysed, report)], config) : [];
  return { findings, model: undefined, tree: undefined, internalErrors: [], state: undefined, reusedTasks: 0 };
}
