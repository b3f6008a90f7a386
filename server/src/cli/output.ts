/** The CLI's three output formats: text, JSON (LSP conventions) and SARIF 2.1.0. */
import { relative, isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, RULES_BY_CODE, docsUrl, type Finding, type Fix, type Range, type Severity } from '../analysis/index.js';
import { printable } from '../host/printable.js';

export interface JsonFinding {
  path: string;
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: JsonFix[];
  /** Other places that explain the finding; absent when there are none. */
  related?: { path: string; range: Range; message: string }[];
}

/**
 * A fix several findings share (VENV212: one per copied list, the same edits on every copy) has an
 * `id`, and its edits are written once, with the first finding that carries it: the output stays
 * linear in the findings.
 */
export interface JsonFix {
  title: string;
  safe: boolean;
  id?: string;
  edits?: { path: string; range: Range; newText: string }[];
}

export function displayPath(path: string | undefined): string {
  if (!path) return '<unsaved>';
  const shown = relative(process.cwd(), path);
  return shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path;
}

/** The findings as JSON, each shared fix's edits once (`JsonFix`). */
export function formatJson(findings: Finding[]): string {
  const holders = new Map<Fix, number>();
  for (const finding of findings) for (const fix of finding.fixes) holders.set(fix, (holders.get(fix) ?? 0) + 1);
  const ids = new Map<Fix, string>();
  const jsonFix = (fix: Fix): JsonFix => {
    if ((holders.get(fix) ?? 0) < 2) return { title: fix.title, safe: fix.safe, edits: jsonEdits(fix) };
    const written = ids.get(fix);
    if (written) return { title: fix.title, safe: fix.safe, id: written };
    const id = `fix-${ids.size + 1}`;
    ids.set(fix, id);
    return { title: fix.title, safe: fix.safe, id, edits: jsonEdits(fix) };
  };
  // One finding a line: a JSON array like JSON.stringify(_, null, 2) wrote, without its quadratic string.
  const items = findings.map((finding) => JSON.stringify(toJson(finding, jsonFix), null, 2).replace(/\n/g, '\n  '));
  return items.length === 0 ? '[]\n' : `[\n  ${items.join(',\n  ')}\n]\n`;
}

function jsonEdits(fix: Fix): NonNullable<JsonFix['edits']> {
  return fix.edits.map((edit) => ({
    path: displayPath(edit.span.source.path),
    range: edit.span.source.lines.range(edit.span.start, edit.span.end),
    newText: edit.newText,
  }));
}

export function toJson(finding: Finding, jsonFix: (fix: Fix) => JsonFix = (fix) => ({ title: fix.title, safe: fix.safe, edits: jsonEdits(fix) })): JsonFinding {
  const { source } = finding.span;
  return {
    path: displayPath(source.path),
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    range: source.lines.range(finding.span.start, finding.span.end),
    fixes: finding.fixes.map(jsonFix),
    ...(finding.related && finding.related.length > 0
      ? { related: finding.related.map((related) => ({ path: displayPath(related.span.source.path), range: related.span.source.lines.range(related.span.start, related.span.end), message: related.message })) }
      : {}),
  };
}

/** `path:line:col: CODE message`, 1-based line and column (UTF-16 code units). */
export function formatText(findings: Finding[], fixable: number): string {
  const lines = findings.map((finding) => {
    const { line, character } = finding.span.source.lines.positionAt(finding.span.start);
    return `${displayPath(finding.span.source.path)}:${line + 1}:${character + 1}: ${finding.code} ${printable(finding.message)}`;
  });
  if (findings.length === 0) lines.push('All checks passed.');
  else {
    const count = findings.length === 1 ? '1 problem' : `${findings.length} problems`;
    const fixHint = fixable > 0 ? ` (${fixable} fixable with --fix)` : '';
    lines.push(`Found ${count}${fixHint}.`);
  }
  return `${lines.join('\n')}\n`;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(findings: Finding[], version: string): string {
  const rules = RULES.map((rule) => ({
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: `${rule.docs.what} ${rule.docs.why}` },
    helpUri: docsUrl(rule),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
  }));
  const uri = (path: string | undefined) => {
    const shown = displayPath(path);
    return isAbsolute(shown) ? pathToFileURL(shown).href : shown.split('\\').join('/');
  };
  const results = findings.map((finding) => {
    const item = toJson(finding, (fix) => ({ title: fix.title, safe: fix.safe }));
    const safeFix = finding.fixes.find((fix) => fix.safe);
    return {
      ruleId: finding.code,
      ruleIndex: RULES.indexOf(RULES_BY_CODE.get(finding.code)!),
      level: SARIF_LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: uri(finding.span.source.path) },
          region: sarifRegion(item.range),
        },
      }],
      ...(item.related ? {
        relatedLocations: item.related.map((related, index) => ({
          id: index,
          physicalLocation: { artifactLocation: { uri: uri(finding.related![index]!.span.source.path) }, region: sarifRegion(related.range) },
          message: { text: related.message },
        })),
      } : {}),
      ...(safeFix ? {
        fixes: [{
          description: { text: safeFix.title },
          artifactChanges: groupByPath(safeFix.edits).map(([path, edits]) => ({
            artifactLocation: { uri: uri(path) },
            replacements: edits.map((edit) => ({
              deletedRegion: sarifRegion(edit.span.source.lines.range(edit.span.start, edit.span.end)),
              insertedContent: { text: edit.newText },
            })),
          })),
        }],
      } : {}),
    };
  });
  return `${JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'airflow-venv-lint', version, informationUri: 'https://github.com/airflow-venv-lint/airflow-venv-lint', rules } }, results, columnKind: 'utf16CodeUnits' }],
  }, null, 2)}\n`;
}

function sarifRegion(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function groupByPath<T extends { span: { source: { path: string | undefined } } }>(edits: T[]): [string | undefined, T[]][] {
  const groups = new Map<string | undefined, T[]>();
  for (const edit of edits) {
    const group = groups.get(edit.span.source.path);
    if (group) group.push(edit);
    else groups.set(edit.span.source.path, [edit]);
  }
  return [...groups];
}
