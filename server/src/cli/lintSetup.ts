/**
 * What `rollout-lens lint` checks and how: the configuration (`--config`, else `.rollout-lens.yaml`/`.yml` in the
 * working directory or the nearest parent up to the repository root), the files (paths, directories, globs, `-` for
 * stdin) minus the excluded ones (what git ignores, `ignorePaths`, `--exclude`), the `--context` files, and the lint
 * options.
 */
import * as path from 'node:path';
import { EMPTY_CONFIG, findConfigFile, parseConfigFile } from '../config';
import type { ConfigFile } from '../config';
import type { LintOptions } from '../lint';
import { kubernetesVersionFrom } from '../../../shared/src/settings';
import { CliError } from './io';
import type { CliIo } from './io';
import { globBase, isGlob } from './select';
import { compileGlob, GlobError, IgnoreList } from '../pathMatch';
import { findRepoRoot } from '../gitignore';
import { MAX_CONFIG_BYTES, SkippedFile } from '../fileSystem';
import { formatSize } from '../sizeLimit';

export interface LintSetupIo extends CliIo {
  readonly fs: {
    listYamlFiles(root: string, ignoreRoot?: string): Promise<string[]>;
    isDirectory(p: string): Promise<boolean>;
    exists?(p: string): Promise<boolean>;
  };
  readonly cwd: string;
  /** Standard input, for the `-` argument. */
  readStdin?(): Promise<string>;
}

export interface LintSetup {
  /** The files reported on. */
  readonly files: string[];
  /** Further files read for cross-file checks only (`--context`). */
  readonly contextFiles: string[];
  /** The repository root (else the working directory): SARIF and GitHub paths are relative to it. */
  readonly repoRoot: string;
  readonly options: LintOptions;
  readonly maxWarnings?: number;
  /** Reads a selected file (stdin for the `-` placeholder). */
  read(file: string): Promise<string>;
}

export const STDIN_NAME = '<stdin>';

async function pathExists(p: string, io: LintSetupIo): Promise<boolean> {
  if (io.fs.exists) return io.fs.exists(p);
  try {
    await io.fs.isDirectory(p);
    return true;
  } catch {
    return false;
  }
}

