/**
 * Pin actions in the editor. Code actions never wait on the network: they
 * offer what the constraints file, probed interpreters and the index cache
 * already know, plus a "look it up" action whose command reaches the index
 * only when the user picks it. "Pin all" does the same for a whole file.
 */
import { CodeActionKind, type CodeAction, type Connection } from 'vscode-languageserver';
import type { Finding, LintConfig, Range, RequirementEntry } from '../analysis/index.js';
import type { InterpreterRegistry } from '../interpreter/registry.js';
import { indexUrlFor, versionSources } from '../host/lint-host.js';
import { defaultCacheDirectory } from '../versions/package-index.js';
import { Pinner } from '../versions/pinner.js';
import { overlaps, workspaceEdit } from './fix-actions.js';
import { COMMANDS } from './protocol.js';
import { toDiagnostic } from './to-diagnostic.js';

export class Pinning {
  constructor(private readonly registry: () => InterpreterRegistry, readonly cacheDirectory = defaultCacheDirectory()) {}

  /** Sources for a configuration; `online` decides whether the index may be reached. */
  pinner(config: LintConfig, online: boolean): Pinner {
    return new Pinner(versionSources(config, this.registry(), { indexUrl: indexUrlFor(config), cacheDirectory: this.cacheDirectory, offline: !online || config.offline === true }));
  }

  /** Pin actions for the findings under `range`: known answers, then a look-up command. */
  async codeActions(uri: string, documentPath: string | undefined, version: number, range: Range, findings: Finding[], config: LintConfig, workspaceTrusted: boolean): Promise<CodeAction[]> {
    const pinnable = findings.filter((finding) => finding.pin && overlaps(toDiagnostic(finding).range, range));
    if (pinnable.length === 0) return [];
    const pinner = this.pinner(config, false);
    const actions: CodeAction[] = [];
    for (const finding of pinnable) {
      const request = finding.pin!;
      const diagnostic = toDiagnostic(finding);
      const pins = await pinner.pinsFor(request);
      pins.forEach((pin, index) => actions.push({
        title: request.title(pin.version, pin.source),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0 && request.safe,
        edit: workspaceEdit(uri, documentPath, request.edits(pin.version)),
      }));
      if (!pins.some((pin) => pin.kind === 'index') && config.offline !== true && workspaceTrusted) {
        actions.push({
          title: `Look up ${request.distribution} on ${indexUrlFor(config)} and pin it`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          command: { title: 'Pin from the package index', command: COMMANDS.pinFromIndex, arguments: [{ uri, version, code: finding.code, start: finding.span.start, source: finding.span.source.path }] },
        });
      }
    }
    return actions;
  }

  /** Looks up versions online and applies the first pin of each finding; returns what happened. */
  async apply(connection: Connection, uri: string, documentPath: string | undefined, findings: Finding[], config: LintConfig, label: string): Promise<{ pinned: number; problems: string[] }> {
    const pinner = this.pinner(config, true);
    const edits = [];
    let pinned = 0;
    for (const finding of findings) {
      if (!finding.pin) continue;
      const [pin] = await pinner.pinsFor(finding.pin);
      if (!pin) continue;
      edits.push(...finding.pin.edits(pin.version));
      pinned++;
    }
    const problems = [...pinner.problems];
    for (const problem of problems) connection.console.warn(`cannot pin ${problem}`);
    if (edits.length > 0) {
      const result = await connection.workspace.applyEdit({ label, edit: workspaceEdit(uri, documentPath, edits) });
      if (!result.applied) return { pinned: 0, problems: [...problems, result.failureReason ?? 'the editor did not apply the edit'] };
    }
    return { pinned, problems };
  }
}

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
  if (pins.length === 0) lines.push('- no version source knows it yet: configure `constraints-file`, run *Airflow: Verify Interpreter*, or use *Look up ... and pin it*');
  return lines.join('\n');
}
