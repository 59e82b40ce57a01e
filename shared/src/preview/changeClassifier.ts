/**
 * "Will this change roll out?": compares a workload in the open manifest with its baseline
 * (the committed version, or the text when the panel opened) and says what applying it does.
 *
 *  - pod template changed → new ReplicaSet / controller revision and a rollout (paths named)
 *  - only replicas        → scaling, no new revision
 *  - other spec/metadata  → no rollout (strategy, minReadySeconds, … apply to the next one)
 *  - nothing              → no change
 *
 * Also finds ConfigMaps/Secrets the pod template references: editing those alone does not
 * change the template, so it triggers nothing.
 *
 * Pure: no vscode, no DOM, no Node.
 */

import type { WorkloadKind } from '../manifest';
export type ChangeKind = 'rollout' | 'scale' | 'no-rollout' | 'none' | 'new';

export interface ConfigRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
}

export interface ChangeReport {
  kind: ChangeKind;
  headline: string;
  /** Changed paths inside the pod template: `containers[0].image`, `metadata.labels.version`. */
  templatePaths: string[];
  /** Changed paths outside the pod template: `spec.replicas`, `spec.strategy.rollingUpdate.maxSurge`. */
  otherPaths: string[];
  configRefs: ConfigRef[];
  /** Present when configRefs is not empty and the template has no checksum annotation. */
  configAdvice?: { text: string; snippet: string };
}

const MAX_PATHS = 20;

/** `a.b`, `a[0]`, `labels["app.kubernetes.io/name"]`. */
function join(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  const safe = /^[A-Za-z_$][\w$/-]*$/.test(key);
  if (!safe) return `${prefix}[${JSON.stringify(key)}]`;
  return prefix ? `${prefix}.${key}` : key;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Paths where a and b differ (leaves, or the first level where the shapes differ). */
export function diffPaths(a: unknown, b: unknown, prefix = '', out: string[] = []): string[] {
  if (out.length >= MAX_PATHS) return out;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) diffPaths(a[i], b[i], join(prefix, i), out);
    return out;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) diffPaths(a[k], b[k], join(prefix, k), out);
    return out;
  }
  if (!Object.is(a, b) && !(a === undefined && b === null) && !(a === null && b === undefined)) out.push(prefix);
  return out;
}

function get(v: unknown, ...path: string[]): unknown {
  let cur = v;
  for (const p of path) cur = isObject(cur) ? cur[p] : undefined;
  return cur;
}

/** ConfigMaps and Secrets a pod template reads (volumes, projected volumes, envFrom, env valueFrom). */
export function configRefs(template: unknown): ConfigRef[] {
  const out: ConfigRef[] = [];
  const add = (kind: ConfigRef['kind'], name: unknown): void => {
    if (typeof name === 'string' && name && !out.some((r) => r.kind === kind && r.name === name))
      out.push({ kind, name });
  };
  const spec = get(template, 'spec');
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const vol of list(get(spec, 'volumes'))) {
    add('ConfigMap', get(vol, 'configMap', 'name'));
    add('Secret', get(vol, 'secret', 'secretName'));
    for (const src of list(get(vol, 'projected', 'sources'))) {
      add('ConfigMap', get(src, 'configMap', 'name'));
      add('Secret', get(src, 'secret', 'name'));
    }
  }
  for (const c of [...list(get(spec, 'initContainers')), ...list(get(spec, 'containers'))]) {
    for (const ef of list(get(c, 'envFrom'))) {
      add('ConfigMap', get(ef, 'configMapRef', 'name'));
      add('Secret', get(ef, 'secretRef', 'name'));
    }
    for (const e of list(get(c, 'env'))) {
      add('ConfigMap', get(e, 'valueFrom', 'configMapKeyRef', 'name'));
      add('Secret', get(e, 'valueFrom', 'secretKeyRef', 'name'));
    }
  }
  return out;
}

function hasChecksumAnnotation(template: unknown): boolean {
  const ann = get(template, 'metadata', 'annotations');
  return isObject(ann) && Object.keys(ann).some((k) => /checksum|config-hash|confighash/i.test(k));
}

