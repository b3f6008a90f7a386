/** What the analysis reports: findings with their fixes, still in offsets. */
import type { Span } from './model.js';

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
  edits: Edit[];
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
