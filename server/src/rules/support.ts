/**
 * The one support module of the rules: everything two rules (or the workspace index, hover and
 * quick fixes) share. Rule files import only this, `./types` and `./edits`, never another rule.
 *
 * Sections: object and spec access · label selectors · governing Service · pod templates · HPAs and PDBs ·
 * IntOrString validation · names (DNS-1123 / DNS-1035 / IANA).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import {
  autoscalerSpec,
  autoscalerTargets,
  disruptionBudgetSpec,
  isService,
  isStatefulSet,
} from '../../../shared/src/manifest';
import { gateEnabled } from '../../../shared/src/featureGates';
import { compareVersions, NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import type { K8sObject, Span, WorkloadObject } from '../../../shared/src/manifest';
import { keySpan, mapAt, pairOf, seqAt, spanOf, valueSpan } from '../../../shared/src/yamlPath';
import { insertInMap } from './edits';
import type { EditData } from './edits';
import { nearest, relativePath } from '../nearest';
import type {
  LocatedObject,
  LocatedPodTemplate,
  LocatedService,
  RelatedLocation,
  RuleContext,
  WorkspaceView,
  Severity,
} from './types';

/** The value as a plain object (a YAML mapping's JS value), or undefined for anything else. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
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
  readonly failedKey?:
    | { readonly kind: 'matchLabels'; readonly key: string }
    | { readonly kind: 'matchExpressions'; readonly index: number };
}

/** Evaluates a LabelSelector (plain JS) against labels; undefined when the selector is unreadable or empty. */
export function evaluateSelector(
  selector: unknown,
  labels: Readonly<Record<string, string>>,
): SelectorResult | undefined {
  const s = asRecord(selector);
  if (!s) return undefined;
  const matchLabels = asRecord(s.matchLabels) ?? {};
  const exprs = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  if (Object.keys(matchLabels).length === 0 && exprs.length === 0) return undefined;
  // An invalid requirement makes the selector unusable (LabelSelectorAsSelector fails): invalid-label reports it.
  for (const [k, v] of Object.entries(matchLabels))
    if (labelKeyProblem(k) || (typeof v === 'string' && labelValueProblem(v))) return undefined;
  for (const [k, v] of Object.entries(matchLabels)) {
    if (labels[k] !== String(v))
      return { matches: false, failed: `${k}=${String(v)}`, failedKey: { kind: 'matchLabels', key: k } };
  }
  for (let i = 0; i < exprs.length; i++) {
    const e = asRecord(exprs[i]);
    if (!e || typeof e.key !== 'string') return undefined;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const set = e.operator === 'In' || e.operator === 'NotIn';
    if (labelKeyProblem(e.key) || (set ? values.length === 0 : values.length > 0)) return undefined;
    const present = Object.prototype.hasOwnProperty.call(labels, e.key);
    const value = labels[e.key];
    let ok: boolean;
    switch (e.operator) {
      case 'In':
        ok = present && values.includes(value as string);
        break;
      case 'NotIn':
        ok = !present || !values.includes(value as string);
        break;
      case 'Exists':
        ok = present;
        break;
      case 'DoesNotExist':
        ok = !present;
        break;
      default:
        return undefined;
    }
    if (!ok) {
      const label =
        e.operator === 'Exists' || e.operator === 'DoesNotExist'
          ? `${String(e.operator)} ${e.key}`
          : `${e.key} ${String(e.operator)} (${values.join(',')})`;
      return { matches: false, failed: label, failedKey: { kind: 'matchExpressions', index: i } };
    }
  }
  return { matches: true };
}

const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** IsQualifiedName (apimachinery util/validation): `[prefix/]name`, name ≤ 63, prefix a DNS-1123 subdomain. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'may contain at most one "/"';
  const name = parts[parts.length - 1] as string;
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') return 'has an empty prefix before "/"';
    const p = dns1123SubdomainProblem(prefix);
    if (p) return `has a prefix that ${p}`;
  }
  if (name === '') return 'has an empty name';
  if (name.length > 63) return `has a name part of ${name.length} characters; at most 63 are allowed`;
  if (!NAME.test(name))
    return 'must consist of letters, digits, "-", "_" and ".", and start and end with a letter or digit';
  return undefined;
}

