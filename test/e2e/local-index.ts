/**
 * The package index Build Task Environment uses in the e2e run: the test's own distributions
 * (test/support/wheelhouse.ts) served on 127.0.0.1, with `held-dist`'s page never answered (a
 * build waiting on it is cancelled from the notification). Started by run.mjs with
 * `node --import tsx`; prints `{"url": ...}` on one line, serves until SIGTERM or stdin closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWheelhouse, startFileIndex } from '../support/wheelhouse.js';

const HELD = 'held-dist';

const folder = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-e2e-index-'));
buildWheelhouse(folder);
const index = await startFileIndex(folder, { hold: [HELD] });
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await index.close();
  rmSync(folder, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
process.stdout.write(`${JSON.stringify({ url: index.url })}\n`);
