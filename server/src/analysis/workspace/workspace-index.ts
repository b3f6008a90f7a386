/**
 * The workspace index: which file a module name stands for, the DAG files of a
 * folder, and the parsed form of the modules a DAG imports, so that extraction
 * can follow `python_callable=run` and `requirements=ETL_REQUIREMENTS` into the
 * file that defines them.
 *
 * Lazy: a module name is resolved by probing the few paths it can be, only when
 * a DAG asks; a module is parsed only when something is looked up in it, and its
 * parse is kept until its text changes (keyed by a hash of the text). The index
 * never touches the disk itself: the host hands it a `WorkspaceFileSystem`
 * (reads cached by mtime and size, an editor's unsaved text first).
 * No network, no subprocess.
 */
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { IgnoreSyntax } from './airflowignore.js';
import { DagFiles, isInside } from './dag-files.js';
import { firstPartyFolders, topLevelNames } from './first-party.js';
import type { CallableInputs } from '../extract/callable.js';
import { moduleLevelImports, recordInputs } from '../extract/callable.js';
import type { CrossModuleResolver, ImportingFile, WorkspaceFileSystem } from '../inputs.js';
import { collectStructure, nodeAt, type Structure } from '../extract/structure.js';
import type { ModuleBinding, SourceText, Value } from '../model.js';
import { parse, type Grammar, type Node, type Tree } from '../parse/parse.js';
import { createKnowledge } from '../knowledge/packaging.js';
import { LineIndex } from '../parse/positions.js';
import { scopeBindings } from '../extract/bindings.js';
import { children, dottedName, namedChildren } from '../parse/syntax.js';
import { evaluate, type Constants } from '../extract/values.js';

export interface WorkspaceOptions {
  grammar: Grammar;
  fileSystem: WorkspaceFileSystem;
  /**
   * The DAG folders. Airflow appends the DAG folder to sys.path (`airflow/settings.py`,
   * `prepare_syspath`: `sys.path.append(DAGS_FOLDER)`, then `$AIRFLOW_HOME/config` and
   * PLUGINS_FOLDER; `prepare_syspath_for_dags_folder` in Airflow 3), so `tasks.extract` is
   * `<root>/tasks/extract.py` or `<root>/tasks/extract/__init__.py`.
   */
  roots: string[];
  /** More folders on sys.path for a given DAG file (the configuration file's folder). */
  extraRoots?: (dagPath: string) => string[];
  /** Files the DAG-file listing skips (the configuration's `exclude`). */
  isExcluded?: (path: string) => boolean;
  /** `[core] dag_ignore_file_syntax`; regexp when absent (Airflow 2's default). */
  ignoreSyntax?: IgnoreSyntax | (() => IgnoreSyntax);
}

/** A workspace module, parsed. */
export interface ModuleView {
  /** The dotted name it was found under. */
  name: string;
  path: string;
  source: SourceText;
  structure: Structure;
  tree: Tree;
  /** Import statements at module level, in document order. */
  imports: Node[];
  bindings(): Map<string, ModuleBinding>;
}

type Target =
  | { kind: 'module'; name: string; view: ModuleView | undefined }
  | { kind: 'function'; node: Node; view: ModuleView }
  | { kind: 'constant'; node: Node; view: ModuleView };

/** Re-exports followed through at most this many modules (`__init__.py` chains are short). */
const MAX_HOPS = 8;
/** `$AIRFLOW_HOME/dags` is the usual DAG folder (quick start, the official image): a heuristic for a DAG outside every root. */
const DAGS_FOLDER_NAME = 'dags';

const STANDARD_LIBRARY = createKnowledge();

interface CachedView {
  hash: string;
  tree: Tree;
  view: ModuleView;
}

export class WorkspaceIndex implements CrossModuleResolver {
  private readonly views = new Map<string, CachedView>();
  /** `root\0module` -> file (null: not a file there; a folder without __init__ is `namespace`). */
  private readonly locations = new Map<string, string | null>();
  private readonly dagFileIndex: DagFiles;
  /** Folder -> its top-level module names; search path -> their union (first-party code). */
  private readonly folderNames = new Map<string, string[]>();
  private readonly importableNames = new Map<string, ReadonlySet<string>>();
  /** Parses done, for tests and the bench. */
  parses = 0;

