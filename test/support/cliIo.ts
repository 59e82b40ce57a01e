/** Runs the CLI in-process with captured output; files are read from disk (or from `files`). */
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/cli';
import { readTextFile } from '../../server/src/fileSystem';
import { maxFileBytesFrom } from '../../server/src/sizeLimit';

export const REPO = path.resolve(__dirname, '../../..');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(argv: string[], cwd = REPO): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: (p, maxBytes = maxFileBytesFrom(undefined)) => readTextFile(path.resolve(cwd, p), maxBytes),
    cwd,
  });
  return { code, stdout, stderr };
}
