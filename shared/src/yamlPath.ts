/** Navigation in the `yaml` AST that keeps source positions: keys, values and their spans. */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Span } from './manifest';

export type PathSegment = string | number;

/** The pair of `map` whose key is the plain/quoted scalar `key`. */
export function pairOf(map: unknown, key: string): Pair<Scalar, unknown> | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (isScalar(item.key) && item.key.value === key) return item as Pair<Scalar, unknown>;
  }
  return undefined;
}

export function valueOf(map: unknown, key: string): Node | undefined {
  const v = pairOf(map, key)?.value;
  return v === null || v === undefined ? undefined : (v as Node);
}

export function getIn(node: unknown, path: readonly PathSegment[]): Node | undefined {
  let cur: unknown = node;
  for (const seg of path) {
    if (typeof seg === 'number') cur = isSeq(cur) ? cur.items[seg] : undefined;
    else cur = valueOf(cur, seg);
    if (cur === undefined || cur === null) return undefined;
  }
  return cur as Node;
}

export function mapAt(node: unknown, path: readonly PathSegment[]): YAMLMap | undefined {
  const n = getIn(node, path);
  return isMap(n) ? n : undefined;
}

export function seqAt(node: unknown, path: readonly PathSegment[]): YAMLSeq | undefined {
  const n = getIn(node, path);
  return isSeq(n) ? n : undefined;
}

/** Span of a node's source text (without trailing comments). */
export function spanOf(node: unknown): Span | undefined {
  const range = (node as { range?: number[] } | undefined)?.range;
  if (!range) return undefined;
  return [range[0] as number, (range[1] ?? range[0]) as number];
}

/** Span of the key `key` in `map`. */
export function keySpan(map: unknown, key: string): Span | undefined {
  return spanOf(pairOf(map, key)?.key);
}

/** Span of the value of `key` in `map`, or of the key when the value is empty. */
export function valueSpan(map: unknown, key: string): Span | undefined {
  const pair = pairOf(map, key);
  return spanOf(pair?.value) ?? spanOf(pair?.key);
}

/** Scalar value at a node, if it is a scalar. */
export function scalarValue(node: unknown): unknown {
  return isScalar(node) ? node.value : undefined;
}

/**
 * Where `offset` is inside one of `objects`, as a field path (`spec.template.spec.containers[0].image`): keys by
 * name, sequence items by index; undefined outside every object. Independent of lines, so it identifies a finding
 * across edits that move it (SARIF partialFingerprints).
 */
export function fieldPathAt(
  objects: readonly { readonly node: unknown; readonly span: Span }[],
  offset: number,
): string | undefined {
  const object = objects.find((o) => o.span[0] <= offset && offset <= o.span[1]);
  if (!object) return undefined;
  const inside = (n: unknown) => {
    const r = (n as { range?: number[] } | null | undefined)?.range;
    return !!r && (r[0] as number) <= offset && offset < ((r[2] ?? r[1] ?? r[0]) as number);
  };
  let path = '';
  let cur: unknown = object.node;
  for (;;) {
    if (isMap(cur)) {
      const pair = cur.items.find((p) => inside(p.key) || inside(p.value));
      if (!pair) break;
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      path += path ? `.${key}` : key;
      if (!inside(pair.value)) break;
      cur = pair.value;
    } else if (isSeq(cur)) {
      const i = cur.items.findIndex((item) => inside(item));
      if (i < 0) break;
      path += `[${i}]`;
      cur = cur.items[i];
    } else break;
  }
  return path;
}
