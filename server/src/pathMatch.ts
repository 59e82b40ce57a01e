/**
 * .gitignore-style path matching, shared by `rollout-lens lint` (`.gitignore`, `ignorePaths`,
 * `--exclude`, glob arguments) and the language server (`ignorePaths` of `.rollout-lens.yaml`
 * when indexing the workspace and answering diagnostics): one implementation for both.
 * Paths are matched relative to a base directory, with `/` separators.
 */
import * as path from 'node:path';

/** A pattern that cannot be compiled (`[z-a]`, too many brace alternatives): the message says why. */
export class GlobError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`invalid pattern "${pattern}": ${reason}`);
    this.name = 'GlobError';
  }
}

/** A compiled glob: `test` runs in time linear in the path (times the pattern), never backtracking. */
export interface Glob {
  test(path: string): boolean;
}

type Token =
  | { readonly t: 'char'; readonly c: string }
  | { readonly t: 'one' } // ?
  | { readonly t: 'star' } // * (not /)
  | { readonly t: 'any' } // ** (anything)
  | { readonly t: 'dirs' } // **/ : nothing, or anything ending in /
  | { readonly t: 'class'; readonly negate: boolean; readonly items: readonly (readonly [string, string])[] };

const MAX_ALTERNATIVES = 256;
const MAX_PATTERN = 4096;

/**
 * Compiles a glob over `/`-separated paths: `*` and `?` stay within a segment, `**` crosses
 * segments (`**\/` also matches nothing), `[a-z]` / `[!a-z]` classes, `{a,b}` alternatives,
 * `\x` a literal x. `anchored: false` matches at the start or after any `/` (a .gitignore
 * pattern without a slash). Matching simulates the automaton (a set of positions), so no pattern
 * can take exponential time. Throws a GlobError for a pattern that means nothing.
 */
export function compileGlob(glob: string, anchored = true): Glob {
  if (glob.length > MAX_PATTERN) throw new GlobError(glob.slice(0, 40) + '…', `longer than ${MAX_PATTERN} characters`);
  const programs = expandBraces(glob).map((alt) => {
    const tokens = tokenize(glob, alt);
    return anchored ? tokens : [{ t: 'dirs' } as Token, ...tokens];
  });
  return { test: (path) => programs.some((tokens) => run(tokens, path)) };
}

/** `{a,b}` alternatives expanded (one level; several groups multiply, up to MAX_ALTERNATIVES). */
function expandBraces(glob: string): string[] {
  let out = [''];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\' && i + 1 < glob.length) {
      out = out.map((o) => o + c + glob[i + 1]);
      i++;
      continue;
    }
    const end = c === '{' ? glob.indexOf('}', i + 1) : -1;
    if (end < 0) {
      out = out.map((o) => o + c);
      continue;
    }
    const alternatives = glob.slice(i + 1, end).split(',');
    if (out.length * alternatives.length > MAX_ALTERNATIVES)
      throw new GlobError(glob, `more than ${MAX_ALTERNATIVES} {…} alternatives`);
    out = out.flatMap((o) => alternatives.map((a) => o + a));
    i = end;
  }
  return out;
}

function tokenize(glob: string, alt: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < alt.length; i++) {
    const c = alt[i] as string;
    if (c === '\\' && i + 1 < alt.length) tokens.push({ t: 'char', c: alt[++i] as string });
    else if (c === '*') {
      let j = i;
      while (alt[j + 1] === '*') j++;
      if (j > i) {
        // ** : with a following / it may match nothing at all.
        if (alt[j + 1] === '/') {
          tokens.push({ t: 'dirs' });
          j++;
        } else tokens.push({ t: 'any' });
      } else if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' }); // a run of * is one *
      i = j;
    } else if (c === '?') tokens.push({ t: 'one' });
    else if (c === '[') {
      const parsed = parseClass(glob, alt, i);
      if (!parsed) tokens.push({ t: 'char', c: '[' });
      else {
        tokens.push(parsed.token);
        i = parsed.end;
      }
    } else tokens.push({ t: 'char', c });
  }
  return tokens;
}

