/** Findings -> LSP diagnostics, for the document itself and the requirements files it reads. */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import { RULES_BY_CODE, docsUrl, type Finding, type Severity, type Span } from '../analysis/index.js';

export const SOURCE = 'airflow-venv-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** One string per file (every related place of every finding names its file's URI). */
const uris = new Map<string, string>();

export function uriOfPath(path: string): string {
  let uri = uris.get(path);
  if (uri === undefined) {
    if (uris.size >= 10_000) uris.clear();
    uri = pathToFileURL(path).href;
    uris.set(path, uri);
  }
  return uri;
}

function uriOf(path: string | undefined, document: { uri: string; path: string | undefined } | undefined): string {
  if (path !== undefined && path !== document?.path) return uriOfPath(path);
  return document?.uri ?? (path === undefined ? 'untitled:unsaved' : uriOfPath(path));
}

/**
 * A message as the editor shows it: where the analysis names a pyproject.toml key (its words are the
 * CLI's), an editor user is told the setting too, since settings apply in the editor and override
 * the file. The phrases are the analysis's own (test/unit/editor-wording.test.ts checks each still
 * occurs and that no bare key is left).
 */
export const EDITOR_WORDING: readonly (readonly [RegExp, string])[] = [
  [/ \(pin-policy = "(\w+)"\)/g, ' (pin-policy = "$1" in pyproject.toml, or the airflowVenvLint.pinPolicy setting)'],
  [/ in first-party if it ships with the DAGs/g, ' in first-party (pyproject.toml, or the airflowVenvLint.firstParty setting) if it ships with the DAGs'],
  [/ with import-map\)/g, ' with import-map in pyproject.toml)'],
];

/** Messages already reworded: file- and folder-wide rules make their findings afresh on every keystroke. */
const worded = new Map<string, string>();

export function editorWording(message: string): string {
  let result = worded.get(message);
  if (result === undefined) {
    result = message;
    for (const [phrase, replacement] of EDITOR_WORDING) result = result.replace(phrase, replacement);
    if (worded.size >= 10_000) worded.clear();
    worded.set(message, result);
  }
  return result;
}

/** Each finding's last diagnostic: a finding that did not move (or moved within its lines) is not converted again. */
const converted = new WeakMap<Finding, { documentUri: string | undefined; diagnostic: Diagnostic }>();

/** `document` says which URI an unsaved (pathless) span belongs to. */
export function toDiagnostic(finding: Finding, document?: { uri: string; path: string | undefined }): Diagnostic {
  const cached = converted.get(finding);
  const related = finding.related && finding.related.length > 0 ? finding.related : undefined;
  if (cached && cached.documentUri === document?.uri) {
    // A finding of a reused task: its span moved with the text; only its ranges are derived again
    // (compared where they are, without making new ones, as most did not move).
    const before = cached.diagnostic;
    const same = isRangeOf(before.range, finding.span) && (related ?? []).every((item, index) => isRangeOf(before.relatedInformation![index]!.location.range, item.span));
    if (same) return before;
    const range = finding.span.source.lines.range(finding.span.start, finding.span.end);
    const relatedRanges = related?.map((item) => item.span.source.lines.range(item.span.start, item.span.end));
    const diagnostic: Diagnostic = { ...before, range };
    if (relatedRanges) diagnostic.relatedInformation = before.relatedInformation!.map((item, index) => ({ ...item, location: { uri: item.location.uri, range: relatedRanges[index]! } }));
    converted.set(finding, { documentUri: document?.uri, diagnostic });
    return diagnostic;
  }
  const range = finding.span.source.lines.range(finding.span.start, finding.span.end);
  const rule = RULES_BY_CODE.get(finding.code);
  const tags = finding.tags.map((tag) => (tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  const diagnostic: Diagnostic = {
    range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    ...(rule ? { codeDescription: { href: docsUrl(rule) } } : {}),
    source: SOURCE,
    message: editorWording(finding.message),
    ...(tags.length > 0 ? { tags } : {}),
    ...(related
      ? {
        relatedInformation: related.map((item) => ({
          location: { uri: uriOf(item.span.source.path, document), range: item.span.source.lines.range(item.span.start, item.span.end) },
          message: item.message,
        })),
      }
      : {}),
  };
  converted.set(finding, { documentUri: document?.uri, diagnostic });
  return diagnostic;
}

function isRangeOf(range: Range, span: Span): boolean {
  return span.source.lines.isAt(range.start, span.start) && span.source.lines.isAt(range.end, span.end);
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** Splits a document's findings by the file they are in: the document, or a requirements file. */
export function diagnosticsByUri(documentUri: string, documentPath: string | undefined, findings: Finding[]): Map<string, Diagnostic[]> {
  const own: Diagnostic[] = [];
  const byUri = new Map<string, Diagnostic[]>([[documentUri, own]]);
  const document = { uri: documentUri, path: documentPath };
  for (const finding of findings) {
    const path = finding.span.source.path;
    const diagnostic = toDiagnostic(finding, document);
    if (path === undefined || path === documentPath) {
      own.push(diagnostic);
      continue;
    }
    const uri = uriOfPath(path);
    const items = byUri.get(uri);
    if (items) items.push(diagnostic);
    else byUri.set(uri, [diagnostic]);
  }
  return byUri;
}
