/**
 * "Apply to manifest": the text edits that write what-if values into a workload's YAML, keeping
 * the document's indentation and quoting. Existing values are replaced in place; missing keys
 * (and missing parent maps such as `strategy.rollingUpdate`) are inserted at the indentation of
 * their siblings. All edits of one call are meant to be applied as one undoable edit.
 *
 * Pure: no vscode, no DOM, no Node. Offsets are file offsets (as in manifest.ts).
 */
import type { WorkloadKind } from '../manifest';
import { isMap, isScalar, Scalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { WhatIf, WhatIfField } from './whatIf';
import { changedFields, fieldPath, fieldValue } from './whatIf';
import { pairOf } from '../yamlPath';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface ApplyPlan {
  edits: TextEdit[];
  /** One line per written field: `spec.replicas: 3`. */
  written: string[];
  /** Fields that do not exist for this kind (e.g. maxSurge on a StatefulSet). */
  skipped: string[];
}

/** Where a field is written for a kind: the what-if field table's `paths` (whatIf.ts). */
export { fieldPath };

type Value = number | string;
interface Tree {
  [key: string]: Tree | Value;
}

/** The value Apply writes, or undefined when it is not valid (-5, 1.5, 1e+21, "lots": the panel shows why). */
function valueOfField(w: WhatIf, f: WhatIfField): Value | undefined {
  const r = fieldValue(f, w[f]);
  return r && 'value' in r ? r.value : undefined;
}

/** Plain scalar text for a value, in the quoting style of `like` when there is one. */
function scalarText(v: Value, like?: Scalar): string {
  if (typeof v === 'number') return String(v);
  if (like?.type === Scalar.QUOTE_DOUBLE) return JSON.stringify(v);
  if (like?.type === Scalar.QUOTE_SINGLE) return `'${v.replace(/'/g, "''")}'`;
  return /^[\w%.-]+$/.test(v) ? v : JSON.stringify(v);
}

function lineStart(text: string, offset: number): number {
  const i = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1));
  return i + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Block lines of a subtree at `indent`, children `unit` deeper. */
function renderBlock(tree: Tree, indent: number, unit: number, eol: string): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'object') {
      lines.push(`${pad}${k}:`);
      for (const line of renderBlock(v, indent + unit, unit, eol)) lines.push(line);
    } else lines.push(`${pad}${k}: ${scalarText(v)}`);
  }
  return lines;
}

function renderFlow(tree: Tree): string {
  return Object.entries(tree)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? `{${renderFlow(v)}}` : scalarText(v)}`)
    .join(', ');
}

/** Indentation step of the document (child column − parent column of `spec`), default 2. */
function indentUnit(text: string, root: YAMLMap): number {
  const spec = pairOf(root, 'spec');
  const first = isMap(spec?.value) ? spec.value.items[0] : undefined;
  const keyRange = (spec?.key as { range?: number[] } | undefined)?.range;
  const childRange = (first?.key as { range?: number[] } | undefined)?.range;
  if (!keyRange || !childRange) return 2;
  const unit = column(text, childRange[0] as number) - column(text, keyRange[0] as number);
  return unit > 0 && unit <= 8 ? unit : 2;
}

/**
 * Edits that write the changed what-if fields into the workload whose mapping node is `root`
 * (from parseManifest on `text`).
 */
export function buildApplyEdits(text: string, root: YAMLMap, kind: WorkloadKind, w: WhatIf): ApplyPlan {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const unit = indentUnit(text, root);
  const edits: TextEdit[] = [];
  const written: string[] = [];
  const skipped: string[] = [];
  // Insertions grouped by the existing map (or empty pair) they go into.
  const inserts = new Map<object, { tree: Tree; at: () => TextEdit[] }>();

  for (const field of changedFields(w)) {
    const path = fieldPath(kind, field);
    const value = valueOfField(w, field);
    if (!path || value === undefined) {
      skipped.push(field);
      continue;
    }
    written.push(`${path.join('.')}: ${scalarText(value)}`);
    let map: YAMLMap = root;
    let i = 0;
    let handled = false;
    for (; i < path.length; i++) {
      const key = path[i] as string;
      const pair = pairOf(map, key);
      if (!pair) break;
      const last = i === path.length - 1;
      const v = pair.value;
      if (last && (isScalar(v) || v === null || v === undefined)) {
        const range = (v as { range?: number[] } | null)?.range;
        if (isScalar(v) && range && (v.value !== null || range[1] !== range[0])) {
          edits.push({ start: range[0] as number, end: range[1] as number, newText: scalarText(value, v) });
        } else {
          const keyEnd = (pair.key as { range: number[] }).range[1] as number;
          const colon = text.indexOf(':', keyEnd);
          edits.push({ start: colon + 1, end: colon + 1, newText: ` ${scalarText(value)}` });
        }
        handled = true;
        break;
      }
      if (isMap(v)) {
        map = v;
        continue;
      }
      if (v === null || v === undefined || (isScalar(v) && (v.value === null || v.value === ''))) {
        // `key:` with no value: the rest of the path goes right after the colon, as a block.
        const rest = path.slice(i + 1);
        const entry = inserts.get(pair) ?? {
          tree: {},
          at: (): TextEdit[] => {
            const keyRange = (pair.key as { range: number[] }).range;
            const colon = text.indexOf(':', keyRange[1] as number);
            const indent = column(text, keyRange[0] as number) + unit;
            return [
              { start: colon + 1, end: colon + 1, newText: eol + renderBlock(entry.tree, indent, unit, eol).join(eol) },
            ];
          },
        };
        inserts.set(pair, entry);
        setIn(entry.tree, rest, value);
        handled = true;
      } else {
        skipped.push(field); // e.g. `strategy: Recreate` (a scalar where a map belongs): leave it to the user
        written.pop();
        handled = true;
      }
      break;
    }
    if (handled) continue;
    const rest = path.slice(i);
    const target = map;
    const entry = inserts.get(target) ?? {
      tree: {},
      at: (): TextEdit[] => {
        if (target.flow) {
          const range = target.range as number[];
          const close = text.lastIndexOf('}', (range[1] as number) - 1);
          const sep = target.items.length ? ', ' : '';
          return [{ start: close, end: close, newText: sep + renderFlow(entry.tree) }];
        }
        const firstKey = (target.items[0]?.key as { range?: number[] } | undefined)?.range?.[0];
        if (firstKey === undefined) return [];
        const start = lineStart(text, firstKey);
        const indent = firstKey - start;
        const onlySpaces = /^ *$/.test(text.slice(start, firstKey));
        if (onlySpaces)
          return [{ start, end: start, newText: renderBlock(entry.tree, indent, unit, eol).join(eol) + eol }];
        // The map starts on a line with other text (`- key: …`): add after its last value instead.
        const end = (target.range as number[])[1] as number;
        return [{ start: end, end, newText: eol + renderBlock(entry.tree, indent, unit, eol).join(eol) }];
      },
    };
    inserts.set(target, entry);
    setIn(entry.tree, rest, value);
  }
  for (const { at } of inserts.values()) edits.push(...at());
  edits.sort((a, b) => a.start - b.start);
  return { edits, written, skipped };
}

function setIn(tree: Tree, path: readonly string[], value: Value): void {
  let cur = tree;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i] as string;
    const next = cur[k];
    if (typeof next === 'object') cur = next;
    else cur = cur[k] = {};
  }
  cur[path[path.length - 1] as string] = value;
}

/** Applies non-overlapping edits to text (for tests and previews). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
