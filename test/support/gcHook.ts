/**
 * Preloaded (`node --expose-gc -r`) into a server process started by serverProcess.ts, never shipped: on SIGUSR2
 * full garbage collections (the second one after a turn of the event loop, once the backing stores of the buffers
 * the first one freed are released), then one stderr line `gc <heapUsed> <rss>` for the test.
 */
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  setImmediate(() => {
    gc();
    const m = process.memoryUsage();
    process.stderr.write(`gc ${m.heapUsed} ${m.rss}\n`);
  });
});
