/**
 * Static evaluation of the argument values rules care about: string, list,
 * tuple and set literals, implicit concatenation, `+` of lists, `[*BASE, "x"]`
 * and module-level constants. Anything else is `unknown`, and rules that need
 * the value then stay silent.
 */
import type { SequenceValue, SourceText, Span, StringValue, Value } from '../model.js';
import type { Node } from '../parse/parse.js';
import { children, dottedName, namedChildren, spanOf } from '../parse/syntax.js';

export interface Constants {
  /** Module-level `NAME = value`; a name assigned more than once is absent (not static). */
  get(name: string): Node | undefined;
  /** A (dotted) name the module imports, evaluated where it is defined (cross-module analysis only). */
  imported?(name: string, depth: number): Value | undefined;
}

const MAX_DEPTH = 16;

export function evaluate(source: SourceText, node: Node, constants: Constants, depth = 0): Value {
  const span = spanOf(source, node);
  if (depth > MAX_DEPTH) return { kind: 'unknown', span };
  switch (node.type) {
    case 'string':
      return evaluateString(source, node) ?? { kind: 'unknown', span };
    case 'concatenated_string': {
      const parts = namedChildren(node).map((part) => evaluateString(source, part));
      if (parts.some((part) => part === undefined)) return { kind: 'unknown', span };
      const first = parts[0]!;
      return {
        kind: 'string',
        value: parts.map((part) => part!.value).join(''),
        span,
        contentSpan: span,
        exact: false,
        quote: first.quote,
      };
    }
    case 'integer':
    case 'float':
      return { kind: 'number', text: node.text, span };
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true', span };
    case 'none':
      return { kind: 'none', span };
    case 'parenthesized_expression': {
      const inner = namedChildren(node).find((child) => child.type !== 'comment');
      return inner ? evaluate(source, inner, constants, depth + 1) : { kind: 'unknown', span };
    }
    case 'list':
    case 'tuple':
    case 'set':
      return evaluateSequence(source, node, constants, depth);
    case 'binary_operator': {
      if (node.childForFieldName('operator')?.type !== '+') return { kind: 'unknown', span };
      const left = evaluate(source, node.childForFieldName('left')!, constants, depth + 1);
      const right = evaluate(source, node.childForFieldName('right')!, constants, depth + 1);
      if (left.kind === 'sequence' || right.kind === 'sequence') {
        // `KNOWN + something_dynamic`: keep what is known, and say it is not all.
        const items = [...(left.kind === 'sequence' ? left.items : []), ...(right.kind === 'sequence' ? right.items : [])];
        const complete = left.kind === 'sequence' && right.kind === 'sequence' && left.complete && right.complete;
        const literal = right.kind === 'sequence' ? right.literal : undefined;
        return { kind: 'sequence', items, span, complete, literal };
      }
      return { kind: 'unknown', span };
    }
    case 'identifier': {
      const definition = constants.get(node.text);
      if (definition) {
        const value = evaluate(source, definition, constants, depth + 1);
        return value.kind === 'unknown' ? { kind: 'reference', name: node.text, span } : value;
      }
      return importedValue(constants, node.text, depth) ?? { kind: 'reference', name: node.text, span };
    }
    case 'attribute': {
      const name = dottedName(node);
      return name ? (importedValue(constants, name, depth) ?? { kind: 'reference', name, span }) : { kind: 'unknown', span };
    }
    default:
      return { kind: 'unknown', span };
  }
}

function importedValue(constants: Constants, name: string, depth: number): Value | undefined {
  const value = constants.imported?.(name, depth + 1);
  return value && value.kind !== 'unknown' && value.kind !== 'reference' ? value : undefined;
}

function evaluateSequence(source: SourceText, node: Node, constants: Constants, depth: number): SequenceValue {
  const items: Value[] = [];
  let complete = true;
  for (const child of namedChildren(node)) {
    if (child.type === 'comment') continue;
    if (child.type === 'list_splat') {
      const inner = namedChildren(child)[0];
      const spread = inner ? evaluate(source, inner, constants, depth + 1) : undefined;
      if (spread?.kind === 'sequence') {
        items.push(...spread.items);
        complete &&= spread.complete;
      } else complete = false;
      continue;
    }
    const value = evaluate(source, child, constants, depth + 1);
    if (value.kind === 'unknown' || value.kind === 'reference') complete = false;
    items.push(value);
  }
  return { kind: 'sequence', items, span: spanOf(source, node), complete, literal: spanOf(source, node) };
}

/** A plain string literal (no f-string interpolation, no bytes). */
function evaluateString(source: SourceText, node: Node): StringValue | undefined {
  if (node.type !== 'string') return undefined;
  const parts = children(node);
  const start = parts[0];
  const end = parts[parts.length - 1];
  if (!start || start.type !== 'string_start' || !end || end.type !== 'string_end') return undefined;
  const prefix = start.text.replace(/["']+$/, '').toLowerCase();
  if (prefix.includes('b')) return undefined;
  const raw = prefix.includes('r');
  let value = '';
  let exact = true;
  for (const part of parts.slice(1, -1)) {
    if (part.type === 'interpolation') return undefined;
    if (part.type !== 'string_content') continue;
    if (raw) {
      value += part.text;
      continue;
    }
    const decoded = decodeEscapes(part.text);
    if (decoded !== part.text) exact = false;
    value += decoded;
  }
  const contentSpan: Span = { source, start: start.endIndex, end: end.startIndex };
  return { kind: 'string', value, span: spanOf(source, node), contentSpan, exact, quote: start.text.slice(prefix.length) };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0' };

function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r\n|\n|.)/g, (whole, escape: string) => {
    if (escape === '\n' || escape === '\r\n') return '';
    if (/^[xuU]/.test(escape) && escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return SIMPLE_ESCAPES[escape] ?? whole;
  });
}
