/**
 * Syntax tree -> FileModel: every virtualenv / external-python task of a DAG
 * file, with its arguments resolved to static values, its requirements parsed
 * and its callable found. Rules read only the result.
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
import { importedModules, importedNamesOf, resolvePath, scopeBindings, type ImportedNames } from './bindings.js';
import { buildCallable, type CallableInputs, type CallSite } from './callable.js';
import { LineIndex } from './positions.js';
import { parseRequirementLines } from './requirements.js';
import { contains, dottedName, enclosingScope, namedChildren, spanOf, type Placed } from './syntax.js';
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
import type { Grammar, Node, Tree } from './parse.js';
import type { CrossModuleResolver, ImportingFile } from './workspace.js';

export type ReadResult = { text: string } | { error: string };

export interface ExtractOptions {
  /** Reads a requirements file named by a task; absent, such files are reported as unreadable. */
  readFile?: (path: string) => ReadResult;
  /** Follows callables and constants the DAG imports into other workspace files; absent, analysis is single-file. */
  workspace?: CrossModuleResolver;
}

/** 1.10's positional signature (`airflow/operators/python_operator.py`, 1.10 line). */
const POSITIONAL_1_10: Record<string, string[]> = {
  virtualenv: ['python_callable', 'requirements', 'python_version', 'use_dill', 'system_site_packages'],
  'external-python': [],
};

export interface Structure {
  imports: Placed<Node>[];
  calls: Placed<CallSite>[];
  decorated: { decorated: Node; definition: Node }[];
  constants: Map<string, Node | null>;
  functions: Map<string, Node[]>;
  moduleLevelDefinitions: Set<string>;
}

function placed<T>(node: Node, item: T): Placed<T> {
  return { start: node.startIndex, end: node.endIndex, item };
}

export function collect(grammar: Grammar, tree: Tree): Structure {
  const structure: Structure = {
    imports: [],
    calls: [],
    decorated: [],
    constants: new Map(),
    functions: new Map(),
    moduleLevelDefinitions: new Set(),
  };
  for (const match of grammar.queries.structure.matches(tree.rootNode)) {
    const byName = new Map(match.captures.map((capture) => [capture.name, capture.node]));
    if (byName.has('import')) structure.imports.push(placed(byName.get('import')!, byName.get('import')!));
    else if (byName.has('call')) {
      const call = byName.get('call')!;
      structure.calls.push(placed(call, { call, callee: byName.get('call.callee')!, arguments: byName.get('call.arguments')! }));
    } else if (byName.has('decorated')) {
      structure.decorated.push({ decorated: byName.get('decorated')!, definition: byName.get('decorated.function')! });
    } else if (byName.has('constant.name')) {
      const name = byName.get('constant.name')!.text;
      structure.constants.set(name, structure.constants.has(name) ? null : byName.get('constant.value')!);
    } else if (byName.has('function')) {
      const name = byName.get('function.name')!.text;
      const definition = byName.get('function')!;
      structure.functions.set(name, [...(structure.functions.get(name) ?? []), definition]);
      if (!enclosingScope(definition)) structure.moduleLevelDefinitions.add(name);
    } else if (byName.has('class')) {
      if (!enclosingScope(byName.get('class')!)) structure.moduleLevelDefinitions.add(byName.get('class.name')!.text);
    }
  }
  // `within` needs document order; query matches of several patterns may interleave.
  structure.imports.sort((a, b) => a.start - b.start);
  structure.calls.sort((a, b) => a.start - b.start);
  return structure;
}

