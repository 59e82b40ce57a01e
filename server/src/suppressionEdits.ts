/**
 * The edits of the "Disable <rule> for this line / for this file" code actions: they write the
 * suppression comments `suppression.ts` reads (`# rollout-lens-disable-next-line <rule>` above the
 * line, `# rollout-lens-disable <rule>` at the top of every YAML document with such a finding).
 * Pure: offsets in, offset edits out.
 */
import type { Span } from '../../shared/src/manifest';

export interface OffsetEdit {
  readonly span: Span;
  readonly newText: string;
}

function lineStartOf(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text[i - 1] !== '\n') i--;
  return i;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

const NEXT_LINE = /^(\s*)#\s*rollout-lens-disable-next-line(?=\s|$)([^\r\n]*)$/;

/**
 * `# rollout-lens-disable-next-line <rule>` above the finding's line (indented like it), or the rule added to one
 * already there.
 */
export function disableForLine(text: string, findingStart: number, rule: string): OffsetEdit {
  const start = lineStartOf(text, findingStart);
  const indent = /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
  // A directive right above (only blank lines between): add the rule to it.
  let prev = start;
  while (prev > 0) {
    const ls = lineStartOf(text, prev - 1);
    const line = text.slice(ls, prev).replace(/\r?\n$/, '');
    if (/^\s*$/.test(line)) {
      prev = ls;
      continue;
    }
    const m = NEXT_LINE.exec(line);
    if (m) {
      const rest = m[2] ?? '';
      const ids = rest.split(/\s--\s?/)[0] ?? '';
      const rules = ids.split(/[\s,]+/).filter(Boolean);
      // No ids = every rule is already disabled there; a listed rule needs nothing either.
      if (rules.length > 0 && !rules.includes(rule)) {
        const at = ls + line.length - rest.length + ids.trimEnd().length;
        return { span: [at, at], newText: `, ${rule}` };
      }
    }
    break;
  }
  return { span: [start, start], newText: `${indent}# rollout-lens-disable-next-line ${rule}${eol(text)}` };
}

/** The start of the YAML document holding offset: the line after the last `---` / `...` marker before it, else 0. */
export function documentStart(text: string, offset: number): number {
  let ls = lineStartOf(text, offset);
  while (ls > 0) {
    const prevStart = lineStartOf(text, ls - 1);
    if (/^(---|\.\.\.)(\s|$)/.test(text.slice(prevStart, ls))) return ls;
    ls = prevStart;
  }
  return 0;
}

/** `# rollout-lens-disable <rule>` at the top of each document holding one of `findingStarts` (one per document). */
export function disableForFile(text: string, findingStarts: readonly number[], rule: string): OffsetEdit[] {
  const starts = [...new Set(findingStarts.map((o) => documentStart(text, o)))].sort((a, b) => a - b);
  return starts.map((s) => ({ span: [s, s] as Span, newText: `# rollout-lens-disable ${rule}${eol(text)}` }));
}
