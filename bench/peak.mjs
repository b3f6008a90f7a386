// Preloaded into a CLI run by the bench (`--import`): on exit, writes the process's peak RSS
// (getrusage maxrss, KB, worker threads included) to the file named by BENCH_PEAK_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_PEAK_FILE) writeFileSync(process.env.BENCH_PEAK_FILE, String(process.resourceUsage().maxRSS));
});