/** IsValidLabelValue: empty, or ≤ 63 characters of letters, digits, `-`, `_`, `.`, starting and ending alphanumeric. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '' || isPlaceholder(value)) return undefined;
  if (value.length > 63) return `is ${value.length} characters long; at most 63 are allowed`;
  if (!NAME.test(value))
    return 'must consist of letters, digits, "-", "_" and ".", and start and end with a letter or digit';
  return undefined;
}

/** `{{ keyspace }}`, `${VERSION}`: a value some script fills in before applying; not judged. */
function isPlaceholder(value: string): boolean {
  return /\{\{.*\}\}|\$\{[^}]*\}/.test(value);
}

/** A Service selector (a plain map) against pod labels. */
export function serviceSelects(
  selector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

// ---------------------------------------------------------------------------------------------
// Workload selectors

export function templateLabels(o: K8sObject): Record<string, string> {
  return stringMap(asRecord(asRecord(asRecord(asRecord(o.value)?.spec)?.template)?.metadata)?.labels);
}

/** True when a LabelSelector value selects nothing: absent, null, or no requirements. */
export function selectorIsEmpty(selector: unknown): boolean {
  const s = asRecord(selector);
  if (!s) return true;
  const labels = asRecord(s.matchLabels);
  const exprs = s.matchExpressions;
  return (!labels || Object.keys(labels).length === 0) && (!Array.isArray(exprs) || exprs.length === 0);
}

/** An edit that gives `spec` a selector from the template labels (undefined when it cannot). */
export function addSelectorEdit(text: string, o: K8sObject): EditData | undefined {
  const labels = templateLabels(o);
  const spec = specNode(o);
  if (Object.keys(labels).length === 0 || !spec) return undefined;
  const existing = pairOf(spec, 'selector');
  if (existing) {
    // `selector:` with an empty value or `{}`: fill it in place.
    if (isMap(existing.value)) return insertInMap(text, existing.value, 'matchLabels', labels);
    return undefined;
  }
  return insertInMap(text, spec, 'selector', { matchLabels: labels }, 'template');
}

// ---------------------------------------------------------------------------------------------
// Containers of a workload's pod template

export interface ContainerNode {
  readonly node: YAMLMap;
  readonly init: boolean;
  /** An init container with `restartPolicy: Always` (a sidecar): it keeps running like a container. */
  readonly restartable: boolean;
}

export function podSpecNode(w: WorkloadObject): YAMLMap | undefined {
  return mapAt(w.node, ['spec', 'template', 'spec']);
}

/** Containers and init containers of the pod template, in source order. */
export function templateContainers(w: WorkloadObject): ContainerNode[] {
  return containersOf(podSpecNode(w));
}

function containersOf(podSpec: YAMLMap | undefined): ContainerNode[] {
  const out: ContainerNode[] = [];
  for (const [key, init] of [
    ['initContainers', true],
    ['containers', false],
  ] as const) {
    for (const item of seqAt(podSpec, [key])?.items ?? []) {
      if (!isMap(item)) continue;
      const restartable = init && item.get('restartPolicy') === 'Always';
      out.push({ node: item, init, restartable });
    }
  }
  return out.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
}

const TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: [],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};
const CURRENT_API_VERSION: Readonly<Record<string, string>> = {
  Pod: 'v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  ReplicaSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
};

/** The kinds that create pods from a pod template, and Pod itself. */
export const POD_TEMPLATE_KINDS: readonly string[] = Object.keys(TEMPLATE_PATHS);

/**
 * Path from the object to its pod template (`[]` for a Pod: the object is its own template), for
 * every served kind that creates pods; undefined for other kinds and for removed/wrong apiVersions
 * (removed-api-version and wrong-api-version report those).
 */
export function podTemplatePath(o: K8sObject): readonly string[] | undefined {
  return CURRENT_API_VERSION[o.kind] === o.apiVersion ? TEMPLATE_PATHS[o.kind] : undefined;
}

/** Containers and init containers of any object with a pod template, in source order. */
export function podContainers(o: K8sObject): ContainerNode[] {
  const path = podTemplatePath(o);
  if (!path) return [];
  return containersOf(mapAt(o.node, [...path, 'spec']));
}

