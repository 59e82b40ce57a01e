/** Small helpers the rules share: spec access, label selectors, int-or-percent, DNS names. */
import { isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { K8sObject, Span } from '../../../shared/src/manifest';
import { keySpan, mapAt, pairOf, spanOf, valueSpan } from '../../../shared/src/yamlPath';

export function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function specNode(o: K8sObject): YAMLMap | undefined {
  return mapAt(o.node, ['spec']);
}

/** Where object-level findings point: the `spec` key, else the `kind` value, else the object. */
export function objectAnchor(o: K8sObject): Span {
  return keySpan(o.node, 'spec') ?? valueSpan(o.node, 'kind') ?? o.span;
}

/** Span of a key/value pair: from the key to the end of the value. */
export function pairSpan(map: unknown, key: string): Span | undefined {
  const pair = pairOf(map, key);
  const k = spanOf(pair?.key);
  if (!k) return undefined;
  const v = spanOf(pair?.value);
  return v && v[1] > k[1] ? [k[0], v[1]] : k;
}

/** The plain scalar value at `key`, or undefined when absent or not a scalar. */
export function scalarAt(map: unknown, key: string): unknown {
  const v = pairOf(map, key)?.value;
  return isScalar(v) ? v.value : undefined;
}

export function has(map: unknown, key: string): boolean {
  return pairOf(map, key) !== undefined;
}

export function mapItems(node: unknown): YAMLMap[] {
  return isSeq(node) ? node.items.filter((i): i is YAMLMap => isMap(i)) : [];
}

// ---------------------------------------------------------------------------------------------
// Label selectors

export interface SelectorResult {
  readonly matches: boolean;
  /** The first requirement that fails, for messages: `app=web` / `tier In (a,b)`. */
  readonly failed?: string;
  /** Index in matchLabels order / matchExpressions order of the failed requirement. */
  readonly failedKey?: { readonly kind: 'matchLabels'; readonly key: string } | { readonly kind: 'matchExpressions'; readonly index: number };
}

/** Evaluates a LabelSelector (plain JS) against labels; undefined when the selector is unreadable or empty. */
export function evaluateSelector(selector: unknown, labels: Readonly<Record<string, string>>): SelectorResult | undefined {
  const s = rec(selector);
  if (!s) return undefined;
  const matchLabels = rec(s.matchLabels) ?? {};
  const exprs = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) return undefined;
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== String(v)) return { matches: false, failed: `${k}=${String(v)}`, failedKey: { kind: 'matchLabels', key: k } };
  }
  for (let i = 0; i < exprs.length; i++) {
    const e = rec(exprs[i]);
    if (!e || typeof e.key !== 'string') return undefined;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const present = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    let ok: boolean;
    switch (e.operator) {
      case 'In': ok = present && values.includes(value as string); break;
      case 'NotIn': ok = !present || !values.includes(value as string); break;
      case 'Exists': ok = present; break;
      case 'DoesNotExist': ok = !present; break;
      default: return undefined;
    }
    if (!ok) {
      const label = e.operator === 'Exists' || e.operator === 'DoesNotExist' ? `${String(e.operator)} ${e.key}` : `${e.key} ${String(e.operator)} (${values.join(',')})`;
      return { matches: false, failed: label, failedKey: { kind: 'matchExpressions', index: i } };
    }
  }
  return { matches: true };
}

/** A Service selector (a plain map) against pod labels. */
export function serviceSelects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

// ---------------------------------------------------------------------------------------------
// IntOrString

export type IntOrPercent =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'percent'; readonly value: number }
  | { readonly kind: 'invalid'; readonly reason: string };

/** Reads an IntOrString the way the API server does for maxSurge/maxUnavailable. */
export function parseIntOrPercent(v: unknown): IntOrPercent {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { kind: 'invalid', reason: `${v} is not a whole number` };
    if (v < 0) return { kind: 'invalid', reason: `${v} is negative` };
    return { kind: 'int', value: v };
  }
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (m) return { kind: 'percent', value: Number(m[1]) };
    if (/^-?\d+$/.test(v.trim())) return { kind: 'invalid', reason: `"${v}" is a quoted number: a string must be a percentage like "${v.trim()}%", or write ${v.trim()} without quotes` };
    return { kind: 'invalid', reason: `"${v}" is neither a whole number nor a percentage like "25%"` };
  }
  return { kind: 'invalid', reason: `${JSON.stringify(v)} is neither a whole number nor a percentage like "25%"` };
}

// ---------------------------------------------------------------------------------------------
// Names (k8s.io/apimachinery/pkg/util/validation)

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function dns1123LabelProblem(s: string): string | undefined {
  if (s.length > 63) return `is ${s.length} characters long; at most 63 are allowed`;
  if (!DNS1123_LABEL.test(s)) return 'must consist of lower case letters, digits and "-", and start and end with a letter or digit';
  return undefined;
}

export function dns1123SubdomainProblem(s: string): string | undefined {
  if (s.length > 253) return `is ${s.length} characters long; at most 253 are allowed`;
  if (!s.split('.').every((part) => DNS1123_LABEL.test(part))) {
    return 'must consist of lower case letters, digits, "-" and ".", and start and end with a letter or digit';
  }
  return undefined;
}

export function dns1035LabelProblem(s: string): string | undefined {
  if (s.length > 63) return `is ${s.length} characters long; at most 63 are allowed`;
  if (!DNS1035_LABEL.test(s)) return 'must consist of lower case letters, digits and "-", start with a letter and end with a letter or digit';
  return undefined;
}

/** IANA_SVC_NAME (RFC 6335), for port names. */
export function portNameProblem(s: string): string | undefined {
  if (s.length > 15) return `is ${s.length} characters long; at most 15 are allowed`;
  if (!/^[-a-z0-9]+$/.test(s)) return 'may contain only lower case letters, digits and "-"';
  if (!/[a-z]/.test(s)) return 'must contain at least one letter';
  if (s.startsWith('-') || s.endsWith('-') || s.includes('--')) return 'may not start or end with "-" or contain "--"';
  return undefined;
}
