/**
 * The configuration the analysis sees (already merged from pyproject, editor
 * settings and CLI flags by the host), which rules it selects, and how it turns
 * raw findings into reported ones (suppressions dropped, severities applied).
 */
import type { AirflowVersion } from './knowledge/airflow.js';
import type { Finding, Severity } from './findings.js';
import { suppressions } from './suppression.js';

export interface LintConfig {
  /** Codes or code prefixes to report (`VENV3` = every import rule); all when absent. */
  select?: string[];
  ignore?: string[];
  severity?: Record<string, Severity>;
  airflowVersion?: 'auto' | AirflowVersion;
  /** Python the tasks run on when `python_version` does not say (`3.11`). */
  pythonVersion?: string;
  firstParty?: string[];
  importMap?: Record<string, string | string[]>;
  /** How strictly requirements must be pinned (VENV202). */
  pinPolicy?: 'exact' | 'compatible' | 'off';
  /** Version sources and network policy, used by pinning. */
  constraintsFile?: string;
  indexUrl?: string;
  offline?: boolean;
  /** Glob patterns of files the CLI does not lint. */
  exclude?: string[];
}

/** Selected by `select` (codes or prefixes; all default-enabled rules when empty) and not ignored. */
export function isSelected(rule: { code: string; enabledByDefault?: boolean }, config: LintConfig): boolean {
  const matches = (patterns: string[] | undefined) => patterns?.some((pattern) => rule.code.startsWith(pattern.trim().toUpperCase())) ?? false;
  const selected = config.select && config.select.length > 0 ? matches(config.select) : rule.enabledByDefault !== false;
  return selected && !matches(config.ignore);
}

/** Findings as configured: those a `# noqa` suppresses dropped, configured severities applied. */
export function configured(findings: Finding[], config: LintConfig): Finding[] {
  const suppressed = suppressions();
  const kept = findings.filter((item) => !suppressed(item));
  for (const item of kept) item.severity = config.severity?.[item.code] ?? item.severity;
  return kept;
}
