/**
 * Mapping a field path of a rendered Helm object back to the template line producing it (pure).
 * Templates are not YAML, so the template is read as lines: whole-line actions (`{{- if … }}`,
 * `{{- end }}`) are skipped, a key is found at the depth below its parent's key, and where a key
 * is missing the block's values-driven line (`{{- toYaml .Values.x | nindent 4 }}`) produces it.
 */
import type { Span } from '../../../shared/src/manifest';
import type { FieldPath } from './mapBack';

export interface TemplatePlace {
  readonly span: Span;
  /** The value feeding a values-driven line (`.Values.strategy`), when the key comes from one. */
  readonly feed?: string;
}

interface Line {
  readonly start: number;
  readonly text: string;
  /** Column of the key (after `- ` for a list item's first key); -1 for blank/comment/action lines. */
  readonly indent: number;
  readonly key?: string;
  readonly item: boolean;
  /** A whole-line action producing YAML (toYaml, include, tpl). */
  readonly produces: boolean;
  readonly action: boolean;
}

const ACTION = /^\s*\{\{.*\}\}\s*$/;
const PRODUCES = /\b(toYaml|include|tpl|toJson)\b|\.Values\b/;

function readLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const t = raw.replace(/\r$/, '');
    const action = ACTION.test(t);
    const m = /^(\s*)(- )?([A-Za-z0-9_./-]+|"[^"]*"|'[^']*'):(\s|$)/.exec(t);
    const blank = t.trim() === '' || t.trim().startsWith('#');
    const indent =
      action || blank
        ? -1
        : m
          ? (m[1] as string).length + (m[2] ? 2 : 0)
          : (/^\s*/.exec(t) as RegExpExecArray)[0].length;
    const key = !action && m ? (m[3] as string).replace(/^["']|["']$/g, '') : undefined;
    out.push({
      start,
      text: t,
      indent,
      ...(key !== undefined ? { key } : {}),
      item: !action && /^\s*- /.test(t),
      produces: action && PRODUCES.test(t),
      action,
    });
    start += raw.length + 1;
  }
  return out;
}

/** The lines of the document (between `---` markers) declaring `kind`, else of the whole template. */
function documentOf(lines: readonly Line[], kind: string): [number, number] {
  let from = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || /^---/.test((lines[i] as Line).text)) {
      if (
        lines
          .slice(from, i)
          .some(
            (l) => l.indent === 0 && l.key === 'kind' && new RegExp(`^kind:\\s*["']?${kind}["']?\\s*$`).test(l.text),
          )
      )
        return [from, i];
      from = i + 1;
    }
  }
  return [0, lines.length];
}

/**
 * Where a rendered `kind` object sits in its template: the `kind:` key of the template document declaring it, to the
 * end of that document (the CodeLens goes on the key, the cursor anywhere below it selects the object). Undefined
 * when no line of the template declares the kind (it comes from a value or a helper).
 */
export function templateKindSpan(template: string, kind: string): Span | undefined {
  const lines = readLines(template);
  const [from, to] = documentOf(lines, kind);
  const at = lines.slice(from, to).find((l) => l.indent === 0 && l.key === 'kind');
  if (!at || !new RegExp(`^kind:\\s*["']?${kind}["']?\\s*$`).test(at.text)) return undefined;
  const end = to < lines.length ? (lines[to] as Line).start : template.length;
  return [at.start, Math.max(at.start, end)];
}

export function templatePlace(template: string, kind: string, path: FieldPath): TemplatePlace | undefined {
  const lines = readLines(template);
  let [from, to] = documentOf(lines, kind);
  let parentIndent = -1;
  let last: Line | undefined;
  for (const seg of path.segs) {
    // The depth of the block's keys: the first key line below the parent.
    const first = lines.slice(from, to).find((l) => l.indent > parentIndent);
    if (!first) return feedOrLast(lines, from, to, parentIndent, last);
    const depth = first.indent;
    let found: number | undefined;
    if (typeof seg === 'string') {
      for (let i = from; i < to; i++) {
        const l = lines[i] as Line;
        if (l.indent >= 0 && l.indent < depth) break;
        if (l.indent === depth && l.key === seg) {
          found = i;
          break;
        }
      }
    } else {
      let n = -1;
      for (let i = from; i < to; i++) {
        const l = lines[i] as Line;
        if (l.indent >= 0 && l.indent < depth) break;
        if (l.item && l.indent === depth) {
          n++;
          found = i; // past the last item (a range loop): its last one
          if (n === seg.index) break;
        }
      }
      if (found !== undefined) {
        // The item's own keys sit at its depth: the block starts at the item line itself.
        last = lines[found];
        from = found;
        to = blockEnd(lines, found, to, depth - 1);
        parentIndent = depth - 1;
        continue;
      }
    }
    if (found === undefined) return feedOrLast(lines, from, to, parentIndent, last);
    last = lines[found] as Line;
    to = blockEnd(lines, found, to, depth);
    from = found + 1;
    parentIndent = depth;
  }
  if (!last) return undefined;
  const feed = /\{\{.*?(\.Values(\.[A-Za-z0-9_]+)+)/.exec(last.text)?.[1];
  return { span: keyOrValue(last, path.onKey), ...(feed ? { feed } : {}) };
}

function blockEnd(lines: readonly Line[], at: number, to: number, indent: number): number {
  for (let i = at + 1; i < to; i++) {
    const l = lines[i] as Line;
    if (l.indent >= 0 && l.indent <= indent && !(l.item && l.indent === indent + 0 && i === at)) return i;
  }
  return to;
}

/** A key no template line writes: the block's values-driven line, else the parent key. */
function feedOrLast(
  lines: readonly Line[],
  from: number,
  to: number,
  parentIndent: number,
  last: Line | undefined,
): TemplatePlace | undefined {
  for (let i = from; i < to; i++) {
    const l = lines[i] as Line;
    if (l.indent >= 0 && l.indent <= parentIndent) break;
    if (l.produces) {
      const lead = (/^\s*/.exec(l.text) as RegExpExecArray)[0].length;
      const feed = feedOf(l.text, lines, i);
      return { span: [l.start + lead, l.start + l.text.trimEnd().length], ...(feed ? { feed } : {}) };
    }
  }
  return last ? { span: keyOrValue(last, true) } : undefined;
}

/** The value behind a line: `.Values.x` on it, or the `with .Values.x` around it for `toYaml .`. */
function feedOf(text: string, lines: readonly Line[], at: number): string | undefined {
  const direct = /\.Values(\.[A-Za-z0-9_]+)+/.exec(text);
  if (direct) return direct[0];
  for (let i = at - 1; i >= 0; i--) {
    const w = /\{\{-?\s*(with|range)\s+(.*?)\s*-?\}\}/.exec((lines[i] as Line).text);
    if (w) return /\.Values(\.[A-Za-z0-9_]+)+/.exec(w[2] as string)?.[0];
  }
  return undefined;
}

function keyOrValue(l: Line, onKey: boolean): Span {
  const keyStart = l.start + (/^(\s*)(- )?/.exec(l.text) as RegExpExecArray)[0].length;
  const colon = l.text.indexOf(':', keyStart - l.start);
  const value = l.text.slice(colon + 1).trim();
  if (!onKey && value) {
    const at = l.text.indexOf(value, colon + 1);
    return [l.start + at, l.start + at + value.length];
  }
  return [keyStart, l.start + colon];
}
