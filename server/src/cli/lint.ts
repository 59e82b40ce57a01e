/**
 * `rollout-lens lint [--format text|json] <paths…>`: the server's rules over files and folders,
 * with a workspace index built from every file given, so cross-file checks work as in the editor.
 */
import * as path from 'node:path';
import { LineIndex } from '../../../shared/src/lines';
import { lintFile } from '../lint';
import type { ResolvedFinding } from '../lint';
import { WorkspaceIndex } from '../workspace';
import { pathToUri } from '../fileSystem';
import type { FileSystem } from '../fileSystem';
import { oneOf, parseArgs } from './args';
import { CliError, EXIT_FINDINGS, EXIT_OK } from './io';
import type { CliIo } from './io';

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
}

export interface LintIo extends CliIo {
  readonly fs: Pick<FileSystem, 'listYamlFiles'> & { isDirectory(p: string): Promise<boolean> };
  readonly cwd: string;
}

export async function runLint(argv: readonly string[], io: LintIo): Promise<number> {
  const args = parseArgs(argv, ['format']);
  const format = oneOf('format', args.flags.get('format'), ['text', 'json'] as const, 'text');
  if (args.positionals.length === 0) throw new CliError('lint needs at least one file or directory');
  const files = await expand(args.positionals, io);
  const index = new WorkspaceIndex();
  const texts = new Map<string, string>();
  for (const file of files) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch (e) {
      throw new CliError(`cannot read ${display(file, io)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    texts.set(file, text);
    index.update(pathToUri(file), text);
  }
  const diagnostics: LintDiagnostic[] = [];
  for (const file of files) {
    const indexed = index.get(pathToUri(file));
    if (!indexed) continue;
    for (const f of lintFile(indexed, index)) diagnostics.push(toLintDiagnostic(display(file, io), f, indexed.lines));
  }
  io.stdout(format === 'json' ? JSON.stringify({ diagnostics }, null, 2) + '\n' : formatText(diagnostics, files.length));
  return diagnostics.some((d) => d.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
}

async function expand(paths: readonly string[], io: LintIo): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(io.cwd, p);
    let dir: boolean;
    try {
      dir = await io.fs.isDirectory(abs);
    } catch {
      throw new CliError(`no such file or directory: ${p}`);
    }
    if (!dir) {
      out.push(abs);
      continue;
    }
    const found = await io.fs.listYamlFiles(abs);
    if (found.length === 0) throw new CliError(`no YAML manifests (*.yaml, *.yml) under ${p}`);
    out.push(...found);
  }
  return [...new Set(out)];
}

function display(file: string, io: LintIo): string {
  const rel = path.relative(io.cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function toLintDiagnostic(file: string, f: ResolvedFinding, lines: LineIndex): LintDiagnostic {
  const start = lines.positionAt(f.span[0]);
  const end = lines.positionAt(f.span[1]);
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
