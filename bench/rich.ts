/**
 * Issue 20: the bench on the DAGs people really edit. Findings-rich generated DAGs
 * (`generateRichDag`), written to a temporary folder that the server opens as its workspace (as an
 * editor does, so that the folder-wide rules VENV211/VENV212 run), typed at the first task and on
 * the last line; the server's memory with many of them open; the CLI on a folder of them and on one
 * 10k-line file (time, peak RSS, JSON size).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lintText, parse, runCrossTaskRules, type Grammar } from '../server/src/analysis/index.js';
import { fileUri, LspClient } from '../test/support/lspClient.js';
import { editSites, endSite, generateRichDag, typingChange } from './generate.js';
import { settle, startMeasuredServer } from './memory.js';
import type { MemoryResult } from './report.js';
import { elapsedMs, median, p95 } from './stats.js';

export interface RichEditResult {
  lines: number;
  /** `first`: inside the first task (every later task moves); `end`: on the last line. */
  at: 'first' | 'end';
  /**
   * How the client gets diagnostics: `pull` as VS Code does (didChange, then textDocument/diagnostic
   * with the result id it holds; the edit ends with the answer), `push` as Neovim does (the edit ends
   * with publishDiagnostics for its version).
   */
  mode: 'pull' | 'push';
  /** Bytes of diagnostics the client received per edit (the JSON of the answer or the notification). */
  bytesPerEdit: number;
  /** Findings of the file, its own and the folder-wide ones. */
  findings: number;
  fullParseMs: number;
  firstDiagnosticsMs: number;
  edits: number;
  editP50Ms: number;
  editP95Ms: number;
}

export interface RichCliResult {
  files: number;
  linesPerFile: number;
  seconds: number;
  filesPerSecond: number;
  peakRssMb: number;
  repeats: number;
  /** One 10k-line file: time and peak RSS of a text run; then JSON size against a 1k-line file. */
  big: { lines: number; seconds: number; peakRssMb: number };
  json: { lines: number; findings: number; bytes: number }[];
}

