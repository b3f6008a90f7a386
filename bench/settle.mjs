// Preloaded into the language server by the memory sections of bench/run.ts
// (`node --expose-gc --import bench/settle.mjs server --stdio`); plain JavaScript
// because the server process runs without tsx. On SIGUSR2: full garbage
// collections, then process.memoryUsage() as one stderr line, so that the bench
// reads what the server retains rather than garbage waiting for the next
// collection. The server itself is unchanged.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  globalThis.gc?.();
  process.stderr.write(`bench-memory ${JSON.stringify(process.memoryUsage())}\n`);
});
