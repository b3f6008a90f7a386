/**
 * The language server's state, each piece named and owned once, built at
 * `initialize`; and the steps every handler shares: which configuration applies
 * to a document, re-analysing what an edit touched, publishing.
 */
import { dirname, isAbsolute, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Connection, InitializeParams } from 'vscode-languageserver';
import { describeTarget, loadGrammar, type Finding, type Grammar, type LintConfig, type WorkspaceIndex } from '../analysis/index.js';
import { diskFileSystem, readTextFileCached, WatchedFiles } from '../host/files.js';
import { onlineChecksFor, workspaceIndex } from '../host/lint-host.js';
import { EnvironmentStore } from '../environment/cache.js';
import { insideFolder } from '../host/guarded-file.js';
import { ConfigResolver, mergeConfig, type ProjectConfig } from '../host/project-config.js';
import { InterpreterRegistry } from '../interpreter/registry.js';
import type { OnlineChecks } from '../versions/online.js';
import { resolveClientCapabilities, type ResolvedClientCapabilities } from './capabilities.js';
import { FolderFindings, type FolderModel } from './folder-findings.js';
import { OpenDocuments, pathOf, type Analysis } from './open-documents.js';
import { Pinning } from './pinning.js';
import { DiagnosticsPublisher } from './publisher.js';
import { findingsInFile, RequirementsDocuments, type OwnedFinding } from './requirements-documents.js';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings.js';
import { diagnosticsByUri } from './to-diagnostic.js';
import { DEFAULT_PAUSE_MS, TypingHold } from './typing-hold.js';
import { WorkspaceDiagnostics } from './workspace-diagnostics.js';

/** How long `settleSoon` waits for the client to pause between opening documents, and at most. */
const SETTLE_IDLE_MS = 10;
const SETTLE_MAX_MS = 250;

/** What the client sends in `initializationOptions` (client/src/client.ts). */
interface InitializationOptions {
  settings?: unknown;
  workspaceTrusted?: unknown;
  cacheDirectory?: unknown;
  /** The client shows command results itself (toasts, the output): the server does not repeat them. */
  clientShowsResults?: unknown;
  /** How long findings on the line being typed wait for a pause (ms; 0: never held). */
  typingPauseMs?: unknown;
}

export class Session {
  readonly client: ResolvedClientCapabilities;
  /** The `airflowVenvLint` settings, read again whenever the client says they changed. */
  settings: Settings = DEFAULT_SETTINGS;
  /** Workspace trust as the client reported it at start; editors without the notion are trusted. */
  readonly workspaceTrusted: boolean;
  /** The client shows command results itself (the VS Code extension): no second toast or log from here. */
  readonly clientShowsResults: boolean;
  /** Findings on the line being typed, held until the user pauses. */
  readonly typing: TypingHold;
  /** Results of Verify Interpreter runs; replaced (results and all) when the probe timeout setting changes. */
  registry = new InterpreterRegistry();
  readonly pinning: Pinning;
  /** Build Task Environment: venvs and their results in the cache folder, loaded at start. */
  readonly environments: EnvironmentStore;
  /** The builds running now, by document: one at a time per document. */
  readonly building = new Set<string>();
  /** pyproject.toml look-ups, until a watched file changes. */
  readonly projects = new ConfigResolver();
  /** Requirements files read once, until a watcher says they changed. */
  readonly watchedFiles = new WatchedFiles();
  /** Online checks per index URL; used only while the user has them turned on. */
  readonly onlines = new Map<string, OnlineChecks>();
  /** VENV211/VENV212 over the open DAGs (and every DAG file in workspace mode). */
  readonly folder = new FolderFindings();
  readonly publisher: DiagnosticsPublisher;
  /** The workspace folders' modules, read through the open documents first. */
  readonly workspace: WorkspaceIndex;
  readonly workspaceDiagnostics: WorkspaceDiagnostics;
  readonly documents: OpenDocuments;
  /** Documents opened or closed and not yet settled (`settleSoon`). */
  private readonly pending = new Set<string>();
  private pendingSince: number | undefined;
  private pendingTimer: NodeJS.Timeout | undefined;
  /** When `settleSoon` last returned. */
  private lastSettledSoon: number | undefined;
  /**
   * The settings asked for at `initialized` have not arrived: documents opened meanwhile are held
   * (at most SETTLE_MAX_MS), so that none is published under the defaults first.
   */
  settingsArriving = false;
  /** Requirements files open in the editor: their text wins over the disk. */
  readonly requirementsFiles = new RequirementsDocuments();
  /** One merged configuration per project and settings: the analysis caches by the configuration's identity. */
  private readonly mergedConfigs = new WeakMap<object, { settings: LintConfig; config: LintConfig }>();
  private readonly restrictedConfigs = new WeakMap<ProjectConfig, LintConfig>();
  /** What each document was last judged against, so the output channel says it once per change. */
  private readonly targets = new Map<string, string>();

