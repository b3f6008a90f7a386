// `node --import tsx bench/ab.ts OTHER [THIS]`: this build's server against another build's (a
// checkout of an older commit with `node scripts/build.mjs` run in it, for instance one in a git
// worktree), on the same generated DAG, one edit each in turns, so that both see the same load
// of the shared machine. Prints the edit p50 of each and their ratio, for every case below (or
// only those `--case` names, e.g. `--case rich-1000-first-pull`). The way to tell whether a
// change made typing slower, or the clean series got slower than an older run's figures (issue 20).
// `cold-start`: spawn to first diagnostics (cold-start.ts), builds in turns, 25 each, with the
// server's code cache (a build that has one); `cold-start-uncached`: without it.
import { join, resolve } from 'node:path';
import { fileUri, LspClient } from '../test/support/lspClient.js';
import { coldStart, primeCodeCache } from './cold-start.js';
import { editSites, endSite, generateDag, generateRichDag, typingChange } from './generate.js';
import { dagFolder } from './rich.js';
import { median } from './stats.js';

interface Case {
  series: 'rich' | 'clean';
  lines: number;
  at: 'first' | 'end';
  mode: 'pull' | 'push';
  edits: number;
}

const CASES: Case[] = [
  { series: 'rich', lines: 1000, at: 'first', mode: 'pull', edits: 300 },
  { series: 'rich', lines: 1000, at: 'first', mode: 'push', edits: 300 },
  { series: 'rich', lines: 10000, at: 'first', mode: 'pull', edits: 60 },
  { series: 'clean', lines: 1000, at: 'first', mode: 'push', edits: 300 },
  { series: 'clean', lines: 10000, at: 'first', mode: 'push', edits: 60 },
];
const name = (item: Case) => `${item.series}-${item.lines}-${item.at}-${item.mode}`;

/** One server of a build, the DAG open as the bench opens it (the findings-rich series with its folder as the workspace). */
class Side {
  private resultId: string | undefined;
  private readonly client: LspClient;

  constructor(build: string, private readonly item: Case, private readonly uri: string) {
    this.client = new LspClient(join(build, 'server', 'bin', 'airflow-venv-lint-server.js'));
  }

  async open(text: string, folder: string): Promise<void> {
    const capabilities = this.item.mode === 'pull' ? { textDocument: { diagnostic: {} }, workspace: { configuration: true } } : { workspace: { configuration: true } };
    const workspace = this.item.series === 'rich' ? { rootUri: fileUri(folder), workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] } : {};
    await this.client.initialize(capabilities, workspace);
    if (this.item.mode === 'push') {
      await this.client.open(this.uri, text);
      return;
    }
    await this.client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'python', version: 1, text } });
    await this.pull();
  }

  /** One edit, until its diagnostics are in: pulled (VS Code) or pushed (Neovim). */
  async edit(text: string, at: number, edit: number): Promise<number> {
    const started = performance.now();
    const change = typingChange(text, at, edit);
    if (this.item.mode === 'push') await this.client.change(this.uri, [change]);
    else {
      await this.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri, version: edit + 2 }, contentChanges: [change] });
      await this.pull();
    }
    return performance.now() - started;
  }

  private async pull(): Promise<void> {
    const report = (await this.client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: this.uri }, previousResultId: this.resultId })) as { resultId: string };
    this.resultId = report.resultId;
  }

  async shutdown(): Promise<void> {
    await this.client.shutdown();
  }
}

async function compare(builds: [string, string], item: Case): Promise<[number, number]> {
  const text = item.series === 'rich' ? generateRichDag(item.lines) : generateDag(item.lines);
  const at = item.at === 'end' ? endSite(text) : editSites(text)[0]!;
  const folder = dagFolder({ 'dag.py': text });
  const uri = fileUri(join(folder, 'dag.py'));
  const sides = builds.map((build) => new Side(build, item, uri));
  try {
    for (const side of sides) await side.open(text, folder);
    const times: [number[], number[]] = [[], []];
    // 20 untimed edits each first: a fresh server's first edits run on cold code.
    for (let edit = 0; edit < item.edits + 20; edit++) {
      for (const [index, side] of sides.entries()) {
        const elapsed = await side.edit(text, at, edit);
        if (edit >= 20) times[index]!.push(elapsed);
      }
    }
    return [median(times[0]), median(times[1])];
  } finally {
    for (const side of sides) await side.shutdown();
  }
}

const args = process.argv.slice(2);
const wanted = args.flatMap((arg, index) => (args[index - 1] === '--case' ? [arg] : []));
const paths = args.filter((arg, index) => !arg.startsWith('--') && args[index - 1] !== '--case');
if (paths.length < 1) {
  process.stderr.write('usage: node --import tsx bench/ab.ts OTHER-BUILD [THIS-BUILD] [--case NAME ...]\n');
  process.exit(2);
}
const builds: [string, string] = [resolve(paths[0]!), resolve(paths[1] ?? join(import.meta.dirname, '..'))];
process.stdout.write(`A: ${builds[0]}\nB: ${builds[1]}\n`);
const report = (label: string, a: number, b: number) => process.stdout.write(`${label.padEnd(24)} A ${a.toFixed(2).padStart(7)} ms  B ${b.toFixed(2).padStart(7)} ms  B/A ${(b / a).toFixed(2)}\n`);
for (const [label, cached] of [['cold-start', true], ['cold-start-uncached', false]] as const) {
  if (wanted.length > 0 && !wanted.includes(label)) continue;
  const bins = builds.map((build) => join(build, 'server', 'bin', 'airflow-venv-lint-server.js'));
  // A build that has a code cache makes it now, as any start after the first would find it.
  if (cached) for (const bin of bins) await primeCodeCache(bin);
  const times: [number[], number[]] = [[], []];
  for (let round = 0; round < 25; round++) {
    for (const [index, bin] of bins.entries()) times[index]!.push(await coldStart(bin, cached));
  }
  report(label, median(times[0]), median(times[1]));
}
for (const item of CASES.filter((each) => wanted.length === 0 || wanted.includes(name(each)))) {
  const [a, b] = await compare(builds, item);
  report(name(item), a, b);
}
