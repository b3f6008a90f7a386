/**
 * What extraction needs from a file, as plain records (offsets, names; no tree nodes), so that it
 * survives an edit: after a one-character change only the records the change touches are found
 * again, with the structure query restricted to that range; the others are kept, shifted.
 *
 * The affected range is the edit plus `Tree.getChangedRanges` (where the re-parse changed the
 * tree's structure, e.g. an unclosed bracket). A record is kept only when it does not touch that
 * range; the query, run over the range widened by one character each side, finds exactly the
 * records that were dropped (those that touch it, enclosing ones included). The previous
 * structure is consumed: kept records are shifted in place.
 */
import { importedModules, importedNamesOf, statementBindings, type RelativeBinding } from './bindings.js';
import type { Grammar, Node, TextChange, Tree } from '../parse/parse.js';
import { dottedName, enclosingScope, namedChildren } from '../parse/syntax.js';

/** A range relative to its record's start. */
export interface RelativeRange {
  start: number;
  end: number;
}

interface Located {
  start: number;
  end: number;
}

export interface ImportRecord extends Located {
  names: [local: string, path: string][];
  modules: { module: string; range: RelativeRange }[];
}

export interface CallRecord extends Located {
  /** `a.b.c` of the callee when it is a plain dotted name. */
  callee: string | undefined;
  calleeRange: RelativeRange;
}

export interface DecoratorRecord {
  /** The decorator's name (`task.virtualenv`), without the call. */
  target: string | undefined;
  targetRange: RelativeRange;
  argumentsRange: RelativeRange | undefined;
}

export interface DecoratedRecord extends Located {
  function: RelativeRange;
  decorators: DecoratorRecord[];
}

/** Module-level `NAME = value`; `start` is the name's, `end` the value's. */
export interface ConstantRecord extends Located {
  name: string;
  value: RelativeRange;
}

export interface DefinitionRecord extends Located {
  name: string;
  kind: 'function' | 'class';
  moduleLevel: boolean;
}

/** A top-level statement and the module-level names it binds. */
export interface StatementRecord extends Located {
  bindings: RelativeBinding[];
}

export interface Structure {
  imports: ImportRecord[];
  calls: CallRecord[];
  decorated: DecoratedRecord[];
  constants: ConstantRecord[];
  definitions: DefinitionRecord[];
  statements: StatementRecord[];
}

type Kind = keyof Structure;
const KINDS: Kind[] = ['imports', 'calls', 'decorated', 'constants', 'definitions', 'statements'];

function relative(node: Node, base: number): RelativeRange {
  return { start: node.startIndex - base, end: node.endIndex - base };
}

/**
 * Runs the structure query over the whole tree, or over the nodes that touch [start, end] (ends
 * included); reads the top-level statements the same way.
 */
function query(grammar: Grammar, tree: Tree, range?: { start: number; end: number }): Structure {
  const structure: Structure = { imports: [], calls: [], decorated: [], constants: [], definitions: [], statements: [] };
  // web-tree-sitter passes a query's range to tree-sitter unconverted: bytes of UTF-16, two per code unit.
  const options = range ? { startIndex: Math.max(0, range.start - 1) * 2, endIndex: (range.end + 1) * 2 } : undefined;
  topLevel(tree, range, structure);
  for (const match of grammar.queries.structure.matches(tree.rootNode, options)) {
    const byName = new Map(match.captures.map((capture) => [capture.name, capture.node]));
    const importNode = byName.get('import');
    if (importNode) {
      const start = importNode.startIndex;
      structure.imports.push({
        start,
        end: importNode.endIndex,
        names: importedNamesOf(importNode),
        modules: importedModules(importNode).map(({ module, node }) => ({ module, range: relative(node, start) })),
      });
      continue;
    }
    const call = byName.get('call');
    if (call) {
      const callee = byName.get('call.callee')!;
      const start = call.startIndex;
      structure.calls.push({ start, end: call.endIndex, callee: dottedName(callee), calleeRange: relative(callee, start) });
      continue;
    }
    const decorated = byName.get('decorated');
    if (decorated) {
      const start = decorated.startIndex;
      const decorators: DecoratorRecord[] = [];
      for (const decorator of namedChildren(decorated)) {
        if (decorator.type !== 'decorator') continue;
        const expression = namedChildren(decorator)[0];
        if (!expression) continue;
        const isCall = expression.type === 'call';
        const target = isCall ? expression.childForFieldName('function') : expression;
        if (!target) continue;
        const argumentList = isCall ? expression.childForFieldName('arguments') : null;
        decorators.push({ target: dottedName(target), targetRange: relative(target, start), argumentsRange: argumentList ? relative(argumentList, start) : undefined });
      }
      structure.decorated.push({ start, end: decorated.endIndex, function: relative(byName.get('decorated.function')!, start), decorators });
      continue;
    }
    const definition = byName.get('function') ?? byName.get('class');
    if (definition) {
      const kind = byName.has('function') ? 'function' : 'class';
      structure.definitions.push({
        start: definition.startIndex,
        end: definition.endIndex,
        name: byName.get(`${kind}.name`)!.text,
        kind,
        moduleLevel: !enclosingScope(definition),
      });
    }
  }
  for (const kind of KINDS) (structure[kind] as Located[]).sort((a, b) => a.start - b.start || b.end - a.end);
  return structure;
}