  static async start(connection: Connection, params: InitializeParams): Promise<Session> {
    const options = params.initializationOptions as InitializationOptions | undefined;
    const settings = options?.settings ? readSettings(options.settings) : undefined;
    return new Session(connection, params, options, settings, await loadGrammar());
  }

  private constructor(private readonly connection: Connection, params: InitializeParams, options: InitializationOptions | undefined, settings: Settings | undefined, readonly grammar: Grammar) {
    this.client = resolveClientCapabilities(params.capabilities);
    if (settings) this.settings = settings;
    this.pinning = typeof options?.cacheDirectory === 'string' ? new Pinning(() => this.registry, options.cacheDirectory) : new Pinning(() => this.registry);
    this.workspaceTrusted = options?.workspaceTrusted !== false;
    this.environments = new EnvironmentStore(this.pinning.cacheDirectory).load();
    this.clientShowsResults = options?.clientShowsResults === true;
    this.typing = new TypingHold((uri) => this.releaseTyping(uri), typeof options?.typingPauseMs === 'number' ? options.typingPauseMs : DEFAULT_PAUSE_MS);
    this.publisher = new DiagnosticsPublisher(connection, this.client.pullDiagnostics, this.client.versionedDiagnostics);
    const folders = params.workspaceFolders?.map((folder) => pathOf(folder.uri)) ?? [params.rootUri ? pathOf(params.rootUri) : (params.rootPath ?? undefined)];
    const fileSystem = diskFileSystem((path) => this.documents.textAt(path));
    this.workspace = workspaceIndex({
      grammar,
      fileSystem,
      roots: folders.filter((folder): folder is string => folder !== undefined),
      projectOf: (path) => this.projects.forFile(path),
      airflowVersion: () => this.settings.config.airflowVersion,
      honourExclude: true,
    });
    const configFor = (path: string) => mergeConfig(this.projectConfig(this.projects.forFile(path)), this.settings.config);
    this.workspaceDiagnostics = new WorkspaceDiagnostics({ grammar, workspace: this.workspace, fileSystem, configFor });
    this.documents = new OpenDocuments({
      workspace: this.workspace,
      grammar,
      interpreters: (command) => this.registry.lookup(command),
      index: (name) => {
        if (!this.settings.onlineChecks) return undefined;
        for (const online of this.onlines.values()) {
          const facts = online.lookup(name);
          if (facts) return facts;
        }
        return undefined;
      },
      environments: this.environments.lookup,
      learnedModules: () => this.environments.learnedModules(),
      extraInterpreters: () => this.settings.interpreters,
      configFor: (uri) => this.cachedConfigFor(uri),
      // With file watching, requirements files are read once and again only when a watcher says
      // they changed: no file system call on a keystroke. Without it, a stat per analysis.
      readFile: (path, within) => {
        const open = this.requirementsFiles.textAt(path);
        if (open !== undefined) return { text: open };
        return this.client.watchedFilesRegistration ? this.watchedFiles.read(path, within) : readTextFileCached(path, within);
      },
    });
  }

  /** The configuration for a document: its project's, overridden by the settings. */
  configOf(uri: string): LintConfig {
    return mergeConfig(this.projectConfig(this.projects.forFile(pathOf(uri))), this.settings.config);
  }

  /**
   * What a project's pyproject.toml may set. In an untrusted workspace the repository names no
   * index (`index-url`) and no file outside its folder (`constraints-file`): the client's own
   * settings in restricted mode come from user settings only, and the server enforces the same
   * for the repository's file (audit X2).
   */
  private projectConfig(project: ProjectConfig): LintConfig {
    if (this.workspaceTrusted) return project.config;
    let restricted = this.restrictedConfigs.get(project);
    if (!restricted) {
      restricted = { ...project.config };
      delete restricted.indexUrl;
      if (restricted.constraintsFile !== undefined && !(project.path && insideFolder(restricted.constraintsFile, dirname(project.path)))) delete restricted.constraintsFile;
      this.restrictedConfigs.set(project, restricted);
    }
    return restricted;
  }

