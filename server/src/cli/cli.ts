/** `rollout-lens`: the command-line entry. Thin: parses the command and hands over to cli/*. */
import { promises as fs } from 'node:fs';
import { nodeFileSystem } from '../fileSystem';
import { CliError, EXIT_USAGE } from './io';
import type { CliIo } from './io';
import { runLint } from './lint';
import { runPreview } from './preview';

export const USAGE = `Usage:
  rollout-lens lint [--format text|json|sarif] [--max-warnings N] [--config FILE]
                    [--exclude PATTERN[,PATTERN…]] [--kubernetes-version 1.NN] <file|directory|glob|->...
    Directories and globs skip what .gitignore, ignorePaths (.rollout-lens.yaml) and --exclude
    exclude; "-" reads a manifest from standard input. Configuration: --config FILE, else
    .rollout-lens.yaml in the working directory (rules: severities or off, kubernetesVersion).
  rollout-lens preview [--format text|json] [--object Kind/name] [--scenario NAME] [--replicas N]
                       [--fail-after S] [--pause-after K] [--ordinal N] [--force-delete-after S]
                       [--services <dir|file>] <file>

Preview scenarios (NAME): create, update (default), scale (needs --replicas N), fail,
  fail-after (needs --fail-after S: new pods turn NotReady S seconds after Ready),
  pause (--pause-after K: pause once the new ReplicaSet has K pods, default 1; Deployments),
  rollback, node-failure (StatefulSets: --ordinal N, the pod whose node is lost, default the
  first ordinal, spec.ordinals.start, usually 0; --force-delete-after S, default never).
  --fail-after, --pause-after, --ordinal and --force-delete-after imply their scenario.
  Services (governing Service, SRV records) are read from <file> and the other YAML files
  of its directory, or from --services (a file, or every YAML file under a directory).

Exit codes: 0 no errors, 1 error-severity findings, 2 usage or I/O error.
`;

export async function runCli(argv: readonly string[], io: CliIo & { cwd: string; readStdin?(): Promise<string> }): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await runLint(rest, {
          ...io,
          fs: { listYamlFiles: nodeFileSystem.listYamlFiles, isDirectory: async (p) => (await fs.stat(p)).isDirectory() },
          readStdin: io.readStdin ?? readStdin,
        });
      case 'preview':
        return await runPreview([...rest], { ...io, listYamlFiles: nodeFileSystem.listYamlFiles });
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

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const nodeIo: CliIo & { cwd: string } = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => fs.readFile(p, 'utf8'),
  cwd: process.cwd(),
};
