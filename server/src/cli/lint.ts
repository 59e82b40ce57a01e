/**
 * `rollout-lens lint [options] <paths|globs|->`: the server's rules over files and folders (see lintSetup.ts), with a
 * workspace index built from every file given (and, with `--context DIR`, every manifest under DIR), so cross-file
 * checks work as in the editor. Options: LINT_COMMAND; output formats: formats.ts.
 */
import * as path from 'node:path';
import { LineIndex } from '../../../shared/src/lines';
import { lintFile } from '../lint';
import type { ResolvedFinding } from '../lint';
import { WorkspaceIndex } from '../workspace';
import { pathToUri, SkippedFile, uriToPath } from '../fileSystem';
import type { FileSystem } from '../fileSystem';
import { HELP_OPTION, MAX_FILE_SIZE_OPTION, commandHelp, oneOf, parseArgs, withMaxFileSize } from './args';
import type { CommandSpec } from './args';
import { CliError, EXIT_FINDINGS, EXIT_OK } from './io';
import type { CliIo } from './io';
import { prepareLint } from './lintSetup';
import { FORMATS, FORMATTERS } from './formats';
import { eachReadAhead } from '../readAhead';
import { buildLayout, isKustomizationFile, parseKustomization } from '../render/kustomization';
import { DEFAULT_KUSTOMIZE_COMMAND, DEFAULT_RENDER_TIMEOUT_SECONDS, KustomizeRenderer } from '../render/kustomize';
import { lintCharts, lintOverlays } from '../render';
import { DEFAULT_HELM_COMMAND, DEFAULT_RELEASE, HelmRenderer, isChartFile, parseChart } from '../render/helm';
import { RULES_ON_PARTIAL_OBJECTS, sourceRole } from '../render/partial';
import { processRenderer } from '../render/renderer';
import { listAllFiles } from '../render/workspaceRender';
import type { OptionSpec } from './args';

/** Kustomize/Helm rendering options, shared by lint and preview. */
export const RENDER_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'no-render',
    type: 'boolean',
    help: 'Run no kubectl kustomize / helm template: overlays built in-process where understood, else sources only.',
  },
  {
    name: 'kustomize-command',
    type: 'string',
    value: 'CMD',
    help: 'Renders a kustomization directory (default "kubectl kustomize").',
  },
  {
    name: 'helm-command',
    type: 'string',
    value: 'CMD',
    help: 'The helm binary, run as CMD template (default "helm").',
  },
  { name: 'values', type: 'string', value: 'FILE[,FILE]', help: 'Values files for helm template.' },
  { name: 'release', type: 'string', value: 'NAME', help: 'Release name for helm template (default "release").' },
  { name: 'render-timeout', type: 'string', value: 'S', help: 'Seconds a renderer may run (default 10).' },
];

/** The render timeout in ms from --render-timeout. */
export function renderTimeoutMs(flags: ReadonlyMap<string, string>): number {
  const timeout = flags.get('render-timeout') ?? String(DEFAULT_RENDER_TIMEOUT_SECONDS);
  if (!/^\d+(\.\d+)?$/.test(timeout) || Number(timeout) <= 0)
    throw new CliError(`--render-timeout must be a number of seconds (got "${timeout}")`);
  return Number(timeout) * 1000;
}
import { fieldPathAt } from '../../../shared/src/yamlPath';