  private cachedConfigFor(uri: string): { config: LintConfig; findings: Finding[] } {
    const project = this.projects.forFile(pathOf(uri));
    let merged = this.mergedConfigs.get(project);
    if (merged?.settings !== this.settings.config) {
      merged = { settings: this.settings.config, config: mergeConfig(this.projectConfig(project), this.settings.config) };
      this.mergedConfigs.set(project, merged);
    }
    return { config: merged.config, findings: project.findings };
  }

  /** A document's findings: its own analysis, and its share of the rules over the whole folder. */
  findingsOf(uri: string, analysis: Analysis | undefined): Finding[] {
    return analysis ? [...analysis.findings, ...this.folder.get(uri)] : [];
  }

  /** The open DAGs whose tasks read the requirements file at `path`. */
  readersOf(path: string): string[] {
    return this.documents.uris().filter((uri) => this.documents.get(uri)?.analysis.readFiles.includes(path));
  }

  /** What the open DAGs find in the (requirements) file at `path`, with the DAG that found it. */
  findingsIn(path: string): OwnedFinding[] {
    return findingsInFile(path, this.documents.uris().map((uri) => [uri, this.findingsOf(uri, this.documents.get(uri)?.analysis)]));
  }

  /** A requirements file was opened, edited or closed in the editor: the DAGs that read it see its new text. */
  requirementsChanged(uri: string): void {
    const path = pathOf(uri);
    for (const reader of path ? this.readersOf(path) : []) this.settle(reader, this.documents.reanalyse(reader));
  }

  /** Re-runs the folder-wide rules; the open documents whose share changed. */
  updateFolder(): string[] {
    const models = new Map<string, FolderModel>();
    // A DAG folder is a workspace folder: documents outside every one (or unsaved) are not part of one.
    const roots = this.workspace.roots;
    const inFolder = (path: string | undefined) => path !== undefined && roots.some((root) => !relative(root, path).startsWith('..') && !isAbsolute(relative(root, path)));
    for (const uri of this.documents.uris()) {
      const model = this.documents.get(uri)?.analysis.model;
      if (model && inFolder(model.source.path)) models.set(uri, model);
    }
    const others = this.settings.diagnosticMode === 'workspace' ? this.workspaceDiagnostics.models(new Set(this.documents.uris()), false) : [];
    return this.folder.update(models, others, this.settings.config);
  }

  /** Sends `uri`'s diagnostics (all of them, or none when the linter is disabled); logs its internal errors. */
  publish(uri: string, analysis: Analysis | undefined): void {
    const byUri = diagnosticsByUri(uri, pathOf(uri), this.settings.enable ? this.findingsOf(uri, analysis) : []);
    for (const [fileUri, diagnostics] of byUri) byUri.set(fileUri, this.typing.filter(fileUri, diagnostics));
    for (const message of analysis?.internalErrors ?? []) this.connection.console.error(`${uri}: ${message}`);
    this.logTarget(uri, analysis);
    this.publisher.publish(uri, analysis !== undefined, analysis?.version, byUri);
  }

  /** One output-channel line when a document's target (the Airflow releases it is judged against) changes. */
  private logTarget(uri: string, analysis: Analysis | undefined): void {
    if (!analysis?.target) return;
    const line = describeTarget(analysis.target);
    if (this.targets.get(uri) === line) return;
    if (this.targets.size >= 4096) this.targets.clear();
    this.targets.set(uri, line);
    this.connection.console.info(`${uri}: judged against ${line}`);
  }

  /**
   * After `uri` was (re-)analysed: re-analyse the open DAGs that import it (a module edited in the
   * editor), re-run the folder-wide rules, and publish `uri` and every document whose diagnostics
   * changed. Documents opened or closed since the last settle (`settleSoon`) are settled with it.
   */
  settle(uri: string, analysis: Analysis | undefined): void {
    this.pendingTimer?.close();
    this.pendingTimer = undefined;
    this.pendingSince = undefined;
    const settled = new Set([...this.pending, uri]);
    this.pending.clear();
    const dependents = new Set<string>();
    for (const each of settled) {
      const path = pathOf(each);
      for (const dependent of path ? this.documents.dependents(path) : []) if (dependent !== each) dependents.add(dependent);
    }
    for (const dependent of dependents) this.documents.reanalyse(dependent);
    const changed = this.updateFolder();
    this.publish(uri, analysis);
    for (const other of new Set([...settled, ...dependents, ...changed])) if (other !== uri) this.publish(other, this.documents.get(other)?.analysis);
    // The client pulls the edited document itself; a refresh (every open document pulled again) only when others changed.
    const othersChanged = dependents.size > 0 || changed.some((other) => other !== uri) || settled.size > 1;
    if (this.client.pullDiagnostics && (othersChanged || this.settings.diagnosticMode === 'workspace')) void this.connection.languages.diagnostics.refresh();
  }