/** The configuration and the folder its relative paths (ignorePaths) start from. */
async function loadConfig(
  flags: ReadonlyMap<string, string>,
  io: LintSetupIo,
  repoRoot: string | undefined,
): Promise<{ config: ConfigFile; dir: string }> {
  const explicit = flags.get('config');
  let file: string | undefined;
  if (explicit !== undefined) file = path.resolve(io.cwd, explicit);
  else if (io.fs.exists) {
    try {
      file = await findConfigFile(io.cwd, repoRoot, io.fs.exists);
    } catch (e) {
      throw new CliError((e as Error).message);
    }
  }
  if (file === undefined) return { config: EMPTY_CONFIG, dir: io.cwd };
  const shown = path.relative(io.cwd, file) || file;
  let text: string;
  try {
    text = await io.readFile(file, MAX_CONFIG_BYTES);
  } catch (e) {
    if (e instanceof SkippedFile) {
      const why =
        e.reason === 'too-large'
          ? `is ${formatSize(e.size ?? 0)}, over the ${formatSize(MAX_CONFIG_BYTES)} limit of a configuration file`
          : e.detail.replace(/(; skipped)?\.$/, '');
      throw new CliError(`config ${shown} ${why} (it must be a small regular YAML file).`);
    }
    throw new CliError(
      `cannot read config ${explicit ?? file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  const config = parseConfigFile(text);
  if (config.invalid) throw new CliError(`config ${shown}: ${config.invalid}`);
  if (config.unknownKeys.length > 0) {
    const keys = config.unknownKeys.map((k) => `"${k}"`).join(', ');
    throw new CliError(
      `${shown}: unknown key${config.unknownKeys.length > 1 ? 's' : ''} ${keys} (keys: rules, kubernetesVersion, ignorePaths; rules takes rule ids)`,
    );
  }
  for (const p of config.problems) io.stderr(`rollout-lens: ${shown}: ${p}\n`);
  return { config, dir: path.dirname(file) };
}

export async function prepareLint(
  flags: ReadonlyMap<string, string>,
  lists: ReadonlyMap<string, readonly string[]>,
  positionals: readonly string[],
  io: LintSetupIo,
  /** Positionals from this index on came after `--`: paths, never globs. */
  literalFrom = positionals.length,
): Promise<LintSetup> {
  if (positionals.length === 0) throw new CliError('lint needs at least one file or directory');
  let maxWarnings: number | undefined;
  const mw = flags.get('max-warnings');
  if (mw !== undefined) {
    if (!/^\d+$/.test(mw)) throw new CliError(`--max-warnings must be a whole number (got "${mw}")`);
    maxWarnings = Number(mw);
  }
  const repoRoot = io.fs.exists ? await findRepoRoot(io.cwd, { exists: io.fs.exists }) : undefined;
  const { config, dir: configDir } = await loadConfig(flags, io, repoRoot);
  let kubernetesVersion = config.settings.kubernetesVersion;
  const kv = flags.get('kubernetes-version');
  if (kv !== undefined) {
    const v = kubernetesVersionFrom(kv);
    if (!v) throw new CliError(`--kubernetes-version must look like 1.33 (got "${kv}")`);
    kubernetesVersion = v;
  }
  // .gitignore files are honoured by io.fs.listYamlFiles (gitignore.ts); these are the linter's own excludes.
  const invalid = (where: string) => (e: Error) => {
    throw new CliError(`${where}: ${e.message}`);
  };
  const ignore = new IgnoreList(configDir).add(
    config.ignorePaths,
    invalid(`${flags.get('config') ?? '.rollout-lens.yaml'}: ignorePaths`),
  );
  const excludes = new IgnoreList(io.cwd).add(
    (lists.get('exclude') ?? []).flatMap((e) => e.split(',')).filter((e) => e !== ''),
    invalid('--exclude'),
  );
  const excluded = (f: string) => ignore.ignores(f) || excludes.ignores(f);

  const out: string[] = [];
  let stdinText: string | undefined;
  const stdinPath = path.resolve(io.cwd, flags.get('stdin-filename') ?? STDIN_NAME);
  for (const [i, p] of positionals.entries()) {
    if (p === '-') {
      if (!io.readStdin) throw new CliError('reading from stdin (-) is not available here');
      stdinText ??= await io.readStdin();
      out.push(stdinPath);
      continue;
    }
    // `[ab].yaml`: a file of that name is that file; after `--` every argument is a path.
    if (isGlob(p) && i < literalFrom && !(await pathExists(path.resolve(io.cwd, p), io))) {
      const base = path.resolve(io.cwd, globBase(p));
      let re: { test(path: string): boolean };
      try {
        re = compileGlob(path.relative(base, path.resolve(io.cwd, p)).split(path.sep).join('/'));
      } catch (e) {
        if (e instanceof GlobError) throw new CliError(e.message);
        throw e;
      }
      let candidates: string[] = [];
      try {
        if (await io.fs.isDirectory(base)) candidates = await io.fs.listYamlFiles(base, io.cwd);
      } catch {
        candidates = [];
      }
      const matched = candidates.filter(
        (f) => re.test(path.relative(base, f).split(path.sep).join('/')) && !excluded(f),
      );
      if (matched.length === 0) throw new CliError(`no YAML manifests match ${p}`);
      for (const f of matched) out.push(f);
      continue;
    }
    const abs = path.resolve(io.cwd, p);
    let dir: boolean;
    try {
      dir = await io.fs.isDirectory(abs);
    } catch {
      throw new CliError(`no such file or directory: ${p}`);
    }
    if (!dir) {
      out.push(abs); // named explicitly: never excluded
      continue;
    }
    const found = (await io.fs.listYamlFiles(abs, io.cwd)).filter((f) => !excluded(f));
    if (found.length === 0) throw new CliError(`no YAML manifests (*.yaml, *.yml) under ${p}`);
    out.push(...found);
  }
  const files = [...new Set(out)];
  const contextFiles: string[] = [];
  const context = flags.get('context');
  if (context !== undefined) {
    const dir = path.resolve(io.cwd, context);
    let isDir = false;
    try {
      isDir = await io.fs.isDirectory(dir);
    } catch {
      isDir = false;
    }
    if (!isDir) throw new CliError(`--context ${context}: not a directory`);
    const named = new Set(files);
    contextFiles.push(...(await io.fs.listYamlFiles(dir, io.cwd)).filter((f) => !named.has(f) && !excluded(f)));
  }
  return {
    files,
    contextFiles,
    repoRoot: repoRoot ?? io.cwd,
    options: { rules: config.settings.rules, kubernetesVersion },
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    read: (file) => (file === stdinPath && stdinText !== undefined ? Promise.resolve(stdinText) : io.readFile(file)),
  };
}
