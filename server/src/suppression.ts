/**
 * Suppressions: comment directives and kube-linter annotations that silence findings.
 *
 * - `# rollout-lens-disable-next-line <rule>[, <rule>…] [-- reason]`: the next line that is not blank or a comment.
 * - `# rollout-lens-disable <rule>[, <rule>…] [-- reason]`: from the comment to the end of its YAML document.
 * - `metadata.annotations` `ignore-check.kube-linter.io/<check>` (for the checks that map to ours) and
 *   `kube-linter.io/ignore-all`: the whole object, as kube-linter reads them.
 *
 * Without rule ids a directive silences every rule. A directive that silences nothing is
 * reported as `unused-suppression` (annotations are not: they also serve kube-linter).
 */
import { isMap, isScalar, visit } from 'yaml';
import { isEagerKind, manifestIncludes } from '../../shared/src/manifest';
import type { K8sObject, Span } from '../../shared/src/manifest';
import { mapAt, spanOf } from '../../shared/src/yamlPath';
import type { Finding } from './rules/types';
import type { IndexedFile } from './workspace';

export const UNUSED_SUPPRESSION = 'unused-suppression';

/** kube-linter check → our rule. */
export const KUBE_LINTER_CHECKS: Readonly<Record<string, string>> = {
  'mismatching-selector': 'selector-mismatch',
  'dangling-service': 'service-selector-no-match',
  'no-readiness-probe': 'missing-readiness-probe',
  'no-extensions-v1beta': 'removed-api-version',
  'latest-tag': 'image-mutable-tag',
  'dangling-horizontalpodautoscaler': 'hpa-target-missing',
  'pdb-max-unavailable': 'pdb-blocks-eviction',
  'pdb-min-available': 'pdb-blocks-eviction',
};

export interface Suppression {
  readonly kind: 'next-line' | 'document' | 'annotation';
  /** Rule ids; empty means every rule. */
  readonly rules: readonly string[];
  /** The directive's comment (or the annotation key). */
  readonly span: Span;
  /** The range of text it covers. */
  readonly covers: Span;
  readonly reason?: string;
}

const DIRECTIVE = /(^|\s)#\s*rollout-lens-(disable-next-line|disable)(?=\s|$)(.*)$/;

