/**
 * What one bench run measured, the issue's budgets checked against it, and the
 * RESULTS.md that shows both. Every budget is judged on figures of the same run.
 */
import type { SettledMemory } from './memory.js';
import type { RichCliResult, RichEditResult } from './rich.js';

export interface SizeResult {
  lines: number;
  /** `module`: tasks at module level (the issue's DAGs, which the budgets are for); `taskflow`: every task inside one `@dag` function. */
  style: 'module' | 'taskflow';
  /** Median of one full parse after each server edit. */
  fullParseMs: number;
  incrementalParseMs: number;
  lintFullMs: number;
  /** Spawn -> initialize -> didOpen -> first publishDiagnostics, one sample. */
  firstDiagnosticsMs: number;
  edits: number;
  serverEditP50Ms: number;
  serverEditP95Ms: number;
}

export interface MemoryResult {
  /** Node options the server ran under (none: as shipped). */
  nodeArguments: string[];
  /** After initialize, nothing open. */
  bare: SettledMemory;
  documents: number;
  linesPerDocument: number;
  /** With every document open and analysed. */
  open: SettledMemory;
}

export interface LeakResult {
  lines: number;
  warmUpEdits: number;
  edits: number;
  /** Settled memory after warm-up (afterEdits 0), then at regular steps to the last edit. */
  samples: { afterEdits: number; memory: SettledMemory }[];
}

export interface ServerTimes {
  /** Spawn -> initialize -> didOpen -> first publishDiagnostics, one sample. */
  firstDiagnosticsMs: number;
  editP50Ms: number;
  editP95Ms: number;
}

/** Pyright and our server on the same file, their edits taking turns (so that load hits both alike). */
export interface PeerRun {
  lines: number;
  /** `rich`: a findings-rich DAG, ours with its folder open (issue 20); `clean`: the almost clean DAG. */
  series: 'rich' | 'clean';
  edits: number;
  pyright: ServerTimes & { rssMb: number | undefined; timeouts: number; timeoutMs: number };
  ours: ServerTimes;
}

export interface CliRun {
  files: number;
  /** The fastest of `repeats` runs (rounds over all sizes). */
  seconds: number;
  repeats: number;
  filesPerSecond: number;
}

export interface Results {
  date: string;
  quick: boolean;
  machine: string;
  versions: { node: string; webTreeSitter: string; pyright: string | undefined; commit: string };
  /** Untimed edits each server gets before the timed ones. */
  warmUpEdits: number;
  sizes: SizeResult[];
  /** Issue 20: findings-rich DAGs, folder open, typed at the first task and on the last line. */
  rich: RichEditResult[];
  nonAirflowMs: number;
  /** With the server's code cache, as every start after the first. */
  coldStartMs: number;
  /** Without it: the first start after an install or update. */
  firstStartMs?: number;
  /** How many cold starts `coldStartMs` (and `firstStartMs`) is the median of. */
  coldStarts?: number;
  memory: MemoryResult;
  /** The same, with the server under other Node options: what a launcher change would buy (not a budget). */
  memoryVariants: MemoryResult[];
  /** Issue 20: findings-rich DAGs open, their folder the workspace. */
  richMemory: MemoryResult;
  leak: LeakResult;
  pyright: { runs: PeerRun[] } | { unavailable: string };
  cli: CliRun[];
  richCli: RichCliResult;
}

export interface Budget {
  figure: string;
  measured: string;
  budget: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
}

/** The issue's absolute aims for the edit p50, by document size. */
const EDIT_AIM_MS: Record<number, number> = { 1000: 5, 10000: 30 };
const MAX_RSS_MB = 80;
/** Below this, RSS growth over the leak check counts as "no growth". */
const MAX_GROWTH_MB = 5;
const MIN_PEER_RATIO = 50;
/** CLI scaling is linear when the cost of each extra file does not rise by more than this from the smaller runs to the larger. */
const MAX_MARGINAL_RISE = 1.25;
/** Issue 20's budgets for the findings-rich series. */
const RICH = { editRatio: 0.5, peerRatio: 50, filesPerSecond: 1000, bigSeconds: 0.5, bigRssMb: 150, jsonRise: 1.25, serverRssMb: 150 };

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(0));
const mb = (value: number) => value.toFixed(1);
const lines = (count: number) => `${count / 1000}k lines`;

