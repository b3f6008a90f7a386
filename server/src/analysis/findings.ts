/** What the analysis reports: findings with their fixes, still in offsets. */
import type { SourceText, Span } from './model.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

export interface Edit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe fixes keep the program's meaning and are applied by fix-all and `--fix`. */
  safe: boolean;
  /**
   * Read only when a code action, `--fix` or `--format json` asks. Most rules write the edits out
   * (one or two, no cheaper to defer); a rule whose edits grow with other findings (VENV212: one per
   * copy, on every copy's finding) makes the fix with `lazyFix`, which builds them on first read.
   */
  readonly edits: Edit[];
}

/**
 * A fix whose edits are built when first read, and again when `source`'s text changed since.
 * `build` reads the model (whose spans move with their task across edits) and `source.text` at the
 * time of reading; it must not capture offsets or spans it made itself, which would not move. The
 * edits are not enumerable, so that moving a reused task's findings (incremental/finding-reuse.ts)
 * never builds them.
 */
export function lazyFix(source: SourceText, title: string, safe: boolean, build: () => Edit[]): Fix {
  return new LazyFix(source, title, safe, build);
}

class LazyFix implements Fix {
  readonly #source: SourceText;
  readonly #build: () => Edit[];
  #built: { text: string; edits: Edit[] } | undefined;

  constructor(source: SourceText, readonly title: string, readonly safe: boolean, build: () => Edit[]) {
    this.#source = source;
    this.#build = build;
  }

  get edits(): Edit[] {
    if (this.#built?.text !== this.#source.text) this.#built = { text: this.#source.text, edits: this.#build() };
    return this.#built.edits;
  }
}

export type FindingTag = 'unnecessary' | 'deprecated';

/**
 * What pinning a finding's requirement needs (VENV201/202/301): the version
 * sources answer asynchronously, outside the analysis, and `edits` turns their
 * answer into a fix.
 */
export interface PinRequest {
  distribution: string;
  normalizedName: string;
  /** Specifiers the pin must still satisfy (`>=2,<3` of a loose requirement). */
  specifiers: { operator: string; version: string }[];
  pythonVersion: string | undefined;
  /** The fix's title for a version and its source. */
  title(version: string, source: string): string;
  edits(version: string): Edit[];
  /** Safe when the fix only tightens an existing requirement; adding one is not. */
  safe: boolean;
}

/** Another place that explains a finding (LSP relatedInformation, SARIF relatedLocations). */
export interface RelatedInformation {
  span: Span;
  message: string;
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  tags: FindingTag[];
  pin?: PinRequest;
  /** Present only when there is something to link (a finding in another module, the places of a drift). */
  related?: RelatedInformation[];
}
