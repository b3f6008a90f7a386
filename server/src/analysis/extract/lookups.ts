/**
 * The look-ups a task makes while it is built: module-level constants and functions,
 * the bindings of enclosing functions and of the module, requirements files and
 * imported names. Every look-up is recorded in the task's dependencies, which decide
 * whether the task may be reused after the next edit (incremental/task-reuse.ts).
 */
import { seenFile, type Current, type Dependencies, type Seen } from '../incremental/task-reuse.js';
import type { CrossModuleResolver, ImportingFile, ReadFile, ReadResult } from '../inputs.js';
import type { ModuleBinding, SourceText } from '../model.js';
import type { Node, Tree } from '../parse/parse.js';
import { enclosingScope } from '../parse/syntax.js';
import { scopeBindings, type RelativeBinding } from './bindings.js';
import { moduleLevelImports } from './callable.js';
import { nodeAt, type ConstantRecord, type DefinitionRecord, type StatementRecord, type Structure } from './structure.js';
import type { Constants } from './values.js';

/** What the host hands extraction for the look-ups it cannot make from the text. */
export interface TaskInputs {
  /** Reads a requirements file named by a task; absent, such files are reported as unreadable. */
  readFile?: ReadFile;
  /** Follows callables and constants the DAG imports into other workspace files; absent, analysis is single-file. */
  workspace?: CrossModuleResolver;
}

/** Names bound in one scope (a function's, or the module's). */
interface Layer {
  get(name: string): ModuleBinding | undefined;
}

export interface TaskContext {
  tree: Tree;
  source: SourceText;
  structure: Structure;
  options: TaskInputs;
  /** Module-level `NAME = value`; null when assigned more than once. */
  constantRecords: Map<string, ConstantRecord | null>;
  functionRecords: Map<string, DefinitionRecord[]>;
  moduleBindings: () => Layer;
  /** Bindings of an enclosing function, by its start (computed once per extraction). */
  functionBindings: (start: number, end: number) => Layer | undefined;
  /** What the task being built reads; every look-up below records into it. */
  dependencies: Dependencies;
  /** The file's module-level imports, for the workspace resolver (made when first asked). */
  importing: () => ImportingFile;
  /** Files other than the DAG the workspace read for the task being built. */
  files: Set<string>;
}

export function taskContext(tree: Tree, source: SourceText, structure: Structure, options: TaskInputs): TaskContext {
  const constantRecords = new Map<string, ConstantRecord | null>();
  for (const record of structure.constants) constantRecords.set(record.name, constantRecords.has(record.name) ? null : record);
  const functionRecords = new Map<string, DefinitionRecord[]>();
  for (const record of structure.definitions) {
    if (record.kind === 'function') functionRecords.set(record.name, [...(functionRecords.get(record.name) ?? []), record]);
  }
  let moduleBindings: Layer | undefined;
  let importing: ImportingFile | undefined;
  const scopes = new Map<number, Map<string, ModuleBinding>>();
  return {
    tree,
    source,
    structure,
    options,
    constantRecords,
    functionRecords,
    moduleBindings: () => {
      if (!moduleBindings) {
        // By name, the last binding wins; each ModuleBinding is made when a task asks for it.
        const index = new Map<string, { statement: StatementRecord; binding: RelativeBinding }>();
        for (const statement of structure.statements) {
          for (const binding of statement.bindings) index.set(binding.name, { statement, binding });
        }
        const made = new Map<string, ModuleBinding>();
        moduleBindings = {
          get: (name) => {
            let binding = made.get(name);
            const found = binding ? undefined : index.get(name);
            if (found) {
              const { range, ...rest } = found.binding;
              binding = { ...rest, span: { source, start: found.statement.start + range.start, end: found.statement.start + range.end } };
              made.set(name, binding);
            }
            return binding;
          },
        };
      }
      return moduleBindings;
    },
    functionBindings: (start, end) => {
      let bindings = scopes.get(start);
      if (!bindings) {
        const scope = nodeAt(tree, ['function_definition'], start, end);
        if (!scope) return undefined;
        bindings = scopeBindings(source, scope, false);
        scopes.set(start, bindings);
      }
      return bindings;
    },
    dependencies: { ranges: [], constants: new Map(), functions: new Map(), outer: new Map(), files: new Map(), scopes: [], imported: new Map(), crossModule: false },
    importing: () => (importing ??= { path: source.path, imports: moduleLevelImports(tree, structure) }),
    files: new Set(),
  };
}

