/**
 * Names and what they are bound to: which local names mean an Airflow module
 * or class (following every import style and alias), and which names a scope
 * binds (for "the callable uses a module-level name").
 */
import type { ModuleBinding, SourceText } from '../model.js';
import type { Node, TreeCursor } from '../parse/parse.js';
import { OPERATOR_CLASSES, OPERATOR_MODULES, TASK_DECORATOR_MODULES } from '../knowledge/airflow.js';
import { children, dottedName, namedChildren } from '../parse/syntax.js';

/**
 * Local name -> the dotted path it stands for: `import airflow.operators.python`
 * binds `airflow` -> `airflow`; `from airflow.operators import python as p`
 * binds `p` -> `airflow.operators.python`; `from airflow.sdk import task`
 * binds `task` -> `airflow.sdk.task`.
 */
export type ImportedNames = Map<string, string>;

export function importedNamesOf(statement: Node): [local: string, path: string][] {
  const names: [string, string][] = [];
  if (statement.type === 'import_statement') {
    for (const child of namedChildren(statement)) {
      if (child.type === 'dotted_name') {
        const path = dottedName(child);
        if (path) names.push([path.split('.')[0]!, path.split('.')[0]!]);
      } else if (child.type === 'aliased_import') {
        const path = dottedName(child.childForFieldName('name')!);
        const alias = child.childForFieldName('alias')?.text;
        if (path && alias) names.push([alias, path]);
      }
    }
    return names;
  }
  if (statement.type !== 'import_from_statement') return names;
  const moduleNode = statement.childForFieldName('module_name');
  const module = moduleNode?.type === 'dotted_name' ? dottedName(moduleNode) : undefined;
  if (!module) return names;
  for (const child of statement.childrenForFieldName('name')) {
    if (!child) continue;
    if (child.type === 'dotted_name') names.push([child.text, `${module}.${child.text}`]);
    else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name')?.text;
      const alias = child.childForFieldName('alias')?.text;
      if (name && alias) names.push([alias, `${module}.${name}`]);
    }
  }
  if (children(statement).some((child) => child.type === 'wildcard_import')) {
    if (OPERATOR_MODULES.has(module)) for (const name of OPERATOR_CLASSES.keys()) names.push([name, `${module}.${name}`]);
    if (TASK_DECORATOR_MODULES.has(module)) names.push(['task', `${module}.task`]);
  }
  return names;
}

/** The module path of an import statement as written, with its node. */
export function importedModules(statement: Node): { module: string; node: Node }[] {
  if (statement.type === 'import_from_statement') {
    const moduleNode = statement.childForFieldName('module_name');
    const module = moduleNode?.type === 'dotted_name' ? dottedName(moduleNode) : undefined;
    return module && moduleNode ? [{ module, node: moduleNode }] : [];
  }
  const modules: { module: string; node: Node }[] = [];
  for (const child of namedChildren(statement)) {
    const node = child.type === 'aliased_import' ? child.childForFieldName('name') : child;
    const module = node ? dottedName(node) : undefined;
    if (node && module) modules.push({ module, node });
  }
  return modules;
}

/** Resolves `a.b.c` through the imported names to a full dotted path, if `a` was imported. */
export function resolvePath(names: ImportedNames, dotted: string): string | undefined {
  const dot = dotted.indexOf('.');
  const head = dot === -1 ? dotted : dotted.slice(0, dot);
  const bound = names.get(head);
  if (bound === undefined) return undefined;
  return dot === -1 ? bound : bound + dotted.slice(dot);
}

/** A binding found in a statement, its statement's range relative to a base offset. */
export interface RelativeBinding {
  name: string;
  kind: ModuleBinding['kind'];
  range: { start: number; end: number };
  importText?: string;
  importedNames?: number;
}

/**
 * The names a scope binds. For a module, `scope` is the module node and
 * function/class bodies are not entered. For a function, every name bound
 * anywhere inside it (nested functions included, to stay on the silent side).
 */
export function scopeBindings(source: SourceText, scope: Node, enterFunctions: boolean): Map<string, ModuleBinding> {
  const bindings = new Map<string, ModuleBinding>();
  collectBindings(scope, true, enterFunctions, (binding) => {
    const { range, ...rest } = binding;
    bindings.set(binding.name, { ...rest, span: { source, start: range.start, end: range.end } });
  }, (name) => bindings.delete(name));
  return bindings;
}

