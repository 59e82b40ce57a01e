/**
 * What `rollout-lens lint` checks and how: the configuration (`--config`, else `.rollout-lens.yaml`
 * in the working directory), the files (paths, directories, globs, `-` for stdin) minus the
 * excluded ones (`.gitignore`, `ignorePaths`, `--exclude`), and the lint options.
 */
import * as path from 'node:path';
import { CONFIG_FILE, EMPTY_CONFIG, parseConfigFile } from '../config';
import type { ConfigFile } from '../config';
import type { LintOptions } from '../lint';
import { kubernetesVersionFrom } from '../../../shared/src/settings';
import { CliError } from './io';
import type { CliIo } from './io';
import { globBase, isGlob } from './select';
import { globToRegExp, IgnoreList } from '../pathMatch';

export interface LintSetupIo extends CliIo {
  readonly fs: { listYamlFiles(root: string): Promise<string[]>; isDirectory(p: string): Promise<boolean> };
  readonly cwd: string;
  /** Standard input, for the `-` argument. */
  readStdin?(): Promise<string>;
}

export interface LintSetup {
  readonly files: string[];
  readonly options: LintOptions;
  readonly maxWarnings?: number;
  /** Reads a selected file (stdin for the `-` placeholder). */
  read(file: string): Promise<string>;
}

export const STDIN_NAME = '<stdin>';

async function loadConfig(flags: ReadonlyMap<string, string>, io: LintSetupIo): Promise<ConfigFile> {
  const explicit = flags.get('config');
  const file = path.resolve(io.cwd, explicit ?? CONFIG_FILE);
  let text: string;
  try {
    text = await io.readFile(file);
  } catch (e) {
    if (explicit) throw new CliError(`cannot read config ${explicit}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return EMPTY_CONFIG;
  }
  const config = parseConfigFile(text);
  for (const p of config.problems) io.stderr(`rollout-lens: ${path.relative(io.cwd, file) || file}: ${p}\n`);
  return config;
}

export async function prepareLint(flags: ReadonlyMap<string, string>, positionals: readonly string[], io: LintSetupIo): Promise<LintSetup> {
  if (positionals.length === 0) throw new CliError('lint needs at least one file or directory');
  let maxWarnings: number | undefined;
  const mw = flags.get('max-warnings');
  if (mw !== undefined) {
    if (!/^\d+$/.test(mw)) throw new CliError(`--max-warnings must be a whole number (got "${mw}")`);
    maxWarnings = Number(mw);
  }
  const config = await loadConfig(flags, io);
  let kubernetesVersion = config.settings.kubernetesVersion;
  const kv = flags.get('kubernetes-version');
  if (kv !== undefined) {
    const v = kubernetesVersionFrom(kv);
    if (!v) throw new CliError(`--kubernetes-version must look like 1.33 (got "${kv}")`);
    kubernetesVersion = v;
  }
  const ignore = new IgnoreList(io.cwd);
  try {
    ignore.add((await io.readFile(path.join(io.cwd, '.gitignore'))).split(/\r?\n/));
  } catch {
    // no .gitignore
  }
  ignore.add(config.ignorePaths);
  ignore.add((flags.get('exclude') ?? '').split(',').filter((s) => s !== ''));

  const out: string[] = [];
  let stdinText: string | undefined;
  const stdinPath = path.join(io.cwd, STDIN_NAME);
  for (const p of positionals) {
    if (p === '-') {
      if (!io.readStdin) throw new CliError('reading from stdin (-) is not available here');
      stdinText ??= await io.readStdin();
      out.push(stdinPath);
      continue;
    }
    if (isGlob(p)) {
      const base = path.resolve(io.cwd, globBase(p));
      const re = globToRegExp(path.relative(base, path.resolve(io.cwd, p)).split(path.sep).join('/'));
      let candidates: string[] = [];
      try {
        if (await io.fs.isDirectory(base)) candidates = await io.fs.listYamlFiles(base);
      } catch {
        candidates = [];
      }
      const matched = candidates.filter((f) => re.test(path.relative(base, f).split(path.sep).join('/')) && !ignore.ignores(f));
      if (matched.length === 0) throw new CliError(`no YAML manifests match ${p}`);
      out.push(...matched);
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
    const found = (await io.fs.listYamlFiles(abs)).filter((f) => !ignore.ignores(f));
    if (found.length === 0) throw new CliError(`no YAML manifests (*.yaml, *.yml) under ${p}`);
    out.push(...found);
  }
  return {
    files: [...new Set(out)],
    options: { rules: config.settings.rules, kubernetesVersion },
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    read: (file) => (file === stdinPath && stdinText !== undefined ? Promise.resolve(stdinText) : io.readFile(file)),
  };
}