/** A temporary DAG folder holding `files` (name -> text); removed by the caller. */
export function dagFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-bench-rich-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** Our server with `folder` open as the workspace (VENV211/VENV212 run over the open DAGs). */
export async function serverOnFolder(folder: string, client = new LspClient()): Promise<LspClient> {
  await client.initialize(undefined, { rootUri: fileUri(folder), workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
  return client;
}

export function findingsOf(grammar: Grammar, text: string, path: string): number {
  const result = lintText(grammar, text, path);
  result.tree?.delete();
  return result.findings.length + (result.model ? runCrossTaskRules([result.model]).findings.length : 0);
}

/** Edits through the real server, each followed by one full parse of the same text here (the ratio's two sides take turns). */
export async function measureRichEdits(grammar: Grammar, lines: number, at: RichEditResult['at'], edits: number, warmUpEdits: number, mode: RichEditResult['mode'] = 'push'): Promise<RichEditResult> {
  const text = generateRichDag(lines);
  const offset = at === 'first' ? editSites(text)[0]! : endSite(text);
  const folder = dagFolder({ 'dag.py': text });
  const path = join(folder, 'dag.py');
  const findings = findingsOf(grammar, text, path);
  for (let warm = 0; warm < 20; warm++) parse(grammar, text).delete();
  const started = performance.now();
  const client = new LspClient();
  await client.initialize({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, ...(mode === 'pull' ? { textDocument: { diagnostic: { dynamicRegistration: false } } } : {}) }, { rootUri: fileUri(folder), workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
  try {
    const uri = fileUri(path);
    let version = 1;
    let resultId: string | undefined;
    let bytes = 0;
    /** didChange and what the client then waits for; `undefined` text: the opening. */
    const edit = async (change?: ReturnType<typeof typingChange>): Promise<void> => {
      if (mode === 'push') {
        const params = await (change ? client.changeParams(uri, [change]) : client.openParams(uri, text));
        // A keystroke that moves no diagnostic sends none: the edit ends when the server has handled it.
        if (!('sent' in params) || params.sent) bytes += JSON.stringify(params.diagnostics).length;
        return;
      }
      if (change) await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [change] });
      else await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
      const report = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, ...(resultId ? { previousResultId: resultId } : {}) }) as { resultId?: string };
      resultId = report.resultId;
      bytes += JSON.stringify(report).length;
    };
    await edit();
    const firstDiagnosticsMs = performance.now() - started;
    for (let index = 0; index < warmUpEdits; index++) await edit(typingChange(text, offset, index));
    bytes = 0;
    const latencies: number[] = [];
    const fullParses: number[] = [];
    for (let index = 0; index < edits; index++) {
      const sent = performance.now();
      await edit(typingChange(text, offset, index));
      latencies.push(performance.now() - sent);
      fullParses.push(elapsedMs(() => parse(grammar, text).delete()));
    }
    return { lines, at, mode, bytesPerEdit: bytes / edits, findings, fullParseMs: median(fullParses), firstDiagnosticsMs, edits, editP50Ms: median(latencies), editP95Ms: p95(latencies) };
  } finally {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** RSS of the bare server, then with `documents` different findings-rich DAGs open, their folder the workspace. */
export async function measureRichMemory(documents: number, linesPerDocument: number): Promise<MemoryResult> {
  const texts = Object.fromEntries(Array.from({ length: documents }, (_, index) => [`dag_${index + 1}.py`, generateRichDag(linesPerDocument, index + 1)]));
  const folder = dagFolder(texts);
  const client = await serverOnFolder(folder, startMeasuredServer());
  try {
    const bare = await settle(client);
    for (const [name, text] of Object.entries(texts)) await client.open(fileUri(join(folder, name)), text);
    return { nodeArguments: [], bare, documents, linesPerDocument, open: await settle(client) };
  } finally {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  }
}

const CLI = join(import.meta.dirname, '..', 'server', 'bin', 'airflow-venv-lint.js');

/** One CLI run: seconds, peak RSS (bench/peak.mjs) and stdout's size. */
function runCli(args: string[]): { seconds: number; peakRssMb: number; bytes: number } {
  const peakFile = join(tmpdir(), `airflow-venv-lint-bench-peak-${process.pid}`);
  const started = performance.now();
  let stdout: Buffer;
  try {
    stdout = execFileSync(process.execPath, ['--import', pathToFileURL(join(import.meta.dirname, 'peak.mjs')).href, CLI, ...args], { env: { ...process.env, BENCH_PEAK_FILE: peakFile }, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    // exit 1: findings
    stdout = (error as { stdout: Buffer }).stdout;
  }
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = Number(readFileSync(peakFile, 'utf8')) / 1024;
  rmSync(peakFile, { force: true });
  return { seconds, peakRssMb, bytes: stdout.length };
}

/** The CLI on a folder of findings-rich DAGs and on one 10k-line file; the fastest of `repeats` runs each. */
export function measureRichCli(files: number, linesPerFile: number, bigLines: number, repeats: number): RichCliResult {
  const folder = dagFolder(Object.fromEntries(Array.from({ length: files }, (_, index) => [`dag_${index}.py`, generateRichDag(linesPerFile, index + 1)])));
  const big = dagFolder({ 'big.py': generateRichDag(bigLines), 'small.py': generateRichDag(1000) });
  try {
    const fastest = (args: string[]) => Array.from({ length: repeats }, () => runCli(args)).sort((a, b) => a.seconds - b.seconds)[0]!;
    const many = fastest([folder]);
    const one = fastest([join(big, 'big.py')]);
    const json = [1000, bigLines].map((lines) => {
      const file = join(big, lines === bigLines ? 'big.py' : 'small.py');
      const out = execFileSync(process.execPath, [CLI, '--exit-zero', '--format', 'json', file], { maxBuffer: 1 << 30 });
      return { lines, findings: (JSON.parse(out.toString()) as unknown[]).length, bytes: out.length };
    });
    return { files, linesPerFile, seconds: many.seconds, filesPerSecond: files / many.seconds, peakRssMb: many.peakRssMb, repeats, big: { lines: bigLines, seconds: one.seconds, peakRssMb: one.peakRssMb }, json };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(big, { recursive: true, force: true });
  }
}
