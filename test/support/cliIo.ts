/** Runs the CLI in-process with captured output; files are read from disk (or from `files`). */
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/** A temporary folder with `files` (relative path → text), removed when the test ends if `t` is given. */
export function tempFolder(files: Record<string, string>, t?: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-test-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  t?.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The CLI in `cwd` with plain reads (no size limit) and optional standard input. */
export async function runIn(argv: string[], cwd: string, stdin?: string): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: (p) => fs.promises.readFile(path.resolve(cwd, p), 'utf8'),
    cwd,
    ...(stdin !== undefined ? { readStdin: async () => stdin } : {}),
  });
  return { code, stdout, stderr };
}