/** apiVersion → kinds → the Kubernetes version that stopped serving it. */
export const REMOVED_API_VERSIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'extensions/v1beta1': { Deployment: '1.16', DaemonSet: '1.16' },
  'apps/v1beta1': { Deployment: '1.16', StatefulSet: '1.16' },
  'apps/v1beta2': { Deployment: '1.16', StatefulSet: '1.16', DaemonSet: '1.16' },
  // The deprecated API migration guide (v1.25, v1.26 removals).
  'autoscaling/v2beta1': { HorizontalPodAutoscaler: '1.25' },
  'autoscaling/v2beta2': { HorizontalPodAutoscaler: '1.26' },
  'policy/v1beta1': { PodDisruptionBudget: '1.25' },
  'batch/v1beta1': { CronJob: '1.25' },
};

/**
 * First version whose API server validates a StatefulSet's pod spec at creation
 * (ValidatePodTemplateSpecForStatefulSet).
 */
export const STATEFULSET_TEMPLATE_VALIDATED_SINCE = '1.34';

/**
 * How a pod-spec problem shows up for this object: every kind with a pod template has it validated
 * at creation (ValidatePodTemplateSpec), except a StatefulSet before 1.34, whose
 * ValidatePodTemplateSpecForStatefulSet checked labels and annotations only: the object is accepted
 * and every pod fails to be created (FailedCreate events). `severity` is undefined when the rule's
 * own (error) applies; `consequence` ends a message.
 */
export function podSpecVerdict(
  object: K8sObject,
  version: string | undefined,
): { severity?: Severity; consequence: string } {
  const target = version ?? NEWEST_KUBERNETES_VERSION;
  if (isStatefulSet(object) && compareVersions(target, STATEFULSET_TEMPLATE_VALIDATED_SINCE) < 0) {
    return {
      severity: 'warning',
      consequence: `Kubernetes ${target} accepts the StatefulSet but cannot create its pods (FailedCreate); from 1.34 the API server rejects it`,
    };
  }
  return { consequence: 'the API server rejects it' };
}

/** First version whose ValidateStatefulSetSpec checks that a set serviceName is a DNS-1123 label (#130233). */
export const STATEFULSET_SERVICE_NAME_VALIDATED_SINCE = '1.33';

/**
 * How an invalid StatefulSet serviceName shows up: rejected from 1.33; before, accepted, and every pod fails to be
 * created (the controller copies it into the pod's spec.subdomain, which must be a DNS-1123 label).
 */
export function serviceNameVerdict(version: string | undefined): { severity?: Severity; consequence: string } {
  const target = version ?? NEWEST_KUBERNETES_VERSION;
  if (compareVersions(target, STATEFULSET_SERVICE_NAME_VALIDATED_SINCE) < 0)
    return {
      severity: 'warning',
      consequence: `Kubernetes ${target} accepts the StatefulSet but cannot create its pods (FailedCreate: the pod's subdomain must be a DNS-1123 label); from 1.33 the API server rejects it`,
    };
  return { consequence: 'the API server rejects it' };
}

/**
 * Whether the API server keeps a StatefulSet's `rollingUpdate.maxUnavailable` in `version` (else it drops it on
 * create).
 */
export function statefulSetMaxUnavailableHonoured(version: string): boolean {
  return gateEnabled('MaxUnavailableStatefulSet', version);
}

// ---------------------------------------------------------------------------------------------
// The governing Service of a StatefulSet: the nearest Service of that name (see ../nearest.ts).

/**
 * The governing Service(s) a StatefulSet in `ctx.uri` resolves to: among the Services of its namespace with that
 * name, the nearest (same file, same folder, then fewest folder steps). Several when equally near.
 */
export function governingServices(namespace: string, name: string, ctx: RuleContext): LocatedService[] {
  return nearest(ctx.uri, ctx.workspace.servicesNamed(namespace, name, ctx.uri));
}

/**
 * The message prefix of a tie (empty for one candidate): "2 Services named "kubia" are equally near: a.yaml, b.yaml. "
 */
export function tieNote(name: string, found: readonly LocatedService[], ctx: RuleContext): string {
  if (found.length < 2) return '';
  return `${found.length} Services named "${name}" are equally near: ${found.map((s) => relativePath(ctx.uri, s.uri)).join(', ')}. `;
}

