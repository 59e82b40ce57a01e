/**
 * The field catalog: which fields each Kubernetes type has, their types and documentation, per Kubernetes version
 * (1.27–1.34), generated from the Kubernetes API types (scripts/gen-catalog.mjs). Used by unknown-field, wrong-type
 * and hover, each with the catalog of the target version (`catalogFor`). Walks the YAML AST alongside the types, so
 * every finding has the node.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, Scalar } from 'yaml';
import type { K8sObject } from '../../../shared/src/manifest';
import { compareVersions, NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import { CATALOG_DATA } from './fields.generated';
import type { FieldEntry } from './types';

type Types = Readonly<Record<string, Readonly<Record<string, FieldEntry>>>>;

/** The field catalog of one Kubernetes version: the 1.30 base with that version's changes applied. */
export interface Catalog {
  /** `major.minor` whose fields these are. */
  readonly version: string;
  /** Where they come from: `kubernetes-types@1.30.0`, `@kubernetes/client-node@1.4.0`, a union of two versions. */
  readonly source: string;
  /** False for a version without a source of its own (1.31: the union of 1.30 and 1.32). */
  readonly exact: boolean;
  readonly types: Types;
}

/** Every version the catalog has, oldest first. */
export const CATALOG_VERSIONS: readonly string[] = [CATALOG_DATA.version, ...Object.keys(CATALOG_DATA.versions)].sort(
  compareVersions,
);
/** The newest version the catalog has. */
export const CATALOG_VERSION = CATALOG_VERSIONS[CATALOG_VERSIONS.length - 1] as string;
export const CATALOG_SOURCE = CATALOG_DATA.source;

const built = new Map<string, Catalog>();

/**
 * The catalog for a target version (default: the newest supported): its own when the catalog has it, else the
 * nearest it has (the oldest below it, the newest above it). Built once per version.
 */
export function catalogFor(target?: string): Catalog {
  const wanted = target ?? NEWEST_KUBERNETES_VERSION;
  const version = CATALOG_VERSIONS.includes(wanted)
    ? wanted
    : compareVersions(wanted, CATALOG_VERSIONS[0] as string) < 0
      ? (CATALOG_VERSIONS[0] as string)
      : CATALOG_VERSION;
  let catalog = built.get(version);
  if (!catalog) {
    const delta = CATALOG_DATA.versions[version];
    const types: Record<string, Readonly<Record<string, FieldEntry>>> = { ...CATALOG_DATA.types };
    for (const [name, changes] of Object.entries(delta?.types ?? {})) {
      const fields: Record<string, FieldEntry> = { ...(types[name] ?? {}) };
      for (const [field, entry] of Object.entries(changes)) {
        if (entry) fields[field] = entry;
        else delete fields[field];
      }
      types[name] = fields;
    }
    const source = delta?.source ?? CATALOG_DATA.source;
    catalog = { version, source, exact: !source.startsWith('union'), types };
    built.set(version, catalog);
  }
  return catalog;
}

const NEWEST = (): Catalog => catalogFor(CATALOG_VERSION);

/**
 * The root type of an object the catalog knows (apps/v1 workloads, v1 Services, autoscaling/v2 HPAs, policy/v1 PDBs).
 */
export function rootTypeOf(o: K8sObject): string | undefined {
  const key = `${o.apiVersion}/${o.kind}`;
  return CATALOG_DATA.roots[key];
}

export function fieldsOf(type: string, catalog: Catalog = NEWEST()): Readonly<Record<string, FieldEntry>> | undefined {
  return catalog.types[type];
}

export function fieldOf(type: string, name: string, catalog: Catalog = NEWEST()): FieldEntry | undefined {
  const fields = fieldsOf(type, catalog);
  return fields && Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
}

export function isObjectType(t: string, catalog: Catalog = NEWEST()): boolean {
  return catalog.types[t] !== undefined;
}

/** Human name of an encoded type: `[]Container` → `list of Container`. */
export function describeType(t: string): string {
  if (t.startsWith('[]')) return `list of ${describeType(t.slice(2))}`;
  if (t.startsWith('{}')) return `map of ${describeType(t.slice(2))}`;
  switch (t) {
    case 's':
      return 'string';
    case 'i':
      return 'integer';
    case 'b':
      return 'boolean';
    case 'x':
      return 'integer or percentage string';
    case 'q':
      return 'quantity (e.g. 500m, 1Gi)';
    case 'a':
      return 'any';
    default:
      return `${t} (object)`;
  }
}

