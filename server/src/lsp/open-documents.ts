/**
 * Open documents and their analysis: one syntax tree per document, edited and
 * re-parsed incrementally on every change, and the findings of its latest
 * version. Knows nothing of the connection.
 */
import { fileURLToPath } from 'node:url';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { applyEdit, lintText, mayContainTasks, taskPythonVersion, type CrossModuleResolver, type CrossTaskInput, type CrossTaskModel, type EnvironmentLookup, type AirflowTarget, type ExtractState, type FileModel, type Finding, type Grammar, type IndexLookup, type InterpreterLookup, type LintConfig, type ReadFile, type RequirementEntry, type SourceText, type TaskModel, type TextChange, type Tree } from '../analysis/index.js';
import { pinnedNames } from '../versions/online.js';
import { MAX_FILE_BYTES } from '../host/files.js';
import { hostOptions } from '../host/lint-host.js';
import { interpreterTargets, type InterpreterTarget } from '../interpreter/targets.js';
import { brokenStatements, withoutBroken } from './broken-statements.js';

export interface Analysis {
  version: number;
  findings: Finding[];
  /** Paths of the requirements files the document's tasks read. */
  readFiles: string[];
  internalErrors: string[];
  /** Why the document was not analysed, when it was not. */
  skipped: string | undefined;
  /** The interpreters the document's tasks use (for Verify Interpreter). */
  interpreters: InterpreterTarget[];
  /** PEP 503 names of the requirements pinned with == (for online checks). */
  pinnedNames: string[];
  /** The requirements of the document's tasks, each task's (the model's own list) with its Python (for hovers). */
  requirements: { entries: RequirementEntry[]; pythonVersion: string | undefined }[];
  /** Other workspace modules the document's tasks were read from (re-analyse when one changes). */
  dependencies: string[];
  /** What the server reads of the extracted model (`keptModel`); undefined when nothing was parsed. */
  model?: KeptModel;
  /** The Airflow releases the document was judged against, and why (the status item; logged when it changes). */
  target?: AirflowTarget;
}

/**
 * The part of a document's model the server reads once the analysis is done. Not the model itself:
 * its arguments, imports and callables, and the caches the rules keep per task, are ~150 KB for a
 * findings-rich 300-line DAG, and were kept for every open document only to be replaced on its next
 * edit (30 of the 64 MB that 200 such documents held). The tasks of the documents being edited stay
 * whole in their extraction state (LIVE_TREES), for incremental re-analysis.
 */
export interface KeptModel extends CrossTaskModel {
  source: SourceText;
  /** Every task as the rules over a DAG folder read it; also all that document links and the status read. */
  tasks: CrossTaskInput[];
  /** The tasks whose requirements come from a file that was read, whole: requirements-file-fixes.ts reads their callables. */
  fileTasks: TaskModel[];
}

export function keptModel(model: FileModel): KeptModel {
  return {
    source: model.source,
    tasks: model.tasks.map(({ requirements, argumentsSpan }) => ({ requirements, argumentsSpan })),
    fileTasks: model.tasks.filter((task) => task.requirements?.file?.source),
  };
}

interface OpenDocument {
  document: TextDocument;
  tree: Tree | undefined;
  analysis: Analysis | undefined;
  /** The last extraction, and the one change since it (when there was exactly one): reused by the next. */
  state: ExtractState | undefined;
  change: TextChange | undefined;
  /** Changed since it was opened: the editor is typing in it, not only showing it. */
  edited: boolean;
}

export interface OpenDocumentsOptions {
  grammar: Grammar;
  /** Results of Verify Interpreter runs. */
  interpreters: InterpreterLookup;
  /** Results of online checks (when turned on). */
  index: IndexLookup;
  /** Results of Build Task Environment, and the modules the builds taught. */
  environments?: EnvironmentLookup;
  learnedModules?: () => Record<string, string[]>;
  /** Interpreters from the settings, verified along with the file's own. */
  extraInterpreters: () => readonly string[];
  /** The configuration for a document, and the problems found in it (VENV001 findings on pyproject.toml). */
  configFor: (uri: string) => { config: LintConfig; findings: Finding[] };
  /** Reads requirements files (the host's reader, with its cache, when absent). */
  readFile?: ReadFile;
  /** Follows imported callables and requirement constants into other files (the workspace index). */
  workspace?: CrossModuleResolver;
}

export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Documents that keep their syntax tree and extraction state between edits, most recently
 * analysed last. A tree costs wasm memory (about 180 KB for a 300-line DAG) and the state holds
 * the file's structure and task models; a document beyond these keeps its findings and KeptModel,
 * and re-parses from scratch on its next edit.
 */
export const LIVE_TREES = 12;

/**
 * Of those, how many may be documents only opened, never edited: the last one or two opened are
 * the ones typed in next. An editor restoring a workspace opens every file at once; keeping the
 * state of the last twelve for an edit that may never come held ~3 MB more for 200 open DAGs, and
 * each opened document's model, kept through twelve more opens, outlived V8's young generation and
 * left holes in the old one when it was dropped (VmRSS 152-159 -> 140-143 MB in the bench).
 */
export const OPENED_TREES = 2;

export class OpenDocuments {
  private readonly documents = new Map<string, OpenDocument>();
  private readonly live = new Set<OpenDocument>();

  constructor(private readonly options: OpenDocumentsOptions) {}

  open(uri: string, languageId: string, version: number, text: string): Analysis {
    this.close(uri);
    const open: OpenDocument = { document: TextDocument.create(uri, languageId, version, text), tree: undefined, analysis: undefined, state: undefined, change: undefined, edited: false };
    this.documents.set(uri, open);
    return this.analyse(open);
  }

