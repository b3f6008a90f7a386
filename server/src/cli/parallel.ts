/**
 * A CLI run over many DAG files uses the machine's cores: the files are dealt out to worker threads
 * (and this thread), each with its own parser and workspace index, and their outcomes (findings and
 * models, as plain data) come back in file order, so the output is the same as a run on one thread.
 * Only runs that neither write files, probe interpreters nor reach the network are shared out.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { revived, type LintConfig } from '../analysis/index.js';
import type { FileOutcome } from './fix.js';
import type { CliOptions } from './options.js';

export interface LintJob {
  file: string;
  config: LintConfig;
}

/** What a worker sends back: its files' outcomes, in the order it was given them, and what it could not pin. */
export interface WorkerResult {
  outcomes: FileOutcome[];
  pinProblems: string[];
}

/** What a worker is started with. */
export interface WorkerInput {
  options: CliOptions;
  jobs: LintJob[];
}

/** Below this many files a worker's start (a thread, its parser) costs more than it saves. */
const MIN_FILES = 64;
const MAX_THREADS = 4;
/** A worker runs the CLI's own bundle (cli/main.ts starts worker.ts off the main thread); absent when the CLI runs from source. */
const WORKER = new URL('./cli.mjs', import.meta.url);

/** How many worker threads the run may use besides this one (0: lint here, one file after another). */
export function workerCount(options: CliOptions, jobs: readonly LintJob[]): number {
  if (options.fix || options.verify || options.online || options.threads === 1 || jobs.length < 2) return 0;
  // An index URL may send pin look-ups to the network: one thread, one cache.
  if (jobs.some((job) => job.config.indexUrl !== undefined)) return 0;
  if (WORKER.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER))) return 0;
  // `--threads N` as asked (one file a thread at least); by default only for many files.
  if (options.threads !== undefined) return Math.min(options.threads, jobs.length) - 1;
  if (jobs.length < MIN_FILES) return 0;
  return Math.min(availableParallelism(), MAX_THREADS, Math.floor(jobs.length / (MIN_FILES / 2))) - 1;
}

/**
 * Deals the jobs out round-robin to `workers` threads and this one (`lintHere`); the outcomes in job
 * order. A worker that fails (it should not) has its files linted here instead.
 */
export async function lintInWorkers(jobs: readonly LintJob[], options: CliOptions, workers: number, lintHere: (job: LintJob) => Promise<FileOutcome>): Promise<WorkerResult> {
  const parts = workers + 1;
  const shares = Array.from({ length: parts }, (_, part) => jobs.flatMap((job, index) => (index % parts === part ? [job] : [])));
  const started = shares.slice(1).map((share) => startWorker({ options, jobs: share }).catch(() => undefined));
  const here: FileOutcome[] = [];
  for (const job of shares[0]!) here.push(await lintHere(job));
  const results = [here];
  const pinProblems: string[] = [];
  for (const [index, pending] of started.entries()) {
    const result = await pending;
    if (result) {
      results.push(result.outcomes);
      pinProblems.push(...result.pinProblems);
    } else {
      const again: FileOutcome[] = [];
      for (const job of shares[index + 1]!) again.push(await lintHere(job));
      results.push(again);
    }
  }
  return { outcomes: jobs.map((_, index) => results[index % parts]![Math.floor(index / parts)]!), pinProblems };
}

function startWorker(input: WorkerInput): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: input });
    worker.once('message', (message: WorkerResult | { error: string }) => {
      if ('outcomes' in message) resolve({ outcomes: revived(message.outcomes), pinProblems: message.pinProblems });
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}