/**
 * Growth over the leak check: the least-squares line through every sample, read
 * at the last edit minus at the first. Settled RSS still moves by a few MB from one
 * sample to the next (allocator and young-generation pages); the fitted line does
 * not follow one low or high sample. Heap in use by the same line, and the spread
 * of the RSS samples for scale.
 */
export function growth(leak: LeakResult): { mb: number; percent: number; heapMb: number; spreadMb: number } {
  const rss = leak.samples.map((sample) => sample.memory.rssMb);
  const first = leak.samples[0]!.afterEdits;
  const last = leak.samples[leak.samples.length - 1]!.afterEdits;
  const rise = (values: number[]) => slope(leak.samples.map((sample) => sample.afterEdits), values) * (last - first);
  const mb = rise(rss);
  return {
    mb,
    percent: (mb / rss[0]!) * 100,
    heapMb: rise(leak.samples.map((sample) => sample.memory.heapUsedMb)),
    spreadMb: Math.max(...rss) - Math.min(...rss),
  };
}

function slope(xs: number[], ys: number[]): number {
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  xs.forEach((x, index) => {
    covariance += (x - meanX) * (ys[index]! - meanY);
    variance += (x - meanX) ** 2;
  });
  return variance === 0 ? 0 : covariance / variance;
}

/** Milliseconds per extra file between consecutive CLI runs. */
export function marginalCosts(cli: CliRun[]): { from: number; to: number; msPerFile: number }[] {
  return cli.slice(1).map((run, index) => {
    const previous = cli[index]!;
    return { from: previous.files, to: run.files, msPerFile: ((run.seconds - previous.seconds) * 1000) / (run.files - previous.files) };
  });
}

/** Issue 20: every budget on the findings-rich series, figures of this run. */
export function richBudgets(results: Results): Budget[] {
  const rows: Budget[] = [];
  for (const edit of results.rich) {
    const ratio = edit.editP50Ms / edit.fullParseMs;
    rows.push({ figure: `edit p50 at ${lines(edit.lines)}, ${edit.at === 'first' ? 'first task' : 'last line'}, ${edit.mode === 'pull' ? 'pull (VS Code)' : 'push (Neovim)'}, × full parse`, measured: `${ratio.toFixed(2)}× (${ms(edit.editP50Ms)} / ${ms(edit.fullParseMs)} ms; ${edit.findings} findings)`, budget: `≤ ${RICH.editRatio}×`, met: ratio <= RICH.editRatio });
  }
  const peer = 'runs' in results.pyright ? results.pyright.runs.find((run) => run.series === 'rich') : undefined;
  if (peer) {
    const ratio = peer.pyright.editP50Ms / peer.ours.editP50Ms;
    rows.push({ figure: `pyright / ours, edit p50 at ${lines(peer.lines)}`, measured: `${ratio.toFixed(1)}× (${ms(peer.pyright.editP50Ms)} / ${ms(peer.ours.editP50Ms)} ms)`, budget: `≥ ${RICH.peerRatio}×`, met: ratio >= RICH.peerRatio });
  } else {
    rows.push({ figure: 'pyright / ours, edit p50 at 1k lines', measured: 'unavailable' in results.pyright ? results.pyright.unavailable : 'not run', budget: `≥ ${RICH.peerRatio}×`, met: undefined });
  }
  const cli = results.richCli;
  rows.push({ figure: `CLI on ${cli.files} DAG files (${cli.linesPerFile} lines each)`, measured: `${cli.filesPerSecond.toFixed(0)} files/s (${cli.seconds.toFixed(2)} s, peak RSS ${mb(cli.peakRssMb)} MB)`, budget: `≥ ${RICH.filesPerSecond} files/s`, met: cli.filesPerSecond >= RICH.filesPerSecond });
  rows.push({ figure: `CLI on one ${lines(cli.big.lines)} file, time`, measured: `${cli.big.seconds.toFixed(2)} s`, budget: `≤ ${RICH.bigSeconds} s`, met: cli.big.seconds <= RICH.bigSeconds });
  rows.push({ figure: `CLI on one ${lines(cli.big.lines)} file, peak RSS`, measured: `${mb(cli.big.peakRssMb)} MB`, budget: `≤ ${RICH.bigRssMb} MB`, met: cli.big.peakRssMb <= RICH.bigRssMb });
  const [small, large] = cli.json;
  if (small && large) {
    const perFinding = (run: typeof small) => run.bytes / Math.max(run.findings, 1);
    const rise = perFinding(large) / perFinding(small);
    rows.push({ figure: `JSON output, bytes per finding ${lines(small.lines)} -> ${lines(large.lines)}`, measured: `${perFinding(small).toFixed(0)} -> ${perFinding(large).toFixed(0)} (${(rise).toFixed(2)}×; ${(large.bytes / 1024).toFixed(0)} KB for ${large.findings} findings)`, budget: `linear (rise ≤ ${RICH.jsonRise}×)`, met: rise <= RICH.jsonRise });
  }
  const memory = results.richMemory;
  rows.push({ figure: `server RSS with ${memory.documents} open findings-rich DAGs`, measured: `${mb(memory.open.rssMb)} MB (bare server ${mb(memory.bare.rssMb)} MB)`, budget: `≤ ${RICH.serverRssMb} MB`, met: memory.open.rssMb <= RICH.serverRssMb });
  return rows;
}

