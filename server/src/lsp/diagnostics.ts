/** Findings -> LSP diagnostics, for the document itself and the requirements files it reads. */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../analysis/findings.js';
import { RULES_BY_CODE, docsUrl } from '../analysis/rules/index.js';

export const SOURCE = 'airflow-venv-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function uriOfPath(path: string): string {
  return pathToFileURL(path).href;
}

export function toDiagnostic(finding: Finding): Diagnostic {
  const rule = RULES_BY_CODE.get(finding.code);
  const tags = finding.tags.map((tag) => (tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  return {
    range: finding.span.source.lines.range(finding.span.start, finding.span.end),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    ...(rule ? { codeDescription: { href: docsUrl(rule) } } : {}),
    source: SOURCE,
    message: finding.message,
    ...(tags.length > 0 ? { tags } : {}),
  };
}

/** Splits a document's findings by the file they are in: the document, or a requirements file. */
export function diagnosticsByUri(documentUri: string, documentPath: string | undefined, findings: Finding[]): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>([[documentUri, []]]);
  for (const finding of findings) {
    const path = finding.span.source.path;
    const uri = path === undefined || path === documentPath ? documentUri : uriOfPath(path);
    byUri.set(uri, [...(byUri.get(uri) ?? []), toDiagnostic(finding)]);
  }
  return byUri;
}
