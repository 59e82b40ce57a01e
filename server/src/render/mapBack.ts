/**
 * Mapping a finding on a rendered object back to the source the user edits (pure). A finding's span
 * in the rendered text gives a field path; the path is looked up, last writer first, in the patches
 * that apply to the object (strategic-merge patches and JSON 6902 operations, files or inline), then
 * in the resource file Kustomize's origin annotation names. Lists of named items (containers, ports,
 * volumes, env) are matched by `name`, since patches merge them by name, not by position.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { Span } from '../../../shared/src/manifest';
import { spanOf } from '../../../shared/src/yamlPath';

/** A path segment: a map key, or a list item by index and (when it has one) by `name`. */
export type Seg = string | { readonly index: number; readonly name?: string };

export interface FieldPath {
  readonly segs: readonly Seg[];
  /** The finding covers the key of the last segment rather than its value. */
  readonly onKey: boolean;
}

/** The field path at `offset` inside `root` (an object's mapping node). */
export function fieldPathAt(root: Node, span: Span): FieldPath {
  const segs: Seg[] = [];
  let onKey = false;
  let cur: unknown = root;
  const within = (n: unknown) => {
    const s = spanOf(n);
    return s !== undefined && s[0] <= span[0] && span[0] < Math.max(s[1], s[0] + 1);
  };
  for (;;) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => within(p.key) || within(p.value));
      if (!pair || !isScalar(pair.key)) break;
      segs.push(String(pair.key.value));
      if (within(pair.key)) {
        onKey = true;
        break;
      }
      cur = pair.value;
    } else if (isSeq(cur)) {
      const index = cur.items.findIndex((i) => within(i));
      if (index < 0) break;
      const item = cur.items[index];
      const name = isMap(item) ? item.get('name') : undefined;
      segs.push(typeof name === 'string' ? { index, name } : { index });
      cur = item;
    } else break;
  }
  return { segs, onKey };
}

export interface Located {
  /** Span of the key or value the user edits. */
  readonly span: Span;
  /** The whole path was found (false: an ancestor, the field itself is set by no source). */
  readonly exact: boolean;
}

/** Where `path` is written inside `node`; the deepest ancestor found when `partial`. */
export function locate(node: unknown, path: FieldPath, partial: boolean): Located | undefined {
  let cur: unknown = node;
  let lastKey: Span | undefined;
  for (const [i, seg] of path.segs.entries()) {
    let next: unknown;
    let keySpan: Span | undefined;
    if (typeof seg === 'string') {
      if (!isMap(cur)) return fallback();
      const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return fallback();
      next = pair.value;
      keySpan = spanOf(pair.key);
    } else {
      if (!isSeq(cur)) return fallback();
      next =
        seg.name !== undefined
          ? cur.items.find((it) => isMap(it) && it.get('name') === seg.name)
          : cur.items[seg.index];
      if (next === undefined) return fallback();
      keySpan = spanOf(next);
    }
    const last = i === path.segs.length - 1;
    if (last) {
      const valueSpan = spanOf(next);
      const useValue = !path.onKey && isScalar(next) && valueSpan;
      const span = useValue ? valueSpan : (keySpan ?? valueSpan);
      return span ? { span, exact: true } : fallback();
    }
    lastKey = keySpan ?? lastKey;
    cur = next;
  }
  return path.segs.length === 0 && spanOf(node) ? { span: spanOf(node) as Span, exact: true } : fallback();
  function fallback(): Located | undefined {
    return partial && lastKey ? { span: lastKey, exact: false } : undefined;
  }
}

/** A JSON pointer (`/spec/template/spec/containers/0/image`) as segments. */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Where a JSON 6902 operation (`add`/`replace` with a `value`) writes `path`: the operation's value node,
 * or the node inside it. `ops` is the operations' list node.
 */
export function locateInJsonPatch(ops: unknown, path: FieldPath): Located | undefined {
  if (!isSeq(ops)) return undefined;
  let found: Located | undefined;
  for (const op of ops.items) {
    if (!isMap(op)) continue;
    const kind = op.get('op');
    const pointer = op.get('path');
    if ((kind !== 'add' && kind !== 'replace') || typeof pointer !== 'string') continue;
    const ptr = pointerSegments(pointer);
    if (ptr.length > path.segs.length) continue;
    const matches = ptr.every((p, i) => {
      const seg = path.segs[i] as Seg;
      return typeof seg === 'string' ? p === seg : p === String(seg.index) || p === '-';
    });
    if (!matches) continue;
    const valuePair = op.items.find((p) => isScalar(p.key) && p.key.value === 'value');
    if (!isPair(valuePair)) continue;
    const rest: FieldPath = { segs: path.segs.slice(ptr.length), onKey: path.onKey };
    const at =
      rest.segs.length === 0
        ? valueOrKey(valuePair.value, valuePair.key, path.onKey)
        : locate(valuePair.value, rest, false);
    if (at) found = at; // the last operation writing the path wins
  }
  return found;
}

function valueOrKey(value: unknown, key: unknown, onKey: boolean): Located | undefined {
  const span = (!onKey && isScalar(value) ? spanOf(value) : undefined) ?? spanOf(key);
  return span ? { span, exact: true } : undefined;
}

/** The object maps of a YAML text (every document; `List` items included), for patches and sources. */
export function objectNodes(text: string): SourceObject[] {
  return objectNodesOf(parseAllDocuments(text, { uniqueKeys: false }));
}

export interface SourceObject {
  readonly kind?: string;
  readonly name?: string;
  readonly node: YAMLMap;
}

export function objectNodesOf(docs: ReturnType<typeof parseAllDocuments>): SourceObject[] {
  const out: SourceObject[] = [];
  for (const doc of docs) {
    if (!('contents' in doc)) continue;
    const root = doc.contents;
    const items =
      isMap(root) && root.get('kind') === 'List' && isSeq(root.get('items'))
        ? (root.get('items') as { items: unknown[] }).items
        : [root];
    for (const node of items) {
      if (!isMap(node)) continue;
      const kind = node.get('kind');
      const meta = node.get('metadata');
      const name = isMap(meta) ? meta.get('name') : undefined;
      out.push({ ...(typeof kind === 'string' ? { kind } : {}), ...(typeof name === 'string' ? { name } : {}), node });
    }
  }
  return out;
}

/**
 * Offsets of an inline patch's value (a block scalar `|`/`|-` in the kustomization) back to the
 * kustomization's text: line i of the value is line i+1 of the scalar's source, minus its indentation.
 */
export function blockScalarMapper(scalar: Scalar, text: string): ((offset: number) => number) | undefined {
  if (scalar.type !== Scalar.BLOCK_LITERAL || !scalar.range) return undefined;
  const value = String(scalar.value);
  const start = scalar.range[0];
  const lineStarts: number[] = [];
  let at = text.indexOf('\n', start);
  const end = scalar.range[1];
  while (at >= 0 && at < end) {
    lineStarts.push(at + 1);
    at = text.indexOf('\n', at + 1);
  }
  const first = lineStarts[0];
  if (first === undefined) return undefined;
  const indent = /^ */.exec(text.slice(first))?.[0].length ?? 0;
  const valueLineStarts = [0];
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) valueLineStarts.push(i + 1);
  return (offset: number) => {
    let line = 0;
    while (line + 1 < valueLineStarts.length && (valueLineStarts[line + 1] as number) <= offset) line++;
    const col = offset - (valueLineStarts[line] as number);
    return (lineStarts[line] ?? end) + indent + col;
  };
}
