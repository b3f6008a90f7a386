/**
 * The order of dotted release numbers (`2.7.3` < `2.10.0`, `3.0` < `3.0.1`): the runtime release
 * table (airflow-release-table.ts) and its generator (server/scripts/airflow-table.ts) both sort by
 * it. Kept apart from the table so that the generator can use it without loading the JSON it writes.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let index = 0; index < Math.max(pa.length, pb.length); index++) {
    const difference = (pa[index] ?? -1) - (pb[index] ?? -1);
    if (difference) return difference;
  }
  return 0;
}
