/**
 * Pin actions in the editor. Code actions never wait on the network: they
 * offer what the constraints file, probed interpreters and the index cache
 * already know, plus a "look it up" action whose command reaches the index
 * only when the user picks it. "Pin all" does the same for a whole file.
 */
import { dirname, isAbsolute, relative } from 'node:path';
import { CodeActionKind, type CodeAction, type Connection } from 'vscode-languageserver';
import type { Finding, LintConfig, PinRequest, Range, RequirementEntry } from '../analysis/index.js';
import type { InterpreterRegistry } from '../interpreter/registry.js';
import { indexUrlFor, versionSources } from '../host/lint-host.js';
import { defaultCacheDirectory } from '../versions/package-index.js';
import { Pinner } from '../versions/pinner.js';
import { overlaps, workspaceEdit } from './fix-actions.js';
import { COMMANDS, type PinResult } from './protocol.js';
import { toDiagnostic } from './to-diagnostic.js';

/** A finding and the pin request that fixes it (its own, or one the editor adds). */
export interface PinTarget {
  finding: Finding;
  request: PinRequest;
}

/** Offline pins (shown first), index look-ups (shown after the offline fixes), and the findings an offline pin fixes. */
export interface PinActions {
  offline: CodeAction[];
  lookups: CodeAction[];
  pinned: Set<Finding>;
}

export class Pinning {
  constructor(private readonly registry: () => InterpreterRegistry, readonly cacheDirectory = defaultCacheDirectory()) {}

  /** Sources for a configuration; `online` decides whether the index may be reached. */
  pinner(config: LintConfig, online: boolean): Pinner {
    return new Pinner(versionSources(config, this.registry(), { indexUrl: indexUrlFor(config), cacheDirectory: this.cacheDirectory, offline: !online || config.offline === true }));
  }

  /**
   * Pin actions for the findings under `range` (and `extra` requests, such as adding a line to a
   * requirements file): what the offline sources know, then the index look-up commands, which
   * the menu lists after every offline fix.
   */
  async codeActions(uri: string, documentPath: string | undefined, version: number, range: Range, findings: Finding[], config: LintConfig, workspaceTrusted: boolean, extra: PinTarget[] = []): Promise<PinActions> {
    const targets: PinTarget[] = [
      ...findings.flatMap((finding) => (finding.pin ? [{ finding, request: finding.pin }] : [])),
      ...extra,
    ].filter(({ finding }) => overlaps(toDiagnostic(finding).range, range));
    const result: PinActions = { offline: [], lookups: [], pinned: new Set() };
    if (targets.length === 0) return result;
    const pinner = this.pinner(config, false);
    for (const { finding, request } of targets) {
      const diagnostic = toDiagnostic(finding);
      const pins = await pinner.pinsFor(request);
      if (pins.length > 0) result.pinned.add(finding);
      pins.forEach((pin, index) => result.offline.push({
        title: request.title(pin.version, shownSource(pin.source, documentPath)),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0 && (request.safe || !finding.fixes.some((fix) => fix.safe)),
        edit: workspaceEdit(uri, documentPath, request.edits(pin.version)),
      }));
      if (!pins.some((pin) => pin.kind === 'index') && config.offline !== true && workspaceTrusted) {
        result.lookups.push({
          title: `Look up ${request.distribution} on ${indexUrlFor(config)} and pin it`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: 'Pin from the package index', command: COMMANDS.pinFromIndex, arguments: [{ uri, distribution: request.distribution, version, code: finding.code, start: finding.span.start, source: finding.span.source.path }] },
        });
      }
    }
    return result;
  }

  /**
   * Looks up versions (online) and applies the first pin of each target, as one edit. Problems
   * are only those of requirements left unpinned: a source that failed for a requirement another
   * source pinned is not a problem.
   */
  async apply(connection: Connection, uri: string, documentPath: string | undefined, targets: readonly PinTarget[], config: LintConfig, label: string): Promise<PinResult> {
    const pinner = this.pinner(config, true);
    const edits = [];
    const sources: Record<string, number> = {};
    const unpinned: string[] = [];
    for (const { request } of targets) {
      const [pin] = await pinner.pinsFor(request);
      if (!pin) {
        unpinned.push(request.distribution);
        continue;
      }
      edits.push(...request.edits(pin.version));
      sources[pin.source] = (sources[pin.source] ?? 0) + 1;
    }
    const problems = unpinned.map((distribution) => [...pinner.problems].find((problem) => problem.startsWith(`${distribution}: `)) ?? `${distribution}: no version source knows it`);
    for (const problem of problems) connection.console.warn(`cannot pin ${problem}`);
    const pinned = Object.values(sources).reduce((sum, count) => sum + count, 0);
    if (edits.length > 0) {
      const result = await connection.workspace.applyEdit({ label, edit: workspaceEdit(uri, documentPath, edits) });
      if (!result.applied) return { pinned: 0, total: targets.length, sources: {}, problems: [...problems, result.failureReason ?? 'the editor did not apply the edit'] };
    }
    return { pinned, total: targets.length, sources, problems };
  }
}

/** What to do when no source knows a version, naming both the VS Code setting and the pyproject key. */
const VERSION_SOURCES_HINT = 'set a constraints file (`airflowVenvLint.constraintsFile` in VS Code, `constraints-file` in pyproject.toml), verify an interpreter, or look the version up on the index (quick fix)';

/** Markdown for a hover on a requirement: what each version source would pin, without network. */
export async function requirementHover(pinning: Pinning, entry: RequirementEntry, pythonVersion: string | undefined, config: LintConfig): Promise<string | undefined> {
  const parsed = entry.parsed;
  if (!parsed) return undefined;
  const pins = await pinning.pinner(config, false).pinsFor({
    distribution: parsed.name,
    normalizedName: parsed.normalizedName,
    specifiers: [],
    pythonVersion,
    safe: false,
    title: () => '',
    edits: () => [],
  });
  const written = parsed.specifiers.map((specifier) => `${specifier.operator}${specifier.version}`).join(',') || 'no version';
  const lines = [`**${parsed.name}** — ${written}${pythonVersion ? ` · Python ${pythonVersion}` : ''}`, ''];
  const label = { constraints: 'constraints file', interpreter: 'installed', index: 'newest compatible on the index (cached)' };
  for (const pin of pins) lines.push(`- ${label[pin.kind]}: \`${pin.version}\` — ${pin.source}`);
  if (pins.length === 0) lines.push(`- no version source knows it yet: ${VERSION_SOURCES_HINT}`);
  return lines.join('\n');
}

/**
 * A version source as a quick fix's title names it: a file near the document by its relative path
 * (`../constraints/constraints-3.11.txt`), not the absolute one that pushes the rest of the title
 * out of the menu; anything else (an index URL, an interpreter, a file far away) as it is.
 */
export function shownSource(source: string, documentPath: string | undefined): string {
  if (!documentPath || !isAbsolute(source)) return source;
  const shown = relative(dirname(documentPath), source);
  return shown.split(/[\\/]/).filter((part) => part === '..').length <= 2 ? shown : source;
}
