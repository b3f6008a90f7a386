/**
 * A worker thread of a CLI run (parallel.ts; cli/main.ts starts it in a thread that is not the main
 * one): lints the files it takes from the shared counter as the main thread would (runContext in
 * check.ts) and posts their outcomes back, once, as plain data.
 */
import { parentPort } from 'node:worker_threads';
import { crossTaskModel, forTransfer } from '../analysis/index.js';
import { lintJob, runContext } from './check.js';
import type { FileOutcome } from './fix.js';
import { takeJob, type WorkerInput, type WorkerResult } from './parallel.js';

async function main(input: WorkerInput): Promise<WorkerResult> {
  const context = await runContext(input.options);
  if ('error' in context) throw new Error(context.error);
  const taken: number[] = [];
  const outcomes: FileOutcome[] = [];
  for (let index = takeJob(input.next); index < input.jobs.length; index = takeJob(input.next)) {
    const outcome = await lintJob(context, input.jobs[index]!);
    taken.push(index);
    // Of the model, only what the rules over the DAG folder read: the rest would cost more to send than to make.
    outcomes.push({ ...outcome, findings: forTransfer(outcome.findings), ...(outcome.model ? { model: crossTaskModel(outcome.model) } : {}) });
  }
  context.workspace.dispose();
  return { taken, outcomes };
}

/** Lints `input` and posts the outcomes (or what went wrong) to the main thread. */
export function runWorker(input: WorkerInput): void {
  main(input).then(
    (result) => parentPort!.postMessage(result),
    (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
}
