/**
 * The disk read-ahead shared by the CLI and the language server: files are visited in order while
 * up to `window` reads are in flight ahead of the visitor. One file after another leaves the CPU
 * idle on I/O; all at once holds every text in memory.
 */
export const READ_AHEAD_WINDOW = 32;

/**
 * Calls `visit(file, read)` for each file in order, `read` being the (already started) result of
 * `read(file)`. A rejected read is the visitor's to handle; it is never an unhandled rejection.
 */
export async function eachReadAhead<T>(
  files: readonly string[],
  read: (file: string) => Promise<T>,
  visit: (file: string, result: Promise<T>) => Promise<void>,
  window = READ_AHEAD_WINDOW,
): Promise<void> {
  const reads: Promise<T>[] = [];
  for (const [i, file] of files.entries()) {
    for (let j = reads.length; j < Math.min(files.length, i + window); j++) {
      const started = read(files[j] as string);
      started.catch(() => undefined); // handled by the visitor when the file's turn comes
      reads.push(started);
    }
    await visit(file, reads[i] as Promise<T>);
    delete reads[i];
  }
}
