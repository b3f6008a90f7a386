// `npm run bench [-- --quick]`: analysis speed against raw web-tree-sitter parsing, measured in one
// run (the machine is noisy; ratios hold better than absolute times). Writes bench/results.json
// and bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { lintText } from '../server/src/analysis/lint.js';
import { applyEdit, loadGrammar, parse } from '../server/src/analysis/parse.js';
import { LspClient } from '../test/support/lspClient.js';
import { generateDag } from './generate.js';

const quick = process.argv.includes('--quick');
const EDITS = quick ? 60 : 200;
const grammar = await loadGrammar();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.95)]!;
function time<T>(run: () => T, repeat: number): number {
  const samples: number[] = [];
  for (let index = 0; index < repeat; index++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

interface SizeResult {
  lines: number;
  fullParseMs: number;
  incrementalParseMs: number;
  lintFullMs: number;
  serverEditP50Ms: number;
  serverEditP95Ms: number;
}

const results: { sizes: SizeResult[]; nonAirflowMs: number; coldStartMs: number; cli: { files: number; seconds: number; filesPerSecond: number }[] } = { sizes: [], nonAirflowMs: 0, coldStartMs: 0, cli: [] };

for (const lines of quick ? [1000] : [1000, 10000]) {
  const text = generateDag(lines);
  const fullParseMs = time(() => parse(grammar, text).delete(), 10);
  const at = text.indexOf('python_version="3.11"') + 'python_version="3.1'.length;
  // One character changed inside a task: tree.edit, then a re-parse that reuses the old tree.
  const edited = `${text.slice(0, at)}2${text.slice(at + 1)}`;
  const incrementalParseMs = median(Array.from({ length: 10 }, () => {
    const tree = parse(grammar, text);
    applyEdit(tree, text, edited, { start: at, oldEnd: at + 1, newEnd: at + 1 });
    const started = performance.now();
    const next = parse(grammar, edited, tree);
    const elapsed = performance.now() - started;
    next.delete();
    tree.delete();
    return elapsed;
  }));
  const lintFullMs = time(() => lintText(grammar, text, '/bench/dag.py').tree?.delete(), 5);

  // didChange -> publishDiagnostics through the real server, one character at a time.
  const client = new LspClient();
  await client.initialize();
  const uri = `file:///bench/dag_${lines}.py`;
  await client.open(uri, text);
  const latencies: number[] = [];
  const line = text.slice(0, at).split('\n').length - 1;
  const character = at - (text.lastIndexOf('\n', at - 1) + 1);
  for (let edit = 0; edit < EDITS; edit++) {
    const range = { start: { line, character }, end: { line, character: character + 1 } };
    const started = performance.now();
    await client.change(uri, [{ range, text: String(edit % 10) }]);
    latencies.push(performance.now() - started);
  }
  client.kill();
  results.sizes.push({ lines, fullParseMs, incrementalParseMs, lintFullMs, serverEditP50Ms: median(latencies), serverEditP95Ms: p95(latencies) });
}

// A Python file that never mentions Airflow: a substring scan, no parse.
const plain = 'import os\n'.repeat(1000);
results.nonAirflowMs = time(() => lintText(grammar, plain, '/bench/plain.py'), 50);

// Cold start: spawn, initialize, open a DAG, first diagnostics.
{
  const started = performance.now();
  const client = new LspClient();
  await client.initialize();
  await client.open('file:///bench/cold.py', generateDag(200));
  results.coldStartMs = performance.now() - started;
  client.kill();
}

// CLI throughput on generated folders of DAG files.
for (const files of quick ? [100] : [100, 1000]) {
  const folder = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-bench-'));
  for (let index = 0; index < files; index++) writeFileSync(join(folder, `dag_${index}.py`), generateDag(120, index + 1));
  const started = performance.now();
  try {
    execFileSync(process.execPath, [join(import.meta.dirname, '..', 'server', 'bin', 'airflow-venv-lint.js'), folder], { stdio: 'ignore' });
  } catch {
    // exit 1: findings
  }
  const seconds = (performance.now() - started) / 1000;
  results.cli.push({ files, seconds, filesPerSecond: files / seconds });
  rmSync(folder, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify({ date: new Date().toISOString(), machine, quick, ...results }, null, 2)}\n`);
const rows = results.sizes.map((size) => `| ${size.lines} | ${size.fullParseMs.toFixed(1)} | ${size.incrementalParseMs.toFixed(2)} | ${size.lintFullMs.toFixed(1)} (${(size.lintFullMs / size.fullParseMs).toFixed(1)}×) | ${size.serverEditP50Ms.toFixed(1)} (${(size.serverEditP50Ms / size.fullParseMs).toFixed(2)}×) | ${size.serverEditP95Ms.toFixed(1)} |`);
const markdown = [
  '# Benchmarks',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`npm run bench${quick ? ' -- --quick' : ''}\`. Ratios are against a full web-tree-sitter parse of the same text in the same run.`,
  '',
  '| lines | full parse ms | incremental parse ms | lint from scratch ms (× parse) | server edit p50 ms (× parse) | p95 ms |',
  '|---|---|---|---|---|---|',
  ...rows,
  '',
  `- Non-Airflow Python file: ${(results.nonAirflowMs * 1000).toFixed(1)} µs of analysis (substring scan, no parse).`,
  `- Cold start to first diagnostics: ${results.coldStartMs.toFixed(0)} ms.`,
  ...results.cli.map((run) => `- CLI: ${run.files} files in ${run.seconds.toFixed(2)} s (${run.filesPerSecond.toFixed(0)} files/s).`),
  '',
];
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), markdown.join('\n'));
process.stdout.write(`${markdown.join('\n')}\n`);
