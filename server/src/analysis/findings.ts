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

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  fixes: Fix[];
  tags: FindingTag[];
}
