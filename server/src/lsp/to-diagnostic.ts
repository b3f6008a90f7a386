/** Findings -> LSP diagnostics, for the document itself and the requirements files it reads. */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver';
import { RULES_BY_CODE, docsUrl, type Finding, type Severity } from '../analysis/index.js';

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

function uriOf(path: string | undefined, document: { uri: string; path: string | undefined } | undefined): string {
  if (path !== undefined && path !== document?.path) return uriOfPath(path);
  return document?.uri ?? (path === undefined ? 'untitled:unsaved' : uriOfPath(path));
}

/** `document` says which URI an unsaved (pathless) span belongs to. */
export function toDiagnostic(finding: Finding, document?: { uri: string; path: string | undefined }): Diagnostic {
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
    ...(finding.related && finding.related.length > 0
      ? {
        relatedInformation: finding.related.map((related) => ({
          location: { uri: uriOf(related.span.source.path, document), range: related.span.source.lines.range(related.span.start, related.span.end) },
          message: related.message,
        })),
      }
      : {}),
  };
}

/** Splits a document's findings by the file they are in: the document, or a requirements file. */
export function diagnosticsByUri(documentUri: string, documentPath: string | undefined, findings: Finding[]): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>([[documentUri, []]]);
  for (const finding of findings) {
    const path = finding.span.source.path;
    const uri = path === undefined || path === documentPath ? documentUri : uriOfPath(path);
    byUri.set(uri, [...(byUri.get(uri) ?? []), toDiagnostic(finding, { uri: documentUri, path: documentPath })]);
  }
  return byUri;
}
