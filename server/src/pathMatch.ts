/**
 * .gitignore-style path matching, shared by `rollout-lens lint` (`.gitignore`, `ignorePaths`,
 * `--exclude`, glob arguments) and the language server (`ignorePaths` of `.rollout-lens.yaml`
 * when indexing the workspace and answering diagnostics): one implementation for both.
 * Paths are matched relative to a base directory, with `/` separators.
 */
import * as path from 'node:path';

/** A glob as a RegExp over `/`-separated paths. */
export function globToRegExp(glob: string, anchored = true): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i + 1);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map((s) => s.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(anchored ? `^${re}$` : `(?:^|/)${re}$`);
}

interface IgnoreRule {
  readonly negate: boolean;
  readonly dirOnly: boolean;
  readonly re: RegExp;
}

/** .gitignore-style patterns, matched against paths relative to `base`. */
export class IgnoreList {
  private readonly rules: IgnoreRule[] = [];

  constructor(private readonly base: string) {}

  add(patterns: Iterable<string>): this {
    for (const raw of patterns) {
      let p = raw.replace(/\s+$/, '');
      if (p === '' || p.startsWith('#')) continue;
      const negate = p.startsWith('!');
      if (negate) p = p.slice(1);
      const dirOnly = p.endsWith('/');
      if (dirOnly) p = p.slice(0, -1);
      const anchored = p.includes('/');
      if (p.startsWith('/')) p = p.slice(1);
      this.rules.push({ negate, dirOnly, re: globToRegExp(p, anchored) });
    }
    return this;
  }

  get size(): number {
    return this.rules.length;
  }

  /** Whether the file (absolute path) is excluded: by a pattern on it or on one of its folders. */
  ignores(file: string): boolean {
    const rel = path.relative(this.base, file).split(path.sep).join('/');
    if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const parts = rel.split('/');
    // Folders first: git does not look inside an excluded folder.
    for (let i = 1; i < parts.length; i++) if (this.test(parts.slice(0, i).join('/'), true)) return true;
    return this.test(rel, false);
  }

  private test(rel: string, isDir: boolean): boolean {
    let ignored = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.re.test(rel)) ignored = !r.negate;
    }
    return ignored;
  }
}
