/**
 * A CLI run over many DAG files uses the machine's cores: worker threads (and this thread), each with
 * its own parser and workspace index, take the files one at a time from a shared counter, so a thread
 * that starts late (a worker loads the bundle and the grammar first) or runs slower on a busy machine
 * takes fewer. Their outcomes (findings and models, as plain data) come back by file index, so the
 * output is the same as a run on one thread. Only runs that neither write files, probe interpreters
 * nor reach the network are shared out.
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

/** What a worker sends back: the outcomes of the files it took, with their indices in the job list. */
export interface WorkerResult {
  taken: number[];
  outcomes: FileOutcome[];
}

/** What a worker is started with: every job, and the counter of the next one to take (an Int32Array's first element). */
export interface WorkerInput {
  options: CliOptions;
  jobs: readonly LintJob[];
  next: SharedArrayBuffer;
}

/** The index of the next job no thread has taken yet (past the end: none left). */
export function takeJob(next: SharedArrayBuffer): number {
  return Atomics.add(new Int32Array(next), 0, 1);
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
 * Lints the jobs on `workers` threads and this one (`lintHere`); the outcomes in job order. The jobs
 * a failed worker (it should not fail) took, or may have, are linted here afterwards.
 */
export async function lintInWorkers(jobs: readonly LintJob[], options: CliOptions, workers: number, lintHere: (job: LintJob) => Promise<FileOutcome>): Promise<FileOutcome[]> {
  const next = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const started = Array.from({ length: workers }, () => startWorker({ options, jobs, next }).catch(() => undefined));
  const outcomes: (FileOutcome | undefined)[] = new Array(jobs.length);
  for (let index = takeJob(next); index < jobs.length; index = takeJob(next)) outcomes[index] = await lintHere(jobs[index]!);
  for (const result of await Promise.all(started)) {
    if (result) result.taken.forEach((index, at) => (outcomes[index] = result.outcomes[at]));
  }
  for (const [index, job] of jobs.entries()) outcomes[index] ??= await lintHere(job);
  return outcomes as FileOutcome[];
}

function startWorker(input: WorkerInput): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: input });
    worker.once('message', (message: WorkerResult | { error: string }) => {
      if ('outcomes' in message) resolve({ taken: message.taken, outcomes: revived(message.outcomes) });
      else reject(new Error(message.error));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}