/** Related information naming each tied candidate (besides the one(s) the finding is about). */
export function tieRelated(
  name: string,
  found: readonly LocatedService[],
  except: readonly LocatedService[],
): RelatedLocation[] {
  if (found.length < 2) return [];
  return found
    .filter((s) => !except.includes(s))
    .map((s) => ({ uri: s.uri, span: nameSpan(s), message: `Service "${name}", equally near` }));
}

/** The span of a Service's metadata.name value (the whole object when it has none). */
export function nameSpan(s: LocatedService): Span {
  return objectNameSpan(s.service);
}

// ---------------------------------------------------------------------------------------------
// Pod templates of any object that creates pods (Deployment, StatefulSet, DaemonSet, ReplicaSet,
// ReplicationController, Job, CronJob) and bare Pods, as plain data: what a Service selects.

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

export function stringMap(v: unknown): Record<string, string> {
  // No prototype: a user's label key `toString` or `constructor` must not find Object's methods.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, x] of Object.entries(asRecord(v) ?? {}))
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  return out;
}

/** The pod template an object creates pods from, or undefined for other kinds. */
export function podTemplateOf(o: K8sObject): PodTemplateData | undefined {
  const value = asRecord(o.value);
  let template: Record<string, unknown> | undefined;
  if (o.kind === 'Pod') template = value;
  else if (TEMPLATED.has(o.kind)) template = asRecord(asRecord(value?.spec)?.template);
  else if (o.kind === 'CronJob')
    template = asRecord(asRecord(asRecord(asRecord(value?.spec)?.jobTemplate)?.spec)?.template);
  if (!template) return undefined;
  const labels = stringMap(asRecord(template.metadata)?.labels);
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
  const labels = stringMap(asRecord(asRecord(o.value)?.metadata)?.labels);
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

// ---------------------------------------------------------------------------------------------
// Services and the pods they select

/** The directory of a file URI, with a trailing slash. */
export function neighbourhood(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/**
 * Whether the folder of `ctx.uri` itself defines pod templates of `namespace`: only then do the "selects nothing"
 * rules judge (pods defined elsewhere — a chart, an operator — are not in the workspace).
 */
export function definesPodsHere(namespace: string, ctx: RuleContext): boolean {
  const near = neighbourhood(ctx.uri);
  return ctx.workspace
    .podTemplatesIn(namespace)
    .some((t) => t.uri.startsWith(near) && !t.uri.slice(near.length).includes('/'));
}

/** The Service's selector as a label map, when it has a non-empty one and routes to pods. */
export function serviceSelector(o: K8sObject): Record<string, string> | undefined {
  if (!isService(o)) return undefined;
  const spec = asRecord(asRecord(o.value)?.spec);
  if (!spec || spec.type === 'ExternalName') return undefined;
  const selector = stringMap(spec.selector);
  return Object.keys(selector).length ? selector : undefined;
}

/** The pod templates of the Service's namespace that it selects. */
export function selectedTemplates(o: K8sObject, ctx: RuleContext): LocatedPodTemplate[] {
  const selector = serviceSelector(o);
  if (!selector) return [];
  return [
    ...(ctx.workspace.podTemplatesSelectedBy?.(o.namespace, selector) ??
      ctx.workspace.podTemplatesIn(o.namespace).filter((t) => selects(selector, t))),
  ];
}

// ---------------------------------------------------------------------------------------------
// HorizontalPodAutoscalers and PodDisruptionBudgets: what they act on, resolved like a governing Service (nearest).

/**
 * The objects an HPA in `uri` scales: those of its scaleTargetRef (kind, name, namespace), the nearest when several.
 */
export function autoscalerTargetsOf(
  hpa: K8sObject,
  uri: string,
  workspace: Pick<WorkspaceView, 'objectsWhere'>,
): LocatedObject[] {
  const target = autoscalerSpec(hpa)?.target;
  if (!target) return [];
  const candidates = (workspace.objectsWhere?.((kind) => kind === target.kind) ?? []).filter((c) =>
    autoscalerTargets(hpa, c.object),
  );
  return nearest(uri, candidates);
}

/** The HPAs that scale `workload` (of `ctx.uri`): those whose nearest target it is; the nearest of them. */
export function autoscalersOf(workload: K8sObject, ctx: RuleContext): LocatedObject[] {
  if (!workload.name) return [];
  const found = (ctx.workspace.autoscalersTargeting?.(workload.namespace, workload.name, ctx.uri) ?? []).filter(
    (h) =>
      autoscalerTargets(h.object, workload) &&
      autoscalerTargetsOf(h.object, h.uri, ctx.workspace).some((t) =>
        sameObject(t, { uri: ctx.uri, object: workload }),
      ),
  );
  return nearest(ctx.uri, found);
}

function sameObject(a: LocatedObject, b: LocatedObject): boolean {
  return a.uri === b.uri && a.object.span[0] === b.object.span[0];
}

/**
 * The pod templates of its namespace a PDB in `uri` selects (`spec.selector`, matchLabels and matchExpressions), the
 * nearest when they lie in several folders. policy/v1: no selector selects no pod, `{}` every pod of the namespace;
 * policy/v1beta1: an empty selector selects none.
 */
export function budgetTemplates(pdb: K8sObject, uri: string, ctx: RuleContext): LocatedPodTemplate[] {
  const selector = asRecord(disruptionBudgetSpec(pdb)?.selector);
  if (!selector) return [];
  const all = selectorIsEmpty(selector);
  if (all && pdb.apiVersion !== 'policy/v1') return [];
  const selected = ctx.workspace
    .podTemplatesIn(pdb.namespace)
    .filter((t) => !t.inferred && (all || evaluateSelector(selector, t.labels)?.matches === true));
  return nearest(uri, selected);
}

/** The span of an object's metadata.name value (the object when it has none). */
export function objectNameSpan(o: K8sObject): Span {
  return valueSpan(pairOf(o.node, 'metadata')?.value, 'name') ?? o.span;
}

// ---------------------------------------------------------------------------------------------
// IntOrString validation

export type IntOrPercent =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'percent'; readonly value: number }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Validates an IntOrString the way the API server does for maxSurge/maxUnavailable
 * (`ValidatePositiveIntOrPercent` and `IsValidPercent` in pkg/apis/apps/validation): a
 * non-negative int, or a string `^[0-9]+%$`. Validation only: the arithmetic a controller does with
 * the value is the simulator's (`shared/src/sim/intstr.ts`, `resolveIntOrPercent`).
 */
export function validateIntOrPercent(v: unknown): IntOrPercent {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { kind: 'invalid', reason: `${v} is not a whole number` };
    if (v < 0) return { kind: 'invalid', reason: `${v} is negative` };
    return { kind: 'int', value: v };
  }
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (m) return { kind: 'percent', value: Number(m[1]) };
    if (/^-?\d+$/.test(v.trim()))
      return {
        kind: 'invalid',
        reason: `"${v}" is a quoted number: a string must be a percentage like "${v.trim()}%", or write ${v.trim()} without quotes`,
      };
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
  if (!DNS1123_LABEL.test(s))
    return 'must consist of lower case letters, digits and "-", and start and end with a letter or digit';
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
  if (!DNS1035_LABEL.test(s))
    return 'must consist of lower case letters, digits and "-", start with a letter and end with a letter or digit';
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

// ---- DaemonSet rolling update (daemonset-surge-and-unavailable, daemonset-surge-host-port)

/**
 * The value as written decides (`getIntOrPercentValue`): "0%" is zero, "1%" is not; undefined when not a valid value.
 */
export function writtenValue(v: unknown): number | undefined {
  const p = validateIntOrPercent(v);
  return p.kind === 'invalid' ? undefined : p.value;
}

/**
 * `spec.updateStrategy.rollingUpdate` of a DaemonSet whose strategy is RollingUpdate (written or defaulted);
 * OnDelete skips every rollingUpdate check (`ValidateDaemonSetUpdateStrategy`).
 */
export function daemonSetRollingUpdate(object: K8sObject) {
  if (object.kind !== 'DaemonSet') return undefined;
  const strategy = mapAt(object.node, ['spec', 'updateStrategy']);
  const type = scalarAt(strategy, 'type');
  if (type !== undefined && type !== 'RollingUpdate') return undefined;
  const ru = mapAt(strategy, ['rollingUpdate']);
  return ru ? { strategy, ru } : undefined;
}
