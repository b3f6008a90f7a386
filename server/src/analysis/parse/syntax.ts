/** Small helpers over web-tree-sitter nodes, shared by the extraction modules. */
import type { Node } from './parse.js';
import type { SourceText, Span } from '../model.js';

export function spanOf(source: SourceText, node: Node): Span {
  return { source, start: node.startIndex, end: node.endIndex };
}

/** `a`, `a.b.c` as text when `node` is a plain (dotted) name, else undefined. */
export function dottedName(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (!object || !attribute) return undefined;
    const head = dottedName(object);
    return head === undefined ? undefined : `${head}.${attribute.text}`;
  }
  if (node.type === 'dotted_name') return node.namedChildren.map((part) => part?.text).join('.');
  return undefined;
}

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
