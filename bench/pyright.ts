/**
 * The peer: the same generated DAG files through `pyright-langserver --stdio`,
 * driven over LSP as an editor would. Pyright lives in its own folder
 * (`bench/peers`, with its lock file), installed on first use; it is never a
 * dependency of the extension.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { fileUri, LspClient } from '../test/support/lspClient.js';
import { statusMegabytes } from './memory.js';

const PEERS = join(import.meta.dirname, 'peers');
const PYRIGHT = join(PEERS, 'node_modules', 'pyright');

/** Installs pyright from `bench/peers/package-lock.json` when missing; its version, or why it is not available. */
export function installPyright(): { version: string } | { unavailable: string } {
  try {
    if (!existsSync(join(PYRIGHT, 'package.json'))) {
      process.stderr.write('bench: installing pyright into bench/peers (npm ci)...\n');
      execFileSync('npm', ['ci', '--prefix', PEERS, '--no-audit', '--no-fund'], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    return { version: (JSON.parse(readFileSync(join(PYRIGHT, 'package.json'), 'utf8')) as { version: string }).version };
  } catch (error) {
    return { unavailable: `pyright could not be installed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

/** One pyright server on a temporary workspace folder holding only one DAG file, open in it. */
export class PyrightSession {
  private version = 1;

  private constructor(
    private readonly client: LspClient,
    private readonly folder: string,
    private readonly uri: string,
    /** Spawn -> initialize -> didOpen -> first publishDiagnostics. */
    readonly firstDiagnosticsMs: number,
  ) {}

  static async start(text: string, timeoutMs = 60_000): Promise<PyrightSession> {
    const folder = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-bench-pyright-'));
    const path = join(folder, 'dag.py');
    writeFileSync(path, text);
    const uri = fileUri(path);
    const started = performance.now();
    const client = new LspClient(join(PYRIGHT, 'langserver.index.js'));
    // Pyright asks for the "python" and "pyright" sections; {} keeps its defaults (open
    // files only, the `python` on PATH for search paths; it never reaches the network).
    client.settings = {};
    try {
      await client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: fileUri(folder),
        workspaceFolders: [{ uri: fileUri(folder), name: 'bench' }],
        capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
      });
      await client.connection.sendNotification('initialized', {});
      const opened = client.nextDiagnostics(uri, 1, timeoutMs);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      await opened;
    } catch (error) {
      client.kill();
      rmSync(folder, { recursive: true, force: true });
      throw error;
    }
    return new PyrightSession(client, folder, uri, performance.now() - started);
  }

  /**
   * didChange -> publishDiagnostics of that version (pyright publishes after every
   * change), in ms; undefined when they did not come within `timeoutMs`.
   */
  async change(change: TextDocumentContentChangeEvent, timeoutMs: number): Promise<number | undefined> {
    const version = ++this.version;
    const published = this.client.nextDiagnostics(this.uri, version, timeoutMs);
    const sent = performance.now();
    await this.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version }, contentChanges: [change] });
    try {
      await published;
      return performance.now() - sent;
    } catch {
      return undefined;
    }
  }

  rssMb(): number | undefined {
    return statusMegabytes(this.client.process.pid!, 'VmRSS');
  }

  close(): void {
    this.client.kill();
    rmSync(this.folder, { recursive: true, force: true });
  }
}
