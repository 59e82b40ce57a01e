/**
 * Command-line options, one table per command: parsing (Node's `util.parseArgs`, strict) and the `--help` text
 * both come from the table. A command adds an option by adding a row.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { CliError } from './io';
import type { CliIo } from './io';
import { maxFileBytesFlag } from '../sizeLimit';

export interface OptionSpec {
  readonly name: string;
  readonly short?: string;
  /** `string` options take a value (named `value` in the help); `boolean` ones take none. */
  readonly type: 'string' | 'boolean';
  /** Repeatable: every occurrence is kept (`lists`); otherwise the last one wins. */
  readonly multiple?: boolean;
  readonly value?: string;
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  /** The positional arguments, for the usage line. */
  readonly positionals: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  /** Paragraphs after the option list. */
  readonly details?: string;
}

export interface ParsedArgs {
  /** Single-valued options (`true` for booleans given). */
  readonly flags: Map<string, string>;
  /** Repeatable options, every value in order. */
  readonly lists: Map<string, string[]>;
  readonly positionals: string[];
  /** How many positionals came before `--`: the ones from this index on are paths, never globs. */
  readonly literalFrom: number;
}

export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', type: 'boolean', help: 'Show this help and exit.' };

export const MAX_FILE_SIZE_OPTION: OptionSpec = {
  name: 'max-file-size',
  type: 'string',
  value: 'MB',
  help: 'Skip files larger than this (default 5, as the editor setting rolloutLens.maxFileSize).',
};

/** The command's I/O with `--max-file-size` (else the 5 MB default) as the size cap of every file it reads. */
export function withMaxFileSize<T extends CliIo>(io: T, flags: ReadonlyMap<string, string>): T {
  const maxBytes = maxFileBytesFlag(flags.get('max-file-size'));
  return { ...io, readFile: (file: string, max?: number) => io.readFile(file, max ?? maxBytes) };
}

/** Parses `argv` against the table; unknown options, missing values and values given to booleans are usage errors. */
export function parseArgs(argv: readonly string[], options: readonly OptionSpec[]): ParsedArgs {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const o of options)
    config[o.name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  // `--replicas -1`: a value that looks like a negative number belongs to the option (util.parseArgs would call it
  // ambiguous); it is passed as `--replicas=-1` so the option's own check reports it.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    const spec = a.startsWith('--') && !a.includes('=') ? options.find((o) => o.name === a.slice(2)) : undefined;
    if (spec?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${a}=${next}`);
      i++;
    } else args.push(a);
  }
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({ args, options: config, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new CliError(usageMessage(e as Error & { code?: string }));
  }
  const flags = new Map<string, string>();
  const lists = new Map<string, string[]>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (Array.isArray(value)) lists.set(name, value.map(String));
    else if (value !== undefined) flags.set(name, String(value));
  }
  const terminator = parsed.tokens?.findIndex((t) => t.kind === 'option-terminator') ?? -1;
  const literalFrom =
    terminator < 0
      ? parsed.positionals.length
      : (parsed.tokens?.slice(0, terminator).filter((t) => t.kind === 'positional').length ?? 0);
  return { flags, lists, positionals: parsed.positionals, literalFrom };
}

/** util.parseArgs' messages, as one short line. */
function usageMessage(e: Error & { code?: string }): string {
  const option = /'(-[^' ]*)/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(e.message) ? `${option} takes no value` : `${option} needs a value`;
    default:
      return e.message.split('\n')[0] ?? String(e);
  }
}

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** `rollout-lens <command> --help`, from the command's table. */
export function commandHelp(cmd: CommandSpec): string {
  const label = (o: OptionSpec) =>
    `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
  const width = cmd.options.reduce((w, o) => Math.max(w, label(o).length), 0);
  const lines = [`Usage: rollout-lens ${cmd.name} [options] ${cmd.positionals}`, '', cmd.summary, '', 'Options:'];
  for (const o of cmd.options) lines.push(`  ${label(o).padEnd(width)}  ${o.help}${o.multiple ? ' Repeatable.' : ''}`);
  if (cmd.details) lines.push('', cmd.details);
  return `${lines.join('\n')}\n`;
}
