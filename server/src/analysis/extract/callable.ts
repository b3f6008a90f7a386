/**
 * The task callable as the worker will run it: only the function's own source
 * is shipped to the other interpreter, so what matters is what it imports and
 * which names it reads that only the DAG module (or an enclosing function) binds.
 */
import type { Tree } from '../parse/parse.js';
import { enclosingScope } from '../parse/syntax.js';
import { nodeAt, recordsWithin, type Structure } from './structure.js';
import type { CallableModel, ImportModel, ModuleBinding, ModuleNameUse, SourceText } from '../model.js';
import type { Node } from '../parse/parse.js';
import { importedModules, importedNamesOf, scopeNames } from './bindings.js';
import { children, dottedName, namedChildren, spanOf } from '../parse/syntax.js';
import { evaluate } from './values.js';

export interface CallSite {
  call: Node;
  callee: Node;
  arguments: Node;
}

/** Callees that import a module by name at run time. */
export const DYNAMIC_IMPORTS = new Set(['importlib.import_module', 'import_module', '__import__']);
/** Callees that put a folder on `sys.path`: what is imported after one may come from that folder. */
export const PATH_EXTENSIONS = new Set(['sys.path.append', 'sys.path.insert', 'sys.path.extend', 'site.addsitedir', 'addsitedir']);

export interface CallableInputs {
  source: SourceText;
  /** The import statements within [start, end), in document order. */
  importsWithin(start: number, end: number): Node[];
  /** The calls within [start, end) whose callee is one of `callees` (DYNAMIC_IMPORTS, PATH_EXTENSIONS), in document order. */
  callsWithin(start: number, end: number, callees: ReadonlySet<string>): CallSite[];
  /** A name bound outside the callable: by the innermost enclosing function, else the module. */
  outerBinding(name: string): ModuleBinding | undefined;
  /**
   * Whether `outerBinding` would find the name, asked without recording anything. Given, the
   * callable's own bindings are walked for only when one of the names it reads is bound outside.
   */
  boundOutside?(name: string): boolean;
}

export function buildCallable(definition: Node, inputs: CallableInputs): CallableModel {
  const { source } = inputs;
  const lambda = definition.type === 'lambda';
  const nameNode = lambda ? definition : (definition.childForFieldName('name') ?? definition);
  const imports: ImportModel[] = [];
  const start = definition.startIndex;
  const end = definition.endIndex;
  for (const statement of inputs.importsWithin(start, end)) {
    const guarded = isGuarded(statement, definition);
    const submodules = statement.type === 'import_from_statement' ? importedNamesOf(statement).map(([, path]) => path) : [];
    for (const { module, node } of importedModules(statement)) {
      imports.push({ module, span: spanOf(source, node), submodules, guarded, dynamic: false });
    }
    if (statement.type === 'import_from_statement' && importedModules(statement).length === 0) {
      const relative = statement.childForFieldName('module_name');
      if (relative) imports.push({ module: undefined, span: spanOf(source, relative), submodules: [], guarded, dynamic: false });
    }
  }
  for (const { call, arguments: argumentList } of inputs.callsWithin(start, end, DYNAMIC_IMPORTS)) {
    const first = namedChildren(argumentList)[0];
    if (!first) continue;
    const value = evaluate(source, first, { get: () => undefined });
    if (value.kind === 'string' && !value.value.startsWith('.')) {
      imports.push({ module: value.value, span: value.exact ? value.contentSpan : value.span, submodules: [], guarded: isGuarded(call, definition), dynamic: true });
    }
  }
  return {
    name: lambda ? undefined : nameNode.text,
    nameSpan: spanOf(source, nameNode),
    span: spanOf(source, definition),
    lambda,
    imports,
    pathExtensions: inputs.callsWithin(start, end, PATH_EXTENSIONS).map(({ callee }) => spanOf(source, callee)),
    moduleNameUses: lambda ? [] : moduleNameUses(definition, inputs),
    bodyStart: lambda ? undefined : bodyStart(definition, source),
  };
}

const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException']);

/** Inside a `try:` body whose handlers catch a failed import (or anything). */
function isGuarded(node: Node, limit: Node): boolean {
  for (let current: Node | null = node; current && current.id !== limit.id; current = current.parent) {
    const parent = current.parent;
    if (parent?.type !== 'try_statement' || parent.childForFieldName('body')?.id !== current.id) continue;
    for (const handler of namedChildren(parent)) {
      if (handler.type !== 'except_clause') continue;
      const caught = namedChildren(handler).filter((child) => child.type !== 'block' && child.type !== 'comment');
      if (caught.length === 0) return true;
      const names = caught.flatMap((child) => caughtNames(child));
      if (names.some((name) => IMPORT_ERRORS.has(name))) return true;
    }
  }
  return false;
}

function caughtNames(node: Node): string[] {
  if (node.type === 'as_pattern') {
    const first = namedChildren(node)[0];
    return first ? caughtNames(first) : [];
  }
  if (node.type === 'tuple' || node.type === 'parenthesized_expression') return namedChildren(node).flatMap(caughtNames);
  const name = dottedName(node);
  return name ? [name.split('.').pop()!] : [];
}

