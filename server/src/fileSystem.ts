/**
 * The server's and the CLI's file access. Every file is read the same way (readTextFile): only a
 * regular file, opened without blocking (a FIFO or a device never stalls the I/O threads), its
 * size checked before a byte is read, and only UTF-8 text. Behind an interface so tests run on
 * an in-memory tree.
 */
import { close, constants, fstat, open, promises as fs, read } from 'node:fs';
import type { Stats } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GitIgnore, nodeIgnoreIo } from './gitignore';
import { formatSize } from './sizeLimit';

export interface FileSystem {
  /**
   * Every YAML file under `root` that git would not ignore (`.gitignore` files from the repository root down, see
   * gitignore.ts), skipping VCS and dependency folders, as absolute paths. `root` itself is searched even when ignored.
   * Outside a repository the rules start at `ignoreRoot` (e.g. the CLI's working directory) when `root` is in it.
   */
  listYamlFiles(root: string, ignoreRoot?: string): Promise<string[]>;
  /**
   * The text of a regular UTF-8 file of at most `maxBytes` bytes; rejects with SkippedFile otherwise (see
   * readTextFile).
   */
  readText(file: string, maxBytes: number): Promise<string>;
}

/**
 * Never searched: version control and installed dependencies (build output such as dist/ is only skipped when ignored).
 */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/** Why a file was not read: `detail` is one clear sentence without the file's name ("is a FIFO (named pipe), …"). */
export class SkippedFile extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'not-regular' | 'too-large' | 'not-utf8' | 'symlink-loop',
    readonly detail: string,
    /** Bytes, for too-large. */
    readonly size?: number,
  ) {
    super(`${file} ${detail}`);
    this.name = 'SkippedFile';
  }
}

/** `.rollout-lens.yaml` is a few lines: anything larger is not one. */
export const MAX_CONFIG_BYTES = 256 * 1024;

/** YAML files by name: `*.yaml`/`*.yml` (any case) and Kustomize's extensionless `Kustomization`. */
export const YAML_FILE = /\.[Yy][Aa]?[Mm][Ll]$|(?:^|[\\/])Kustomization$/;

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const call = <T>(fn: (cb: (e: NodeJS.ErrnoException | null, v: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((e, v) => (e ? reject(e) : resolve(v))));

/**
 * Reads `file` if it is a regular file of at most `maxBytes` holding UTF-8 text; otherwise rejects
 * with a SkippedFile saying why (a device, FIFO, socket or directory — also behind a symlink —, a
 * symlink loop, over the size limit, UTF-16 or binary). Other errors (ENOENT, EACCES) reject as
 * they are. Open → fstat → read: the type and size checked are those of what is read.
 */
export async function readTextFile(file: string, maxBytes: number): Promise<string> {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of blocking a libuv thread.
    fd = await call<number>((cb) => open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0), cb));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new SkippedFile(file, 'symlink-loop', 'is a symbolic link loop; skipped.');
    if (code === 'ENXIO' || code === 'EOPNOTSUPP')
      throw new SkippedFile(file, 'not-regular', 'is a socket, not a regular file; skipped.');
    throw e;
  }
  try {
    const stats = await call<Stats>((cb) => fstat(fd, cb));
    if (!stats.isFile())
      throw new SkippedFile(file, 'not-regular', `is ${kindOf(stats)}, not a regular file; skipped.`);
    if (stats.size > maxBytes) throw tooLarge(file, stats.size, maxBytes);
    // Up to one byte more than allowed: a file that grew since fstat (or a /proc file of size 0) is caught too.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge(file, length, maxBytes);
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2 + 65536));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const into = buffer;
      const n = await call<number>((cb) => read(fd, into, length, into.length - length, null, cb));
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw tooLarge(file, length, maxBytes);
    return decodeText(file, buffer.subarray(0, length));
  } finally {
    close(fd, () => undefined);
  }
}

function tooLarge(file: string, size: number, maxBytes: number): SkippedFile {
  return new SkippedFile(
    file,
    'too-large',
    `is ${formatSize(size)}, over the ${formatSize(maxBytes)} size limit; skipped.`,
    size,
  );
}

/**
 * UTF-8 text of a file's bytes; UTF-16 (a byte-order mark FF FE / FE FF, or NUL bytes: YAML
 * allows neither) is refused with a message that says so, instead of parsing to nothing.
 */
export function decodeText(file: string, bytes: Uint8Array): string {
  const utf16 =
    bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (utf16) throw new SkippedFile(file, 'not-utf8', 'is UTF-16 encoded, not UTF-8; convert it to UTF-8 to check it.');
  if (bytes.indexOf(0) >= 0) {
    throw new SkippedFile(
      file,
      'not-utf8',
      'contains NUL bytes (UTF-16 without a byte-order mark, or binary), not UTF-8 YAML; skipped.',
    );
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
}

export const nodeFileSystem: FileSystem = {
  async listYamlFiles(root, ignoreRoot) {
    const out: string[] = [];
    const walk = async (dir: string, rules: GitIgnore): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return; // unreadable folder: nothing to index
      }
      await Promise.all(
        entries.map(async (e) => {
          const full = path.join(dir, e.name);
          // Symbolic links are not followed (no loops, no devices behind a *.yaml name).
          if (e.isDirectory()) {
            if (!SKIP_DIRS.has(e.name) && !rules.ignores(full, true))
              await walk(full, await rules.enter(full, nodeIgnoreIo));
          } else if (e.isFile() && YAML_FILE.test(e.name) && !rules.ignores(full, false)) {
            out.push(full);
          }
        }),
      );
    };
    await walk(root, await GitIgnore.forDir(root, nodeIgnoreIo, ignoreRoot));
    return out.sort();
  },
  readText: readTextFile,
};

/**
 * The local path of a `file:` URI; undefined for every URI that names no local file: other schemes
 * (`untitled:`, `vscode-vfs:`), a remote host (`file://host/share/x.yaml`), an encoded `/`
 * (`%2F`), a malformed percent-escape, a NUL. Never throws: the URIs come from the client.
 */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    return file.includes('\0') ? undefined : file;
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}