export function configAdvice(refs: readonly ConfigRef[]): { text: string; snippet: string } {
  const names = refs.map((r) => `${r.kind} ${r.name}`).join(', ');
  const keys = refs.map((r) => `checksum/${r.kind === 'ConfigMap' ? 'config' : 'secret'}-${r.name}`);
  return {
    text:
      `The pod template references ${names}. Editing ${refs.length === 1 ? 'it' : 'one of them'} alone will not trigger a rollout: ` +
      `the pod template does not change, so running pods keep environment variables from the old data ` +
      `(mounted files update later, never for subPath mounts). The usual fix is a checksum annotation on the pod template, ` +
      `updated whenever the data changes (Helm: sha256sum of the rendered file), or kubectl rollout restart after the change.`,
    snippet: [
      'spec:',
      '  template:',
      '    metadata:',
      '      annotations:',
      ...keys.map((k) => `        ${k}: "<sha256 of the data>"`),
    ].join('\n'),
  };
}

/**
 * Classifies the change from `baseline` (undefined = the object is not in the baseline) to
 * `current`, both plain objects of the same workload (Deployment or StatefulSet).
 */
export function classifyChange(kind: WorkloadKind, baseline: unknown, current: unknown): ChangeReport {
  const template = get(current, 'spec', 'template');
  const refs = configRefs(template);
  const advice = refs.length && !hasChecksumAnnotation(template) ? configAdvice(refs) : undefined;
  const base = { configRefs: refs, ...(advice ? { configAdvice: advice } : {}) };
  if (baseline === undefined) {
    return {
      kind: 'new',
      headline: `New ${kind}: not in the baseline, so applying it creates it (see the create scenario).`,
      templatePaths: [],
      otherPaths: [],
      ...base,
    };
  }
  const templatePaths = diffPaths(get(baseline, 'spec', 'template'), template).map(
    (p) => p.replace(/^spec\./, '') || '(whole template)',
  );
  const otherPaths: string[] = [];
  const strip = (v: unknown): unknown => {
    if (!isObject(v)) return v;
    const spec = isObject(v.spec) ? { ...v.spec, template: undefined } : v.spec;
    const { status: _status, ...rest } = v;
    return { ...rest, spec };
  };
  diffPaths(strip(baseline), strip(current), '', otherPaths);
  const replicasOnly =
    otherPaths.length > 0 && otherPaths.every((p) => p === 'spec.replicas' || p.startsWith('metadata.'));
  const replicasChanged = otherPaths.includes('spec.replicas');
  const from = get(baseline, 'spec', 'replicas') ?? 1;
  const to = get(current, 'spec', 'replicas') ?? 1;
  let kindOut: ChangeKind;
  let headline: string;
  if (templatePaths.length) {
    kindOut = 'rollout';
    const onDelete = kind !== 'Deployment' && get(current, 'spec', 'updateStrategy', 'type') === 'OnDelete';
    headline =
      kind === 'Deployment'
        ? 'Pod template change → a new ReplicaSet (new revision) and a rollout.'
        : onDelete
          ? 'Pod template change → a new controller revision; with updateStrategy OnDelete, pods change only when you delete them.'
          : kind === 'DaemonSet'
            ? 'Pod template change → a new controller revision and a rolling update, node by node.'
            : 'Pod template change → a new controller revision and a rolling update (highest ordinal first).';
    if (replicasChanged) headline += ` replicas also change (${String(from)} → ${String(to)}).`;
  } else if (replicasOnly && replicasChanged) {
    kindOut = 'scale';
    headline = `replicas ${String(from)} → ${String(to)} only → scaling, no new revision, no rollout.`;
  } else if (otherPaths.length) {
    kindOut = 'no-rollout';
    headline = 'No rollout: the pod template is unchanged; these settings apply to the next rollout.';
    if (replicasChanged)
      headline = `No rollout: the pod template is unchanged; replicas ${String(from)} → ${String(to)} scales, the other settings apply to the next rollout.`;
  } else {
    kindOut = 'none';
    headline = 'No change from the baseline.';
  }
  return { kind: kindOut, headline, templatePaths, otherPaths, ...base };
}
