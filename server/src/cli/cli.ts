/** `rollout-lens`: the command-line entry. Thin: parses the command and hands over to cli/*. */
import { readTextFile } from '../fileSystem';
import { maxFileBytesFrom } from '../sizeLimit';
import { promises as fs } from 'node:fs';
import { nodeFileSystem } from '../fileSystem';
import { CliError, EXIT_USAGE } from './io';
import type { CliIo } from './io';
import { runLint } from './lint';
import { runPreview } from './preview';
import { packageInfo } from '../docsUri';
import { nodeIgnoreIo } from '../gitignore';

export const USAGE = `Usage: rollout-lens <command> [options]

Commands:
  lint      Check Kubernetes manifests (files, directories, globs, - for stdin).
  preview   Simulate the rollout of one Deployment or StatefulSet.

rollout-lens <command> --help shows a command's options. rollout-lens --version prints the version.
Exit codes: 0 no errors, 1 error-severity findings, 2 usage or I/O error.
`;

export async function runCli(
  argv: readonly string[],
  io: CliIo & { cwd: string; readStdin?(): Promise<string>; writeFile?(file: string, text: string): Promise<void> },
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await runLint(rest, {
          ...io,
          fs: {
            listYamlFiles: nodeFileSystem.listYamlFiles,
            isDirectory: async (p) => (await fs.stat(p)).isDirectory(),
            exists: nodeIgnoreIo.exists,
          },
          readStdin: io.readStdin ?? readStdin,
          writeFile: io.writeFile ?? ((file, text) => fs.writeFile(file, text, 'utf8')),
        });
      case 'preview':
        return await runPreview([...rest], { ...io, listYamlFiles: nodeFileSystem.listYamlFiles });
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return 0;
      case '--version':
      case '-v':
        io.stdout(`${packageInfo()?.version ?? '0.0.0'}\n`);
        return 0;
      default:
        io.stderr(command ? `rollout-lens: unknown command "${command}"\n${USAGE}` : USAGE);
        return EXIT_USAGE;
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`rollout-lens ${command}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`rollout-lens ${command}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT_USAGE;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const nodeIo: CliIo & { cwd: string } = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p, maxBytes = maxFileBytesFrom(undefined)) => readTextFile(p, maxBytes),
  cwd: process.cwd(),
};
