/** One helper for rule tests: lint some files, describe each finding by rule, line and covered text. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintFile } from '../../server/src/lint';
import type { LintOptions } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';

export interface Seen {
  readonly rule: string;
  readonly line: number; // 1-based
  readonly text: string; // the source text the range covers
  readonly severity: string;
}

export const MAIN = 'file:///ws/main.yaml';

/** Lints `files[MAIN]` (or `target`) with every file of `files` in the workspace index. */
export function lintSeen(files: Record<string, string> | string, options: LintOptions = {}, target = MAIN): Seen[] {
  const all = typeof files === 'string' ? { [MAIN]: files } : files;
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(all)) index.update(uri, text);
  const file = index.get(target);
  if (!file) throw new Error(`no file ${target}`);
  return lintFile(file, index, options).map((f) => ({
    rule: f.rule,
    line: file.lines.positionAt(f.span[0]).line + 1,
    text: file.text.slice(f.span[0], f.span[1]),
    severity: f.severity,
  }));
}

/** Lines of YAML joined with \n (tables read better with one line per array entry). */
export const y = (...lines: string[]) => lines.join('\n') + '\n';

/** An expected finding: its rule, 1-based line, and the exact source text its range covers. */
export type Expect = [rule: string, line: number, text: string];

export interface RuleCase {
  readonly name: string;
  /** The main file's text, or a workspace (uri → text) holding MAIN. */
  readonly files: string | Record<string, string>;
  readonly expect: Expect[];
  readonly options?: LintOptions;
}

/**
 * One test per case: the findings of the rules under test (`rules`, default the title's rule),
 * compared as [rule, line, text]; with `severity`, every such finding must have it.
 */
export function ruleTable(
  title: string,
  cases: readonly RuleCase[],
  check: { rules?: ReadonlySet<string>; severity?: (c: RuleCase) => string } = {},
): void {
  const wanted = check.rules ?? new Set([title]);
  for (const c of cases) {
    test(`${title}: ${c.name}`, () => {
      const seen = lintSeen(c.files, c.options).filter((s) => wanted.has(s.rule));
      assert.deepEqual(
        seen.map((s): Expect => [s.rule, s.line, s.text]),
        c.expect,
      );
      if (check.severity) for (const s of seen) assert.equal(s.severity, check.severity(c), `severity of ${s.rule}`);
    });
  }
}

/** [rule, line, covered text, severity] */
export type Seen4 = [rule: string, line: number, text: string, severity: string];

/** A case of a table whose rows name the Kubernetes (Go) function that decides them (issue #11). */
export interface GoCase {
  readonly name: string;
  /** The Go function (kubelet, controller, validation, decoder) whose behaviour decides the case. */
  readonly go: string;
  readonly files: string | Record<string, string>;
  readonly options?: LintOptions;
  /** The file linted (default MAIN). */
  readonly target?: string;
  readonly expect: Seen4[];
}

/** One test per case: every finding of `rules` as [rule, line, text, severity]. */
export function goTable(title: string, rules: readonly string[], cases: readonly GoCase[]): void {
  for (const c of cases) {
    test(`${title}: ${c.name} [${c.go}]`, () => {
      const seen = lintSeen(c.files, c.options, c.target).filter((s) => rules.includes(s.rule));
      assert.deepEqual(
        seen.map((s): Seen4 => [s.rule, s.line, s.text, s.severity]),
        c.expect,
      );
    });
  }
}
