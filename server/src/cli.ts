/** `rollout-lens`: the command-line entry. Thin: parses the command and hands over to cli/*. */
import { promises as fs } from 'node:fs';
import { nodeFileSystem } from './fileSystem';
import { CliError, EXIT_USAGE } from './cli/io';
import type { CliIo } from './cli/io';
import { runLint } from './cli/lint';
import { runPreview } from './cli/preview';

export const USAGE = `Usage:
  rollout-lens lint [--format text|json] <file|directory>...
  rollout-lens preview [--format text|json] [--object Kind/name] [--scenario NAME] [--replicas N] [--fail-after S] <file>

Exit codes: 0 no errors, 1 error-severity findings, 2 usage or I/O error.
`;

export async function runCli(argv: readonly string[], io: CliIo & { cwd: string }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await runLint(rest, {
          ...io,
          fs: { listYamlFiles: nodeFileSystem.listYamlFiles, isDirectory: async (p) => (await fs.stat(p)).isDirectory() },
        });
      case 'preview':
        return await runPreview([...rest], io);
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
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

export const nodeIo: CliIo & { cwd: string } = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => fs.readFile(p, 'utf8'),
  cwd: process.cwd(),
};
