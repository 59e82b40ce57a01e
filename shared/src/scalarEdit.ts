/**
 * The keystroke fast path of the manifest model: an edit that stays inside one scalar value and
 * cannot change the document's structure (typing in an image tag, a name, a label value) replaces
 * that scalar's node and shifts the ranges after it, instead of lexing, parsing and composing the
 * whole YAML document again (a 12 KB Deployment: ~4 ms and ~4 MB of garbage per keystroke).
 *
 * The result must equal a fresh parse of the edited text; when that cannot be decided cheaply the
 * edit is not taken (`undefined`) and the caller parses the document. Taken only when:
 * - the edited scalar is a map value or a sequence item (never a key: keys decide duplicates and
 *   merges), has no anchor, tag or line break, and is not at column 0 (document markers);
 * - it is plain or quoted, the edit is strictly inside it (after its first character, inside the
 *   quotes), and its new text is made of characters that cannot end it or start something else:
 *   no spaces, `#`, `,`, brackets or braces, quotes or backslashes; a plain scalar keeps a first
 *   character that is no indicator and ends in no `:` (in flow collections: no `:` at all);
 * - the new text, parsed alone with the same options (YAML 1.1 types: `yes`, `010`), is one scalar
 *   of the same style with no error. That node replaces the old one, so the value's type follows
 *   the text as in a fresh parse.
 *
 * Pure: no I/O.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, DocumentOptions, ParseOptions, Scalar, SchemaOptions } from 'yaml';

export interface ScalarEdit {
  /** File offsets of the edit: the old text between `start` and `oldEnd` became `inserted`. */
  readonly start: number;
  readonly oldEnd: number;
  readonly inserted: number;
}

/** Where the edited scalar sits: its parent's slot, and what the new scalar must be. */
interface Slot {
  readonly scalar: Scalar;
  readonly replace: (node: Scalar) => void;
  readonly inFlow: boolean;
  /** The key of the pair holding it (map values), for the keys the chunk scan decides on. */
  readonly key: unknown;
}

const PLAIN_FIRST = /^[A-Za-z0-9_./$~^()+=]/;
const PLAIN_BODY = /^[A-Za-z0-9_./$~^()+=@%:-]*$/;
const QUOTED_BODY = { QUOTE_DOUBLE: /^[^"\\\s\n\r]*$/, QUOTE_SINGLE: /^[^'\s\n\r]*$/ } as const;
/** Keys whose values the cheap chunk scan reads (a changed kind may defer the document). */
const SCANNED_KEYS = new Set(['kind', 'apiVersion']);

/**
 * Applies `edit` to `doc` (whose nodes are at file offsets) when it is a safe scalar edit: the new
 * scalar node replaces the old one and every range at or after `oldEnd` moves by the length change.
 * `newText(from, to)` reads the edited file text, `oldText(from, to)` the text before the edit.
 * Returns false, changing nothing, otherwise.
 */
export function applyScalarEdit(
  doc: Document.Parsed,
  edit: ScalarEdit,
  newText: (from: number, to: number) => string,
  oldText: (from: number, to: number) => string,
  options: ParseOptions & DocumentOptions & SchemaOptions,
): boolean {
  const slot = findSlot(doc.contents, edit.start, edit.oldEnd);
  if (!slot) return false;
  const { scalar } = slot;
  if (isScalar(slot.key) && SCANNED_KEYS.has(String(slot.key.value))) return false;
  if (scalar.anchor || scalar.tag) return false;
  const range = scalar.range as [number, number, number];
  const [s, e] = range;
  const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
  if (scalar.type !== 'PLAIN' && !quoted) return false;
  // Strictly inside: after the first character (or the opening quote), not past the closing quote.
  if (edit.start <= s || edit.oldEnd > (quoted ? e - 1 : e)) return false;
  if (s === 0 || /[\n\r]/.test(oldText(s - 1, s))) return false; // column 0: `---`/`...` territory
  const before = oldText(s, e);
  if (/[\n\r]/.test(before)) return false;
  const delta = edit.inserted - (edit.oldEnd - edit.start);
  const source = newText(s, e + delta);
  if (quoted) {
    const quote = scalar.type === 'QUOTE_DOUBLE' ? '"' : "'";
    if (source.length < 2 || source[0] !== quote || source[source.length - 1] !== quote) return false;
    if (!QUOTED_BODY[scalar.type as keyof typeof QUOTED_BODY].test(source.slice(1, -1))) return false;
  } else {
    if (!PLAIN_FIRST.test(source) || !PLAIN_BODY.test(source) || source.endsWith(':')) return false;
    if (slot.inFlow && source.includes(':')) return false;
  }
  const alone = parseDocument(source, options);
  const fresh = alone.contents;
  if (alone.errors.length > 0 || alone.warnings.length > 0 || !isScalar(fresh) || fresh.type !== scalar.type)
    return false;
  if ((fresh.range as number[])[1] !== source.length || fresh.comment || fresh.anchor || fresh.tag) return false;
  fresh.range = [s, e + delta, range[2] + delta];
  if (scalar.comment !== undefined) fresh.comment = scalar.comment;
  if (scalar.commentBefore !== undefined) fresh.commentBefore = scalar.commentBefore;
  if (scalar.spaceBefore !== undefined) fresh.spaceBefore = scalar.spaceBefore;
  slot.replace(fresh);
  if (delta !== 0) shiftFrom(doc, edit.oldEnd, delta, fresh);
  return true;
}

/** The scalar that holds the range [start, end], with the way to replace it; iterative descent. */
function findSlot(root: unknown, start: number, end: number): Slot | undefined {
  let node = root;
  let inFlow = false;
  const holds = (n: unknown) => {
    const r = (n as { range?: number[] } | null)?.range;
    return !!r && (r[0] as number) <= start && end <= (r[1] as number);
  };
  for (;;) {
    if (isMap(node)) {
      inFlow ||= !!node.flow;
      const map = node;
      const i = map.items.findIndex((p) => holds(p.value) || holds(p.key));
      const pair = map.items[i];
      if (!pair || holds(pair.key)) return undefined; // a key, or between entries
      if (isScalar(pair.value)) return { scalar: pair.value, inFlow, key: pair.key, replace: (n) => (pair.value = n) };
      node = pair.value;
    } else if (isSeq(node)) {
      inFlow ||= !!node.flow;
      const seq = node;
      const i = seq.items.findIndex(holds);
      const item = seq.items[i];
      if (item === undefined) return undefined;
      if (isScalar(item)) return { scalar: item, inFlow, key: undefined, replace: (n) => (seq.items[i] = n) };
      node = item;
    } else {
      return undefined;
    }
  }
}

/** Every range position at or after `from` moves by `delta` (the document's, its nodes', its errors'). */
function shiftFrom(doc: Document.Parsed, from: number, delta: number, skip: object): void {
  const move = (r: number[] | undefined | null) => {
    if (!r) return;
    for (let i = 0; i < r.length; i++) if ((r[i] as number) >= from) r[i] = (r[i] as number) + delta;
  };
  move(doc.range as unknown as number[]);
  for (const w of doc.warnings) move(w.pos);
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop() as { range?: number[]; items?: unknown[]; key?: unknown; value?: unknown } | null;
    if (typeof node !== 'object' || node === null) continue;
    if (node !== skip && Array.isArray(node.range)) move(node.range);
    if (Array.isArray(node.items)) for (const item of node.items) stack.push(item);
    if ('key' in node) stack.push(node.key, node.value);
  }
}
