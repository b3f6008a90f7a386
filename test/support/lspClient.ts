/**
 * Drives the real built server over stdio as an editor would: spawn, initialize,
 * open/change/close documents, ask for code actions, collect publishDiagnostics.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';

const root = join(import.meta.dirname, '..', '..');
export const SERVER_BIN = join(root, 'server', 'bin', 'airflow-venv-lint-server.js');

export function fileUri(path: string): string {
  return pathToFileURL(path).href;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** What the server wrote on stderr, as one text (`logs` also holds window/logMessage). */
  stderr = '';
  readonly appliedEdits: WorkspaceEdit[] = [];
  readonly shownDocuments: { uri: string; external?: boolean }[] = [];
  private waiters: { match: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void }[] = [];
  private versions = new Map<string, number>();
  settings: Record<string, unknown> = {};
  exitCode: Promise<number | null>;

  constructor(serverBin = SERVER_BIN, nodeArguments: string[] = [], env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(process.execPath, [...nodeArguments, serverBin, '--stdio'], { stdio: 'pipe', env });
    this.exitCode = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.process.stderr.on('data', (chunk: Buffer) => {
      this.logs.push(chunk.toString());
      this.stderr += chunk.toString();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.match(params)) return true;
        waiter.resolve(params);
        return false;
      });
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.onRequest('window/showDocument', (params: { uri: string; external?: boolean }) => {
      this.shownDocuments.push(params);
      return { success: true };
    });
    this.connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
      this.appliedEdits.push(params.edit);
      return { applied: true };
    });
    this.connection.listen();
  }

  /** `extra` adds initialize parameters (e.g. `workspaceFolders`). */
  async initialize(capabilities: ClientCapabilities = { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, extra: Record<string, unknown> = {}) {
    const result = await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, ...extra });
    await this.connection.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
  }

  /** The next publishDiagnostics for `uri` (at `version`, when given; that `accept` takes, when given). */
  nextDiagnostics(uri: string, version?: number, timeoutMs = 5000, accept: (diagnostics: Diagnostic[]) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match: (params) => params.uri === uri && (version === undefined || params.version === version) && accept(params.diagnostics),
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      });
    });
  }

  async open(uri: string, text: string, languageId = 'python'): Promise<Diagnostic[]> {
    return (await this.openParams(uri, text, languageId)).diagnostics;
  }

  /** `open`, with the whole notification the server published. */
  async openParams(uri: string, text: string, languageId = 'python'): Promise<PublishDiagnosticsParams> {
    this.versions.set(uri, 1);
    const next = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return next;
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<Diagnostic[]> {
    return (await this.changeParams(uri, changes)).diagnostics;
  }

  /**
   * `change`, with the whole notification the server published for the new version; when it sent
   * none (the diagnostics the client holds did not change), the last one it published for `uri`,
   * `sent` false (see `barrier`).
   */
  async changeParams(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams & { sent: boolean }> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    let fresh: PublishDiagnosticsParams | undefined;
    const waiter = { match: (params: PublishDiagnosticsParams) => params.uri === uri && params.version === version, resolve: (params: PublishDiagnosticsParams) => (fresh = params) };
    this.waiters.push(waiter);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    await this.barrier();
    this.waiters = this.waiters.filter((each) => each !== waiter);
    if (fresh) return { ...fresh, sent: true };
    const last = [...this.published].reverse().find((params) => params.uri === uri);
    if (!last) throw new Error(`no diagnostics for ${uri} v${version}, and none published before`);
    return { ...last, sent: false };
  }

  /**
   * Resolves once the server has handled every message sent before: it answers a request it does not
   * know at once (with an error), after whatever those messages made it send.
   */
  async barrier(): Promise<void> {
    await this.connection.sendRequest('airflowVenvLintTest/barrier').catch(() => undefined);
  }

  /** Sends a change without waiting (for bursts); returns its version. */
  async changeNoWait(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  async close(uri: string): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return (await next).diagnostics;
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });
  }

  async shutdown(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exitCode;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.process.kill();
    this.connection.dispose();
  }
}

/** Applies a WorkspaceEdit's edits for `uri` to `text` (as an editor would). */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
  // LSP: inserts at one position apply in array order, so the later one goes first here.
  const edits = (edit?.changes?.[uri] ?? []).map((item, index) => ({ ...item, index }));
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (position: { line: number; character: number }) => (lineStarts[position.line] ?? text.length) + position.character;
  edits.sort((a, b) => offset(b.range.start) - offset(a.range.start) || b.index - a.index);
  let result = text;
  for (const item of edits) result = result.slice(0, offset(item.range.start)) + item.newText + result.slice(offset(item.range.end));
  return result;
}
