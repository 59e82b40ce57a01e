/**
 * Text edits for quick fixes, computed from the YAML AST with offsets: insert a key into a
 * block or flow mapping at the indentation of its other keys, append a sequence item, replace a
 * value, remove a pair, append a document. Rules put the results in `Finding.data.fixes`.
 */
import { isMap, isScalar, isSeq, stringify } from 'yaml';
import type { YAMLMap, YAMLSeq } from 'yaml';
import type { Span } from '../../../shared/src/manifest';
import { pairOf, spanOf } from '../../../shared/src/yamlPath';

export interface EditData {
  /** Another file than the finding's; absent for the same file. */
  readonly uri?: string;
  readonly span: Span;
  readonly newText: string;
}

export interface FixData {
  readonly title: string;
  readonly edits: readonly EditData[];
  /** Safe to apply together with the other fixes of the rule in a file ("fix all"). */
  readonly fixAll?: boolean;
  readonly preferred?: boolean;
}

export interface FixableData {
  readonly fixes: readonly FixData[];
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** Column of a node start (its indentation when it opens a line or follows `- `). */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Block YAML lines for `{ [key]: value }` (two-space indentation, sequences indented). */
export function yamlLines(value: unknown): string[] {
  return stringify(value, { indentSeq: true, lineWidth: 0 }).replace(/\n$/, '').split('\n');
}

function lastContentEnd(text: string, node: { range?: number[] | null } | null | undefined): number | undefined {
  const end = node?.range?.[1];
  if (end === undefined) return undefined;
  let i = end;
  while (i > 0 && /\s/.test(text[i - 1] as string)) i--;
  return i;
}

/** Inserts `key: value` into `map`: before the key `before` when given and present, else after the last key. */
export function insertInMap(
  text: string,
  map: unknown,
  key: string,
  value: unknown,
  before?: string,
): EditData | undefined {
  if (!isMap(map)) return undefined;
  const range = (map as YAMLMap).range;
  if (!range) return undefined;
  if ((map as YAMLMap).flow) {
    const close = lastContentEnd(text, map as YAMLMap);
    if (close === undefined || text[close - 1] !== '}') return undefined;
    const empty = (map as YAMLMap).items.length === 0;
    return { span: [close - 1, close - 1], newText: `${empty ? '' : ', '}${key}: ${JSON.stringify(value)}` };
  }
  const first = (map as YAMLMap).items[0];
  const firstKey = spanOf(first?.key);
  if (!firstKey) return undefined;
  const indent = ' '.repeat(columnOf(text, firstKey[0]));
  const lines = yamlLines({ [key]: value });
  const eol = eolOf(text);
  const anchor = before ? spanOf(pairOf(map, before)?.key) : undefined;
  if (anchor && /^\s*$/.test(text.slice(lineStartOf(text, anchor[0]), anchor[0]))) {
    const at = lineStartOf(text, anchor[0]);
    return { span: [at, at], newText: lines.map((l) => indent + l + eol).join('') };
  }
  const last = (map as YAMLMap).items[(map as YAMLMap).items.length - 1];
  const end = Math.max(lastContentEnd(text, last?.value as never) ?? 0, spanOf(last?.key)?.[1] ?? 0);
  const at = lineEndOf(text, end);
  return { span: [at, at], newText: lines.map((l) => eol + indent + l).join('') };
}

/** Appends an item to a block sequence, or to a flow sequence. */
export function appendToSeq(text: string, seq: unknown, item: unknown): EditData | undefined {
  if (!isSeq(seq)) return undefined;
  const s = seq as YAMLSeq;
  if (s.flow) {
    const close = lastContentEnd(text, s);
    if (close === undefined || text[close - 1] !== ']') return undefined;
    return { span: [close - 1, close - 1], newText: `${s.items.length ? ', ' : ''}${JSON.stringify(item)}` };
  }
  const firstItem = spanOf(s.items[0]);
  if (!firstItem) return undefined;
  // The `- ` marker precedes the first item's content.
  const dash = text.lastIndexOf('-', firstItem[0]);
  const indent = ' '.repeat(columnOf(text, dash));
  const end = lastContentEnd(text, s.items[s.items.length - 1] as never) ?? firstItem[1];
  const at = lineEndOf(text, end);
  const eol = eolOf(text);
  return {
    span: [at, at],
    newText: yamlLines([item])
      .map((l) => eol + indent + l)
      .join(''),
  };
}

/** Replaces a scalar node's text. */
export function replaceNode(node: unknown, newText: string): EditData | undefined {
  const span = spanOf(node);
  return span ? { span, newText } : undefined;
}

/** Replaces the value of `key` in `map` (a scalar or empty value) with a scalar. */
export function setScalar(
  text: string,
  map: unknown,
  key: string,
  value: string | number,
  before?: string,
): EditData | undefined {
  const pair = pairOf(map, key);
  if (!pair) return insertInMap(text, map, key, value, before);
  const rendered = typeof value === 'number' ? String(value) : (yamlLines(value)[0] ?? JSON.stringify(value));
  if (isScalar(pair.value)) return replaceNode(pair.value, rendered);
  const k = spanOf(pair.key);
  if (!k || (pair.value !== null && pair.value !== undefined)) return undefined;
  return { span: [k[1], lineEndOf(text, k[1])], newText: `: ${rendered}` };
}

/** Removes the whole lines of a block-map pair (key through the end of its value). */
export function removePair(text: string, map: unknown, key: string): EditData | undefined {
  if (!isMap(map) || (map as YAMLMap).flow) return undefined;
  const pair = pairOf(map, key);
  const k = spanOf(pair?.key);
  if (!k) return undefined;
  const start = lineStartOf(text, k[0]);
  if (!/^\s*$/.test(text.slice(start, k[0]))) return undefined; // shares its line with a `- ` marker
  const end = Math.max(lastContentEnd(text, pair?.value as never) ?? k[1], k[1]);
  let stop = lineEndOf(text, end);
  if (text[stop] === '\r') stop++;
  if (text[stop] === '\n') stop++;
  return { span: [start, stop], newText: '' };
}

/** Appends a new YAML document at the end of the file. */
export function appendDocument(text: string, value: unknown): EditData {
  const eol = eolOf(text);
  const sep = text === '' || text.endsWith('\n') ? '' : eol;
  return { span: [text.length, text.length], newText: `${sep}---${eol}${yamlLines(value).join(eol)}${eol}` };
}
