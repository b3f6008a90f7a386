/**
 * Preloaded (`node --import tsx --import this`) into the CLI or the server run from source: the
 * shared tree-sitter parser throws the wasm's RuntimeError on any text holding BREAKS_THE_PARSER,
 * as a corrupt parser does (audit C1), however many times it is renewed.
 */
import { Parser } from 'web-tree-sitter';

const parse = Parser.prototype.parse;
Parser.prototype.parse = function (this: Parser, ...args: Parameters<Parser['parse']>) {
  const [input] = args;
  if (typeof input === 'string' && input.includes('BREAKS_THE_PARSER')) {
    const error = new Error('memory access out of bounds');
    error.name = 'RuntimeError';
    throw error;
  }
  return parse.apply(this, args);
};
