/**
 * How a file's bytes become the text the analysis reads, and how an edited text becomes bytes
 * again without changing anything outside the edits (reliability audit D2): a UTF-8 BOM is kept,
 * a PEP 263 `coding:` line is honoured (Latin-1 is decoded as Latin-1), and a file whose bytes
 * do not survive the round trip (invalid UTF-8, another declared codec) is refused for --fix.
 */

/** PEP 263: a comment on line 1 or 2 matching `coding[:=]\s*([-\w.]+)`. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** Python's tokenizer (`get_normal_name`) treats these as ISO-8859-1. */
const LATIN_1 = /^(latin-1|iso-8859-1|iso-latin-1)(-|$)/;

export interface SourceEncoding {
  bom: boolean;
  /** 'utf-8', 'latin-1', or the declared name of a codec the linter does not write. */
  charset: string;
  /** Whether encoding the decoded text again gives back the original bytes. */
  exact: boolean;
}

export type DecodedSource = { text: string; encoding: SourceEncoding } | { error: string; refused: 'kind' };

function declaredCharset(bytes: Buffer): string {
  const head = bytes.subarray(0, 1024).toString('latin1').split(/\r\n|\r|\n/, 2);
  for (const line of head) {
    const match = CODING.exec(line);
    if (match) {
      const name = match[1]!.toLowerCase().replace(/_/g, '-');
      if (name === 'utf-8' || name.startsWith('utf-8-') || name === 'utf8') return 'utf-8';
      return LATIN_1.test(name) || name === 'latin1' || name === 'l1' ? 'latin-1' : name;
    }
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return 'utf-8';
}

/** Decodes a source or requirements file; NUL bytes mean a binary file (or UTF-16), which is refused. */
export function decodeSource(bytes: Buffer): DecodedSource {
  if (bytes.includes(0)) return { error: 'it is a binary file', refused: 'kind' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const charset = bom ? 'utf-8' : declaredCharset(body);
  const text = body.toString(charset === 'latin-1' ? 'latin1' : 'utf8');
  const encoding: SourceEncoding = { bom, charset, exact: true };
  const again = encodeBody(text, encoding);
  encoding.exact = again !== undefined && again.equals(body);
  return { text, encoding };
}

function encodeBody(text: string, encoding: SourceEncoding): Buffer | undefined {
  if (encoding.charset === 'utf-8') return Buffer.from(text, 'utf8');
  // eslint-disable-next-line no-control-regex
  const outside = encoding.charset === 'latin-1' ? /[^\u0000-\u00ff]/ : /[^\u0000-\u007f]/;
  if (outside.test(text)) return undefined;
  return Buffer.from(text, 'latin1');
}

/** The bytes to write for an edited text, or why the file must not be rewritten. */
export function encodeSource(text: string, encoding: SourceEncoding): { bytes: Buffer } | { error: string } {
  if (!encoding.exact) {
    return { error: encoding.charset === 'utf-8' ? 'it holds bytes that are not valid UTF-8, which a rewrite would change' : `it is encoded as ${encoding.charset}, which a rewrite would change` };
  }
  const body = encodeBody(text, encoding);
  if (!body) return { error: `the fixed text cannot be encoded as ${encoding.charset}` };
  return { bytes: encoding.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body };
}
