/**
 * Entry point of the `airflow-venv-lint` bin: `verify-interpreter`, or the
 * default check of PATHS.
 *
 * Exit codes: 0 no finding at error/warning level, 1 findings, 2 usage or I/O error.
 * The same bundle runs the worker threads of a run over many files (parallel.ts, worker.ts).
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { VERSION } from '../host/version.js';
import { check } from './check.js';
import { USAGE, UsageError, parseOptions } from './options.js';
import { checkEnv } from './check-env.js';
import { verifyInterpreters } from './verify-interpreter.js';
import type { WorkerInput } from './parallel.js';
import { runWorker } from './worker.js';

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'verify-interpreter') return verifyInterpreters(argv.slice(1));
  if (argv[0] === 'check-env') return checkEnv(argv.slice(1));
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`airflow-venv-lint: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  return check(options);
}

if (!isMainThread) runWorker(workerData as WorkerInput);
else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`airflow-venv-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
