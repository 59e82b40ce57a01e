/**
 * Which files git ignores, the way git decides it: the `.gitignore` of every folder from the repository root down
 * to the file (a deeper file's rules win over a shallower one's, and the last matching rule of a file wins), and
 * the repository's `.git/info/exclude` as the lowest-priority level; `.git` itself is always skipped. Pattern
 * semantics are the `ignore` package's (a faithful implementation of gitignore(5), checked against
 * `git check-ignore` in test/unit/gitignore.test.ts). An ignored folder is not entered, so nothing under it can be
 * re-included, as in git. Shared by `rollout-lens lint` (directories and globs) and the language server (indexing),
 * through `nodeFileSystem.listYamlFiles`. Without a repository the folder the search starts from acts as the root.
 */
import ignore, { type Ignore } from 'ignore';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** What the ignore rules need from the file system (sync-free, so tests can use a fake tree). */
export interface IgnoreIo {
  /** The text of a file, or undefined when it does not exist or cannot be read. */
  readText(file: string): Promise<string | undefined>;
  /** Whether `p` exists (a file or a folder; `.git` is a file in worktrees and submodules). */
  exists(p: string): Promise<boolean>;
}

interface Level {
  /** The folder whose rules these are; patterns match paths relative to it. */
  readonly dir: string;
  readonly rules: Ignore;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** The nearest folder at or above `start` holding `.git`, else undefined. */
export async function findRepoRoot(start: string, io: Pick<IgnoreIo, 'exists'>): Promise<string | undefined> {
  let dir = path.resolve(start);
  for (;;) {
    if (await io.exists(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The ignore rules in force inside one folder (`dir`): every level from the root down to it. Immutable. */
export class GitIgnore {
  private constructor(
    readonly root: string,
    readonly dir: string,
    private readonly levels: readonly Level[],
  ) {}

  /**
   * The rules for `dir`: the repository root (found from `dir` upwards; without a repository `outside`, when `dir`
   * is inside it, else `dir` itself) and every folder from there down to `dir`.
   */
  static async forDir(dir: string, io: IgnoreIo, outside?: string): Promise<GitIgnore> {
    const abs = path.resolve(dir);
    const within = outside !== undefined && !path.relative(path.resolve(outside), abs).startsWith('..');
    const root = (await findRepoRoot(abs, io)) ?? (within ? path.resolve(outside) : abs);
    const exclude = await io.readText(path.join(root, '.git', 'info', 'exclude'));
    let rules = await new GitIgnore(root, root, exclude === undefined ? [] : [level(root, exclude)]).enter(root, io);
    for (const part of path
      .relative(root, abs)
      .split(path.sep)
      .filter((x) => x !== '')) {
      const next = path.join(rules.dir, part);
      // `dir` lies inside a folder the enclosing repository ignores (a scratch copy, a workspace under `.tmp/`):
      // git tracks nothing there, so that repository's rules would hide every file. The folder asked for is
      // searched as its own root instead, with only the .gitignore files inside it.
      if (rules.ignores(next, true)) return new GitIgnore(abs, abs, []).enter(abs, io);
      rules = await rules.enter(next, io);
    }
    return rules;
  }

  /** The rules inside `child`, a folder in (or equal to, for the root) this one: adds its `.gitignore`, if any. */
  async enter(child: string, io: Pick<IgnoreIo, 'readText'>): Promise<GitIgnore> {
    const text = await io.readText(path.join(child, '.gitignore'));
    return new GitIgnore(this.root, child, text === undefined ? this.levels : [...this.levels, level(child, text)]);
  }

  /**
   * Whether the entry `p` (a file, or a folder when `isDir`) of this folder is ignored. Deeper levels decide first;
   * a level with no matching rule leaves the decision to the one above.
   */
  ignores(p: string, isDir: boolean): boolean {
    const abs = path.resolve(p);
    if (path.basename(abs) === '.git') return true;
    for (let i = this.levels.length - 1; i >= 0; i--) {
      const l = this.levels[i] as Level;
      const rel = path.relative(l.dir, abs);
      if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const r = l.rules.test(toPosix(rel) + (isDir ? '/' : ''));
      if (r.ignored) return true;
      if (r.unignored) return false;
    }
    return false;
  }

  /** Whether `file`, anywhere below this folder, is ignored: it, or a folder on the way to it (not entered by git). */
  async ignoresPath(file: string, io: Pick<IgnoreIo, 'readText'>): Promise<boolean> {
    const abs = path.resolve(file);
    const rel = path.relative(this.dir, path.dirname(abs));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk climbs from this list to its parents
    let rules: GitIgnore = this;
    for (const part of rel.split(path.sep).filter((x) => x !== '')) {
      const sub = path.join(rules.dir, part);
      if (rules.ignores(sub, true)) return true;
      rules = await rules.enter(sub, io);
    }
    return rules.ignores(abs, false);
  }
}

function level(dir: string, text: string): Level {
  return { dir, rules: ignore({ allowRelativePaths: true }).add(text) };
}

/** IgnoreIo over the real file system. */
export const nodeIgnoreIo: IgnoreIo = {
  readText: (file) =>
    fs.readFile(file, 'utf8').then(
      (t) => t,
      () => undefined,
    ),
  exists: (p) =>
    fs.access(p).then(
      () => true,
      () => false,
    ),
};
