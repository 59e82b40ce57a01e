/**
 * Quick fixes and "fix all", planned from the fixes that findings of a fresh lint carry in `data`
 * (computed by the rules with offsets). Pure: the server converts the plans to LSP CodeActions
 * at its edge; tests apply them with `applyEdits` and re-lint.
 */
import { parseManifest, realign } from '../../shared/src/manifest';
import type { ParsedManifest, Span } from '../../shared/src/manifest';
import type { ResolvedFinding } from './lint';
import type { EditData, FixData } from './rules/edits';

export const FIX_ALL_KIND = 'source.fixAll.rollout-lens';

export interface PlannedEdit {
  readonly uri: string;
  readonly span: Span;
  readonly newText: string;
}

export interface PlannedAction {
  readonly title: string;
  readonly kind: 'quickfix' | typeof FIX_ALL_KIND;
  readonly edits: readonly PlannedEdit[];
  readonly preferred?: boolean;
  /** The findings it fixes (for `CodeAction.diagnostics`). */
  readonly findings: readonly ResolvedFinding[];
}

export function fixesOf(f: { data?: unknown }): readonly FixData[] {
  const fixes = (f.data as { fixes?: unknown } | undefined)?.fixes;
  return Array.isArray(fixes) ? (fixes as FixData[]) : [];
}

const resolve = (uri: string, edits: readonly EditData[]): PlannedEdit[] =>
  edits.map((e) => ({ uri: e.uri ?? uri, span: e.span, newText: e.newText }));

/** One quick fix per fix of each finding. */
export function quickFixes(uri: string, findings: readonly ResolvedFinding[]): PlannedAction[] {
  return findings.flatMap((f) =>
    fixesOf(f).map((fix): PlannedAction => ({
      title: fix.title,
      kind: 'quickfix',
      edits: resolve(uri, fix.edits),
      preferred: fix.preferred === true,
      findings: [f],
    })),
  );
}

/**
 * The first fix-all-safe fix of every finding (of `rule`, or of every rule), without edits that
 * overlap an edit already taken; undefined when fewer than `min` findings would be fixed. Given
 * the file's `manifest`, fixes that do not overlap but conflict (a key renamed to one another fix
 * inserts: a duplicate key) are dropped: the fixed text parses with no new syntax errors.
 */
export function fixAll(
  uri: string,
  findings: readonly ResolvedFinding[],
  rule?: string,
  min = 1,
  manifest?: ParsedManifest,
): PlannedAction | undefined {
  let taken: { fix: PlannedEdit[]; finding: ResolvedFinding }[] = [];
  const spans = new Map<string, Span[]>(); // uri → taken spans, sorted by start
  for (const f of findings) {
    if (rule !== undefined && f.rule !== rule) continue;
    const fix = fixesOf(f).find((x) => x.fixAll);
    if (!fix) continue;
    const planned = resolve(uri, fix.edits);
    if (planned.some((e) => overlapsAny(spans.get(e.uri), e.span))) continue;
    for (const e of planned) insertSorted(spans, e.uri, e.span);
    taken.push({ fix: planned, finding: f });
  }
  if (manifest) taken = withoutConflicts(uri, manifest, taken);
  if (taken.length < min) return undefined;
  const edits: PlannedEdit[] = [];
  for (const t of taken) for (const e of t.fix) edits.push(e);
  return {
    title: rule
      ? `Fix all ${rule} problems in this file (${taken.length})`
      : `Fix all auto-fixable Rollout Lens problems (${taken.length})`,
    kind: rule ? 'quickfix' : FIX_ALL_KIND,
    edits,
    findings: taken.map((t) => t.finding),
  };
}

/** Whether `span` overlaps one of the sorted `spans` (binary search: its neighbours are enough). */
function overlapsAny(sorted: readonly Span[] | undefined, span: Span): boolean {
  if (!sorted) return false;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as Span)[0] < span[0]) lo = mid + 1;
    else hi = mid;
  }
  // Spans taken never overlap each other, so only a few around the insertion point can touch `span`.
  for (let i = Math.max(0, lo - 2); i < Math.min(sorted.length, lo + 2); i++)
    if (overlaps(sorted[i] as Span, span)) return true;
  for (let i = lo + 2; i < sorted.length && (sorted[i] as Span)[0] <= span[1]; i++)
    if (overlaps(sorted[i] as Span, span)) return true;
  return false;
}