export const LINT_COMMAND: CommandSpec = {
  name: 'lint',
  positionals: '<file|directory|glob|->...',
  summary:
    'Checks Kubernetes manifests. Directories and globs skip what git ignores (.gitignore files from the\n' +
    'repository root down), ignorePaths of the configuration and --exclude; a file named explicitly is always checked.',
  options: [
    { name: 'format', short: 'f', type: 'string', value: FORMATS.join('|'), help: 'Output format (default text).' },
    {
      name: 'output',
      short: 'o',
      type: 'string',
      value: 'FILE',
      help: 'Write the report to FILE instead of standard output.',
    },
    { name: 'quiet', short: 'q', type: 'boolean', help: 'Report errors only.' },
    { name: 'max-warnings', type: 'string', value: 'N', help: 'Exit 1 when there are more than N warnings.' },
    {
      name: 'config',
      short: 'c',
      type: 'string',
      value: 'FILE',
      help: 'Configuration file (default: .rollout-lens.yaml or .yml, see below).',
    },
    {
      name: 'exclude',
      type: 'string',
      multiple: true,
      value: 'PATTERN',
      help: '.gitignore-style pattern of files not to check (comma-separated list allowed).',
    },
    {
      name: 'kubernetes-version',
      type: 'string',
      value: '1.NN',
      help: 'Target Kubernetes version (default: configuration, else the newest supported).',
    },
    {
      name: 'context',
      type: 'string',
      value: 'DIR',
      help: 'Read every manifest under DIR for cross-file checks; report only on the files named.',
    },
    { name: 'stdin-filename', type: 'string', value: 'NAME', help: 'The name "-" (standard input) is reported under.' },
    MAX_FILE_SIZE_OPTION,
    ...RENDER_OPTIONS,
    HELP_OPTION,
  ],
  details: [
    'Configuration: --config FILE, else .rollout-lens.yaml (or .yml) in the working directory or the nearest',
    'parent folder up to the repository root. Keys: rules (severity or off per rule), kubernetesVersion, ignorePaths.',
    'Kustomize: the entry overlays among the files (kustomizations no other one uses) are rendered with',
    '--kustomize-command <dir> (remote bases never fetched) and their findings reported on the patch or base line',
    'to edit, naming the overlay; patches and bases alone get only value checks. Helm: each chart (Chart.yaml) is',
    'rendered with --helm-command template and findings land on the template lines. --no-render: no binary runs;',
    'overlays are built in-process where Rollout Lens understands every transformation, else sources only.',
    'Exit codes: 0 no errors, 1 error-severity findings (or more warnings than --max-warnings), 2 usage or I/O error.',
  ].join('\n'),
};

export interface LintDiagnostic {
  readonly file: string;
  readonly rule: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly object?: string;
  /** The rendered Kustomize overlay or Helm chart the finding comes from (`overlays/prod`). */
  readonly overlay?: string;
  /** Other places the finding refers to (e.g. the governing Service); SARIF relatedLocations. */
  readonly related?: readonly LintRelated[];
  /** Where in the object, e.g. `spec.template.spec.containers[0].readinessProbe` (SARIF fingerprints). */
  readonly fieldPath?: string;
}

