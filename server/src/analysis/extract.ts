/**
 * Syntax tree -> FileModel: every virtualenv / external-python task of a DAG
 * file, with its arguments resolved to static values, its requirements parsed
 * and its callable found. Rules read only the result. After an edit, the
 * structure comes from structure.ts (only the edited range is queried again) and
 * a task the edit did not touch is reused (reuse.ts decides, rebase.ts moves it).
 */
import { dirname, join } from 'node:path';
import {
  OPERATOR_CLASSES,
  OPERATOR_MODULES,
  SYSTEM_SITE_PACKAGES_DEFAULT,
  TASK_DECORATOR_MODULES,
  TASK_DECORATORS,
  type AirflowVersion,
  type OperatorClass,
} from './airflow.js';
import { resolvePath, scopeBindings, type ImportedNames, type RelativeBinding } from './bindings.js';
import { buildCallable, DYNAMIC_IMPORTS, type CallableInputs, type CallSite } from './callable.js';
import { LineIndex } from './positions.js';
import { listSpans, shiftStart } from './rebase.js';
import { emptyDependencies, moveTask, seenFile, stillValid, type CachedTask, type Current, type Dependencies, type Seen } from './reuse.js';
import { parseRequirementLines } from './requirements.js';
import {
  affectedRange,
  collectStructure,
  nodeAt,
  recordsWithin,
  touches,
  updateStructure,
  type ConstantRecord,
  type DefinitionRecord,
  type StatementRecord,
  type Structure,
} from './structure.js';
import { contains, dottedName, enclosingScope, namedChildren, spanOf } from './syntax.js';
import { evaluate, type Constants } from './values.js';
import type {
  AirflowImport,
  ArgumentModel,
  FileModel,
  ModuleBinding,
  RequirementsFile,
  RequirementsModel,
  SourceText,
  TaskModel,
  Value,
} from './model.js';
import type { Grammar, Node, TextChange, Tree } from './parse.js';
import type { CrossModuleResolver, ImportingFile, ReadResult } from './inputs.js';

/** What one extraction leaves for the next one of the same document. */
export interface ExtractState {
  source: SourceText;
  structure: Structure;
  tasks: CachedTask[];
}

export interface ExtractOptions {
  /** Reads a requirements file named by a task; absent, such files are reported as unreadable. */
  readFile?: (path: string) => ReadResult;
  /**
   * The previous extraction of this document, its tree (already told about the change with
   * `applyEdit`) and the one change since: the structure and the tasks the change did not touch
   * are reused, their spans shifted in place. `source` must then be the previous state's source
   * text, updated to the new version. Without it, everything is extracted from scratch.
   */
  previous?: { state: ExtractState; oldTree: Tree; change: TextChange };
  /** Follows callables and constants the DAG imports into other workspace files; absent, analysis is single-file. */
  workspace?: CrossModuleResolver;
}

/** 1.10's positional signature (`airflow/operators/python_operator.py`, 1.10 line). */
const POSITIONAL_1_10: Record<string, string[]> = {
  virtualenv: ['python_callable', 'requirements', 'python_version', 'use_dill', 'system_site_packages'],
  'external-python': [],
};

/** A candidate task: where it is, how it resolved, and how to build it from the tree. */
interface Candidate {
  key: string;
  start: number;
  end: number;
  site: () => TaskSite | undefined;
}