function insertSorted(spans: Map<string, Span[]>, uri: string, span: Span): void {
  let list = spans.get(uri);
  if (!list) spans.set(uri, (list = []));
  let at = list.length;
  while (at > 0 && (list[at - 1] as Span)[0] > span[0]) at--; // findings come mostly in file order: usually no move
  list.splice(at, 0, span);
}

/**
 * Fixes of this file whose result does not parse as well as the original are dropped, one YAML
 * document at a time: a document whose fixed text has more syntax errors keeps its fixes one by
 * one, each only if the document still parses. Fixes of other files are kept.
 */
function withoutConflicts<T extends { fix: PlannedEdit[] }>(uri: string, manifest: ParsedManifest, taken: T[]): T[] {
  const local = (t: T) => t.fix.every((e) => e.uri === uri);
  const all = taken.filter(local).flatMap((t) => t.fix);
  if (all.length === 0) return taken;
  const fixed = parseManifest(applyEdits(manifest.text, all), manifest);
  realign(manifest); // the trial parse moved the reused documents to the fixed text's offsets
  if (fixed.syntaxErrors.length <= manifest.syntaxErrors.length) return taken;
  // Per document (chunk): which fixes fall in it.
  const chunks = manifest.chunks;
  const chunkOf = (offset: number) => {
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((chunks[mid] as { base: number }).base <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const byChunk = new Map<number, T[]>();
  for (const t of taken) {
    if (!local(t)) continue;
    const c = chunkOf((t.fix[0] as PlannedEdit).span[0]);
    const inside = t.fix.every((e) => chunkOf(e.span[0]) === c && chunkOf(Math.max(e.span[0], e.span[1] - 1)) === c);
    if (!inside) continue; // spans documents: not checked here
    const list = byChunk.get(c);
    if (list) list.push(t);
    else byChunk.set(c, [t]);
  }
  const dropped = new Set<T>();
  for (const [c, list] of byChunk) {
    const chunk = chunks[c] as { base: number; text: string };
    const errors = (text: string) => parseManifest(text).syntaxErrors.length;
    const shift = (t: T) =>
      t.fix.map((e) => ({ span: [e.span[0] - chunk.base, e.span[1] - chunk.base] as Span, newText: e.newText }));
    const baseline = errors(chunk.text);
    if (errors(applyEdits(chunk.text, list.flatMap(shift))) <= baseline) continue;
    const kept: { span: Span; newText: string }[] = [];
    for (const t of list) {
      const mine = shift(t);
      if (errors(applyEdits(chunk.text, kept.concat(mine))) <= baseline) for (const e of mine) kept.push(e);
      else dropped.add(t);
    }
  }
  return taken.filter((t) => !dropped.has(t));
}

/** Replacements may not overlap or touch an insertion; insertions at one point apply in order. */
function overlaps(a: Span, b: Span): boolean {
  const insertA = a[0] === a[1];
  const insertB = b[0] === b[1];
  if (insertA && insertB) return false;
  if (insertA) return a[0] >= b[0] && a[0] <= b[1];
  if (insertB) return b[0] >= a[0] && b[0] <= a[1];
  return a[0] < b[1] && b[0] < a[1];
}

/** Applies non-overlapping edits to a text, in one pass (linear in the text and the edits). */
export function applyEdits(text: string, edits: readonly { span: Span; newText: string }[]): string {
  // In text order; insertions at one point keep their order.
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.span[0] - b.e.span[0] || a.e.span[1] - b.e.span[1] || a.i - b.i);
  const parts: string[] = [];
  let at = 0;
  for (const { e } of sorted) {
    parts.push(text.slice(at, e.span[0]), e.newText);
    at = Math.max(at, e.span[1]);
  }
  parts.push(text.slice(at));
  return parts.join('');
}
