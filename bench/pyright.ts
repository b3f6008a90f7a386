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
import { fileUri, LspClient } from '../test/support/lspClient.js';
import { positionAt } from './generate.js';
import { statusMegabytes } from './memory.js';
import { median, p95 } from './stats.js';

const PEERS = join(import.meta.dirname, 'peers');
const PYRIGHT = join(PEERS, 'node_modules', 'pyright');

export interface PyrightRun {
  lines: number;
  /** Spawn -> initialize -> didOpen -> first publishDiagnostics. */
  firstDiagnosticsMs: number;
  edits: number;
  /** didChange -> publishDiagnostics of that version, over the edits that did not time out. */
  editP50Ms: number;
  editP95Ms: number;
  /** Edits whose diagnostics did not come within the per-edit timeout. */
  timeouts: number;
  timeoutMs: number;
  rssMb: number | undefined;
}

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

/**
 * One pyright server on a temporary workspace folder holding only the DAG file:
 * time to first diagnostics, then `edits` single-character edits at `at`, each
 * waiting for the diagnostics of its version (pyright publishes after every change).
 */
export async function measurePyright(lines: number, text: string, at: number, edits: number, timeoutMs: number): Promise<PyrightRun> {
  const folder = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-bench-pyright-'));
  const path = join(folder, 'dag.py');
  writeFileSync(path, text);
  const uri = fileUri(path);
  const started = performance.now();
  const client = new LspClient(join(PYRIGHT, 'langserver.index.js'));
  // Pyright asks for the "python" and "pyright" sections; {} keeps its defaults
  // (open files only, the `python` on PATH for search paths; it never reaches the network).
  client.settings = {};
  try {
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(folder),
      workspaceFolders: [{ uri: fileUri(folder), name: 'bench' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    await client.connection.sendNotification('initialized', {});
    const opened = client.nextDiagnostics(uri, 1, Math.max(60_000, timeoutMs));
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    await opened;
    const firstDiagnosticsMs = performance.now() - started;

    const position = positionAt(text, at);
    const latencies: number[] = [];
    let timeouts = 0;
    for (let version = 2; version < edits + 2; version++) {
      const published = client.nextDiagnostics(uri, version, timeoutMs);
      const sent = performance.now();
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: position, end: { line: position.line, character: position.character + 1 } }, text: String(version % 10) }],
      });
      try {
        await published;
        latencies.push(performance.now() - sent);
      } catch {
        timeouts++;
      }
    }
    const rssMb = statusMegabytes(client.process.pid!, 'VmRSS');
    return { lines, firstDiagnosticsMs, edits, editP50Ms: median(latencies), editP95Ms: p95(latencies), timeouts, timeoutMs, rssMb };
  } finally {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}