/** `[…]` starting at `start`; undefined when unclosed (then `[` is a literal character). */
function parseClass(glob: string, alt: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  const negate = alt[i] === '!' || alt[i] === '^';
  if (negate) i++;
  const items: [string, string][] = [];
  for (let first = true; i < alt.length; first = false) {
    let c = alt[i] as string;
    if (c === ']' && !first) return { token: { t: 'class', negate, items }, end: i };
    if (c === '\\' && i + 1 < alt.length) c = alt[++i] as string;
    if (alt[i + 1] === '-' && i + 2 < alt.length && alt[i + 2] !== ']') {
      let to = alt[i + 2] as string;
      i += 2;
      if (to === '\\' && i + 1 < alt.length) to = alt[++i] as string;
      if (to < c) throw new GlobError(glob, `the range ${c}-${to} is reversed`);
      items.push([c, to]);
    } else items.push([c, c]);
    i++;
  }
  return undefined;
}

function matchesClass(token: Extract<Token, { t: 'class' }>, c: string): boolean {
  if (c === '/') return false;
  let hit = false;
  for (const [from, to] of token.items) if (c >= from && c <= to) hit = true;
  return hit !== token.negate;
}

/**
 * Runs the tokens over `path` as a nondeterministic automaton: the states are token positions
 * (`2 * i` before token i, `2 * i + 1` inside a `**\/` that has consumed something not yet ending
 * in `/`). O(path × tokens).
 */
function run(tokens: readonly Token[], path: string): boolean {
  const n = tokens.length;
  let current = new Uint8Array(2 * n + 2);
  let next = new Uint8Array(2 * n + 2);
  const close = (set: Uint8Array) => {
    // ε-moves: star, any and dirs may match nothing (only from their start state).
    for (let i = 0; i < n; i++) {
      const t = (tokens[i] as Token).t;
      if (set[2 * i] && (t === 'star' || t === 'any' || t === 'dirs')) set[2 * (i + 1)] = 1;
    }
  };
  current[0] = 1;
  close(current);
  for (let k = 0; k < path.length; k++) {
    const c = path[k] as string;
    next.fill(0);
    let alive = false;
    for (let s = 0; s < 2 * n; s++) {
      if (!current[s]) continue;
      const i = s >> 1;
      const token = tokens[i] as Token;
      const set = (to: number) => {
        next[to] = 1;
        alive = true;
      };
      switch (token.t) {
        case 'char':
          if (token.c === c) set(2 * (i + 1));
          break;
        case 'one':
          if (c !== '/') set(2 * (i + 1));
          break;
        case 'class':
          if (matchesClass(token, c)) set(2 * (i + 1));
          break;
        case 'star':
          if (c !== '/') set(2 * i);
          break;
        case 'any':
          set(2 * i);
          break;
        case 'dirs':
          // Consumed text must end in / before the next token: mid-run state until a / is read.
          if (c === '/') {
            set(2 * (i + 1));
            set(2 * i + 1);
          } else set(2 * i + 1);
          break;
      }
    }
    if (!alive) return false;
    // The mid-run state of a dirs token behaves like its start, without the ε-move to the next token.
    for (let i = 0; i < n; i++) if (next[2 * i + 1] && (tokens[i] as Token).t !== 'dirs') next[2 * i + 1] = 0;
    close(next);
    [current, next] = [next, current];
  }
  return current[2 * n] === 1;
}

interface IgnoreRule {
  readonly negate: boolean;
  readonly dirOnly: boolean;
  readonly re: Glob;
}

/** .gitignore-style patterns, matched against paths relative to `base`. */
export class IgnoreList {
  private readonly rules: IgnoreRule[] = [];

  constructor(private readonly base: string) {}

  /**
   * Adds .gitignore-style patterns. An invalid one throws a GlobError, or, given `onInvalid`, is
   * reported there and skipped (the server: one bad ignorePaths entry must not stop indexing).
   */
  add(patterns: Iterable<string>, onInvalid?: (error: GlobError) => void): this {
    for (const raw of patterns) {
      let p = raw.trimEnd();
      if (p === '' || p.startsWith('#')) continue;
      const negate = p.startsWith('!');
      if (negate) p = p.slice(1);
      const dirOnly = p.endsWith('/');
      if (dirOnly) p = p.slice(0, -1);
      const anchored = p.includes('/');
      if (p.startsWith('/')) p = p.slice(1);
      let re: Glob;
      try {
        re = compileGlob(p, anchored);
      } catch (e) {
        if (!(e instanceof GlobError) || !onInvalid) throw e;
        onInvalid(e);
        continue;
      }
      this.rules.push({ negate, dirOnly, re });
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