function lineSpans(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (i === text.length || c === '\n' || c === '\r') {
      out.push([start, i]);
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  return out;
}

function parseRules(rest: string): { rules: string[]; reason?: string } {
  const [ids = '', ...reason] = rest.split(/\s--\s?|^--\s?/);
  const rules = ids.split(/[\s,]+/).filter((r) => r !== '');
  const why = reason.join(' -- ').trim();
  return why ? { rules, reason: why } : { rules };
}

export function findSuppressions(file: IndexedFile): Suppression[] {
  // Splitting megabytes into lines on every keystroke costs more than one search for the directive,
  // and that search is memoized per YAML document (a keystroke searches the edited one).
  const directives = manifestIncludes(file.manifest, 'rollout-lens-disable');
  const text = directives ? file.text : '';
  const lines = directives ? lineSpans(text) : [];
  const out: Suppression[] = [];
  // For each line, the next line that is code (not blank, not a comment) and the next document
  // marker: one backward pass each, so 40k directives cost 40k lookups, not 40k scans.
  let nextCode: Int32Array | undefined;
  let nextMarker: Int32Array | undefined;
  const after = (test: (line: string) => boolean): Int32Array => {
    const next = new Int32Array(lines.length + 1).fill(lines.length);
    for (let j = lines.length - 1; j >= 0; j--)
      next[j] = test(text.slice(...(lines[j] as Span))) ? j : (next[j + 1] as number);
    return next;
  };
  lines.forEach(([s, e], i) => {
    const lineText = text.slice(s, e);
    if (!lineText.includes('rollout-lens-disable')) return;
    const m = DIRECTIVE.exec(lineText);
    if (!m) return;
    const hash = s + (m.index ?? 0) + (m[1] as string).length;
    if (!isComment(file, hash)) return;
    const { rules, reason } = parseRules((m[3] as string).trim());
    const span: Span = [hash, e];
    if (m[2] === 'disable-next-line') {
      nextCode ??= after((line) => !/^\s*(#.*)?$/.test(line));
      const target = lines[nextCode[i + 1] as number];
      if (target) out.push({ kind: 'next-line', rules, span, covers: target, ...(reason ? { reason } : {}) });
      else out.push({ kind: 'next-line', rules, span, covers: [e, e], ...(reason ? { reason } : {}) });
    } else {
      nextMarker ??= after((line) => /^(---|\.\.\.)(\s|$)/.test(line));
      const end = lines[nextMarker[i + 1] as number]?.[0] ?? text.length;
      out.push({ kind: 'document', rules, span, covers: [s, end], ...(reason ? { reason } : {}) });
    }
  });
  for (const o of file.manifest.objects) {
    if (!isEagerKind(o.kind)) continue; // not checked, so nothing to silence; stays unparsed (manifest.ts)
    for (const a of annotationSuppressions(o)) out.push(a);
  }
  return out;
}

/**
 * The annotation suppressions of an object, memoized by its value with spans relative to its start:
 * a keystroke reads the nodes of the edited document only (manifest.ts reuses the others' values).
 */
const byValue = new WeakMap<object, { readonly at: number; readonly found: readonly Suppression[] }>();

function annotationSuppressions(o: K8sObject): readonly Suppression[] {
  const value = o.value;
  const key = typeof value === 'object' && value !== null ? value : undefined;
  const earlier = key && byValue.get(key);
  const at = o.span[0];
  if (earlier) {
    const d = at - earlier.at;
    if (d === 0) return earlier.found;
    const move = (s: Span): Span => [s[0] + d, s[1] + d];
    return earlier.found.map((x) => ({ ...x, span: move(x.span), covers: move(x.covers) }));
  }
  const found = readAnnotations(o);
  if (key) byValue.set(key, { at, found });
  return found;
}

function readAnnotations(o: K8sObject): Suppression[] {
  const out: Suppression[] = [];
  const annotations = mapAt(o.node, ['metadata', 'annotations']);
  if (!isMap(annotations)) return out;
  for (const pair of annotations.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const key = pair.key.value;
    const span = spanOf(pair.key);
    if (!span) continue;
    const reason = isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value : undefined;
    let rules: string[] | undefined;
    if (key === 'kube-linter.io/ignore-all') rules = [];
    else if (key.startsWith('ignore-check.kube-linter.io/')) {
      const ours = KUBE_LINTER_CHECKS[key.slice('ignore-check.kube-linter.io/'.length)];
      if (ours) rules = [ours];
    }
    if (rules) out.push({ kind: 'annotation', rules, span, covers: o.span, ...(reason ? { reason } : {}) });
  }
  return out;
}

/**
 * True when the `#` at `hash` is a comment: not inside any scalar of the parsed document there
 * (a block scalar holding a shell script, a quoted string). Decided by the YAML AST's ranges.
 */
function isComment(file: IndexedFile, hash: number): boolean {
  const doc = file.manifest.documents.find((d) => d.span[0] <= hash && hash <= d.span[1]);
  if (!doc) return true;
  let inside = false;
  visit(doc.doc, {
    Scalar(_key, node) {
      const r = node.range;
      if (r && r[0] <= hash && hash < r[1]) {
        inside = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return !inside;
}

export interface SuppressionResult<F extends Finding> {
  readonly kept: F[];
  readonly suppressed: F[];
  /** Comment directives that silenced nothing. */
  readonly unused: Suppression[];
}

export function applySuppressions<F extends Finding>(
  findings: readonly F[],
  suppressions: readonly Suppression[],
): SuppressionResult<F> {
  const kept: F[] = [];
  const suppressed: F[] = [];
  // Directives grouped by kind and by the end of what they cover: every `disable` of a document
  // covers up to the same end, every `disable-next-line` before a line covers that line. Groups of
  // one kind do not overlap, so a finding looks at one or two groups per kind (binary search)
  // instead of testing every directive (40k comments × findings).
  interface Group {
    readonly list: Suppression[];
    /** Rule → the latest start of a finding of it that the group suppressed. */
    readonly reached: Map<string, number>;
    /** Rule ('' for directives without rules) → where the first directive for it starts covering. */
    readonly from: Map<string, number>;
  }
  const kinds = new Map<string, Map<number, Group>>();
  for (const s of suppressions) {
    let byEnd = kinds.get(s.kind);
    if (!byEnd) kinds.set(s.kind, (byEnd = new Map()));
    const end = Math.max(s.covers[1], s.covers[0]);
    const group = byEnd.get(end);
    if (group) group.list.push(s);
    else byEnd.set(end, { list: [s], reached: new Map(), from: new Map() });
  }
  const sorted = [...kinds.values()].map((byEnd) => {
    for (const g of byEnd.values()) {
      for (const s of g.list)
        for (const r of s.rules.length ? s.rules : [''])
          g.from.set(r, Math.min(g.from.get(r) ?? Infinity, s.covers[0]));
    }
    const ends = [...byEnd.keys()].sort((a, b) => a - b);
    return { ends, groups: ends.map((e) => byEnd.get(e) as Group) };
  });
  for (const f of findings) {
    const start = f.span[0];
    let hit = false;
    for (const { ends, groups } of sorted) {
      const first = firstAtLeast(ends, start);
      for (let g = first; g < Math.min(groups.length, first + 2); g++) {
        const group = groups[g] as Group;
        if (Math.min(group.from.get('') ?? Infinity, group.from.get(f.rule) ?? Infinity) > start) continue;
        hit = true;
        group.reached.set(f.rule, Math.max(group.reached.get(f.rule) ?? -1, start));
      }
    }
    (hit ? suppressed : kept).push(f);
  }
  const used = new Set<Suppression>();
  for (const { groups } of sorted) {
    for (const { list, reached } of groups) {
      if (reached.size === 0) continue;
      for (const s of list) {
        const rules = s.rules.length ? s.rules : [...reached.keys()];
        if (rules.some((r) => (reached.get(r) ?? -1) >= s.covers[0])) used.add(s);
      }
    }
  }
  return { kept, suppressed, unused: suppressions.filter((s) => s.kind !== 'annotation' && !used.has(s)) };
}

/** Index of the first element of the ascending `values` at least `x`. */
function firstAtLeast(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The finding for a directive that silenced nothing, with a fix that removes it. */
export function unusedSuppressionFinding(s: Suppression, text: string, knownRules: ReadonlySet<string>): Finding {
  const unknown = s.rules.filter((r) => !knownRules.has(r));
  const what = s.rules.length ? s.rules.join(', ') : 'all rules';
  const message = unknown.length
    ? `Unknown rule ${unknown.map((r) => `"${r}"`).join(', ')} in this rollout-lens suppression: it silences nothing. Check the rule id (see docs/rules/).`
    : `This suppression of ${what} silences nothing${s.kind === 'next-line' ? ' on the next line' : ' in the rest of the document'}: the finding it was for is gone (or the rule is off). Remove the comment.`;
  // Remove the whole line when the comment is alone on it, else just the comment.
  let start = s.span[0];
  let lineStart = start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  let end = s.span[1];
  if (/^\s*$/.test(text.slice(lineStart, start))) {
    start = lineStart;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
  } else {
    while (start > lineStart && /\s/.test(text[start - 1] as string)) start--;
  }
  return {
    rule: UNUSED_SUPPRESSION,
    span: s.span,
    message,
    data: {
      fixes: [
        {
          title: 'Remove the unused suppression',
          edits: [{ span: [start, end], newText: '' }],
          fixAll: true,
          preferred: true,
        },
      ],
    },
  };
}
