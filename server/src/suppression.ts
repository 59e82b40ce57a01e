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
import { isEagerKind } from '../../shared/src/manifest';
import type { Span } from '../../shared/src/manifest';
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
  const text = file.text;
  // Splitting megabytes into lines on every keystroke costs more than one search for the directive.
  const lines = text.includes('rollout-lens-disable') ? lineSpans(text) : [];
  const out: Suppression[] = [];
  lines.forEach(([s, e], i) => {
    const lineText = text.slice(s, e);
    const m = DIRECTIVE.exec(lineText);
    if (!m) return;
    const hash = s + (m.index ?? 0) + (m[1] as string).length;
    if (!isComment(file, hash)) return;
    const { rules, reason } = parseRules((m[3] as string).trim());
    const span: Span = [hash, e];
    if (m[2] === 'disable-next-line') {
      let j = i + 1;
      while (j < lines.length && /^\s*(#.*)?$/.test(text.slice(...(lines[j] as Span)))) j++;
      const target = lines[j];
      if (target) out.push({ kind: 'next-line', rules, span, covers: target, ...(reason ? { reason } : {}) });
      else out.push({ kind: 'next-line', rules, span, covers: [e, e], ...(reason ? { reason } : {}) });
    } else {
      let j = i + 1;
      while (j < lines.length && !/^(---|\.\.\.)(\s|$)/.test(text.slice(...(lines[j] as Span)))) j++;
      const end = lines[j]?.[0] ?? text.length;
      out.push({ kind: 'document', rules, span, covers: [s, end], ...(reason ? { reason } : {}) });
    }
  });
  for (const o of file.manifest.objects) {
    if (!isEagerKind(o.kind)) continue; // not checked, so nothing to silence; stays unparsed (manifest.ts)
    const annotations = mapAt(o.node, ['metadata', 'annotations']);
    if (!isMap(annotations)) continue;
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

function covers(s: Suppression, f: Finding): boolean {
  const start = f.span[0];
  return (s.rules.length === 0 || s.rules.includes(f.rule)) && start >= s.covers[0] && start <= Math.max(s.covers[1], s.covers[0]);
}

export interface SuppressionResult<F extends Finding> {
  readonly kept: F[];
  readonly suppressed: F[];
  /** Comment directives that silenced nothing. */
  readonly unused: Suppression[];
}

export function applySuppressions<F extends Finding>(findings: readonly F[], suppressions: readonly Suppression[]): SuppressionResult<F> {
  const used = new Set<Suppression>();
  const kept: F[] = [];
  const suppressed: F[] = [];
  for (const f of findings) {
    const by = suppressions.filter((s) => covers(s, f));
    by.forEach((s) => used.add(s));
    (by.length ? suppressed : kept).push(f);
  }
  return { kept, suppressed, unused: suppressions.filter((s) => s.kind !== 'annotation' && !used.has(s)) };
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
    data: { fixes: [{ title: 'Remove the unused suppression', edits: [{ span: [start, end], newText: '' }], fixAll: true, preferred: true }] },
  };
}