/**
 * Only the names a scope binds, as {@link scopeBindings} would key them: what a callable's own
 * scope hides from the module. Without the bindings' spans and import texts, which cost Node
 * objects (an import's text reads its modules again) and are never read for these.
 */
export function scopeNames(scope: Node, enterFunctions: boolean): Set<string> {
  const names = new Set<string>();
  collectBindings(scope, true, enterFunctions, (binding) => names.add(binding.name), (name) => names.delete(name), false);
  return names;
}

/** The module-level names one top-level statement binds, in order, ranges relative to `base`. */
export function statementBindings(statement: Node, base: number): RelativeBinding[] {
  const found: RelativeBinding[] = [];
  collectBindings(statement, false, false, (binding) => found.push({ ...binding, range: { start: binding.range.start - base, end: binding.range.end - base } }), () => undefined);
  return found;
}

/** `details`: report each binding's range and each import's text and name count (else only names and kinds, ranges not to be read). */
function collectBindings(scope: Node, scopeIsTop: boolean, enterFunctions: boolean, report: (binding: RelativeBinding) => void, forget: (name: string) => void, details = true): void {
  const declaredGlobal = new Set<string>();
  const bind = (name: string, kind: ModuleBinding['kind'], statement: Extent, extra?: Pick<RelativeBinding, 'importText' | 'importedNames'>) => {
    if (!declaredGlobal.has(name)) report({ name, kind, range: details ? { start: statement.startIndex, end: statement.endIndex } : NO_RANGE, ...extra });
  };
  // The statement (a child of a block or of the module) being visited: what an assignment inside it
  // binds its names to. Tracked on the way down, as asking a node for its parent walks from the root.
  let statement: Extent = scope;
  /** What binds names (a Node is made only for these); true: go on into its named children. */
  const visitNode = (node: Node, top: boolean): boolean => {
    switch (node.type) {
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name && !top) bind(name.text, node.type === 'class_definition' ? 'class' : 'function', node);
        if (!top && !enterFunctions) return false;
        if (node.type === 'function_definition') {
          const parameters = node.childForFieldName('parameters');
          if (parameters) for (const target of parameterNames(parameters)) bind(target, 'constant', parameters);
        }
        const body = node.childForFieldName('body');
        if (body) walk(body, false, node.type);
        return false;
      }
      case 'lambda': {
        if (!enterFunctions) return false;
        const parameters = node.childForFieldName('parameters');
        if (parameters) for (const target of parameterNames(parameters)) bind(target, 'constant', parameters);
        return true;
      }
      case 'import_statement':
      case 'import_from_statement': {
        const names = importedNamesOf(node);
        for (const [local, path] of names) {
          bind(local, 'import', node, details ? { importText: importTextFor(node, local, path), importedNames: names.length } : undefined);
        }
        return false;
      }
      case 'global_statement':
        for (const name of namedChildren(node)) {
          declaredGlobal.add(name.text);
          forget(name.text);
        }
        return false;
      case 'assignment':
      case 'augmented_assignment':
        for (const name of targetNames(node.childForFieldName('left'))) bind(name, 'constant', statement);
        return true;
      case 'for_statement':
      case 'for_in_clause':
        for (const name of targetNames(node.childForFieldName('left'))) bind(name, 'constant', node);
        return true;
      case 'named_expression': {
        const name = node.childForFieldName('name');
        if (name) bind(name.text, 'constant', statement);
        return true;
      }
      case 'as_pattern': {
        const alias = node.childForFieldName('alias');
        if (alias) for (const name of targetNames(alias)) bind(name, 'constant', statement);
        return true;
      }
      default:
        return true;
    }
  };
  /**
   * Visits `root` and its named descendants in document order with one tree cursor: web-tree-sitter
   * builds a Node object for every child a `namedChildren` call returns, most of them never needed.
   * At module level only statements bind names worth knowing; expressions (calls with their long
   * argument lists, most of a DAG file) are not entered. A module-level `:=` is missed, which errs
   * on the silent side.
   */
  const walk = (root: Node, rootIsTop: boolean, rootParentType: string | undefined): void => {
    const cursor = root.walk();
    /** The ancestors of the cursor's node below `root`'s parent: their type, and the statement before each. */
    const ancestors: { type: string; enclosing: Extent }[] = [];
    try {
      for (;;) {
        const type = cursor.nodeType;
        const parentType = ancestors.length > 0 ? ancestors[ancestors.length - 1]!.type : rootParentType;
        const enclosing = statement;
        // Only ranges need the statement (two calls into the parser per statement); names do not.
        if (details && (parentType === 'block' || parentType === 'module')) statement = { startIndex: cursor.startIndex, endIndex: cursor.endIndex };
        const handled = BINDING_TYPES.has(type) ? visitNode(cursor.currentNode, ancestors.length === 0 && rootIsTop) : true;
        if (handled && (enterFunctions || STATEMENT_CONTAINERS.has(type)) && firstNamedChild(cursor)) {
          ancestors.push({ type, enclosing });
          continue;
        }
        statement = enclosing;
        let moved = false;
        while (ancestors.length > 0 && !(moved = nextNamedSibling(cursor))) {
          cursor.gotoParent();
          statement = ancestors.pop()!.enclosing;
        }
        if (!moved) return;
      }
    } finally {
      cursor.delete();
    }
  };
  walk(scope, scopeIsTop, scope.parent?.type);
}

