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

/** Median wall time of `repeat` runs, in milliseconds. */
export function timeMedian(run: () => void, repeat: number): number {
  const samples: number[] = [];
  for (let index = 0; index < repeat; index++) {
    const started = performance.now();
    run();
    samples.push(performance.now() - started);
  }
  return median(samples);
}
