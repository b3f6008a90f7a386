/** Summaries of timing samples, shared by every section of the bench. */

/** The upper median (of an even count, the larger of the two middle samples). */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export function p95(values: readonly number[]): number {
  return percentile(values, 0.95);
}

function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

/** Wall time of one run, in milliseconds. */
export function elapsedMs(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** Median wall time of `repeat` runs, in milliseconds. */
export function timeMedian(run: () => void, repeat: number): number {
  return median(Array.from({ length: repeat }, () => elapsedMs(run)));
}