  constructor(private readonly options: WorkspaceOptions) {
    this.dagFileIndex = new DagFiles(options);
  }

  get roots(): readonly string[] {
    return this.options.roots;
  }

  /**
   * The folders on sys.path for a DAG file: its DAG folder(s), every `dags` folder above it (nearest
   * first: a package may keep DAG modules in a folder named `dags` inside the real DAG folder, as in
   * `dags/<package>/pipeline/dags/`, and the outer one is the folder Airflow puts on sys.path), the
   * extra roots.
   */
  searchPath(dagPath: string | undefined): string[] {
    const path: string[] = [];
    const add = (folder: string) => {
      if (!path.includes(folder)) path.push(folder);
    };
    if (dagPath) {
      dagPath = resolve(dagPath);
      for (const root of this.options.roots) if (isInside(dagPath, root)) add(root);
      for (let folder = dirname(dagPath); dirname(folder) !== folder; folder = dirname(folder)) {
        if (folder.endsWith(`/${DAGS_FOLDER_NAME}`) || folder.endsWith(`\\${DAGS_FOLDER_NAME}`)) add(folder);
      }
      for (const extra of this.options.extraRoots?.(dagPath) ?? []) add(extra);
    }
    for (const root of this.options.roots) add(root);
    return path;
  }

  /** The file a module name stands for (`__init__.py` for a package), or undefined. */
  moduleFile(name: string, searchPath: readonly string[]): string | undefined {
    for (const root of searchPath) {
      const found = this.locate(root, name);
      if (found && found !== 'namespace') return found;
    }
    return undefined;
  }

  /** Top-level module names first-party for a DAG file: in its DAG folder, plugins/, config/ and the project root (cached until invalidated). */
  importable(dagPath: string | undefined): ReadonlySet<string> {
    const folders = firstPartyFolders(this.searchPath(dagPath), DAGS_FOLDER_NAME);
    const key = folders.join('\0');
    let names = this.importableNames.get(key);
    if (!names) {
      names = new Set(folders.flatMap((folder) => {
        if (!this.folderNames.has(folder)) this.folderNames.set(folder, topLevelNames(this.options.fileSystem, folder));
        return this.folderNames.get(folder)!;
      }));
      this.importableNames.set(key, names);
    }
    return names;
  }

  /** A file changed, appeared or disappeared: forget what depended on it. */
  invalidate(path?: string): void {
    this.locations.clear();
    this.folderNames.clear();
    this.importableNames.clear();
    this.dagFileIndex.invalidate();
    if (path === undefined) {
      for (const cached of this.views.values()) cached.tree.delete();
      this.views.clear();
    }
    // Parsed views are re-checked by hash on every look-up; nothing more to drop.
  }

  /** Frees every parse (the trees live in wasm memory). */
  dispose(): void {
    this.invalidate();
  }

  /**
   * The Python files Airflow would consider DAG files below the roots: `.airflowignore`
   * honoured as Airflow does (see airflowignore.ts), then the configured `exclude`.
   */
  dagFiles(): string[] {
    return this.dagFileIndex.list();
  }

  /** Whether Airflow skips `path` (below one of the roots) when it looks for DAG files (`.airflowignore`). */
  ignoredByAirflow(path: string): boolean {
    return this.dagFileIndex.ignoredByAirflow(path);
  }

  /** `.airflowignore` patterns that were refused, each with why (for the host to show as warnings). */
  ignoreWarnings(): string[] {
    return [...this.dagFileIndex.warnings];
  }

  // --- CrossModuleResolver -------------------------------------------------

  callable(from: ImportingFile, dotted: string, files: Set<string>): { node: Node; inputs: CallableInputs } | undefined {
    const target = this.fromImporter(from, dotted, files);
    if (target?.kind !== 'function') return undefined;
    const { view } = target;
    return { node: target.node, inputs: recordInputs(view.tree, view.source, view.structure, (name) => view.bindings().get(name)) };
  }

  value(from: ImportingFile, dotted: string, depth: number, files: Set<string>): Value | undefined {
    const target = this.fromImporter(from, dotted, files);
    return target?.kind === 'constant' ? this.evaluateIn(target.view, target.node, depth, files) : undefined;
  }

