// `npm run fuzz [-- EDITS [SEED]]`: the long fuzz run; writes test/fuzz/RESULTS.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../support/lspClient.js';
import { FIXTURES, fuzz } from './fuzz.js';

const edits = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const client = new LspClient();
const started = Date.now();
const report = await fuzz({ seed, edits, files: FIXTURES, checkEvery: 10, resetEvery: 30, slowMs: 1000 }, client);
const seconds = (Date.now() - started) / 1000;
client.kill();
const ok = report.mismatches.length === 0 && report.outOfRange.length === 0 && report.slow === 0 && !report.serverExited;
const lines = [
  '# Fuzz results',
  '',
  `Run on ${new Date().toISOString().slice(0, 10)} with \`npm run fuzz -- ${edits} ${seed}\` (Node ${process.version}), against the built server over stdio.`,
  '',
  '| figure | value |',
  '|---|---|',
  `| edits | ${report.edits} |`,
  `| files | ${FIXTURES.length} (${FIXTURES.map((file) => file.split('/').pop()).join(', ')}) |`,
  `| comparisons with a fresh parse | ${report.checks} (${report.checksWithFindings} with findings) |`,
  `| mismatches | ${report.mismatches.length} |`,
  `| ranges outside the document | ${report.outOfRange.length} |`,
  `| server exits (crashes) | ${report.serverExited ? 1 : 0} |`,
  `| changes slower than 1 s | ${report.slow} |`,
  `| median / max change -> diagnostics | ${report.medianLatencyMs.toFixed(2)} ms / ${report.maxLatencyMs.toFixed(1)} ms |`,
  `| wall time | ${seconds.toFixed(0)} s |`,
  '',
  ok ? 'Result: **pass**.' : `Result: **fail**.\n\n${[...report.mismatches, ...report.outOfRange].slice(0, 20).map((line) => `- ${line}`).join('\n')}`,
  '',
];
writeFileSync(join(import.meta.dirname, 'RESULTS.md'), lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = ok ? 0 : 1;
