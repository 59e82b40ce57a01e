/** One helper for rule tests: lint some files, describe each finding by rule, line and covered text. */
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
