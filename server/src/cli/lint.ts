/**
 * `rollout-lens lint [--format text|json|sarif] [--max-warnings N] [--config FILE] [--exclude PATTERNS]
 * [--kubernetes-version 1.NN] <paths|globs|->`: the server's rules over files and folders (see lintSetup.ts),
 * with a workspace index built from every file given, so cross-file checks work as in the editor.
 */
import * as path from 'node:path';
import { LineIndex } from '../../../shared/src/lines';
import { lintFile } from '../lint';
import type { ResolvedFinding } from '../lint';
import { WorkspaceIndex } from '../workspace';
import { pathToUri, uriToPath } from '../fileSystem';
import type { FileSystem } from '../fileSystem';
import { oneOf, parseArgs } from './args';
import { CliError, EXIT_FINDINGS, EXIT_OK } from './io';
import type { CliIo } from './io';
import { prepareLint } from './lintSetup';
import { toSarif } from './sarif';
import { eachReadAhead } from '../readAhead';

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
  /** Other places the finding refers to (e.g. the governing Service); SARIF relatedLocations. */
  readonly related?: readonly LintRelated[];
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
  readonly fs: Pick<FileSystem, 'listYamlFiles'> & { isDirectory(p: string): Promise<boolean> };
  readonly cwd: string;
  /** Standard input, for the `-` argument. */
  readStdin?(): Promise<string>;
}

export async function runLint(argv: readonly string[], io: LintIo): Promise<number> {
  const args = parseArgs(argv, ['format', 'max-warnings', 'config', 'exclude', 'kubernetes-version']);
  const format = oneOf('format', args.flags.get('format'), ['text', 'json', 'sarif'] as const, 'text');
  const setup = await prepareLint(args.flags, args.positionals, io);
  const files = setup.files;
  const index = new WorkspaceIndex();
  await eachReadAhead(files, setup.read, async (file, read) => {
    let text: string;
    try {
      text = await read;
    } catch (e) {
      throw new CliError(`cannot read ${display(file, io)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    index.update(pathToUri(file), text);
  });
  const diagnostics: LintDiagnostic[] = [];
  for (const file of files) {
    const indexed = index.get(pathToUri(file));
    if (!indexed) continue;
    const relatedOf = (uri: string) => {
      const other = index.get(uri);
      const p = uriToPath(uri);
      return other && p !== undefined ? { file: display(p, io), lines: other.lines } : undefined;
    };
    for (const f of lintFile(indexed, index, setup.options)) diagnostics.push(toLintDiagnostic(display(file, io), f, indexed.lines, relatedOf));
  }
  if (format === 'sarif') io.stdout(JSON.stringify(toSarif(diagnostics, pathToUri(io.cwd) + '/'), null, 2) + '\n');
  else io.stdout(format === 'json' ? JSON.stringify({ diagnostics }, null, 2) + '\n' : formatText(diagnostics, files.length));
  if (diagnostics.some((d) => d.severity === 'error')) return EXIT_FINDINGS;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
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
    related.push({ file: other.file, message: r.message, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 });
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

function formatText(diagnostics: readonly LintDiagnostic[], fileCount: number): string {
  const lines = diagnostics.map(
    (d) => `${d.file}:${d.line}:${d.column}: ${d.severity} [${d.rule}]${d.object ? ` ${d.object}:` : ''} ${d.message}`,
  );
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  lines.push(
    `${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${count('error')} errors, ${count('warning')} warnings, ` +
      `${count('information')} infos, ${count('hint')} hints.`,
  );
  return lines.join('\n') + '\n';
}
