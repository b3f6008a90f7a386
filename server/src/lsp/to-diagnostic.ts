/** Findings -> LSP diagnostics, for the document itself and the requirements files it reads. */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver';
import { RULES_BY_CODE, docsUrl, type Finding, type RelatedInformation, type Severity, type Span } from '../analysis/index.js';

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
    if (worded.size >= 1_000) worded.clear();
    worded.set(message, result);
  }
  return result;
}

/** Each finding's last diagnostic: a finding that did not move (or moved within its lines) is not converted again. */
const converted = new WeakMap<Finding, { documentUri: string | undefined; diagnostic: Diagnostic }>();

/** One `codeDescription` per rule, shared by its diagnostics (the server keeps every open document's). */
const descriptions = new Map<string, { href: string }>();

function codeDescription(code: string): { href: string } | undefined {
  let description = descriptions.get(code);
  if (!description) {
    const rule = RULES_BY_CODE.get(code);
    if (!rule) return undefined;
    description = { href: docsUrl(rule) };
    descriptions.set(code, description);
  }
  return description;
}

/**
 * Each list of related places as last converted. A rule may give many findings the same list
 * (VENV212: every copy of a requirement list names the first copies), and their diagnostics then
 * share one converted list while it converts to the same URIs and ranges.
 */
const convertedRelated = new WeakMap<readonly RelatedInformation[], DiagnosticRelatedInformation[]>();

function relatedInformation(related: readonly RelatedInformation[], document: { uri: string; path: string | undefined } | undefined): DiagnosticRelatedInformation[] {
  // Compared where the places are now, without making new ranges: most did not move.
  const before = convertedRelated.get(related);
  if (before && before.every((item, index) => item.location.uri === uriOf(related[index]!.span.source.path, document) && isRangeOf(item.location.range, related[index]!.span))) return before;
  const items = related.map((item) => ({ location: { uri: uriOf(item.span.source.path, document), range: item.span.source.lines.range(item.span.start, item.span.end) }, message: item.message }));
  convertedRelated.set(related, items);
  return items;
}

/** `document` says which URI an unsaved (pathless) span belongs to. */
export function toDiagnostic(finding: Finding, document?: { uri: string; path: string | undefined }): Diagnostic {
  const cached = converted.get(finding);
  const related = finding.related && finding.related.length > 0 ? relatedInformation(finding.related, document) : undefined;
  if (cached && cached.documentUri === document?.uri) {
    // A finding of a reused task: its span moved with the text; only its ranges are derived again
    // (compared where they are, without making new ones, as most did not move).
    const before = cached.diagnostic;
    if (isRangeOf(before.range, finding.span) && before.relatedInformation === related) return before;
    const range = finding.span.source.lines.range(finding.span.start, finding.span.end);
    const diagnostic: Diagnostic = { ...before, range };
    if (related) diagnostic.relatedInformation = related;
    converted.set(finding, { documentUri: document?.uri, diagnostic });
    return diagnostic;
  }
  const range = finding.span.source.lines.range(finding.span.start, finding.span.end);
  const tags = finding.tags.map((tag) => (tag === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  const description = codeDescription(finding.code);
  const diagnostic: Diagnostic = {
    range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    ...(description ? { codeDescription: description } : {}),
    source: SOURCE,
    message: editorWording(finding.message),
    ...(tags.length > 0 ? { tags } : {}),
    ...(related ? { relatedInformation: related } : {}),
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