export function budgets(results: Results): Budget[] {
  const rows: Budget[] = [];
  for (const size of results.sizes.filter((item) => item.style !== 'taskflow')) {
    const ratio = size.serverEditP50Ms / size.fullParseMs;
    rows.push({ figure: `edit p50 at ${lines(size.lines)}, × full parse`, measured: `${ratio.toFixed(2)}× (${ms(size.serverEditP50Ms)} / ${ms(size.fullParseMs)} ms)`, budget: '≤ 0.5×', met: ratio <= 0.5 });
    const aim = EDIT_AIM_MS[size.lines];
    if (aim !== undefined) rows.push({ figure: `edit p50 at ${lines(size.lines)} (aim)`, measured: `${ms(size.serverEditP50Ms)} ms`, budget: `≤ ${aim} ms`, met: size.serverEditP50Ms <= aim });
  }
  rows.push({ figure: 'cold start to first diagnostics', measured: `${ms(results.coldStartMs)} ms`, budget: '≤ 300 ms', met: results.coldStartMs <= 300 });
  if (results.firstStartMs !== undefined) rows.push({ figure: 'cold start, first after an install (no code cache)', measured: `${ms(results.firstStartMs)} ms`, budget: '≤ 300 ms', met: results.firstStartMs <= 300 });
  rows.push({ figure: 'non-Airflow file, analysis', measured: `${(results.nonAirflowMs * 1000).toFixed(1)} µs`, budget: '≤ 0.1 ms', met: results.nonAirflowMs <= 0.1 });
  const { memory } = results;
  rows.push({ figure: `RSS with ${memory.documents} open DAGs`, measured: `${mb(memory.open.rssMb)} MB (bare server ${mb(memory.bare.rssMb)} MB)`, budget: `≤ ${MAX_RSS_MB} MB`, met: memory.open.rssMb <= MAX_RSS_MB });
  const leaked = growth(results.leak);
  rows.push({ figure: `RSS growth over ${results.leak.edits.toLocaleString('en')} edits (fitted)`, measured: `${leaked.mb >= 0 ? '+' : ''}${mb(leaked.mb)} MB (${leaked.percent.toFixed(1)}%; samples spread over ${mb(leaked.spreadMb)} MB)`, budget: `no growth (< ${MAX_GROWTH_MB} MB)`, met: leaked.mb < MAX_GROWTH_MB });
  if ('runs' in results.pyright) {
    for (const { lines: size, pyright, ours } of results.pyright.runs.filter((run) => run.series === 'clean')) {
      const editRatio = pyright.editP50Ms / ours.editP50Ms;
      const firstRatio = pyright.firstDiagnosticsMs / ours.firstDiagnosticsMs;
      rows.push({ figure: `pyright / ours, edit p50 at ${lines(size)}`, measured: `${editRatio.toFixed(1)}× (${ms(pyright.editP50Ms)} / ${ms(ours.editP50Ms)} ms)`, budget: `≥ ${MIN_PEER_RATIO}×`, met: editRatio >= MIN_PEER_RATIO });
      rows.push({ figure: `pyright / ours, first diagnostics at ${lines(size)}`, measured: `${firstRatio.toFixed(1)}× (${ms(pyright.firstDiagnosticsMs)} / ${ms(ours.firstDiagnosticsMs)} ms)`, budget: `≥ ${MIN_PEER_RATIO}×`, met: firstRatio >= MIN_PEER_RATIO });
    }
  } else {
    rows.push({ figure: 'pyright / ours', measured: results.pyright.unavailable, budget: `≥ ${MIN_PEER_RATIO}×`, met: undefined });
  }
  const marginal = marginalCosts(results.cli);
  const first = marginal[0];
  const last = marginal[marginal.length - 1];
  if (first && last && first !== last) {
    rows.push({
      figure: `CLI ${results.cli[0]!.files} -> ${results.cli[results.cli.length - 1]!.files} files, ms per extra file`,
      measured: marginal.map((step) => `${step.from}->${step.to}: ${step.msPerFile.toFixed(2)}`).join(', '),
      budget: `linear (rise ≤ ${MAX_MARGINAL_RISE}×)`,
      met: last.msPerFile <= first.msPerFile * MAX_MARGINAL_RISE,
    });
  }
  return rows;
}