export function extract(grammar: Grammar, tree: Tree, source: SourceText, options: ExtractOptions = {}): FileModel {
  const structure = collect(grammar, tree);
  const names: ImportedNames = new Map();
  const airflowImports: AirflowImport[] = [];
  const airflowModules = new Set<string>();
  for (const { item: statement } of structure.imports) {
    for (const [local, path] of importedNamesOf(statement)) {
      if (path === 'airflow' || path.startsWith('airflow.')) names.set(local, path);
    }
    for (const { module, node } of importedModules(statement)) {
      if (!module.startsWith('airflow')) continue;
      airflowModules.add(module);
      if (OPERATOR_MODULES.has(module) || TASK_DECORATOR_MODULES.has(module) || module.startsWith('airflow.providers.python.')) {
        airflowImports.push({ module, span: spanOf(source, node), statementSpan: spanOf(source, statement) });
      }
    }
  }
  // A class or function the file defines itself is not Airflow's, whatever its name.
  for (const name of structure.moduleLevelDefinitions) names.delete(name);

  const model: FileModel = {
    source,
    tasks: [],
    airflowImports,
    impliedAirflowVersion: impliedVersion(airflowModules),
    hasSyntaxErrors: tree.rootNode.hasError,
  };
  if (names.size === 0) return model;

  const dependencies = new Set<string>();
  const importing: ImportingFile = { path: source.path, imports: structure.imports.map(({ item }) => item).filter((statement) => !enclosingScope(statement)) };
  const workspace = options.workspace;
  const constants: Constants = {
    get: (name) => structure.constants.get(name) ?? undefined,
    ...(workspace ? { imported: (name: string, depth: number) => workspace.value(importing, name, depth, dependencies) } : {}),
  };
  let moduleBindings: Map<string, ModuleBinding> | undefined;
  const context: TaskContext = {
    source,
    structure,
    constants,
    options,
    importing,
    dependencies,
    moduleBindings: () => (moduleBindings ??= scopeBindings(source, tree.rootNode, false)),
  };

  for (const { item: { call, callee, arguments: argumentList } } of structure.calls) {
    const dotted = dottedName(callee);
    const path = dotted === undefined ? undefined : resolvePath(names, dotted);
    if (!path) continue;
    const dot = path.lastIndexOf('.');
    const operator = OPERATOR_CLASSES.get(path.slice(dot + 1));
    const module = path.slice(0, dot);
    if (!operator || !OPERATOR_MODULES.has(module)) continue;
    const positional = module === 'airflow.operators.python_operator' ? POSITIONAL_1_10[operator.kind]! : [];
    model.tasks.push(buildTask(context, {
      operator,
      form: 'operator',
      symbol: path.slice(dot + 1),
      span: spanOf(source, callee),
      argumentList,
      positional,
      callableNode: undefined,
      site: call,
    }));
  }

  for (const { decorated, definition } of structure.decorated) {
    for (const decorator of namedChildren(decorated)) {
      if (decorator.type !== 'decorator') continue;
      const expression = namedChildren(decorator)[0];
      if (!expression) continue;
      const isCall = expression.type === 'call';
      const target = isCall ? expression.childForFieldName('function') : expression;
      const dotted = target ? dottedName(target) : undefined;
      const path = dotted === undefined ? undefined : resolvePath(names, dotted);
      const operator = path ? decoratorOf(path) : undefined;
      if (!operator || !target) continue;
      model.tasks.push(buildTask(context, {
        operator: operator.operator,
        form: 'decorator',
        symbol: `@task.${operator.name}`,
        span: spanOf(source, target),
        argumentList: isCall ? expression.childForFieldName('arguments') ?? undefined : undefined,
        positional: [],
        callableNode: definition,
        site: decorated,
      }));
    }
  }
  model.tasks.sort((a, b) => a.span.start - b.span.start);
  return model;
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

interface TaskContext {
  source: SourceText;
  structure: Structure;
  constants: Constants;
  options: ExtractOptions;
  moduleBindings: () => Map<string, ModuleBinding>;
  importing: ImportingFile;
  /** Files other than the DAG read for the task being built (reset per task). */
  dependencies: Set<string>;
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

function buildTask(context: TaskContext, site: TaskSite): TaskModel {
  const { source } = context;
  context.dependencies.clear();
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
        value: evaluate(source, value, context.constants),
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
          value: evaluate(source, argument, context.constants),
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
    dependencies: [...context.dependencies].filter((path) => path !== source.path).sort(),
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
  const candidates = context.structure.functions.get(value.text) ?? [];
  let best: Node | undefined;
  let bestDepth = -1;
  for (const candidate of candidates) {
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
  const dotted = value && (value.type === 'identifier' || value.type === 'attribute') ? dottedName(value) : undefined;
  return dotted === undefined ? undefined : context.options.workspace?.callable(context.importing, dotted, context.dependencies);
}

function callableInputs(context: TaskContext, definition: Node): CallableInputs {
  // Innermost enclosing function first, the module last; no copy of the module's bindings per task.
  const layers: Map<string, ModuleBinding>[] = [];
  for (let scope = enclosingScope(definition); scope; scope = enclosingScope(scope)) {
    if (scope.type === 'function_definition') layers.push(scopeBindings(context.source, scope, false));
  }
  layers.push(context.moduleBindings());
  const outerBinding = (name: string) => {
    for (const layer of layers) {
      const binding = layer.get(name);
      if (binding) return binding;
    }
    return undefined;
  };
  return { source: context.source, imports: context.structure.imports, calls: context.structure.calls, outerBinding };
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
  const result = context.options.readFile?.(path) ?? { error: 'files are not read in this context' };
  if ('error' in result) file.error = result.error;
  else file.source = { path, text: result.text, lines: new LineIndex(result.text) };
  return file;
}
