/**
 * Quick fixes and "fix all", planned from the fixes that findings carry in `Diagnostic.data`
 * (computed by the rules with offsets). Pure: the server converts the plans to LSP CodeActions
 * at its edge; tests apply them with `applyEdits` and re-lint.
 */
import type { Span } from '../../shared/src/manifest';
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

const resolve = (uri: string, edits: readonly EditData[]): PlannedEdit[] => edits.map((e) => ({ uri: e.uri ?? uri, span: e.span, newText: e.newText }));

/** One quick fix per fix of each finding. */
export function quickFixes(uri: string, findings: readonly ResolvedFinding[]): PlannedAction[] {
  return findings.flatMap((f) =>
    fixesOf(f).map((fix): PlannedAction => ({ title: fix.title, kind: 'quickfix', edits: resolve(uri, fix.edits), preferred: fix.preferred === true, findings: [f] })),
  );
}

/**
 * The first fix-all-safe fix of every finding (of `rule`, or of every rule), without edits that
 * overlap an edit already taken; undefined when fewer than `min` findings would be fixed.
 */
export function fixAll(uri: string, findings: readonly ResolvedFinding[], rule?: string, min = 1): PlannedAction | undefined {
  const edits: PlannedEdit[] = [];
  const fixed: ResolvedFinding[] = [];
  for (const f of findings) {
    if (rule !== undefined && f.rule !== rule) continue;
    const fix = fixesOf(f).find((x) => x.fixAll);
    if (!fix) continue;
    const planned = resolve(uri, fix.edits);
    if (planned.some((e) => edits.some((o) => o.uri === e.uri && overlaps(o.span, e.span)))) continue;
    edits.push(...planned);
    fixed.push(f);
  }
  if (fixed.length < min) return undefined;
  return {
    title: rule ? `Fix all ${rule} problems in this file (${fixed.length})` : `Fix all auto-fixable Rollout Lens problems (${fixed.length})`,
    kind: rule ? 'quickfix' : FIX_ALL_KIND,
    edits,
    findings: fixed,
  };
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

/** Applies non-overlapping edits to a text (last first, so offsets stay valid). */
export function applyEdits(text: string, edits: readonly { span: Span; newText: string }[]): string {
  // Last first so offsets stay valid; insertions at one point keep their order.
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span[0] - a.e.span[0] || b.e.span[1] - a.e.span[1] || b.i - a.i);
  let out = text;
  for (const { e } of sorted) out = out.slice(0, e.span[0]) + e.newText + out.slice(e.span[1]);
  return out;
}