/** The new text's answers for checking a cached task (reuse.ts). */
export function currentOf(context: TaskContext): Current {
  // Every reused task asks again on each keystroke, most of them the same few names (a shared
  // constant, the module's imports): each answer is made once per extraction.
  const once = <T>(compute: (name: string) => T): ((name: string) => T) => {
    const answers = new Map<string, T>();
    return (name) => {
      let answer = answers.get(name);
      if (answer === undefined && !answers.has(name)) answers.set(name, (answer = compute(name)));
      return answer as T;
    };
  };
  return {
    constant: once((name) => constantSeen(context, name)),
    functions: once((name) => functionsSeen(context, name)),
    outer: (scopes) => {
      const layers = outerLayers(context, scopes);
      return layers && ((name) => bindingSeen(context, lookUp(layers, name)));
    },
    moduleName: once((name) => bindingSeen(context, context.moduleBindings().get(name))),
    file: once((path) => seenFile(readThrough(context.options, path))),
  };
}

function constantSeen(context: TaskContext, name: string): Seen {
  const record = context.constantRecords.get(name);
  if (record === undefined) return 'absent';
  if (record === null) return 'ambiguous';
  return { at: record.start, text: context.source.text.slice(record.start, record.end) };
}

export function functionsSeen(context: TaskContext, name: string): Seen[] {
  return (context.functionRecords.get(name) ?? []).map((record) => ({ at: record.start, text: context.source.text.slice(record.start, record.end) }));
}

export function bindingSeen(context: TaskContext, binding: ModuleBinding | undefined): Seen {
  if (!binding) return 'absent';
  return { at: binding.span.start, text: `${binding.kind} ${binding.importText ?? ''} ${context.source.text.slice(binding.span.start, binding.span.end)}` };
}

/** The functions enclosing a callable, innermost first (classes and lambdas in between are not scopes its names see). */
export function enclosingFunctions(definition: Node): { start: number; end: number }[] {
  const scopes: { start: number; end: number }[] = [];
  for (let scope = enclosingScope(definition); scope; scope = enclosingScope(scope)) {
    if (scope.type === 'function_definition') scopes.push({ start: scope.startIndex, end: scope.endIndex });
  }
  return scopes;
}

/** The layers a callable's free names are looked up in: its enclosing functions, then the module; undefined if one is gone. */
export function outerLayers(context: TaskContext, scopes: { start: number; end: number }[]): Layer[] | undefined {
  const layers: Layer[] = [];
  for (const scope of scopes) {
    const layer = context.functionBindings(scope.start, scope.end);
    if (!layer) return undefined;
    layers.push(layer);
  }
  layers.push(context.moduleBindings());
  return layers;
}

export function lookUp(layers: Layer[], name: string): ModuleBinding | undefined {
  for (const layer of layers) {
    const binding = layer.get(name);
    if (binding) return binding;
  }
  return undefined;
}

export function readThrough(options: TaskInputs, path: string, within?: string): ReadResult {
  return options.readFile?.(path, within) ?? { error: 'files are not read in this context' };
}

/** Module-level constants as `evaluate` reads them, each look-up recorded; imported ones through the workspace. */
export function constantsOf(context: TaskContext): Constants {
  const workspace = context.options.workspace;
  return {
    get: (name) => {
      context.dependencies.constants.set(name, constantSeen(context, name));
      const record = context.constantRecords.get(name);
      if (!record) return undefined;
      return nodeAt(context.tree, ['assignment'], record.start, record.end)?.childForFieldName('right') ?? undefined;
    },
    ...(workspace ? { imported: (name: string, depth: number) => (isImported(context, name) ? workspace.value(context.importing(), name, depth, context.files) : undefined) } : {}),
  };
}

/**
 * Whether the head of a dotted name is bound by a module-level import: only then can the
 * workspace resolve it (most names a task reads are not, and asking costs a walk over every
 * import). The answer is a dependency; a yes makes the task one that is always rebuilt.
 */
export function isImported(context: TaskContext, dotted: string): boolean {
  const head = dotted.split('.')[0]!;
  const binding = context.moduleBindings().get(head);
  context.dependencies.imported.set(head, bindingSeen(context, binding));
  if (binding?.kind !== 'import') return false;
  context.dependencies.crossModule = true;
  return true;
}
