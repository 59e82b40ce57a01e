/**
 * `rolloutLens.maxFileSize`: files larger than this (in MB, default 5) are neither indexed nor
 * checked; an open one gets a single information diagnostic saying so.
 */
import { CliError } from './cli/io';

export const DEFAULT_MAX_FILE_SIZE_MB = 5;
export const SIZE_LIMIT_CODE = 'file-too-large';

/** The limit in bytes from the setting's value (MB); anything not a positive number gives the default. */
export function maxFileBytesFrom(setting: unknown): number {
  const mb =
    typeof setting === 'number' && Number.isFinite(setting) && setting > 0 ? setting : DEFAULT_MAX_FILE_SIZE_MB;
  return Math.round(mb * 1024 * 1024);
}

/** UTF-8 size of `text` when it may exceed `limit`, else undefined (cheap: no byte count for small texts). */
export function oversize(text: string, limit: number): number | undefined {
  if (text.length * 3 <= limit) return undefined; // a UTF-16 unit is at most 3 UTF-8 bytes
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > limit ? bytes : undefined;
}

/** `--max-file-size MB` of the CLI: the same limit as the setting; anything but a positive number is a usage error. */
export function maxFileBytesFlag(value: string | undefined): number {
  if (value === undefined) return maxFileBytesFrom(undefined);
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > 100_000) {
    throw new CliError(`--max-file-size must be a size in MB greater than 0 (got "${value}")`);
  }
  return maxFileBytesFrom(n);
}

/** `6.0 MB`, `256 KB`, `80 bytes`: one decimal in MB, whole KB below 1 MB. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return bytes >= 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** What an open file over the limit is told (the LSP edge wraps it in a diagnostic). */
export function sizeLimitMessage(bytes: number, limit: number): string {
  return `Rollout Lens skipped this file: it is ${formatSize(bytes)}, over the ${formatSize(limit)} limit (setting rolloutLens.maxFileSize).`;
}