  /**
   * `settle` for a document opened or closed: at once after a pause, else once the client pauses
   * (SETTLE_IDLE_MS without another, at most SETTLE_MAX_MS after the first held): opening N documents
   * runs the folder-wide rules twice, not N times, and publishes each document once or twice (audit
   * H9). An edit settles at once, these with it.
   */
  settleSoon(uri: string, handlingSince = performance.now()): void {
    // The first after a pause settles at once (one file opened gets its findings without waiting);
    // those that follow it within SETTLE_IDLE_MS are held and settled together. The pause is
    // measured between handling the last and starting on this one: in a burst the next message
    // is waiting while one is analysed.
    const quiet = this.lastSettledSoon === undefined || handlingSince - this.lastSettledSoon >= SETTLE_IDLE_MS;
    if (quiet && this.pending.size === 0 && !this.settingsArriving) {
      this.settle(uri, this.documents.get(uri)?.analysis);
      this.lastSettledSoon = performance.now();
      return;
    }
    const now = performance.now();
    this.lastSettledSoon = now;
    this.pending.add(uri);
    this.pendingSince ??= now;
    this.pendingTimer?.close();
    const waited = now - this.pendingSince;
    if (waited >= SETTLE_MAX_MS) this.settlePending();
    else this.pendingTimer = setTimeout(() => this.settlePending(), this.settingsArriving ? SETTLE_MAX_MS - waited : SETTLE_IDLE_MS).unref();
  }

  /** Settles what `settleSoon` holds now: before answering a request about the documents' findings. */
  settlePending(): void {
    const [first] = this.pending;
    if (first !== undefined) this.settle(first, this.documents.get(first)?.analysis);
  }

  /** The user paused typing in `uri` (a DAG, or a requirements file DAGs read): publish what was held. */
  private releaseTyping(uri: string): void {
    const path = pathOf(uri);
    const owners = this.documents.get(uri) ? [uri] : (path ? this.readersOf(path) : []);
    for (const owner of owners) this.publish(owner, this.documents.get(owner)?.analysis);
    if (this.client.pullDiagnostics && owners.length > 0) void this.connection.languages.diagnostics.refresh();
  }

  /** Re-analyses and publishes every open document (settings, a watched file or a verify result changed). */
  refreshAll(): void {
    const uris = this.documents.reanalyseAll();
    this.updateFolder();
    for (const uri of uris) this.publish(uri, this.documents.get(uri)?.analysis);
    if (this.client.pullDiagnostics) void this.connection.languages.diagnostics.refresh();
  }

  /** Off the diagnostics path: fetch what a document pins, then re-lint once something was learnt. */
  checkOnline(uri: string, analysis: Analysis | undefined): void {
    if (!this.settings.onlineChecks || !this.workspaceTrusted || !analysis || analysis.pinnedNames.length === 0) return;
    const online = onlineChecksFor(this.configOf(uri), this.onlines, this.pinning.cacheDirectory);
    void online.fetch(analysis.pinnedNames).then((learnt) => {
      for (const problem of online.problems) this.connection.console.warn(`online check skipped for ${problem}`);
      online.problems.clear();
      if (learnt) this.refreshAll();
    }, (error: unknown) => this.connection.console.error(`online check failed: ${String(error)}`));
  }

  /**
   * Asks the client for the settings (when it answers workspace/configuration); problems go to the
   * log. True when they differ from those in use (equal settings keep the same object, so what is
   * cached by the configuration's identity holds).
   */
  async fetchSettings(): Promise<boolean> {
    if (!this.client.configurationRequests) return false;
    try {
      const problems: string[] = [];
      const settings = readSettings(await this.connection.workspace.getConfiguration('airflowVenvLint'), problems);
      for (const problem of problems) this.connection.console.warn(problem);
      if (isDeepStrictEqual(settings, this.settings)) return false;
      this.settings = settings;
      return true;
    } catch (error) {
      this.connection.console.warn(`could not read the settings: ${(error as Error).message}`);
      return false;
    }
  }
}