  /** Applies editor changes in order, telling the tree about each one, then re-analyses. */
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Analysis | undefined {
    const open = this.documents.get(uri);
    if (!open) return undefined;
    open.edited = true;
    // Only a single range change since the last analysis lets extraction reuse what it did not touch.
    open.change = undefined;
    const reusable = changes.length === 1 && open.state !== undefined;
    for (const change of changes) {
      // Offsets in the old text first; then the document is updated in place.
      const oldText = open.document.getText();
      const range = 'range' in change ? { start: open.document.offsetAt(change.range.start), end: open.document.offsetAt(change.range.end) } : undefined;
      TextDocument.update(open.document, [change], version);
      if (open.tree && range) {
        const edit = { start: range.start, oldEnd: range.end, newEnd: range.start + change.text.length };
        applyEdit(open.tree, oldText, open.document.getText(), edit);
        if (reusable) open.change = edit;
      } else if (open.tree) {
        open.tree.delete();
        open.tree = undefined;
      }
    }
    return this.analyse(open);
  }

  close(uri: string): void {
    const open = this.documents.get(uri);
    if (open) this.dropTree(open);
    this.documents.delete(uri);
  }

  /** Re-analyses every open document (configuration or a watched file changed). */
  reanalyseAll(): string[] {
    for (const open of this.documents.values()) this.analyse(open);
    return [...this.documents.keys()];
  }

  get(uri: string): { document: TextDocument; analysis: Analysis } | undefined {
    const open = this.documents.get(uri);
    return open?.analysis ? { document: open.document, analysis: open.analysis } : undefined;
  }

  /** Re-analyses one open document (a module it depends on changed). */
  reanalyse(uri: string): Analysis | undefined {
    const open = this.documents.get(uri);
    return open ? this.analyse(open) : undefined;
  }

  /** The open documents whose tasks read `path`. */
  dependents(path: string): string[] {
    return [...this.documents].filter(([, open]) => open.analysis?.dependencies.includes(path)).map(([uri]) => uri);
  }

  /** The editor's text of the open document at `path`, which wins over the disk. */
  textAt(path: string): string | undefined {
    for (const [uri, open] of this.documents) if (pathOf(uri) === path) return open.document.getText();
    return undefined;
  }

  uris(): string[] {
    return [...this.documents.keys()];
  }

  private analyse(open: OpenDocument): Analysis {
    const { document } = open;
    const text = document.getText();
    const base = { version: document.version, readFiles: [], internalErrors: [], interpreters: interpreterTargets(undefined, this.options.extraInterpreters()), pinnedNames: [], requirements: [], dependencies: [] };
    if (text.length > MAX_FILE_BYTES) {
      this.dropTree(open);
      open.analysis = { ...base, findings: [], skipped: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
    } else if (!mayContainTasks(text)) {
      // No parse at all: a Python file that never says "airflow" costs one substring scan.
      this.dropTree(open);
      open.analysis = { ...base, findings: [], skipped: undefined };
    } else {
      const { config, findings: configFindings } = this.options.configFor(document.uri);
      // The previous state is consumed (moved to the new text in place): never offered twice,
      // not even when this analysis throws.
      const previousState = open.change ? open.state : undefined;
      const change = open.change;
      open.state = undefined;
      open.change = undefined;
      const result = lintText(this.options.grammar, text, pathOf(document.uri), {
        ...hostOptions(config, this.options.interpreters, this.options.index),
        ...(this.options.readFile ? { readFile: this.options.readFile } : {}),
        ...(this.options.workspace ? { workspace: this.options.workspace } : {}),
        ...(this.options.environments ? { environments: this.options.environments } : {}),
        ...(this.options.learnedModules ? { learnedModules: this.options.learnedModules() } : {}),
        previousTree: open.tree,
        previousState,
        change,
      });
      if (open.tree && open.tree !== result.tree) open.tree.delete();
      open.tree = result.tree;
      this.keepLive(open);
      open.state = result.state;
      const readFiles = (result.model?.tasks ?? []).flatMap((task) => (task.requirements?.file ? [task.requirements.file.path] : []));
      open.analysis = {
        version: document.version,
        findings: [...withoutBroken(result.findings, result.model?.source, brokenStatements(result.tree)), ...configFindings],
        readFiles,
        ...(result.model ? { model: keptModel(result.model) } : {}),
        ...(result.target ? { target: result.target } : {}),
        dependencies: [...new Set((result.model?.tasks ?? []).flatMap((task) => task.dependencies))],
        internalErrors: result.internalErrors,
        skipped: undefined,
        interpreters: interpreterTargets(result.model, this.options.extraInterpreters()),
        pinnedNames: pinnedNames(result.model),
        requirements: (result.model?.tasks ?? []).flatMap((task) => (task.requirements ? [{ entries: task.requirements.entries, pythonVersion: taskPythonVersion(task, config) }] : [])),
      };
    }
    return open.analysis;
  }

  /**
   * Marks `open` as just analysed; the least recently analysed beyond LIVE_TREES lose their trees,
   * and so do the documents never edited beyond the OPENED_TREES most recently analysed of them.
   */
  private keepLive(open: OpenDocument): void {
    this.live.delete(open);
    if (!open.tree) return;
    this.live.add(open);
    let opened = [...this.live].filter((each) => !each.edited).length;
    for (const oldest of this.live) {
      if (this.live.size <= LIVE_TREES && opened <= OPENED_TREES) break;
      if (this.live.size <= LIVE_TREES && oldest.edited) continue;
      if (!oldest.edited) opened--;
      this.dropTree(oldest);
    }
  }

  private dropTree(open: OpenDocument): void {
    this.live.delete(open);
    open.tree?.delete();
    open.tree = undefined;
    open.state = undefined;
    open.change = undefined;
  }
}