/**
 * Names the function reads that are bound outside it and not inside it.
 * Annotations are skipped: Airflow's venv script starts with
 * `from __future__ import annotations`, so they are never evaluated there.
 */
function moduleNameUses(definition: Node, inputs: CallableInputs): ModuleNameUse[] {
  // What the callable binds itself hides only names bound outside it, and most callables read none:
  // their bindings are not walked for. A name read before that walk is looked up outside (found
  // absent, which the task's dependencies then record) even when the callable binds it.
  let local = inputs.boundOutside ? undefined : scopeNames(definition, true);
  const ownName = definition.childForFieldName('name')?.text;
  const uses: ModuleNameUse[] = [];
  // A cursor walk: web-tree-sitter builds a Node object per child visited and walks from the root
  // to answer `parent`, which made this walk the extraction's costliest step.
  for (const field of ['parameters', 'body']) {
    const part = definition.childForFieldName(field);
    if (!part) continue;
    const cursor = part.walk();
    try {
      /** The types of the cursor node's ancestors inside `part`, `part` first. */
      const parents: string[] = [];
      for (;;) {
        const type = cursor.nodeType;
        let descend = !NOT_EVALUATED.has(type);
        if (type === 'identifier') {
          descend = false;
          const name = cursor.nodeText;
          if (name !== ownName && !local?.has(name) && isRead(parents.at(-1), cursor.currentFieldName)) {
            if (!local && inputs.boundOutside!(name)) local = scopeNames(definition, true);
            const binding = local?.has(name) ? undefined : inputs.outerBinding(name);
            if (binding) uses.push({ name, span: { source: inputs.source, start: cursor.startIndex, end: cursor.endIndex }, binding });
          }
        }
        if (descend && cursor.gotoFirstChild()) {
          parents.push(type);
          continue;
        }
        let moved = false;
        while (parents.length > 0 && !(moved = cursor.gotoNextSibling())) {
          cursor.gotoParent();
          parents.pop();
        }
        if (!moved) break;
      }
    } finally {
      cursor.delete();
    }
  }
  return uses;
}

/** Subtrees whose names are not evaluated in the callable's scope (annotations, imports, declarations). */
const NOT_EVALUATED = new Set(['type', 'import_statement', 'import_from_statement', 'global_statement', 'nonlocal_statement']);

/** An identifier (in field `field` of a `parent` node) that is evaluated, not a name being defined or an attribute/keyword label. */
function isRead(parent: string | undefined, field: string | null): boolean {
  switch (parent) {
    case undefined:
      return false;
    case 'attribute':
      return field !== 'attribute';
    case 'keyword_argument':
    case 'function_definition':
    case 'class_definition':
    case 'default_parameter':
    case 'typed_default_parameter':
      return field !== 'name';
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'keyword_pattern':
      return false;
    default:
      return true;
  }
}

/** Where an import line can go: before the first statement after the docstring. */
function bodyStart(definition: Node, source: SourceText): CallableModel['bodyStart'] {
  const body = definition.childForFieldName('body');
  if (!body) return undefined;
  const statements = namedChildren(body).filter((child) => child.type !== 'comment');
  let first = statements[0];
  if (!first) return undefined;
  const isDocstring = first.type === 'expression_statement' && children(first)[0]?.type === 'string';
  if (isDocstring && statements[1]) first = statements[1];
  const lineStart = source.lines.lineStart(source.lines.positionAt(first.startIndex).line);
  const indent = source.text.slice(lineStart, first.startIndex);
  if (/\S/.test(indent)) return undefined; // `def f(): return x` on one line: no safe place
  if (isDocstring && first === statements[0]) {
    // Only a docstring: insert after it on a new line.
    return { at: { source, start: first.endIndex, end: first.endIndex }, indent, newlineBefore: true };
  }
  return { at: { source, start: lineStart, end: lineStart }, indent, newlineBefore: false };
}

/** The import statements at module level, in document order. */
export function moduleLevelImports(tree: Tree, structure: Structure): Node[] {
  return structure.imports.flatMap((record) => {
    const node = nodeAt(tree, ['import_statement', 'import_from_statement'], record.start, record.end);
    return node && !enclosingScope(node) ? [node] : [];
  });
}

/** A callable's inputs from a file's structure records and tree (this file's, or a workspace module's). */
export function recordInputs(tree: Tree, source: SourceText, structure: Structure, outerBinding: CallableInputs['outerBinding'], boundOutside?: CallableInputs['boundOutside']): CallableInputs {
  return {
    ...(boundOutside ? { boundOutside } : {}),
    source,
    importsWithin: (start, end) => recordsWithin(structure.imports, start, end).flatMap((record) => nodeAt(tree, ['import_statement', 'import_from_statement'], record.start, record.end) ?? []),
    callsWithin: (start, end, callees) => recordsWithin(structure.calls, start, end).flatMap((record): CallSite[] => {
      if (record.callee === undefined || !callees.has(record.callee)) return [];
      const call = nodeAt(tree, ['call'], record.start, record.end);
      const callee = call?.childForFieldName('function');
      const argumentList = call?.childForFieldName('arguments');
      return call && callee && argumentList ? [{ call, callee, arguments: argumentList }] : [];
    }),
    outerBinding,
  };
}