/** The range of a binding reported without details (a Node's end is a call into the parser). */
const NO_RANGE = { start: -1, end: -1 };

/** Where a binding's statement lies: a Node, or the cursor's offsets. */
interface Extent {
  startIndex: number;
  endIndex: number;
}

/** The node types {@link collectBindings} looks at; every other node is only walked through. */
const BINDING_TYPES = new Set([
  'function_definition', 'class_definition', 'lambda', 'import_statement', 'import_from_statement', 'global_statement',
  'assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'named_expression', 'as_pattern',
]);

function firstNamedChild(cursor: TreeCursor): boolean {
  if (!cursor.gotoFirstChild()) return false;
  if (cursor.nodeIsNamed || nextNamedSibling(cursor)) return true;
  cursor.gotoParent();
  return false;
}

function nextNamedSibling(cursor: TreeCursor): boolean {
  while (cursor.gotoNextSibling()) if (cursor.nodeIsNamed) return true;
  return false;
}

const STATEMENT_CONTAINERS = new Set([
  'module', 'block', 'expression_statement', 'decorated_definition',
  'if_statement', 'elif_clause', 'else_clause', 'try_statement', 'except_clause', 'except_group_clause', 'finally_clause',
  'with_statement', 'with_clause', 'with_item', 'for_statement', 'while_statement', 'match_statement', 'case_clause',
]);


/** Identifiers bound by an assignment target (`a`, `a, b`, `[a, *b]`, not `a.b` or `a[0]`). */
export function targetNames(node: Node | null): string[] {
  if (!node) return [];
  switch (node.type) {
    case 'identifier':
      return [node.text];
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'parenthesized_expression':
    case 'list_splat_pattern':
    case 'as_pattern_target':
    case 'expression_list':
      return namedChildren(node).flatMap(targetNames);
    default:
      return [];
  }
}

function parameterNames(parameters: Node): string[] {
  return namedChildren(parameters).flatMap(parameterName);
}

/** `x`, `x=1`, `x: int`, `x: int = 1`, `*args`, `**kwargs`, `*args: int`. */
function parameterName(parameter: Node): string[] {
  switch (parameter.type) {
    case 'identifier':
      return [parameter.text];
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = parameter.childForFieldName('name');
      return name ? [name.text] : [];
    }
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const first = namedChildren(parameter)[0];
      return first ? parameterName(first) : [];
    }
    default:
      return [];
  }
}

/** An import statement that binds only `local`, to put inside a function. */
function importTextFor(statement: Node, local: string, path: string): string {
  if (statement.type === 'import_statement') {
    if (local === path) {
      const dotted = importedModules(statement).find(({ module }) => module === path || module.startsWith(`${path}.`));
      return `import ${dotted?.module ?? path}`;
    }
    return `import ${path} as ${local}`;
  }
  const dot = path.lastIndexOf('.');
  const module = path.slice(0, dot);
  const name = path.slice(dot + 1);
  return name === local ? `from ${module} import ${name}` : `from ${module} import ${name} as ${local}`;
}
