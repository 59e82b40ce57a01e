/**
 * Pod templates of any object that creates pods (Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob) and bare Pods, as plain data: what a Service selects.
 */
import type { K8sObject } from '../../../shared/src/manifest';

export interface PodTemplateData {
  readonly labels: Record<string, string>;
  readonly podSpec: unknown;
  /** Labels the controller adds to every pod, as value tests (`statefulset.kubernetes.io/pod-name`, `job-name`…). */
  readonly controllerLabels?: Readonly<Record<string, string>>;
  /** Not a pod template but a custom resource with these labels (an operator probably creates the pods). */
  readonly inferred?: boolean;
}

/** Labels a controller sets with values no manifest can know (hashes, uids): any value matches. */
export const ANY_VALUE = '\u0000any';

const TEMPLATED = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function stringMap(v: unknown): Record<string, string> {
  // No prototype: a user's label key `toString` or `constructor` must not find Object's methods.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, x] of Object.entries(rec(v) ?? {})) if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

/** The pod template an object creates pods from, or undefined for other kinds. */
export function podTemplateOf(o: K8sObject): PodTemplateData | undefined {
  const value = rec(o.value);
  let template: Record<string, unknown> | undefined;
  if (o.kind === 'Pod') template = value;
  else if (TEMPLATED.has(o.kind)) template = rec(rec(value?.spec)?.template);
  else if (o.kind === 'CronJob') template = rec(rec(rec(rec(value?.spec)?.jobTemplate)?.spec)?.template);
  if (!template) return undefined;
  const labels = stringMap(rec(template.metadata)?.labels);
  const controllerLabels: Record<string, string> = {};
  const name = o.name ?? '';
  if (o.kind === 'StatefulSet') {
    // statefulset.kubernetes.io/pod-name is `<name>-<ordinal>`: matched by pattern in selects().
    controllerLabels['statefulset.kubernetes.io/pod-name'] = `${name}-#`;
    controllerLabels['apps.kubernetes.io/pod-index'] = '#';
    controllerLabels['controller-revision-hash'] = ANY_VALUE;
  } else if (o.kind === 'Deployment' || o.kind === 'ReplicaSet') {
    controllerLabels['pod-template-hash'] = ANY_VALUE;
  } else if (o.kind === 'DaemonSet') {
    controllerLabels['controller-revision-hash'] = ANY_VALUE;
    controllerLabels['pod-template-generation'] = ANY_VALUE;
  } else if (o.kind === 'Job' || o.kind === 'CronJob') {
    if (o.kind === 'Job') {
      controllerLabels['job-name'] = name;
      controllerLabels['batch.kubernetes.io/job-name'] = name;
    } else {
      controllerLabels['job-name'] = ANY_VALUE;
      controllerLabels['batch.kubernetes.io/job-name'] = ANY_VALUE;
    }
    controllerLabels['controller-uid'] = ANY_VALUE;
    controllerLabels['batch.kubernetes.io/controller-uid'] = ANY_VALUE;
  }
  return { labels, podSpec: template.spec, controllerLabels };
}

/** Whether an apiVersion belongs to a custom resource (API group with a dot, not *.k8s.io). */
export function isCustomApiVersion(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash > 0 ? apiVersion.slice(0, slash) : '';
  return group.includes('.') && !group.endsWith('.k8s.io');
}

/** A custom resource may create pods through its operator, labelled like itself: an inferred template. */
export function customResourceTemplate(o: K8sObject): PodTemplateData | undefined {
  if (!isCustomApiVersion(o.apiVersion)) return undefined;
  const labels = stringMap(rec(rec(o.value)?.metadata)?.labels);
  if (Object.keys(labels).length === 0) return undefined;
  return { labels, podSpec: undefined, inferred: true };
}

/** Whether a Service-style selector (label map) selects the pods of a template. */
export function selects(selector: Readonly<Record<string, string>>, t: PodTemplateData): boolean {
  const entries = Object.entries(selector);
  return (
    entries.length > 0 &&
    entries.every(([k, v]) => {
      if (t.labels[k] !== undefined) return t.labels[k] === v;
      const c = t.controllerLabels?.[k];
      if (c === undefined) return false;
      if (c === ANY_VALUE) return true;
      if (c.endsWith('#')) return v.startsWith(c.slice(0, -1)) && /^\d+$/.test(v.slice(c.length - 1));
      return c === v;
    })
  );
}