/** The file's model, the state the next extraction of the same document can reuse, and how many tasks this one reused. */
export function extract(grammar: Grammar, tree: Tree, source: SourceText, options: ExtractOptions = {}): { model: FileModel; state: ExtractState; reused: number } {
  const previous = options.previous;
  if (previous && previous.state.source !== source) throw new Error('incremental extraction needs the previous source text, updated');
  const prior = previous && { structure: previous.state.structure, oldTree: previous.oldTree, change: previous.change };
  const affected = prior && affectedRange(tree, prior);
  const structure = prior && affected ? updateStructure(grammar, tree, prior, affected) : collectStructure(grammar, tree);

  const names: ImportedNames = new Map();
  const airflowImports: AirflowImport[] = [];
  const airflowModules = new Set<string>();
  for (const record of structure.imports) {
    for (const [local, path] of record.names) {
      if (path === 'airflow' || path.startsWith('airflow.')) names.set(local, path);
    }
    for (const { module, range } of record.modules) {
      if (!module.startsWith('airflow')) continue;
      airflowModules.add(module);
      if (OPERATOR_MODULES.has(module) || TASK_DECORATOR_MODULES.has(module) || module.startsWith('airflow.providers.python.')) {
        airflowImports.push({
          module,
          span: { source, start: record.start + range.start, end: record.start + range.end },
          statementSpan: { source, start: record.start, end: record.end },
        });
      }
    }
  }
  // A class or function the file defines itself is not Airflow's, whatever its name.
  for (const definition of structure.definitions) if (definition.moduleLevel) names.delete(definition.name);

  const model: FileModel = {
    source,
    tasks: [],
    airflowImports,
    impliedAirflowVersion: impliedVersion(airflowModules),
    hasSyntaxErrors: tree.rootNode.hasError,
  };
  const state: ExtractState = { source, structure, tasks: [] };
  if (names.size === 0) return { model, state, reused: 0 };

  const context = taskContext(tree, source, structure, options);
  const current = currentOf(context);
  const reusable = new Map<number, CachedTask>();
  let reused = 0;
  if (previous && affected) {
    for (const cached of previous.state.tasks) {
      if (touches(affected, cached.start, cached.end)) continue;
      reusable.set(shiftStart(previous.change, cached.start), cached);
    }
  }
  for (const candidate of candidates(tree, source, structure, names)) {
    const cached = reusable.get(candidate.start);
    if (cached && previous && affected && cached.key === candidate.key && stillValid(current, cached.dependencies, previous.change, affected)) {
      const moved = moveTask(cached, candidate, previous.change);
      state.tasks.push(moved);
      model.tasks.push(moved.model);
      reused++;
      continue;
    }
    const site = candidate.site();
    if (!site) continue;
    context.dependencies = emptyDependencies(candidate);
    const task = buildTask(context, site);
    state.tasks.push({ key: candidate.key, start: candidate.start, end: candidate.end, dependencies: context.dependencies, model: task, spans: listSpans(task, source) });
    model.tasks.push(task);
  }
  model.tasks.sort((a, b) => a.span.start - b.span.start);
  return { model, state, reused };
}

function candidates(tree: Tree, source: SourceText, structure: Structure, names: ImportedNames): Candidate[] {
  const found: Candidate[] = [];
  for (const call of structure.calls) {
    const path = call.callee === undefined ? undefined : resolvePath(names, call.callee);
    if (!path) continue;
    const dot = path.lastIndexOf('.');
    const operator = OPERATOR_CLASSES.get(path.slice(dot + 1));
    const module = path.slice(0, dot);
    if (!operator || !OPERATOR_MODULES.has(module)) continue;
    found.push({
      key: `operator ${path} ${call.end - call.start}`,
      start: call.start,
      end: call.end,
      site: () => {
        const node = nodeAt(tree, ['call'], call.start, call.end);
        const argumentList = node?.childForFieldName('arguments');
        if (!node || !argumentList) return undefined;
        return {
          operator,
          form: 'operator',
          symbol: path.slice(dot + 1),
          span: { source, start: call.start + call.calleeRange.start, end: call.start + call.calleeRange.end },
          argumentList,
          positional: module === 'airflow.operators.python_operator' ? POSITIONAL_1_10[operator.kind]! : [],
          callableNode: undefined,
          site: node,
        };
      },
    });
  }
  for (const decorated of structure.decorated) {
    for (const decorator of decorated.decorators) {
      const path = decorator.target === undefined ? undefined : resolvePath(names, decorator.target);
      const operator = path ? decoratorOf(path) : undefined;
      if (!operator) continue;
      found.push({
        key: `decorator ${path} ${decorated.end - decorated.start} ${decorator.targetRange.start}`,
        start: decorated.start,
        end: decorated.end,
        site: () => {
          const node = nodeAt(tree, ['decorated_definition'], decorated.start, decorated.end);
          const definition = node?.childForFieldName('definition');
          if (!node || !definition) return undefined;
          const range = decorator.argumentsRange;
          return {
            operator: operator.operator,
            form: 'decorator',
            symbol: `@task.${operator.name}`,
            span: { source, start: decorated.start + decorator.targetRange.start, end: decorated.start + decorator.targetRange.end },
            argumentList: range ? nodeAt(tree, ['argument_list'], decorated.start + range.start, decorated.start + range.end) : undefined,
            positional: [],
            callableNode: definition,
            site: node,
          };
        },
      });
    }
  }
  return found;
}

/** `airflow.sdk.task.virtualenv` -> the virtualenv decorator. */
function decoratorOf(path: string): { operator: OperatorClass; name: string } | undefined {
  const parts = path.split('.');
  const name = parts.pop()!;
  if (parts.pop() !== 'task') return undefined;
  const operator = TASK_DECORATORS.get(name);
  return operator && TASK_DECORATOR_MODULES.has(parts.join('.')) ? { operator, name } : undefined;
}

