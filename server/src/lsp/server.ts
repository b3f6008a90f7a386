/**
 * The language server: wires LSP requests and notifications to the Analyzer.
 * No analysis logic here; every handler is a boundary that logs a failure
 * instead of letting one document take the server down.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeResult,
} from 'vscode-languageserver';
import { fixAllEdits, loadGrammar, type FileModel, type Finding, type LintConfig, type WorkspaceIndex } from '../analysis/index.js';
import { onlineChecksFor, workspaceIndex } from '../host/lint-host.js';
import { VERSION } from '../host/version.js';
import { ConfigResolver, mergeConfig } from '../host/project-config.js';
import { diskFileSystem, readTextFileCached, WatchedFiles } from '../host/files.js';
import { WorkspaceDiagnostics } from './workspace-diagnostics.js';
import { FolderFindings } from './folder-findings.js';
import { isAbsolute, relative } from 'node:path';
import { formatReport, InterpreterRegistry } from '../interpreter/registry.js';
import type { OnlineChecks } from '../versions/online.js';
import { FIX_ALL_KIND, codeActions, workspaceEdit } from './fix-actions.js';
import { COMMANDS } from './protocol.js';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings.js';
import { diagnosticsByUri } from './to-diagnostic.js';
import { Analyzer, pathOf, type Analysis } from './open-documents.js';
import { Pinning, requirementHover } from './pinning.js';

export function startServer(connection: Connection): void {
  let analyzer: Analyzer | undefined;
  /** The workspace folders' modules, read through the open documents first. */
  let workspace: WorkspaceIndex | undefined;
  let workspaceDiagnostics: WorkspaceDiagnostics | undefined;
  /** Each open document's diagnostics in its own file (merged with what other DAGs find in it). */
  const own = new Map<string, Diagnostic[]>();
  /** VENV211/VENV212 over the open DAGs (and every DAG file in workspace mode). */
  const folder = new FolderFindings();
  /** A document's findings: its own analysis, and its share of the rules over the whole folder. */
  const findingsOf = (uri: string, analysis: Analysis | undefined): Finding[] => (analysis ? [...analysis.findings, ...folder.get(uri)] : []);
  /** Re-runs the folder-wide rules; the open documents whose share changed. */
  const updateFolder = (): string[] => {
    if (!analyzer) return [];
    const models = new Map<string, FileModel>();
    // A DAG folder is a workspace folder: documents outside every one (or unsaved) are not part of one.
    const roots = workspace?.roots ?? [];
    const inFolder = (path: string | undefined) => path !== undefined && roots.some((root) => !relative(root, path).startsWith('..') && !isAbsolute(relative(root, path)));
    for (const uri of analyzer.uris()) {
      const model = analyzer.get(uri)?.analysis.model;
      if (model && inFolder(model.source.path)) models.set(uri, model);
    }
    const others = settings.diagnosticMode === 'workspace' && workspaceDiagnostics ? workspaceDiagnostics.models(new Set(analyzer.uris()), false) : [];
    return folder.update(models, others, settings.config);
  };
  let settings: Settings = DEFAULT_SETTINGS;
  let pullDiagnostics = false;
  let configurationRequests = false;
  let watchedFilesRegistration = false;
  /** Diagnostics in requirements files, per file, per DAG document that reads it. */
  const external = new Map<string, Map<string, Diagnostic[]>>();
  /** What was last sent for each of those files. */
  const externalSent = new Map<string, string>();
  const projects = new ConfigResolver();
  const mergedConfigs = new WeakMap<object, { settings: LintConfig; config: LintConfig }>();
  const watchedFiles = new WatchedFiles();
  let registry = new InterpreterRegistry();
  /** Workspace trust as the client reports it; editors without the notion are trusted. */
  let workspaceTrusted = true;
  let pinning = new Pinning(() => registry);
  const configOf = (uri: string) => mergeConfig(projects.forFile(pathOf(uri)).config, settings.config);
  /** Online checks per index URL; used only while the user has them turned on. */
  const onlines = new Map<string, OnlineChecks>();
  const onlineFor = (uri: string) => onlineChecksFor(configOf(uri), onlines, pinning.cacheDirectory);
  /** Off the diagnostics path: fetch what a document pins, then re-lint once something was learnt. */
  const checkOnline = (uri: string, analysis: Analysis | undefined) => {
    if (!settings.onlineChecks || !workspaceTrusted || !analysis || analysis.pinnedNames.length === 0) return;
    const online = onlineFor(uri);
    void online.fetch(analysis.pinnedNames).then((learnt) => {
      for (const problem of online.problems) connection.console.warn(`online check skipped for ${problem}`);
      online.problems.clear();
      if (learnt) refreshAll();
    }, (error: unknown) => connection.console.error(`online check failed: ${String(error)}`));
  };

  const guard = <A extends unknown[], R>(name: string, fallback: R, handler: (...args: A) => R) => (...args: A): R => {
    try {
      return handler(...args);
    } catch (error) {
      connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };

  const isPython = (uri: string, languageId?: string) => languageId === 'python' || /\.pyi?$/i.test(uri);

  /** A file's own diagnostics plus what other open DAGs find in it (requirements files, imported modules), each once. */
  const merged = (fileUri: string): Diagnostic[] => {
    const mine = own.get(fileUri) ?? [];
    const others = external.get(fileUri);
    if (!others || others.size === 0) return mine; // a DAG nobody else reports on: every keystroke
    const keyOf = (item: Diagnostic) => JSON.stringify([item.range, item.code, item.message]);
    const unique = new Map([...others.values()].flat().map((item) => [keyOf(item), item]));
    for (const item of mine) unique.delete(keyOf(item));
    return [...mine, ...unique.values()];
  };

  const publish = (uri: string, analysis: Analysis | undefined) => {
    const path = pathOf(uri);
    const byUri = diagnosticsByUri(uri, path, settings.enable ? findingsOf(uri, analysis) : []);
    for (const message of analysis?.internalErrors ?? []) connection.console.error(`${uri}: ${message}`);
    if (analysis) own.set(uri, byUri.get(uri) ?? []);
    else own.delete(uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri, version: analysis?.version, diagnostics: merged(uri) });
    // Requirements files: the union of what every open DAG finds in them.
    const touched = new Set<string>();
    for (const [fileUri, perDocument] of external) if (perDocument.delete(uri)) touched.add(fileUri);
    for (const [fileUri, diagnostics] of byUri) {
      if (fileUri === uri) continue;
      if (!external.has(fileUri)) external.set(fileUri, new Map());
      external.get(fileUri)!.set(uri, diagnostics);
      touched.add(fileUri);
    }
    for (const fileUri of touched) {
      // Two DAGs reading one requirements file (or sharing a pyproject.toml) report the same thing once.
      const all = merged(fileUri);
      // Every keystroke in a DAG re-derives these; send them only when they changed.
      const key = JSON.stringify(all);
      if (externalSent.get(fileUri) !== key) void connection.sendDiagnostics({ uri: fileUri, diagnostics: all });
      externalSent.set(fileUri, key);
      if (all.length === 0 && !own.has(fileUri)) {
        external.delete(fileUri);
        externalSent.delete(fileUri);
      }
    }
  };

  /**
   * After `uri` was (re-)analysed: re-analyse the open DAGs that import it (a module edited in the
   * editor), re-run the folder-wide rules, and publish `uri` and every document whose diagnostics changed.
   */
  const settle = (uri: string, analysis: Analysis | undefined) => {
    if (!analyzer) return;
    const path = pathOf(uri);
    const dependents = path ? analyzer.dependents(path).filter((dependent) => dependent !== uri) : [];
    for (const dependent of dependents) analyzer.reanalyse(dependent);
    const changed = updateFolder();
    publish(uri, analysis);
    for (const other of new Set([...dependents, ...changed])) if (other !== uri) publish(other, analyzer.get(other)?.analysis);
    if (pullDiagnostics && (dependents.length > 0 || changed.length > 0 || settings.diagnosticMode === 'workspace')) void connection.languages.diagnostics.refresh();
  };

  const refreshAll = () => {
    if (!analyzer) return;
    const uris = analyzer.reanalyseAll();
    updateFolder();
    for (const uri of uris) publish(uri, analyzer.get(uri)?.analysis);
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
  };

  const fetchSettings = async () => {
    if (!configurationRequests) return;
    try {
      const problems: string[] = [];
      settings = readSettings(await connection.workspace.getConfiguration('airflowVenvLint'), problems);
      for (const problem of problems) connection.console.warn(problem);
    } catch (error) {
      connection.console.warn(`could not read the settings: ${(error as Error).message}`);
    }
  };

  connection.onInitialize(async (params): Promise<InitializeResult> => {
    const capabilities = params.capabilities;
    pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    configurationRequests = capabilities.workspace?.configuration === true;
    watchedFilesRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const options = params.initializationOptions as { settings?: unknown; workspaceTrusted?: unknown; cacheDirectory?: unknown } | undefined;
    if (options?.settings) settings = readSettings(options.settings);
    if (typeof options?.cacheDirectory === 'string') pinning = new Pinning(() => registry, options.cacheDirectory);
    if (options?.workspaceTrusted === false) workspaceTrusted = false;
    const grammar = await loadGrammar();
    const folders = params.workspaceFolders?.map((folder) => pathOf(folder.uri)) ?? [params.rootUri ? pathOf(params.rootUri) : (params.rootPath ?? undefined)];
    const fileSystem = diskFileSystem((path) => analyzer?.textAt(path));
    const configFor = (path: string) => mergeConfig(projects.forFile(path).config, settings.config);
    workspace = workspaceIndex({
      grammar,
      fileSystem,
      roots: folders.filter((folder): folder is string => folder !== undefined),
      projectOf: (path) => projects.forFile(path),
      airflowVersion: () => settings.config.airflowVersion,
      honourExclude: true,
    });
    workspaceDiagnostics = new WorkspaceDiagnostics({ grammar, workspace, fileSystem, configFor });
    analyzer = new Analyzer({
      workspace,
      grammar,
      interpreters: (command) => registry.lookup(command),
      index: (name) => {
        if (!settings.onlineChecks) return undefined;
        for (const online of onlines.values()) {
          const facts = online.lookup(name);
          if (facts) return facts;
        }
        return undefined;
      },
      extraInterpreters: () => settings.interpreters,
      configFor: (uri) => {
        const project = projects.forFile(pathOf(uri));
        // One merged object per project and settings: the analysis caches by the configuration's identity.
        let merged = mergedConfigs.get(project);
        if (merged?.settings !== settings.config) {
          merged = { settings: settings.config, config: mergeConfig(project.config, settings.config) };
          mergedConfigs.set(project, merged);
        }
        return { config: merged.config, findings: project.findings };
      },
      // With file watching, requirements files are read once and again only when a watcher says
      // they changed: no file system call on a keystroke. Without it, a stat per analysis.
      readFile: (path) => (watchedFilesRegistration ? watchedFiles.read(path) : readTextFileCached(path)),
    });
    return {
      capabilities: {
        // Offsets are UTF-16 code units throughout (web-tree-sitter parses JavaScript strings).
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'airflow-venv-lint', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      },
      serverInfo: { name: 'airflow-venv-lint', version: VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (configurationRequests) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'airflowVenvLint' });
    if (watchedFilesRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/pyproject.toml' }, { globPattern: '**/*.txt' }, { globPattern: '**/*.py' }, { globPattern: '**/.airflowignore' }],
      });
    }
    await fetchSettings();
    refreshAll();
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (configurationRequests) await fetchSettings();
    else settings = readSettings((change.settings as { airflowVenvLint?: unknown } | null)?.airflowVenvLint);
    guard('configuration change', undefined, refreshAll)();
  });

  connection.onDidChangeWatchedFiles(guard('watched files', undefined, () => {
    projects.clear();
    watchedFiles.clear();
    workspace?.invalidate();
    workspaceDiagnostics?.forget();
    refreshAll();
  }));

  connection.onDidOpenTextDocument(guard('didOpen', undefined, ({ textDocument }) => {
    if (!analyzer || !isPython(textDocument.uri, textDocument.languageId)) return;
    const analysis = analyzer.open(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text);
    settle(textDocument.uri, analysis);
    checkOnline(textDocument.uri, analysis);
  }));

  connection.onDidChangeTextDocument(guard('didChange', undefined, ({ textDocument, contentChanges }) => {
    const analysis = analyzer?.change(textDocument.uri, textDocument.version, contentChanges);
    if (analysis) settle(textDocument.uri, analysis);
    checkOnline(textDocument.uri, analysis);
  }));

  connection.onDidCloseTextDocument(guard('didClose', undefined, ({ textDocument }) => {
    if (!analyzer?.get(textDocument.uri)) return;
    analyzer.close(textDocument.uri);
    // The disk's text replaces the editor's for the DAGs that import it.
    settle(textDocument.uri, undefined);
  }));

  connection.languages.diagnostics.on(guard('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] }, (params) => {
    const open = analyzer?.get(params.textDocument.uri);
    const items = open && settings.enable ? merged(params.textDocument.uri) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  }));

  connection.languages.diagnostics.onWorkspace(guard('workspace/diagnostic', { items: [] }, (params) => {
    if (!workspaceDiagnostics || !analyzer || !settings.enable || settings.diagnosticMode !== 'workspace') return { items: [] };
    const previous = new Map(params.previousResultIds.map((item) => [item.uri, item.value]));
    const openModels = analyzer.uris().flatMap((uri) => analyzer?.get(uri)?.analysis.model ?? []);
    const items = workspaceDiagnostics.report(previous, new Set(analyzer.uris()), openModels);
    // What the pull learnt about the closed files may change the open documents' folder-wide findings.
    const changed = updateFolder();
    for (const uri of changed) publish(uri, analyzer.get(uri)?.analysis);
    if (changed.length > 0 && pullDiagnostics) void connection.languages.diagnostics.refresh();
    return { items };
  }));

  connection.onCodeAction(async (params) => {
    try {
      const uri = params.textDocument.uri;
      const open = analyzer?.get(uri);
      if (!open || !settings.enable) return [];
      const wantsQuickFix = !params.context.only || params.context.only.some((kind) => CodeActionKind.QuickFix.startsWith(kind));
      const pins = wantsQuickFix ? await pinning.codeActions(uri, pathOf(uri), open.analysis.version, params.range, open.analysis.findings, configOf(uri), workspaceTrusted) : [];
      // Findings other open DAGs make in this file (their callable or requirement list lives here), each once.
      const path = pathOf(uri);
      const foreign = new Map<string, Finding>();
      for (const other of path === undefined ? [] : analyzer!.uris()) {
        if (other === uri) continue;
        for (const finding of findingsOf(other, analyzer!.get(other)?.analysis)) {
          if (finding.span.source.path === path) foreign.set(`${finding.code}\0${finding.span.start}\0${finding.message}`, finding);
        }
      }
      return [...pins, ...codeActions(params, path, [...findingsOf(uri, open.analysis), ...foreign.values()])];
    } catch (error) {
      connection.console.error(`codeAction failed: ${(error as Error).stack ?? String(error)}`);
      return [];
    }
  });

  connection.onHover(async (params) => {
    try {
      const open = analyzer?.get(params.textDocument.uri);
      if (!open || !settings.enable) return null;
      const offset = open.document.offsetAt(params.position);
      const path = pathOf(params.textDocument.uri);
      const hit = open.analysis.requirements.find(({ entry }) => (entry.span.source.path ?? path) === path && entry.span.start <= offset && offset <= entry.span.end);
      if (!hit) return null;
      const markdown = await requirementHover(pinning, hit.entry, hit.pythonVersion, configOf(params.textDocument.uri));
      if (!markdown) return null;
      const lines = hit.entry.span.source.lines;
      return { contents: { kind: 'markdown', value: markdown }, range: lines.range(hit.entry.span.start, hit.entry.span.end) };
    } catch (error) {
      connection.console.error(`hover failed: ${(error as Error).stack ?? String(error)}`);
      return null;
    }
  });

  connection.onExecuteCommand(async (params) => {
    try {
      if (params.command === COMMANDS.fixAll) {
        const uri = (params.arguments?.[0] as { uri?: string } | string | undefined);
        const target = typeof uri === 'string' ? uri : uri?.uri;
        const open = target ? analyzer?.get(target) : undefined;
        if (!target || !open) return { applied: false, reason: 'no such open document' };
        const edits = fixAllEdits(open.analysis.findings);
        if (edits.length === 0) return { applied: false, reason: 'nothing to fix' };
        const result = await connection.workspace.applyEdit({ label: 'Fix all virtualenv problems', edit: workspaceEdit(target, pathOf(target), edits) });
        return { applied: result.applied };
      }
      if (params.command === COMMANDS.pinFromIndex || params.command === COMMANDS.pinAll) {
        const argument = (params.arguments?.[0] ?? {}) as { uri?: string; version?: number; code?: string; start?: number; source?: string };
        const open = argument.uri ? analyzer?.get(argument.uri) : undefined;
        if (!argument.uri || !open) return { pinned: 0, problems: ['no such open document'] };
        if (params.command === COMMANDS.pinFromIndex && open.analysis.version !== argument.version) return { pinned: 0, problems: ['the document changed; ask for the action again'] };
        const findings = params.command === COMMANDS.pinAll
          ? open.analysis.findings.filter((finding) => finding.pin?.safe)
          : open.analysis.findings.filter((finding) => finding.code === argument.code && finding.span.start === argument.start && (finding.span.source.path ?? null) === (argument.source ?? null));
        const outcome = await pinning.apply(connection, argument.uri, pathOf(argument.uri), findings, configOf(argument.uri), params.command === COMMANDS.pinAll ? 'Pin all requirements' : 'Pin requirement');
        if (outcome.problems.length > 0) void connection.window.showWarningMessage(`Airflow: could not pin everything: ${outcome.problems[0]}${outcome.problems.length > 1 ? ` (and ${outcome.problems.length - 1} more, see the output)` : ''}`);
        return outcome;
      }
      if (params.command === COMMANDS.listInterpreters) {
        const argument = params.arguments?.[0] as { uri?: string } | undefined;
        return { interpreters: (argument?.uri ? analyzer?.get(argument.uri)?.analysis.interpreters : undefined) ?? [] };
      }
      if (params.command === COMMANDS.verifyInterpreter) {
        const argument = (params.arguments?.[0] ?? {}) as { uri?: string; commands?: unknown; trusted?: unknown };
        const trusted = typeof argument.trusted === 'boolean' ? argument.trusted : workspaceTrusted;
        if (!trusted) {
          void connection.window.showWarningMessage('Airflow: Verify Interpreter runs the interpreters a DAG names, so it only runs in a trusted workspace.');
          return { verified: false, reason: 'untrusted workspace' };
        }
        const targets = (argument.uri ? analyzer?.get(argument.uri)?.analysis.interpreters : undefined) ?? [];
        const wanted = Array.isArray(argument.commands) ? argument.commands.filter((item): item is string => typeof item === 'string') : undefined;
        const chosen = wanted ? wanted.map((command) => targets.find((target) => target.command === command) ?? { command, purpose: 'requested' }) : targets;
        if (chosen.length === 0) return { verified: false, reason: 'this file names no interpreter' };
        if (registry.timeoutMs !== settings.verifyTimeoutMs) registry = new InterpreterRegistry({ timeoutMs: settings.verifyTimeoutMs });
        const results = await registry.verify(chosen.map((target) => target.command));
        const report = formatReport(chosen, results);
        connection.console.info(`Verify Interpreter\n${report}`);
        refreshAll();
        return {
          verified: true,
          report,
          results: results.map((result, index) => ({ command: chosen[index]!.command, ok: result.ok, ...(result.ok ? { version: result.info.version, executable: result.info.executable } : { failure: result.failure, message: result.message }) })),
        };
      }
      return undefined;
    } catch (error) {
      connection.console.error(`executeCommand ${params.command} failed: ${(error as Error).stack ?? String(error)}`);
      return undefined;
    }
  });

  connection.listen();
}
