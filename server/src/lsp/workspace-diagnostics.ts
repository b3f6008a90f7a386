/**
 * workspace/diagnostic (`airflowVenvLint.diagnosticMode = "workspace"`): the
 * problems of every DAG file of the workspace folders, not only the open ones.
 * A file is linted again only when its text, the text of a module it depends on,
 * or its configuration changed; a file whose diagnostics are what the client
 * already has (same resultId) is reported as `unchanged`.
 */
import { createHash } from 'node:crypto';
import type { Diagnostic, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';
import { lintText, runCrossTaskRules, type CrossTaskModel, type FileModel, type Finding, type Grammar, type LintConfig, type WorkspaceFileSystem, type WorkspaceIndex } from '../analysis/index.js';
import { hostOptions } from '../host/lint-host.js';
import { diagnosticKey } from './publisher.js';
import { diagnosticsByUri, uriOfPath } from './to-diagnostic.js';

export interface WorkspaceDiagnosticsOptions {
  grammar: Grammar;
  workspace: WorkspaceIndex;
  fileSystem: WorkspaceFileSystem;
  configFor: (path: string) => LintConfig;
}

interface Entry {
  /** Hash of everything the findings were computed from. */
  key: string;
  dependencies: string[];
  findings: Finding[];
  model: FileModel | undefined;
}

const hash = (text: string) => createHash('sha1').update(text).digest('hex');

export class WorkspaceDiagnostics {
  private readonly entries = new Map<string, Entry>();
  /** Files linted (not served from the cache), for tests and logs. */
  lints = 0;

  constructor(private readonly options: WorkspaceDiagnosticsOptions) {}

  /** Files appeared or disappeared: an import that did not resolve may now. */
  forget(): void {
    this.entries.clear();
  }

  /**
   * The models of every DAG file of the folder but the open ones. `refresh`: lint what changed first;
   * otherwise what the last pull saw (for every keystroke, which must not stat a thousand files).
   */
  models(open: ReadonlySet<string>, refresh = true): FileModel[] {
    const models: FileModel[] = [];
    for (const path of refresh ? this.options.workspace.dagFiles() : this.entries.keys()) {
      if (open.has(uriOfPath(path))) continue;
      if (refresh) this.findingsOf(path);
      const model = this.entries.get(path)?.model;
      if (model) models.push(model);
    }
    return models;
  }

  /**
   * One report per file with diagnostics (or that had some before), skipping the `open` documents
   * (pulled one by one); `openModels` join the rules over the whole folder.
   */
  report(previousResultIds: ReadonlyMap<string, string>, open: ReadonlySet<string>, openModels: readonly CrossTaskModel[] = []): WorkspaceDocumentDiagnosticReport[] {
    const byUri = new Map<string, Diagnostic[]>();
    const files = this.options.workspace.dagFiles();
    const add = (uri: string, path: string, findings: Finding[]) => {
      for (const [fileUri, diagnostics] of diagnosticsByUri(uri, path, findings)) {
        if (open.has(fileUri)) continue;
        const items = byUri.get(fileUri);
        if (items) items.push(...diagnostics);
        else byUri.set(fileUri, diagnostics);
      }
    };
    for (const path of files) {
      const uri = uriOfPath(path);
      if (open.has(uri)) continue;
      byUri.set(uri, byUri.get(uri) ?? []);
      add(uri, path, this.findingsOf(path));
    }
    const models = this.models(open);
    const folder = runCrossTaskRules([...openModels, ...models], files[0] ? this.options.configFor(files[0]) : {});
    for (const finding of folder.findings) {
      const path = finding.span.source.path;
      if (path) add(uriOfPath(path), path, [finding]);
    }
    for (const path of this.entries.keys()) if (!files.includes(path)) this.entries.delete(path);
    const reports: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [uri, diagnostics] of byUri) {
      // A module shared by several DAGs gets each finding once.
      const items = [...new Map(diagnostics.map((item) => [diagnosticKey(item), item])).values()];
      const resultId = hash(JSON.stringify(items));
      if (previousResultIds.get(uri) === resultId) reports.push({ kind: 'unchanged', uri, resultId, version: null });
      else reports.push({ kind: 'full', uri, items, resultId, version: null });
    }
    return reports;
  }

  private findingsOf(path: string): Finding[] {
    const read = this.options.fileSystem.read(path);
    if ('error' in read) return [];
    const config = this.options.configFor(path);
    const cached = this.entries.get(path);
    const keyOf = (dependencies: readonly string[]) => hash(JSON.stringify([
      hash(read.text),
      JSON.stringify(config),
      dependencies.map((dependency) => {
        const text = this.options.fileSystem.read(dependency);
        return 'text' in text ? hash(text.text) : null;
      }),
    ]));
    if (cached && cached.key === keyOf(cached.dependencies)) return cached.findings;
    this.lints++;
    const result = lintText(this.options.grammar, read.text, path, { ...hostOptions(config), workspace: this.options.workspace });
    result.tree?.delete();
    const dependencies = [...new Set((result.model?.tasks ?? []).flatMap((task) => task.dependencies))];
    this.entries.set(path, { key: keyOf(dependencies), dependencies, findings: result.findings, model: result.model });
    return result.findings;
  }
}
