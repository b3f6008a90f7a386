/**
 * Seeded fuzzing of the real server over stdio: random inserts, deletes and replaces at random
 * UTF-16 offsets (never splitting a surrogate pair, which LSP positions cannot address) applied to
 * real DAG fixtures. Invariants checked: every change is answered within the time limit, every
 * range lies inside the document, the server never exits, and the diagnostics after the edits
 * equal those of a fresh open of the final text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from '../support/lspClient.js';

const PIECES = ['x', 'ab', ' ', '"', "'", '(', ')', '[', ']', ',', '=', '.', '\n', '\r\n', '\t', '    ', '#', 'é', '漢字', '😀', 'e\u0301', 'import yaml\n', 'import pandas\n    ', 'requirements=', '"pandas", ', '==1.0', 'python_bin="python3", ', 'system_site_packages=False, ', '@task.virtualenv\n', 'def f():\n    ', 'airflow', '\\', '"""', '\0'];

export interface FuzzOptions {
  seed: number;
  edits: number;
  files: string[];
  /** Compare with a fresh open every this many edits (and at the end). */
  checkEvery: number;
  /**
   * Put a document back to its fixture text (a full-text change) every this many edits: random
   * edits soon garble a DAG beyond any finding, and a comparison of two empty lists proves nothing.
   */
  resetEvery: number;
  slowMs: number;
}

export interface FuzzReport {
  edits: number;
  checks: number;
  /** Comparisons where the diagnostics were not empty (the ones that can catch a difference). */
  checksWithFindings: number;
  mismatches: string[];
  outOfRange: string[];
  slow: number;
  maxLatencyMs: number;
  medianLatencyMs: number;
  serverExited: boolean;
}

function random(seed: number): (limit: number) => number {
  let state = seed >>> 0 || 1;
  return (limit) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % Math.max(1, limit);
  };
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  for (let index = 0; index < offset; index++) {
    const code = text.charCodeAt(index);
    if (code === 10 || (code === 13 && text.charCodeAt(index + 1) !== 10)) {
      line++;
      start = index + 1;
    }
  }
  return { line, character: offset - start };
}

function lines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

const short = (diagnostics: Diagnostic[]) => diagnostics.map((item) => `${item.code}@${item.range.start.line}:${item.range.start.character}-${item.range.end.line}:${item.range.end.character}`).sort();

/** Not inside a surrogate pair, nor between "\r" and "\n". */
function safeOffset(text: string, offset: number): number {
  const before = text.charCodeAt(offset - 1);
  const at = text.charCodeAt(offset);
  if (before >= 0xd800 && before <= 0xdbff && at >= 0xdc00 && at <= 0xdfff) return offset - 1;
  if (before === 13 && at === 10) return offset - 1;
  return offset;
}

export async function fuzz(options: FuzzOptions, client = new LspClient()): Promise<FuzzReport> {
  const next = random(options.seed);
  const report: FuzzReport = { edits: 0, checks: 0, checksWithFindings: 0, mismatches: [], outOfRange: [], slow: 0, maxLatencyMs: 0, medianLatencyMs: 0, serverExited: false };
  const latencies: number[] = [];
  let exited = false;
  client.process.on('exit', () => {
    exited = true;
  });
  // Findings on the line being typed are held for a pause (lsp/typing-hold.ts, tested in test/protocol):
  // the fuzzer compares every answer with a fresh parse, so nothing is held here.
  await client.initialize(undefined, { initializationOptions: { typingPauseMs: 0 } });
  const texts = new Map<string, string>();
  const originals = new Map<string, string>();
  for (const [index, file] of options.files.entries()) {
    const uri = `file:///fuzz/${index}_${file.split('/').pop()}`;
    const text = readFileSync(file, 'utf8');
    texts.set(uri, text);
    originals.set(uri, text);
    await client.open(uri, text);
  }
  const uris = [...texts.keys()];
  let fresh = 0;
  const check = async (uri: string, diagnostics: Diagnostic[]) => {
    report.checks++;
    if (diagnostics.length > 0) report.checksWithFindings++;
    const text = texts.get(uri)!;
    const freshUri = `file:///fuzz/fresh_${fresh++}.py`;
    const expected = await client.open(freshUri, text);
    await client.close(freshUri);
    if (short(expected).join() !== short(diagnostics).join()) report.mismatches.push(`${uri} after ${report.edits} edits: incremental ${short(diagnostics).join(' ')} != fresh ${short(expected).join(' ')}`);
  };
  const last = new Map<string, Diagnostic[]>();
  for (let edit = 0; edit < options.edits; edit++) {
    if (edit > 0 && edit % options.resetEvery === 0) {
      for (const uri of uris) {
        texts.set(uri, originals.get(uri)!);
        last.set(uri, await client.change(uri, [{ text: originals.get(uri)! }]));
      }
    }
    const uri = uris[next(uris.length)]!;
    const text = texts.get(uri)!;
    const start = safeOffset(text, next(text.length + 1));
    const kind = next(3);
    const length = kind === 0 ? 0 : Math.min(next(12), text.length - start);
    const end = safeOffset(text, start + length) < start ? start : safeOffset(text, start + length);
    const insert = kind === 1 ? '' : PIECES[next(PIECES.length)]!;
    const range = { start: positionOf(text, start), end: positionOf(text, end) };
    const updated = text.slice(0, start) + insert + text.slice(end);
    texts.set(uri, updated);
    const began = performance.now();
    const diagnostics = await client.change(uri, [{ range, text: insert }]);
    const latency = performance.now() - began;
    latencies.push(latency);
    if (latency > options.slowMs) report.slow++;
    report.maxLatencyMs = Math.max(report.maxLatencyMs, latency);
    report.edits++;
    last.set(uri, diagnostics);
    const documentLines = lines(updated);
    for (const item of diagnostics) {
      for (const position of [item.range.start, item.range.end]) {
        if (position.line >= documentLines.length || position.character > documentLines[position.line]!.length) {
          report.outOfRange.push(`${uri} after ${report.edits} edits: ${item.code} at ${position.line}:${position.character}`);
        }
      }
    }
    if ((edit + 1) % options.checkEvery === 0) await check(uri, diagnostics);
  }
  for (const uri of uris) await check(uri, last.get(uri) ?? (await client.change(uri, [])));
  latencies.sort((a, b) => a - b);
  report.medianLatencyMs = latencies[Math.floor(latencies.length / 2)] ?? 0;
  report.serverExited = exited;
  return report;
}

export const FIXTURES = ['examples/bad_taskflow.py', 'examples/requirements_file_dag.py', 'test/fixtures/dags/10_requirement_conflicts.py', 'test/fixtures/dags/16_crlf_unicode.py'].map((file) => join(import.meta.dirname, '..', '..', file));
