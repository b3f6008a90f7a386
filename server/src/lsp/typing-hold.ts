/**
 * Quiet while typing, without a debounce on everything: after a keystroke-sized edit, the
 * findings on the line(s) being typed are held back until the user pauses (a few hundred ms);
 * everything else is published at once. A half-typed `import pan` or `"boto3=="` then gets no
 * squiggle, and nothing flips between error, warning and info on every key. Edits that are not
 * typing (a paste, a fix, a whole-document change) hold nothing.
 */
import type { Diagnostic, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';

/** How long the user must pause before held findings are shown. */
export const DEFAULT_PAUSE_MS = 400;
/** An edit that inserts or deletes at most this many characters is typing. */
const KEYSTROKE = 2;

interface Held {
  /** Lines (0-based, inclusive) being typed, in the document's current text. */
  firstLine: number;
  lastLine: number;
  timer: NodeJS.Timeout;
}

export class TypingHold {
  private readonly held = new Map<string, Held>();

  /** `release(uri)` publishes `uri` again once the pause is over; `pauseMs` 0 turns holding off. */
  constructor(private readonly release: (uri: string) => void, private readonly pauseMs = DEFAULT_PAUSE_MS) {}

  /** Notes an edit of `uri`; a keystroke holds its lines (joined with what is still held) until the next pause. */
  edited(uri: string, changes: readonly TextDocumentContentChangeEvent[]): void {
    // Keystrokes typed faster than the client sends them arrive as several small changes of one line.
    const ranges = changes.map((change) => ('range' in change && isKeystroke(change as { range: Range; text: string }) ? (change as { range: Range }).range : undefined));
    if (this.pauseMs <= 0 || ranges.length === 0 || ranges.some((range) => range === undefined)) {
      this.forget(uri);
      return;
    }
    const lines = ranges.map((range) => range!.start.line);
    const firstLine = Math.min(...lines);
    const lastLine = Math.max(...lines);
    const previous = this.held.get(uri);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      this.held.delete(uri);
      this.release(uri);
    }, this.pauseMs);
    timer.unref?.();
    // Typing on the same line keeps holding it; a keystroke elsewhere moves the hold there.
    this.held.set(uri, { firstLine, lastLine, timer });
  }

  /** `diagnostics` of `uri` without those on the lines being typed. */
  filter(uri: string, diagnostics: Diagnostic[]): Diagnostic[] {
    const held = this.held.get(uri);
    if (!held) return diagnostics;
    return diagnostics.filter((item) => item.range.end.line < held.firstLine || item.range.start.line > held.lastLine);
  }

  forget(uri: string): void {
    const held = this.held.get(uri);
    if (held) clearTimeout(held.timer);
    this.held.delete(uri);
  }
}

function isKeystroke(change: { range: Range; text: string }): boolean {
  const { range } = change;
  const deletesLines = range.start.line !== range.end.line;
  const deleted = deletesLines ? Infinity : range.end.character - range.start.character;
  // Enter (a newline and its indentation) ends the line being typed: not a keystroke to hold.
  return !change.text.includes('\n') && !deletesLines && change.text.length <= KEYSTROKE && deleted <= KEYSTROKE;
}