const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : 'NOT MET');

function memoryRow(label: string, memory: SettledMemory): string {
  return `| ${label} | ${mb(memory.rssMb)} | ${memory.rssAnonymousMb === undefined ? '-' : mb(memory.rssAnonymousMb)} | ${mb(memory.heapUsedMb)} / ${mb(memory.heapTotalMb)} | ${mb(memory.externalMb)} |`;
}

export function renderMarkdown(results: Results, rows: Budget[], richRows: Budget[]): string {
  const { versions, memory, leak } = results;
  const leaked = growth(leak);
  const peer = 'runs' in results.pyright ? results.pyright.runs : [];
  return [
    '# Benchmarks',
    '',
    `Measured ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${results.machine} with \`npm run bench${results.quick ? ' -- --quick' : ''}\`, commit ${versions.commit}: Node ${versions.node}, web-tree-sitter ${versions.webTreeSitter}, ${versions.pyright ? `pyright ${versions.pyright}` : 'pyright not run'}. Every ratio compares figures of this one run (the machine is shared and noisy; absolute times drift). Medians are upper medians.`,
    ...(results.quick ? ['', `Quick mode: ${results.sizes.map((size) => `${size.edits} edits at ${lines(size.lines)}`).join(', ')}; leak check over ${leak.edits.toLocaleString('en')} edits instead of 10,000; ${peer.length > 0 ? `pyright at ${peer.map((run) => lines(run.lines)).join(', ')} only` : 'no pyright'}.`] : []),
    '',
    '## Budgets on findings-rich DAGs, workspace folder open (issue 20)',
    '',
    `Generated DAGs with the findings real DAGs have (copied requirement lists, unpinned and missing requirements, module-level names: \`generateRichDag\`), written to a temporary folder that the server opens as its workspace, so that VENV211/VENV212 run on every edit. Edits type a character and delete it again, at the first task (every later task moves) or on the last line; each is followed by one full parse of the same text in the bench process.`,
    '',
    '| figure | measured | budget | |',
    '|---|---|---|---|',
    ...richRows.map((row) => `| ${row.figure} | ${row.measured} | ${row.budget} | ${verdict(row.met)} |`),
    '',
    '| lines | typed at | diagnostics | bytes per edit | findings | full parse ms | first diagnostics ms | edit p50 ms (× parse) | edit p95 ms | edits |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.rich.map((edit) => `| ${edit.lines} | ${edit.at === 'first' ? 'first task' : 'last line'} | ${edit.mode} | ${Math.round(edit.bytesPerEdit ?? 0)} | ${edit.findings} | ${ms(edit.fullParseMs)} | ${ms(edit.firstDiagnosticsMs)} | ${ms(edit.editP50Ms)} (${(edit.editP50Ms / edit.fullParseMs).toFixed(2)}×) | ${ms(edit.editP95Ms)} | ${edit.edits} |`),
    '',
    `CLI: ${results.richCli.files} findings-rich DAG files of ${results.richCli.linesPerFile} lines in ${results.richCli.seconds.toFixed(2)} s (peak RSS ${mb(results.richCli.peakRssMb)} MB); one ${results.richCli.big.lines}-line file in ${results.richCli.big.seconds.toFixed(2)} s (peak RSS ${mb(results.richCli.big.peakRssMb)} MB); fastest of ${results.richCli.repeats}, Node's start-up included. \`--format json\`: ${results.richCli.json.map((run) => `${run.lines} lines, ${run.findings} findings, ${(run.bytes / 1024).toFixed(0)} KB`).join('; ')}.`,
    '',
    '## Budgets on the almost clean DAGs, no folder open (issue 9)',
    '',
    '| figure | measured | budget | |',
    '|---|---|---|---|',
    ...rows.map((row) => `| ${row.figure} | ${row.measured} | ${row.budget} | ${verdict(row.met)} |`),
    '',
    '## Parse, lint and edit latency',
    '',
    `Full and incremental parse: web-tree-sitter in the bench process (one full parse after each server edit, so that both sides of the ratio see the same load). Lint from scratch: \`lintText\` in the bench process. First diagnostics and edits: the built server over stdio, \`didChange\` -> \`publishDiagnostics\` for that version (or, when the server sends none because no diagnostic moved, its answer to the next request: the client holds the right diagnostics then), typing one character and deleting it again, in turns, after ${results.warmUpEdits} untimed warm-up edits. "TaskFlow": the same size with every task a \`@task.virtualenv\` function inside one \`@dag\` function (every edit is inside it); not a budget row.`,
    '',
    '| lines | full parse ms | incremental parse ms | lint from scratch ms (× parse) | first diagnostics ms | edit p50 ms (× parse) | edit p95 ms | edits |',
    '|---|---|---|---|---|---|---|---|',
    ...results.sizes.map((size) => `| ${size.lines}${size.style === 'taskflow' ? ' TaskFlow' : ''} | ${ms(size.fullParseMs)} | ${ms(size.incrementalParseMs)} | ${ms(size.lintFullMs)} (${(size.lintFullMs / size.fullParseMs).toFixed(1)}×) | ${ms(size.firstDiagnosticsMs)} | ${ms(size.serverEditP50Ms)} (${(size.serverEditP50Ms / size.fullParseMs).toFixed(2)}×) | ${ms(size.serverEditP95Ms)} | ${size.edits} |`),
    '',
    `- Non-Airflow Python file: ${(results.nonAirflowMs * 1000).toFixed(1)} µs of analysis (substring scan, no parse).`,
    `- Cold start (spawn, initialize, open a 200-line DAG, first diagnostics): ${ms(results.coldStartMs)} ms with the server's code cache, as every start after the first${results.firstStartMs === undefined ? '' : `; ${ms(results.firstStartMs)} ms without it, as the first after an install or update`} (median of ${results.coldStarts ?? 1} each).`,
    '',
    '## Memory',
    '',
    `The server process after forced full collections (\`settle.mjs\`): VmRSS and RssAnon from /proc/<pid>/status; heap and external from \`process.memoryUsage()\` (external is mostly web-tree-sitter's wasm linear memory).`,
    '',
    '| server | RSS MB | RssAnon MB | heap used / total MB | external MB |',
    '|---|---|---|---|---|',
    memoryRow('after initialize', memory.bare),
    memoryRow(`${memory.documents} open DAGs × ${memory.linesPerDocument} lines`, memory.open),
    ...results.memoryVariants.flatMap((variant) => [
      memoryRow(`after initialize, \`${variant.nodeArguments.join(' ')}\``, variant.bare),
      memoryRow(`${variant.documents} open DAGs, \`${variant.nodeArguments.join(' ')}\``, variant.open),
    ]),
    memoryRow(`after initialize, findings-rich folder open`, results.richMemory.bare),
    memoryRow(`${results.richMemory.documents} open findings-rich DAGs × ${results.richMemory.linesPerDocument} lines, folder open`, results.richMemory.open),
    '',
    `Per open document: ${(((memory.open.rssMb - memory.bare.rssMb) * 1024) / memory.documents).toFixed(0)} KB of RSS, ${(((memory.open.externalMb - memory.bare.externalMb) * 1024) / memory.documents).toFixed(0)} KB of it wasm memory.`,
    '',
    `### Leak check: ${leak.edits.toLocaleString('en')} single-character edits on a ${leak.lines / 1000}k-line DAG`,
    '',
    `After ${leak.warmUpEdits} warm-up edits, settled RSS went from ${mb(leak.samples[0]!.memory.rssMb)} to ${mb(leak.samples[leak.samples.length - 1]!.memory.rssMb)} MB, samples spread over ${mb(leaked.spreadMb)} MB; the line fitted through them rises by ${mb(leaked.mb)} MB (${leaked.percent.toFixed(1)}%), heap in use by ${mb(leaked.heapMb)} MB. External (wasm) memory would have to grow if replaced trees were not deleted.`,
    '',
    '| after edits | RSS MB | heap used / total MB | external MB |',
    '|---|---|---|---|',
    ...leak.samples.map((sample) => `| ${sample.afterEdits} | ${mb(sample.memory.rssMb)} | ${mb(sample.memory.heapUsedMb)} / ${mb(sample.memory.heapTotalMb)} | ${mb(sample.memory.externalMb)} |`),
    '',
    '## Peer: pyright',
    '',
    ...('unavailable' in results.pyright
      ? [`Not measured: ${results.pyright.unavailable}.`]
      : [
        `\`pyright-langserver --stdio\` on a temporary workspace folder holding only the DAG file, default settings. Both servers start one after the other, then, after ${results.warmUpEdits} untimed warm-up edits each, their edits take turns (pyright, ours, pyright, ...), each waiting for the diagnostics of its version, so that load from other processes hits both alike; ours are measured again here for that reason.`,
        '',
        '| lines | DAG | first diagnostics ms, pyright / ours (×) | edit p50 ms, pyright / ours (×) | edit p95 ms, pyright / ours | edits | pyright timeouts | pyright RSS MB |',
        '|---|---|---|---|---|---|---|---|',
        ...peer.map(({ lines: size, series, edits, pyright, ours }) =>
          `| ${size} | ${series === 'rich' ? 'findings-rich, folder open' : 'almost clean'} | ${ms(pyright.firstDiagnosticsMs)} / ${ms(ours.firstDiagnosticsMs)} (${(pyright.firstDiagnosticsMs / ours.firstDiagnosticsMs).toFixed(1)}×) | ${ms(pyright.editP50Ms)} / ${ms(ours.editP50Ms)} (${(pyright.editP50Ms / ours.editP50Ms).toFixed(1)}×) | ${ms(pyright.editP95Ms)} / ${ms(ours.editP95Ms)} | ${edits} | ${pyright.timeouts} (> ${pyright.timeoutMs / 1000} s) | ${pyright.rssMb === undefined ? '-' : mb(pyright.rssMb)} |`),
      ]),
    '',
    '## CLI',
    '',
    `| files | seconds (fastest of ${results.cli[0]?.repeats ?? 0}) | files/s |`,
    '|---|---|---|',
    ...results.cli.map((run) => `| ${run.files} | ${run.seconds.toFixed(2)} | ${run.filesPerSecond.toFixed(0)} |`),
    '',
    `Cost of each extra file: ${marginalCosts(results.cli).map((step) => `${step.from} -> ${step.to} files: ${step.msPerFile.toFixed(2)} ms`).join('; ')}.`,
    '',
  ].join('\n');
}