  // --- resolution ------------------------------------------------------------

  private fromImporter(from: ImportingFile, dotted: string, files: Set<string>): Target | undefined {
    const [head, ...rest] = dotted.split('.');
    if (!head) return undefined;
    const searchPath = this.searchPath(from.path);
    const state: State = { searchPath, files, seen: new Set(), hops: 0 };
    // A DAG file is loaded as a top-level module, so its own relative imports fail: only absolute ones count.
    let target = this.importBinding(from.imports, head, undefined, state);
    for (const part of rest) {
      if (!target) return undefined;
      target = this.attribute(target, part, state);
    }
    return target;
  }

  /** What `name` is bound to by the last import statement that binds it. */
  private importBinding(imports: readonly Node[], name: string, importer: ModuleView | undefined, state: State): Target | undefined {
    for (let index = imports.length - 1; index >= 0; index--) {
      const statement = imports[index]!;
      if (statement.type === 'import_statement') {
        for (const child of namedChildren(statement)) {
          if (child.type === 'dotted_name') {
            const module = dottedName(child);
            if (module?.split('.')[0] === name) return this.module(name, state);
          } else if (child.type === 'aliased_import' && child.childForFieldName('alias')?.text === name) {
            const module = dottedName(child.childForFieldName('name')!);
            return module ? this.module(module, state) : undefined;
          }
        }
        continue;
      }
      if (statement.type !== 'import_from_statement') continue;
      const moduleNode = statement.childForFieldName('module_name');
      const module = moduleNode ? absoluteModule(moduleNode, importer) : undefined;
      for (const child of statement.childrenForFieldName('name')) {
        if (!child) continue;
        const imported = child.type === 'aliased_import' ? child.childForFieldName('name')?.text : child.text;
        const local = child.type === 'aliased_import' ? child.childForFieldName('alias')?.text : child.text;
        if (local !== name || !imported) continue;
        if (!module) return undefined;
        const source = this.module(module, state);
        return source ? this.attribute(source, imported, state) : undefined;
      }
      if (module && children(statement).some((child) => child.type === 'wildcard_import')) {
        const source = this.module(module, state);
        const found = source?.kind === 'module' && source.view ? this.lookUp(source.view, name, state) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  }

  /** `target.part`: a name the module defines or imports, else its submodule. */
  private attribute(target: Target, part: string, state: State): Target | undefined {
    if (target.kind !== 'module') return undefined;
    const defined = target.view ? this.lookUp(target.view, part, state) : undefined;
    return defined ?? this.module(`${target.name}.${part}`, state);
  }

  /** A name at module level of a workspace module: its def, its constant, or what it imports. */
  private lookUp(view: ModuleView, name: string, state: State): Target | undefined {
    const key = `${view.path}\0${name}`;
    if (state.seen.has(key) || state.hops >= MAX_HOPS) return undefined; // an import cycle: silent
    state.seen.add(key);
    state.hops++;
    try {
      const functions = moduleFunctions(view, name);
      const constant = moduleConstant(view, name);
      if (functions.length > 0 && constant === undefined) return { kind: 'function', node: functions[functions.length - 1]!, view };
      if (constant && functions.length === 0) return { kind: 'constant', node: constant, view };
      if (functions.length > 0 || constant === null) return undefined; // bound more than once: not static
      return this.importBinding(view.imports, name, view, state);
    } finally {
      state.hops--;
    }
  }

  private module(name: string, state: State): Target | undefined {
    // The DAG folder is appended to sys.path: the standard library comes first, whatever the folder holds.
    if (STANDARD_LIBRARY.isStdlib(name.split('.')[0]!)) return undefined;
    for (const root of state.searchPath) {
      const found = this.locate(root, name);
      if (!found) continue;
      if (found === 'namespace') return { kind: 'module', name, view: undefined };
      const view = this.view(found, name);
      if (!view) return undefined;
      state.files.add(found);
      return { kind: 'module', name, view };
    }
    return undefined;
  }

  /** A regular package (`__init__.py`) wins over a module file, which wins over a namespace folder (PEP 420). */
  private locate(root: string, name: string): string | 'namespace' | undefined {
    const key = `${root}\0${name}`;
    const cached = this.locations.get(key);
    if (cached !== undefined) return cached ?? undefined;
    if (!/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(name)) return undefined;
    const base = join(root, ...name.split('.'));
    const fs = this.options.fileSystem;
    let found: string | null = null;
    if (fs.kind(join(base, '__init__.py')) === 'file') found = join(base, '__init__.py');
    else if (fs.kind(`${base}.py`) === 'file') found = `${base}.py`;
    else if (fs.kind(base) === 'directory') found = 'namespace';
    this.locations.set(key, found);
    return found ?? undefined;
  }

  /** The parsed module at `path`, re-parsed only when its text changed. */
  view(path: string, name: string): ModuleView | undefined {
    const read = this.options.fileSystem.read(path);
    if ('error' in read) return undefined;
    const hash = createHash('sha1').update(read.text).digest('hex');
    const cached = this.views.get(path);
    if (cached && cached.hash === hash) return cached.view;
    const tree = parse(this.options.grammar, read.text);
    this.parses++;
    const source: SourceText = { path, text: read.text, lines: new LineIndex(read.text) };
    const structure = collectStructure(this.options.grammar, tree);
    const imports = moduleLevelImports(tree, structure);
    let bindings: Map<string, ModuleBinding> | undefined;
    const view: ModuleView = { name, path, source, structure, tree, imports, bindings: () => (bindings ??= scopeBindings(source, tree.rootNode, false)) };
    // The old tree is no longer reachable from any model: spans are offsets, not nodes.
    cached?.tree.delete();
    this.views.set(path, { hash, tree, view });
    return view;
  }

  private evaluateIn(view: ModuleView, node: Node, depth: number, files: Set<string>): Value {
    const constants: Constants = {
      get: (name) => moduleConstant(view, name) ?? undefined,
      imported: (dotted, innerDepth) => {
        const state: State = { searchPath: this.searchPath(view.path), files, seen: new Set(), hops: 0 };
        const [head, ...rest] = dotted.split('.');
        let target = head ? this.importBinding(view.imports, head, view, state) : undefined;
        for (const part of rest) target = target ? this.attribute(target, part, state) : undefined;
        return target?.kind === 'constant' ? this.evaluateIn(target.view, target.node, innerDepth, files) : undefined;
      },
    };
    return evaluate(view.source, node, constants, depth + 1);
  }
}

/** The module-level `def name` of a workspace module. */
function moduleFunctions(view: ModuleView, name: string): Node[] {
  return view.structure.definitions.flatMap((record) => (record.kind === 'function' && record.moduleLevel && record.name === name ? (nodeAt(view.tree, ['function_definition'], record.start, record.end) ?? []) : []));
}

/** The value of a module-level `NAME = value`; null when assigned more than once. */
function moduleConstant(view: ModuleView, name: string): Node | null | undefined {
  const records = view.structure.constants.filter((record) => record.name === name);
  if (records.length > 1) return null;
  const record = records[0];
  return record ? (nodeAt(view.tree, ['assignment'], record.start, record.end)?.childForFieldName('right') ?? undefined) : undefined;
}

interface State {
  searchPath: readonly string[];
  /** Every file read on the way (the task's dependencies). */
  files: Set<string>;
  seen: Set<string>;
  hops: number;
}

/** `from .extract import run` inside `tasks/__init__.py` -> `tasks.extract`. */
function absoluteModule(node: Node, importer: ModuleView | undefined): string | undefined {
  if (node.type === 'dotted_name') return dottedName(node);
  if (node.type !== 'relative_import' || !importer) return undefined;
  const prefix = children(node).find((child) => child.type === 'import_prefix')?.text ?? '';
  const rest = namedChildren(node).find((child) => child.type === 'dotted_name');
  const packageParts = importer.name.split('.');
  if (!/[\\/]__init__\.py$/.test(importer.path)) packageParts.pop();
  const up = prefix.length - 1;
  if (up > packageParts.length || (packageParts.length - up === 0 && !rest)) return undefined;
  const base = packageParts.slice(0, packageParts.length - up);
  const tail = rest ? dottedName(rest) : undefined;
  return [...base, ...(tail ? [tail] : [])].join('.') || undefined;
}