function impliedVersion(modules: Set<string>): AirflowVersion | undefined {
  const uses = (prefix: string) => [...modules].some((module) => module === prefix || module.startsWith(`${prefix}.`));
  if (uses('airflow.sdk') || uses('airflow.providers.standard')) return '3';
  if (uses('airflow.decorators') || uses('airflow.operators.python')) return '2';
  if (uses('airflow.operators.python_operator')) return '1.10';
  return modules.size > 0 ? '2' : undefined;
}

/** Names bound in one scope (a function's, or the module's). */
interface Layer {
  get(name: string): ModuleBinding | undefined;
}

interface TaskContext {
  tree: Tree;
  source: SourceText;
  structure: Structure;
  options: ExtractOptions;
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

function taskContext(tree: Tree, source: SourceText, structure: Structure, options: ExtractOptions): TaskContext {
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

/** The import statements at module level, in document order. */
export function moduleLevelImports(tree: Tree, structure: Structure): Node[] {
  return structure.imports.flatMap((record) => {
    const node = nodeAt(tree, ['import_statement', 'import_from_statement'], record.start, record.end);
    return node && !enclosingScope(node) ? [node] : [];
  });
}

/** The new text's answers for checking a cached task (reuse.ts). */
function currentOf(context: TaskContext): Current {
  return {
    constant: (name) => constantSeen(context, name),
    functions: (name) => functionsSeen(context, name),
    outer: (scopes) => {
      const layers = outerLayers(context, scopes);
      return layers && ((name) => bindingSeen(context, lookUp(layers, name)));
    },
    moduleName: (name) => bindingSeen(context, context.moduleBindings().get(name)),
    file: (path) => seenFile(readThrough(context.options, path)),
  };
}

function constantSeen(context: TaskContext, name: string): Seen {
  const record = context.constantRecords.get(name);
  if (record === undefined) return 'absent';
  if (record === null) return 'ambiguous';
  return { at: record.start, text: context.source.text.slice(record.start, record.end) };
}

function functionsSeen(context: TaskContext, name: string): Seen[] {
  return (context.functionRecords.get(name) ?? []).map((record) => ({ at: record.start, text: context.source.text.slice(record.start, record.end) }));
}

function bindingSeen(context: TaskContext, binding: ModuleBinding | undefined): Seen {
  if (!binding) return 'absent';
  return { at: binding.span.start, text: `${binding.kind} ${binding.importText ?? ''} ${context.source.text.slice(binding.span.start, binding.span.end)}` };
}

/** The functions enclosing a callable, innermost first (classes and lambdas in between are not scopes its names see). */
function enclosingFunctions(definition: Node): { start: number; end: number }[] {
  const scopes: { start: number; end: number }[] = [];
  for (let scope = enclosingScope(definition); scope; scope = enclosingScope(scope)) {
    if (scope.type === 'function_definition') scopes.push({ start: scope.startIndex, end: scope.endIndex });
  }
  return scopes;
}

/** The layers a callable's free names are looked up in: its enclosing functions, then the module; undefined if one is gone. */
function outerLayers(context: TaskContext, scopes: { start: number; end: number }[]): Layer[] | undefined {
  const layers: Layer[] = [];
  for (const scope of scopes) {
    const layer = context.functionBindings(scope.start, scope.end);
    if (!layer) return undefined;
    layers.push(layer);
  }
  layers.push(context.moduleBindings());
  return layers;
}

function lookUp(layers: Layer[], name: string): ModuleBinding | undefined {
  for (const layer of layers) {
    const binding = layer.get(name);
    if (binding) return binding;
  }
  return undefined;
}

function readThrough(options: ExtractOptions, path: string): ReadResult {
  return options.readFile?.(path) ?? { error: 'files are not read in this context' };
}

interface TaskSite {
  operator: OperatorClass;
  form: TaskModel['form'];
  symbol: string;
  span: TaskModel['span'];
  argumentList: Node | undefined;
  positional: string[];
  /** The decorated function; for operators the callable comes from `python_callable=`. */
  callableNode: Node | undefined;
  /** The call or decorated definition, for scoping name look-ups. */
  site: Node;
}

/** Module-level constants as `evaluate` reads them, each look-up recorded; imported ones through the workspace. */
function constantsOf(context: TaskContext): Constants {
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

function buildTask(context: TaskContext, site: TaskSite): TaskModel {
  const { source } = context;
  context.files.clear();
  const constants = constantsOf(context);
  const argumentsByName = new Map<string, ArgumentModel>();
  const valueNodes = new Map<string, Node>();
  let unpacked = false;
  let position = 0;
  for (const argument of site.argumentList ? namedChildren(site.argumentList) : []) {
    if (argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')!;
      const value = argument.childForFieldName('value')!;
      valueNodes.set(name.text, value);
      argumentsByName.set(name.text, {
        name: name.text,
        nameSpan: spanOf(source, name),
        span: spanOf(source, argument),
        value: evaluate(source, value, constants),
        positional: false,
      });
    } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      unpacked = true;
    } else {
      const name = site.positional[position++];
      if (name && !argumentsByName.has(name)) {
        valueNodes.set(name, argument);
        argumentsByName.set(name, {
          name,
          nameSpan: spanOf(source, argument),
          span: spanOf(source, argument),
          value: evaluate(source, argument, constants),
          positional: true,
        });
      }
    }
  }

  const callableNode = site.callableNode ?? resolveCallable(context, valueNodes.get('python_callable'), site.site);
  const foreign = callableNode ? undefined : importedCallable(context, valueNodes.get('python_callable'));
  const requirements = requirementsOf(context, argumentsByName.get('requirements'));
  return {
    kind: site.operator.kind,
    form: site.form,
    symbol: site.symbol,
    span: site.span,
    arguments: argumentsByName,
    argumentsSpan: site.argumentList ? spanOf(source, site.argumentList) : undefined,
    requirements,
    systemSitePackages: systemSitePackagesOf(site.operator, argumentsByName.get('system_site_packages'), unpacked),
    callable: callableNode ? buildCallable(callableNode, callableInputs(context, callableNode)) : (foreign ? buildCallable(foreign.node, foreign.inputs) : undefined),
    dependencies: [...context.files].filter((path) => path !== source.path).sort(),
  };
}

function systemSitePackagesOf(operator: OperatorClass, argument: ArgumentModel | undefined, unpacked: boolean): boolean | undefined {
  if (operator.kind !== 'virtualenv') return undefined;
  if (argument) return argument.value.kind === 'bool' ? argument.value.value : undefined;
  return unpacked ? undefined : SYSTEM_SITE_PACKAGES_DEFAULT;
}

/** `python_callable=name` -> the nearest `def name` visible from the call; a lambda as itself. */
function resolveCallable(context: TaskContext, value: Node | undefined, site: Node): Node | undefined {
  if (!value) return undefined;
  if (value.type === 'lambda') return value;
  if (value.type !== 'identifier') return undefined;
  const name = value.text;
  const records = context.functionRecords.get(name) ?? [];
  context.dependencies.functions.set(name, functionsSeen(context, name));
  let best: Node | undefined;
  let bestDepth = -1;
  for (const record of records) {
    context.dependencies.ranges.push({ start: record.start, end: record.end });
    const candidate = nodeAt(context.tree, ['function_definition'], record.start, record.end);
    if (!candidate) continue;
    const scope = enclosingScope(candidate);
    if (scope && !contains(scope, site)) continue;
    const depth = scope ? scope.startIndex + 1 : 0;
    const before = candidate.startIndex < site.startIndex;
    if (depth > bestDepth || (depth === bestDepth && before)) {
      best = candidate;
      bestDepth = depth;
    }
  }
  return best;
}

/** `python_callable=run` (or `=module.run`) imported from another workspace module, when a resolver is given. */
function importedCallable(context: TaskContext, value: Node | undefined) {
  const workspace = context.options.workspace;
  const dotted = value && (value.type === 'identifier' || value.type === 'attribute') ? dottedName(value) : undefined;
  if (!workspace || dotted === undefined || !isImported(context, dotted)) return undefined;
  return workspace.callable(context.importing(), dotted, context.files);
}

/**
 * Whether the head of a dotted name is bound by a module-level import: only then can the
 * workspace resolve it (most names a task reads are not, and asking costs a walk over every
 * import). The answer is a dependency; a yes makes the task one that is always rebuilt.
 */
function isImported(context: TaskContext, dotted: string): boolean {
  const head = dotted.split('.')[0]!;
  const binding = context.moduleBindings().get(head);
  context.dependencies.imported.set(head, bindingSeen(context, binding));
  if (binding?.kind !== 'import') return false;
  context.dependencies.crossModule = true;
  return true;
}

function callableInputs(context: TaskContext, definition: Node): CallableInputs {
  const { tree, structure, dependencies } = context;
  dependencies.ranges.push({ start: definition.startIndex, end: definition.endIndex });
  dependencies.scopes = enclosingFunctions(definition);
  const layers = outerLayers(context, dependencies.scopes);
  const outerBinding = (name: string) => {
    const binding = layers ? lookUp(layers, name) : undefined;
    dependencies.outer.set(name, bindingSeen(context, binding));
    // The task's own copy: a span must belong to one task's list to be moved once.
    return binding && { ...binding, span: { ...binding.span } };
  };
  return recordInputs(tree, context.source, structure, outerBinding);
}

/** A callable's inputs from a file's structure records and tree (this file's, or a workspace module's). */
export function recordInputs(tree: Tree, source: SourceText, structure: Structure, outerBinding: CallableInputs['outerBinding']): CallableInputs {
  return {
    source,
    importsWithin: (start, end) => recordsWithin(structure.imports, start, end).flatMap((record) => nodeAt(tree, ['import_statement', 'import_from_statement'], record.start, record.end) ?? []),
    dynamicImportsWithin: (start, end) => recordsWithin(structure.calls, start, end).flatMap((record): CallSite[] => {
      if (record.callee === undefined || !DYNAMIC_IMPORTS.has(record.callee)) return [];
      const call = nodeAt(tree, ['call'], record.start, record.end);
      const callee = call?.childForFieldName('function');
      const argumentList = call?.childForFieldName('arguments');
      return call && callee && argumentList ? [{ call, callee, arguments: argumentList }] : [];
    }),
    outerBinding,
  };
}

function requirementsOf(context: TaskContext, argument: ArgumentModel | undefined): RequirementsModel | undefined {
  if (!argument) return undefined;
  const value = argument.value;
  const model: RequirementsModel = { span: value.span, entries: [], complete: true, file: undefined, literal: undefined, quote: '"' };
  if (value.kind === 'none') return model;
  if (value.kind === 'string') {
    if (/\.txt$/i.test(value.value.trim())) {
      model.file = readRequirementsFile(context, value.value.trim());
      if (model.file.source) {
        const fileSource = model.file.source;
        model.entries = parseRequirementLines(fileSource.text, { source: fileSource, start: 0, end: fileSource.text.length }, true);
        for (const entry of model.entries) entry.element = entry.span;
      } else model.complete = false;
      return model;
    }
    model.entries = parseRequirementLines(value.value, value.exact ? value.contentSpan : value.span, value.exact);
    model.quote = value.quote;
    return model;
  }
  if (value.kind !== 'sequence') {
    model.complete = false;
    return model;
  }
  model.complete = value.complete;
  model.literal = value.literal;
  const firstString = value.items.find((item): item is Extract<Value, { kind: 'string' }> => item.kind === 'string');
  if (firstString) model.quote = firstString.quote;
  for (const item of value.items) {
    if (item.kind !== 'string') {
      model.complete = false;
      continue;
    }
    const entries = parseRequirementLines(item.value, item.exact ? item.contentSpan : item.span, item.exact);
    if (entries.length === 1) entries[0]!.element = item.span;
    model.entries.push(...entries);
  }
  return model;
}

/**
 * Airflow renders a `*.txt` requirements value as a Jinja template looked up in the DAG's folder
 * (the DAG's template search path). Jinja's FileSystemLoader (jinja2/loaders.py,
 * `split_template_path`) splits the name on "/", drops empty and "." parts and refuses any ".."
 * part with TemplateNotFound; a leading "/" is therefore still relative to the DAG folder.
 * So nothing outside the DAG folder is ever read.
 */
export function templatePath(name: string): string[] | undefined {
  const parts: string[] = [];
  for (const part of name.split(/[\\/]/)) {
    if (part === '..') return undefined;
    if (part !== '' && part !== '.') parts.push(part);
  }
  return parts.length > 0 ? parts : undefined;
}

function readRequirementsFile(context: TaskContext, name: string): RequirementsFile {
  const dagPath = context.source.path;
  const parts = templatePath(name);
  const path = dagPath && parts ? join(dirname(dagPath), ...parts) : name;
  const file: RequirementsFile = { name, path, source: undefined, error: undefined };
  if (!parts) {
    file.error = 'Jinja refuses template paths with ".." (TemplateNotFound), so Airflow never reads it';
    return file;
  }
  if (!dagPath) {
    file.error = 'the DAG file is not saved, so its folder is unknown';
    return file;
  }
  const result = readThrough(context.options, path);
  context.dependencies.files.set(path, seenFile(result));
  if ('error' in result) file.error = result.error;
  else file.source = { path, text: result.text, lines: new LineIndex(result.text) };
  return file;
}
