/** What the CLI commands may touch, so tests run them with an in-memory fake. */
export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /**
   * A regular UTF-8 file of at most `maxBytes` (default: the 5 MB limit of rolloutLens.maxFileSize);
   * rejects with a SkippedFile (fileSystem.ts) for anything else.
   */
  readFile(path: string, maxBytes?: number): Promise<string>;
}

/** A usage or I/O problem: printed as one line on stderr, exit code 2. */
export class CliError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