export interface FieldVisit {
  readonly pair: Pair<Scalar, unknown>;
  readonly key: string;
  /** Type of the map that holds the pair. */
  readonly parentType: string;
  /** The field's entry, undefined for an unknown field. */
  readonly field: FieldEntry | undefined;
  /** Field path from the object root, e.g. spec.template.spec.containers[0].name. */
  readonly path: string;
  /** Type of the map one level up (holding the field whose value is this pair's map). */
  readonly outerType?: string;
}

/** Value-level visit: a node and the type the catalog expects there. */
export interface ValueVisit {
  readonly node: Node;
  readonly type: string;
  readonly path: string;
}

/** Walks `node` (of catalog type `type`), calling `onField` for each key and `onValue` for each typed value. */
export function walk(
  node: unknown,
  type: string,
  onField: (v: FieldVisit) => void,
  onValue: (v: ValueVisit) => void,
  catalog: Catalog = NEWEST(),
  path = '',
  outer?: string,
): void {
  if (node === null || node === undefined) return;
  if (isScalar(node) && node.value === null) return;
  onValue({ node: node as Node, type, path });
  if (type.startsWith('[]')) {
    if (isSeq(node))
      node.items.forEach((item, i) => walk(item, type.slice(2), onField, onValue, catalog, `${path}[${i}]`, outer));
    return;
  }
  if (type.startsWith('{}')) {
    if (isMap(node))
      for (const p of node.items)
        if (isScalar(p.key))
          walk(p.value, type.slice(2), onField, onValue, catalog, `${path}.${String(p.key.value)}`, outer);
    return;
  }
  if (!isObjectType(type, catalog) || !isMap(node)) return;
  for (const pair of node.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '<<') continue;
    const key = pair.key.value;
    const field = fieldOf(type, key, catalog);
    const here = path ? `${path}.${key}` : key;
    onField({
      pair: pair as Pair<Scalar, unknown>,
      key,
      parentType: type,
      field,
      path: here,
      ...(outer ? { outerType: outer } : {}),
    });
    if (field) walk(pair.value, field[0], onField, onValue, catalog, here, type);
  }
}

/**
 * Damerau-Levenshtein (optimal string alignment) distance, case-insensitive. With `max`, any
 * distance above it is reported as `max + 1` and found early: strings whose lengths differ by
 * more are not compared at all, and the rows stop once every entry exceeds it (a 1 MB key costs
 * nothing; 20k unknown keys cost a few rows each).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const n = t.length;
  let before = new Array<number>(n + 1).fill(0); // row i - 2
  let previous = Array.from({ length: n + 1 }, (_, j) => j); // row i - 1
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        v = Math.min(v, (before[j - 2] as number) + 1);
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  const d = previous[n] as number;
  return d > max ? max + 1 : d;
}

/**
 * The known field `key` is most likely a misspelling of. `spellingOnly`: only a near-miss by edit
 * distance, not a field the key merely contains or extends (`hostnameOverride` ⊃ `hostname`).
 */
export function suggestField(
  type: string,
  key: string,
  spellingOnly = false,
  catalog: Catalog = NEWEST(),
): string | undefined {
  const fields = Object.keys(fieldsOf(type, catalog) ?? {});
  let best: string | undefined;
  const limit = Math.max(2, Math.floor(key.length / 3));
  let bestDistance = limit + 1; // nothing farther than the limit is a typo: not computed past it
  for (const f of fields) {
    const dist = editDistance(key, f, bestDistance - 1);
    if (dist < bestDistance) [best, bestDistance] = [f, dist];
  }
  // Also accept a field that the key is a prefix/suffix-extended version of (minReadySecond → minReadySeconds).
  if (best !== undefined && bestDistance <= limit) return best;
  if (spellingOnly) return undefined;
  const lower = key.toLowerCase();
  const containing = fields.find(
    (f) => f.length >= 6 && key.length >= 6 && (f.toLowerCase().includes(lower) || lower.includes(f.toLowerCase())),
  );
  return containing;
}

/** Object types that have a field `key` (for "a field at the wrong level"). */
export function typesWithField(key: string, catalog: Catalog = NEWEST()): string[] {
  return Object.keys(catalog.types).filter((t) => fieldOf(t, key, catalog) !== undefined);
}
