/**
 * Inputs the analysis refuses before parsing, each with where and why. Two are limits of
 * Python itself, so such a file cannot be imported on any worker: CPython's tokenizer allows
 * 99 levels of indentation (`MAXINDENT`, a stack of 100, "too many levels of indentation") and 200 nested
 * brackets (`MAXLEVEL`, "too many nested parentheses"), both in Parser/tokenizer.c (3.8 to
 * 3.14). They also guard the parser: about 520 nested blocks overflow tree-sitter-python's
 * scanner state and corrupt the shared parser, and tens of thousands of unclosed brackets make
 * the structure query quadratic. The third is the linter's own budget: a file of more lines
 * than any real DAG is not analysed (a million statements cost half a minute and gigabytes).
 */

/** Python's indentation stack holds 100 entries: level 0 and 99 more (`MAXINDENT`). */
export const MAX_INDENTATION_LEVELS = 99;
export const MAX_BRACKET_NESTING = 200;
export const MAX_LINES = 200_000;

export interface Refusal {
  /** Offset of the line where the limit is passed. */
  offset: number;
  message: string;
  /** A limit of Python itself (the file cannot run), or only the linter's budget. */
  pythonLimit: boolean;
}

/** The characters `refusalOf` acts on outside strings (line ends, quotes, brackets, comments, line joins). */
const SPECIAL = new Uint8Array(128);
for (const char of '\n\r"\'([{)]}#\\') SPECIAL[char.charCodeAt(0)] = 1;

/** One linear pass over the text: strings and comments skipped, lone CR counted as a line end. */
export function refusalOf(text: string): Refusal | undefined {
  let lines = 1;
  let depth = 0;
  const indents = [0];
  let quote = '';
  let atLineStart = true;
  for (let index = 0; index < text.length; index++) {
    // Most characters mean nothing here: skip them without making a one-character string.
    const code = text.charCodeAt(index);
    if (!atLineStart || depth !== 0 || quote !== '') {
      if (quote === '' ? code >= 128 || SPECIAL[code] === 0 : code !== 92 && code !== 10 && code !== 13 && code !== quote.charCodeAt(0)) continue;
    }
    const char = text[index]!;
    if (atLineStart && depth === 0 && quote === '') {
      const { width, end } = indentation(text, index);
      const next = text[end];
      atLineStart = false;
      if (next !== undefined && next !== '\n' && next !== '\r' && next !== '#') {
        if (width > indents[indents.length - 1]!) indents.push(width);
        while (width < indents[indents.length - 1]!) indents.pop();
        if (indents.length - 1 > MAX_INDENTATION_LEVELS) {
          return { offset: index, pythonLimit: true, message: `Not analysed: more than ${MAX_INDENTATION_LEVELS} levels of indentation. Python refuses that ("too many levels of indentation"), so this file cannot be imported.` };
        }
      }
      index = end - 1;
      continue;
    }
    if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) {
      lines++;
      if (lines > MAX_LINES) return { offset: 0, pythonLimit: false, message: `Not analysed: more than ${MAX_LINES.toLocaleString('en-US')} lines, beyond what the linter analyses in one file.` };
      if (quote.length !== 3) {
        quote = '';
        atLineStart = true;
      }
      continue;
    }
    if (quote !== '') {
      if (char === '\\') index++;
      else if (text.startsWith(quote, index)) {
        index += quote.length - 1;
        quote = '';
      }
      continue;
    }
    if (char === '#') {
      let end = index;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      index = end - 1;
    } else if (char === '\\' && (text[index + 1] === '\n' || text[index + 1] === '\r')) {
      // An explicit line joining: the next line continues this logical line, its indentation means nothing.
      index += text.startsWith('\r\n', index + 1) ? 2 : 1;
      lines++;
    } else if (char === '"' || char === "'") {
      quote = text.startsWith(char.repeat(3), index) ? char.repeat(3) : char;
      index += quote.length - 1;
    } else if (char === '(' || char === '[' || char === '{') {
      if (++depth > MAX_BRACKET_NESTING) {
        return { offset: index, pythonLimit: true, message: `Not analysed: more than ${MAX_BRACKET_NESTING} nested brackets. Python refuses that ("too many nested parentheses"), so this file cannot be imported.` };
      }
    } else if (char === ')' || char === ']' || char === '}') {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/**
 * An edit after which `refusalOf` finds what it found before (on an accepted text: nothing), so the
 * scan can be skipped while typing (it reads the whole text: ~0.3 ms at 1,000 lines, 3 ms at 10,000).
 * It holds when the removed and the inserted text hold none of the characters the scan acts on
 * (line ends, quotes, brackets, `#`, backslashes), the edited line has code before the edit (so its
 * indentation and whether it is blank stay the same), and neither neighbour of the edit is a quote
 * or a backslash (typing inside `'''` or after `\` changes where strings end). Every bracket, quote,
 * comment and line end is then where it was, in the same order, and so is every line's indentation.
 */
export function keepsRefusal(oldText: string, newText: string, start: number, oldEnd: number, newEnd: number): boolean {
  if (hasSpecial(oldText, start, oldEnd) || hasSpecial(newText, start, newEnd)) return false;
  const before = newText.charCodeAt(start - 1);
  const after = newText.charCodeAt(newEnd);
  if (before === 34 || before === 39 || before === 92 || after === 34 || after === 39 || after === 92) return false;
  for (let index = start - 1; index >= 0; index--) {
    const code = newText.charCodeAt(index);
    if (code === 10 || code === 13) return false;
    if (code !== 32 && code !== 9 && code !== 12) return true;
  }
  return false;
}

function hasSpecial(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code < 128 && SPECIAL[code] === 1) return true;
  }
  return false;
}

/** The width of the indentation starting at `start` (a tab advances to the next multiple of 8, as Python counts). */
function indentation(text: string, start: number): { width: number; end: number } {
  let width = 0;
  let end = start;
  for (; end < text.length; end++) {
    const char = text[end];
    if (char === ' ') width++;
    else if (char === '\t') width = (Math.floor(width / 8) + 1) * 8;
    else if (char === '\f') width = 0;
    else break;
  }
  return { width, end };
}
