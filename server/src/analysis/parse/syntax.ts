/** Small helpers over web-tree-sitter nodes, shared by the extraction modules. */
import type { Node } from './parse.js';
import type { SourceText, Span } from '../model.js';

export function spanOf(source: SourceText, node: Node): Span {
  return { source, start: node.startIndex, end: node.endIndex };
}

/** `a`, `a.b.c` as text when `node` is a plain (dotted) name, else undefined. */
export function dottedName(node: Node): string | undefined {
  const type = node.type;
  if (type === 'identifier') return node.text;
  if (type !== 'attribute' && type !== 'dotted_name') return undefined;
  // Written without spaces, comments or anything but names, the text is the dotted name: one read of
  // the text instead of a Node (a call into the parser) per part.
  const text = node.text;
  if (PLAIN_DOTTED.test(text) && text.split('.').every((part) => !KEYWORDS.has(part))) return text;
  if (type === 'attribute') {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (!object || !attribute) return undefined;
    const head = dottedName(object);
    return head === undefined ? undefined : `${head}.${attribute.text}`;
  }
  return node.namedChildren.map((part) => part?.text).join('.');
}

/** ASCII names joined by dots (other identifiers take the long way). */
const PLAIN_DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Words that are not names (`None.x` is no dotted name), nor can be parts of one outside error recovery. */
const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

export function children(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null);
}

const SCOPE_TYPES = new Set(['function_definition', 'class_definition', 'lambda']);

/** The innermost function/class/lambda containing `node`, or undefined at module level. */
export function enclosingScope(node: Node): Node | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (SCOPE_TYPES.has(parent.type)) return parent;
  }
  return undefined;
}

/** Whether `inner` lies within `outer` (by offsets; both from the same tree). */
export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}