export interface LintRelated {
  readonly file: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface LintIo extends CliIo {
  readonly fs: Pick<FileSystem, 'listYamlFiles'> & {
    isDirectory(p: string): Promise<boolean>;
    exists?(p: string): Promise<boolean>;
  };
  readonly cwd: string;
  /** Standard input, for the `-` argument. */
  readStdin?(): Promise<string>;
  /** For `--output FILE`. */
  writeFile?(file: string, text: string): Promise<void>;
}

export async function runLint(argv: readonly string[], cliIo: LintIo): Promise<number> {
  const args = parseArgs(argv, LINT_COMMAND.options);
  if (args.flags.has('help')) {
    cliIo.stdout(commandHelp(LINT_COMMAND));
    return EXIT_OK;
  }
  const io = withMaxFileSize(cliIo, args.flags);
  const format = oneOf('format', args.flags.get('format'), FORMATS, 'text');
  const timeoutMs = renderTimeoutMs(args.flags);
  const setup = await prepareLint(args.flags, args.lists, args.positionals, io, args.literalFrom);
  const files = setup.files;
  const index = new WorkspaceIndex();
  await eachReadAhead([...files, ...setup.contextFiles], setup.read, async (file, read) => {
    let text: string;
    try {
      text = await read;
    } catch (e) {
      if (e instanceof SkippedFile) {
        // Too large, not a regular file, not UTF-8: said, not fatal (as in the editor).
        const raise = e.reason === 'too-large' ? ' (--max-file-size MB raises the limit)' : '';
        const why = e.detail.replace(/(; skipped)?\.$/, '');
        io.stderr(`rollout-lens lint: skipped ${display(file, io)}: it ${why}${raise}.\n`);
        return;
      }
      throw new CliError(
        `cannot read ${display(file, io)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    index.update(pathToUri(file), text);
  });
  // Kustomize: patches and bases are partial objects; the entry overlays are rendered and their findings mapped back.
  const textOf = (f: string) => index.get(pathToUri(f))?.text ?? '';
  const layout = buildLayout(files.filter(isKustomizationFile).map((f) => parseKustomization(f, textOf(f))));
  const partial = { ...setup.options, onlyRules: RULES_ON_PARTIAL_OBJECTS };
  let diagnostics: LintDiagnostic[] = [];
  const relatedOf = (uri: string) => {
    const other = index.get(uri);
    const p = uriToPath(uri);
    return other && p !== undefined ? { file: display(p, io), lines: other.lines } : undefined;
  };
  for (const file of files) {
    const indexed = index.get(pathToUri(file));
    if (!indexed) continue;
    const options = sourceRole(file, layout) ? partial : setup.options;
    for (const f of lintFile(indexed, index, options)) {
      const fieldPath = fieldPathAt(indexed.manifest.objects, f.span[0]);
      diagnostics.push({
        ...toLintDiagnostic(display(file, io), f, indexed.lines, relatedOf),
        ...(fieldPath ? { fieldPath } : {}),
      });
    }
  }
  const charts = files.filter(isChartFile).map((f) => parseChart(f, textOf(f)));
  const render = !args.flags.has('no-render');
  if (layout.entries.length + (render ? charts.length : 0) > 0) {
    const readFile = (f: string) => io.readFile(f).catch(() => undefined);
    const kustomize = new KustomizeRenderer({ renderer: processRenderer, readFile });
    // --no-render: no binary runs; the overlays Rollout Lens understands are built in-process (render/builtIn.ts).
    const command = args.flags.get('kustomize-command') ?? DEFAULT_KUSTOMIZE_COMMAND;
    const settings = { command, timeoutMs, binary: render };
    const overlays = await lintOverlays(layout, kustomize, settings, setup.options, (dir) => display(dir, io));
    const helm = new HelmRenderer({ renderer: processRenderer, readFile, listFiles: listAllFiles });
    const helmSettings = {
      command: args.flags.get('helm-command') ?? DEFAULT_HELM_COMMAND,
      timeoutMs,
      release: args.flags.get('release') ?? DEFAULT_RELEASE,
      valuesFiles: (args.flags.get('values') ?? '')
        .split(',')
        .filter((v) => v !== '')
        .map((v) => path.resolve(io.cwd, v)),
    };
    const charted = render
      ? await lintCharts(charts, helm, helmSettings, setup.options, (dir) => display(dir, io), readFile)
      : { findings: [] };
    const seen = new Set(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}:${d.rule}`));
    const linesOf = new Map<string, LineIndex>();
    for (const f of [...overlays.findings, ...charted.findings]) {
      let lines = index.get(pathToUri(f.file))?.lines ?? linesOf.get(f.file);
      if (!lines) {
        lines = new LineIndex(await io.readFile(f.file).catch(() => ''));
        linesOf.set(f.file, lines);
      }
      const d = { ...toLintDiagnostic(display(f.file, io), f, lines, relatedOf), overlay: f.overlay };
      const key = `${d.file}:${d.line}:${d.column}:${d.rule}`;
      if (!seen.has(key)) diagnostics.push(d); // the same value checked in the source already
    }
  }
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const failed = diagnostics.some((d) => d.severity === 'error');
  if (args.flags.has('quiet')) diagnostics = diagnostics.filter((d) => d.severity === 'error');
  const root = setup.repoRoot;
  const report = FORMATTERS[format](diagnostics, {
    fileCount: files.filter((f) => index.get(pathToUri(f))).length, // skipped files are not counted
    rootUri: pathToUri(root) + (root.endsWith(path.sep) ? '' : '/'),
    repoPath: (file) => {
      const rel = path.relative(root, path.resolve(io.cwd, file));
      return rel.startsWith('..') || path.isAbsolute(rel) ? path.resolve(io.cwd, file) : rel.split(path.sep).join('/');
    },
  });
  const output = args.flags.get('output');
  if (output === undefined) io.stdout(report);
  else {
    if (!io.writeFile) throw new CliError('--output is not available here');
    try {
      await io.writeFile(path.resolve(io.cwd, output), report);
    } catch (e) {
      throw new CliError(`cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (failed) return EXIT_FINDINGS;
  if (setup.maxWarnings !== undefined && warnings > setup.maxWarnings) {
    io.stderr(`rollout-lens lint: ${warnings} warnings, more than --max-warnings ${setup.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

function display(file: string, io: LintIo): string {
  const rel = path.relative(io.cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function toLintDiagnostic(
  file: string,
  f: ResolvedFinding,
  lines: LineIndex,
  relatedOf?: (uri: string) => { file: string; lines: LineIndex } | undefined,
): LintDiagnostic {
  const start = lines.positionAt(f.span[0]);
  const end = lines.positionAt(f.span[1]);
  const related: LintRelated[] = [];
  for (const r of f.related ?? []) {
    const other = relatedOf?.(r.uri);
    if (!other) continue;
    const s = other.lines.positionAt(r.span[0]);
    const e = other.lines.positionAt(r.span[1]);
    related.push({
      file: other.file,
      message: r.message,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
    });
  }
  return {
    file,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    ...(f.object ? { object: f.object } : {}),
    ...(related.length ? { related } : {}),
  };
}
