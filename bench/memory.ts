/**
 * Memory of the real server process: its resident set size (VmRSS in
 * /proc/<pid>/status) after a forced collection, so that the figure is what the
 * server retains, not garbage waiting for the next collection.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { LspClient } from '../test/support/lspClient.js';

const MB = 1024 * 1024;

export interface SettledMemory {
  /** Resident set size (VmRSS): what the budget is about. */
  rssMb: number;
  /** Its anonymous part (RssAnon): the process's own memory, without the node binary's file-backed pages. */
  rssAnonymousMb: number | undefined;
  /** The JavaScript heap V8 holds from the system, and the part of it in use. */
  heapTotalMb: number;
  heapUsedMb: number;
  /** V8's `external`: here mostly web-tree-sitter's wasm linear memory (which grows, never shrinks). */
  externalMb: number;
}

/** Our server, started with `settle.mjs` preloaded so that `settle` can force a collection in it. */
export function startMeasuredServer(nodeArguments: readonly string[] = []): LspClient {
  return new LspClient(undefined, [...nodeArguments, '--expose-gc', '--import', pathToFileURL(join(import.meta.dirname, 'settle.mjs')).href]);
}

/** A field of /proc/<pid>/status in MB (`VmRSS`, `RssAnon`; Linux); undefined elsewhere. */
export function statusMegabytes(pid: number, field: 'VmRSS' | 'RssAnon'): number | undefined {
  const status = `/proc/${pid}/status`;
  if (!existsSync(status)) return undefined;
  const kilobytes = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(readFileSync(status, 'utf8'))?.[1];
  return kilobytes === undefined ? undefined : Number(kilobytes) / 1024;
}

/**
 * Forces two full collections in a server started by `startMeasuredServer`,
 * lets the freed pages go back to the system, then reads its memory.
 */
export async function settle(client: LspClient, timeoutMs = 5000): Promise<SettledMemory> {
  const seen = client.logs.length;
  client.process.kill('SIGUSR2');
  const deadline = performance.now() + timeoutMs;
  let reported: string | undefined;
  while (!(reported = /bench-memory (\{.*\})\n/.exec(client.logs.slice(seen).join(''))?.[1])) {
    if (performance.now() > deadline) throw new Error('the server did not report its memory (was it started by startMeasuredServer?)');
    await sleep(10);
  }
  await sleep(200);
  const usage = JSON.parse(reported) as NodeJS.MemoryUsage;
  return {
    rssMb: statusMegabytes(client.process.pid!, 'VmRSS') ?? usage.rss / MB,
    rssAnonymousMb: statusMegabytes(client.process.pid!, 'RssAnon'),
    heapTotalMb: usage.heapTotal / MB,
    heapUsedMb: usage.heapUsed / MB,
    externalMb: usage.external / MB,
  };
}