/** Top-level statements (all, or those touching `range`): the names they bind, and `NAME = value` constants. */
function topLevel(tree: Tree, range: { start: number; end: number } | undefined, structure: Structure): void {
  const root = tree.rootNode;
  let statement = range ? root.firstNamedChildForIndex(Math.max(0, range.start - 1)) : root.firstNamedChild;
  for (; statement && (!range || statement.startIndex <= range.end); statement = statement.nextNamedSibling) {
    const start = statement.startIndex;
    const end = statement.endIndex;
    if (range && end < range.start) continue;
    structure.statements.push({ start, end, bindings: statementBindings(statement, start) });
    if (statement.type !== 'expression_statement') continue;
    const assignment = statement.firstNamedChild;
    const name = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    const value = assignment?.childForFieldName('right');
    if (name?.type !== 'identifier' || !value) continue;
    structure.constants.push({ start: name.startIndex, end: value.endIndex, name: name.text, value: relative(value, name.startIndex) });
  }
}

export function collectStructure(grammar: Grammar, tree: Tree): Structure {
  return query(grammar, tree);
}

/** The previous structure, the tree it came from (edited), and the one change since. */
export interface PreviousStructure {
  structure: Structure;
  oldTree: Tree;
  change: TextChange;
}

/** The range an edit affected, in the new text's offsets (`start`..`end`) and the old text's. */
export interface Affected {
  start: number;
  end: number;
  oldEnd: number;
  delta: number;
}

export function affectedRange(tree: Tree, previous: PreviousStructure): Affected {
  const { change } = previous;
  let start = change.start;
  let end = change.newEnd;
  for (const range of previous.oldTree.getChangedRanges(tree)) {
    start = Math.min(start, range.startIndex);
    end = Math.max(end, range.endIndex);
  }
  const delta = change.newEnd - change.oldEnd;
  return { start, end, oldEnd: end - delta, delta };
}

/** Whether an old-text range touches the affected range (sharing an end counts). */
export function touches(affected: Affected, start: number, end: number): boolean {
  return start <= affected.oldEnd && end >= affected.start;
}

/** The previous structure moved to the new text: records the edit did not touch kept (shifted in place), the others found again. */
export function updateStructure(grammar: Grammar, tree: Tree, previous: PreviousStructure, affected: Affected): Structure {
  const found = query(grammar, tree, { start: affected.start, end: affected.end });
  const updated = {} as Structure;
  for (const kind of KINDS) {
    const kept: Located[] = [];
    for (const record of previous.structure[kind] as Located[]) {
      if (touches(affected, record.start, record.end)) continue;
      if (record.start > affected.oldEnd && affected.delta !== 0) {
        record.start += affected.delta;
        record.end += affected.delta;
      }
      kept.push(record);
    }
    const fresh = (found[kind] as Located[]).filter((record) => !containsRecord(kept, record));
    (updated[kind] as Located[]) = merge(kept, fresh);
  }
  return updated;
}

/** The index of the first record (sorted by start) that starts at or after `start`. */
function firstFrom(records: readonly Located[], start: number): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (records[middle]!.start < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether `records` (sorted by start) has one with the same range as `record`. */
function containsRecord(records: readonly Located[], record: Located): boolean {
  for (let index = firstFrom(records, record.start); index < records.length && records[index]!.start === record.start; index++) {
    if (records[index]!.end === record.end) return true;
  }
  return false;
}

function merge(a: Located[], b: Located[]): Located[] {
  if (b.length === 0) return a;
  const merged: Located[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const takeA = j >= b.length || (i < a.length && (a[i]!.start < b[j]!.start || (a[i]!.start === b[j]!.start && a[i]!.end >= b[j]!.end)));
    merged.push(takeA ? a[i++]! : b[j++]!);
  }
  return merged;
}

/** Records of a sorted list that lie within [start, end), by binary search. */
export function recordsWithin<T extends Located>(records: readonly T[], start: number, end: number): T[] {
  const found: T[] = [];
  for (let index = firstFrom(records, start); index < records.length && records[index]!.start < end; index++) {
    if (records[index]!.end <= end) found.push(records[index]!);
  }
  return found;
}

/** The node of one of `types` that spans exactly [start, end) in `tree`. */
export function nodeAt(tree: Tree, types: readonly string[], start: number, end: number): Node | undefined {
  for (let node = tree.rootNode.descendantForIndex(start, end); node && node.startIndex <= start && node.endIndex >= end; node = node.parent) {
    if (node.startIndex === start && node.endIndex === end && types.includes(node.type)) return node;
    if (node.startIndex < start || node.endIndex > end) return undefined;
  }
  return undefined;
}
