/**
 * Cross-object navigation over the workspace index, in offsets (LSP ranges only at the edge,
 * `lsp/navigation.ts`):
 *
 * - definition: a StatefulSet's `serviceName` → the Service; a volumeMount's `name` → the pod
 *   volume or volumeClaimTemplate; a Service's named `targetPort` → the containerPort names of the
 *   pods it selects; an HPA's `scaleTargetRef` → the workload.
 * - references: a Service → the workloads it selects and the StatefulSets it governs.
 * - rename: a Service (its name and every `serviceName` naming it in its namespace), a port name
 *   (the containerPort name and every Service `targetPort` naming it for those pods).
 * - document symbols: one per object of a multi-document file.
 *
 * Pure: no LSP types.
 */
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Scalar } from 'yaml';
import type { K8sObject, Span } from '../../shared/src/manifest';
import { getIn, spanOf, valueSpan } from '../../shared/src/yamlPath';
import { autoscalerTargetsOf, selects, serviceSelector } from './rules/support';
import type { WorkspaceIndex } from './workspace';

export interface Place {
  readonly uri: string;
  readonly span: Span;
}

type Seg = string | number;

/** The scalar at `offset` inside an object, with its path from the object's root and whether it is a key. */
export interface ScalarHit {
  readonly path: readonly Seg[];
  readonly scalar: Scalar;
  readonly span: Span;
  readonly isKey: boolean;
}

export function scalarAt(root: unknown, offset: number): ScalarHit | undefined {
  const walk = (node: unknown, path: Seg[]): ScalarHit | undefined => {
    if (isScalar(node)) {
      const span = spanOf(node);
      return span && span[0] <= offset && offset <= span[1] ? { path, scalar: node, span, isKey: false } : undefined;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const k = String(pair.key.value);
        const ks = spanOf(pair.key);
        if (ks && ks[0] <= offset && offset <= ks[1])
          return { path: [...path, k], scalar: pair.key, span: ks, isKey: true };
        const vs = spanOf(pair.value as Node);
        if (vs && vs[0] <= offset && offset <= vs[1]) return walk(pair.value, [...path, k]);
      }
      return undefined;
    }
    if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const vs = spanOf(node.items[i] as Node);
        if (vs && vs[0] <= offset && offset <= vs[1]) return walk(node.items[i], [...path, i]);
      }
    }
    return undefined;
  };
  return walk(root, []);
}

/** The object of a file whose span contains offset. */
export function objectAt(index: WorkspaceIndex, uri: string, offset: number): K8sObject | undefined {
  return index.get(uri)?.manifest.objects.find((o) => o.span[0] <= offset && offset <= o.span[1]);
}

const TEMPLATE_SPEC: Readonly<Record<string, readonly Seg[]>> = {
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  Pod: ['spec'],
};

function startsWith(path: readonly Seg[], prefix: readonly Seg[]): boolean {
  return prefix.every((s, i) => path[i] === s);
}

function nameSpan(o: K8sObject): Span | undefined {
  return valueSpan(getIn(o.node, ['metadata']), 'name');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `serviceName` / Service name under the cursor, as a (namespace, name) pair. */
function serviceAt(o: K8sObject, hit: ScalarHit): { namespace: string; name: string } | undefined {
  const value = str(hit.scalar.value);
  if (!value || hit.isKey) return undefined;
  if (o.kind === 'Service' && hit.path.join('.') === 'metadata.name') return { namespace: o.namespace, name: value };
  if (o.kind === 'StatefulSet' && hit.path.join('.') === 'spec.serviceName')
    return { namespace: o.namespace, name: value };
  return undefined;
}

/** Every container (and init container) port list of an object's pod template, with its path. */
function containerPortNames(o: K8sObject): Array<{ name: string; span: Span }> {
  const prefix = TEMPLATE_SPEC[o.kind];
  if (!prefix) return [];
  const out: Array<{ name: string; span: Span }> = [];
  for (const list of ['containers', 'initContainers']) {
    const seq = getIn(o.node, [...prefix, list]);
    if (!isSeq(seq)) continue;
    for (const c of seq.items) {
      const ports = getIn(c, ['ports']);
      if (!isSeq(ports)) continue;
      for (const p of ports.items) {
        const span = valueSpan(p, 'name');
        const name = isMap(p) ? str(p.get('name')) : undefined;
        if (span && name) out.push({ name, span });
      }
    }
  }
  return out;
}

/** Templates (with their files) a Service selects. */
function selectedWorkloads(index: WorkspaceIndex, service: K8sObject): Array<{ uri: string; object: K8sObject }> {
  const selector = serviceSelector(service);
  if (!selector) return [];
  return index
    .podTemplatesIn(service.namespace)
    .filter((t) => selects(selector, t))
    .map((t) => ({ uri: t.uri, object: t.object }));
}

function servicesNamed(index: WorkspaceIndex, namespace: string, name: string, uri: string): Place[] {
  return index
    .servicesNamed(namespace, name, uri)
    .map((s) => ({ uri: s.uri, span: nameSpan(s.service) }))
    .filter((p): p is Place => p.span !== undefined);
}

/** StatefulSets whose `serviceName` is `name` in `namespace`: the serviceName value spans. */
function governed(index: WorkspaceIndex, namespace: string, name: string): Place[] {
  const out: Place[] = [];
  for (const { uri, object } of index.podTemplatesIn(namespace)) {
    if (object.kind !== 'StatefulSet') continue;
    const span = valueSpan(getIn(object.node, ['spec']), 'serviceName');
    if (span && (object.value as { spec?: { serviceName?: unknown } }).spec?.serviceName === name)
      out.push({ uri, span });
  }
  return out;
}

export function definition(index: WorkspaceIndex, uri: string, offset: number): Place[] {
  const o = objectAt(index, uri, offset);
  const hit = o && scalarAt(o.node, offset);
  if (!o || !hit || hit.isKey) return [];
  const value = str(hit.scalar.value) ?? (typeof hit.scalar.value === 'number' ? String(hit.scalar.value) : undefined);
  if (value === undefined) return [];
  const path = hit.path;
  // serviceName → the governing Service
  if (o.kind === 'StatefulSet' && path.join('.') === 'spec.serviceName')
    return servicesNamed(index, o.namespace, value, uri);
  // volumeMounts[].name → volumes[].name or volumeClaimTemplates[].metadata.name of the same object
  const prefix = TEMPLATE_SPEC[o.kind];
  if (
    prefix &&
    startsWith(path, prefix) &&
    path.length === prefix.length + 5 &&
    path[prefix.length + 2] === 'volumeMounts' &&
    path[path.length - 1] === 'name'
  ) {
    const out: Place[] = [];
    const volumes = getIn(o.node, [...prefix, 'volumes']);
    if (isSeq(volumes))
      for (const v of volumes.items)
        if (isMap(v) && v.get('name') === value) out.push({ uri, span: valueSpan(v, 'name') as Span });
    const claims = getIn(o.node, ['spec', 'volumeClaimTemplates']);
    if (o.kind === 'StatefulSet' && isSeq(claims)) {
      for (const c of claims.items) {
        const meta = getIn(c, ['metadata']);
        if (isMap(meta) && meta.get('name') === value) out.push({ uri, span: valueSpan(meta, 'name') as Span });
      }
    }
    return out.filter((p) => p.span);
  }
  // Service ports[].targetPort (a name) → containerPort names of the selected pods
  if (
    o.kind === 'Service' &&
    path.length === 4 &&
    path[0] === 'spec' &&
    path[1] === 'ports' &&
    path[3] === 'targetPort' &&
    !/^\d+$/.test(value)
  ) {
    return selectedWorkloads(index, o).flatMap((w) =>
      containerPortNames(w.object)
        .filter((p) => p.name === value)
        .map((p) => ({ uri: w.uri, span: p.span })),
    );
  }
  // HorizontalPodAutoscaler spec.scaleTargetRef.name → the workload it scales (as the rules resolve it: nearest)
  if (o.kind === 'HorizontalPodAutoscaler' && path.join('.') === 'spec.scaleTargetRef.name') {
    return autoscalerTargetsOf(o, uri, index)
      .map((x) => ({ uri: x.uri, span: nameSpan(x.object) }))
      .filter((p): p is Place => p.span !== undefined);
  }
  return [];
}

/** References of a Service (cursor on its name or a serviceName naming it): the workloads it selects or governs. */
export function references(index: WorkspaceIndex, uri: string, offset: number, includeDeclaration: boolean): Place[] {
  const o = objectAt(index, uri, offset);
  const hit = o && scalarAt(o.node, offset);
  if (!o || !hit) return [];
  const svc = serviceAt(o, hit);
  if (!svc) return [];
  const services = index.servicesNamed(svc.namespace, svc.name, uri);
  const out: Place[] = [];
  const seen = new Set<string>();
  const add = (p: Place): void => {
    const key = `${p.uri}#${p.span[0]}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  if (includeDeclaration)
    for (const s of services) {
      const span = nameSpan(s.service);
      if (span) add({ uri: s.uri, span });
    }
  for (const s of services) {
    for (const w of selectedWorkloads(index, s.service)) {
      const span = nameSpan(w.object);
      if (span) add({ uri: w.uri, span });
    }
  }
  for (const p of governed(index, svc.namespace, svc.name)) add(p);
  return out;
}

export interface RenameEdit {
  readonly uri: string;
  readonly span: Span;
  readonly newText: string;
}

export type RenamePlan = { edits: RenameEdit[]; span: Span; placeholder: string } | { error: string };

/** What a rename at offset would change (`newName` undefined: only the prepare step). */
export function rename(
  index: WorkspaceIndex,
  uri: string,
  offset: number,
  newName: string | undefined,
): RenamePlan | undefined {
  const o = objectAt(index, uri, offset);
  const hit = o && scalarAt(o.node, offset);
  if (!o || !hit || hit.isKey) return undefined;
  const value = str(hit.scalar.value);
  if (!value) return undefined;
  const svc = serviceAt(o, hit);
  if (svc) {
    if (newName !== undefined && !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(newName)) {
      return {
        error: `"${newName}" is not a valid Service name (a DNS-1035 label: lowercase letters, digits and '-', starting with a letter, at most 63 characters).`,
      };
    }
    const edits: RenameEdit[] = [];
    for (const s of index.servicesNamed(svc.namespace, svc.name, uri)) {
      const span = nameSpan(s.service);
      if (span) edits.push({ uri: s.uri, span, newText: newName ?? value });
    }
    for (const p of governed(index, svc.namespace, svc.name)) edits.push({ ...p, newText: newName ?? value });
    return { edits: dedupe(edits), span: hit.span, placeholder: value };
  }
  // A port name: a containerPort's name or a Service's named targetPort.
  const prefix = TEMPLATE_SPEC[o.kind];
  const onContainerPort =
    prefix &&
    startsWith(hit.path, prefix) &&
    hit.path.length === prefix.length + 5 &&
    hit.path[prefix.length + 2] === 'ports' &&
    hit.path[hit.path.length - 1] === 'name';
  const onTargetPort =
    o.kind === 'Service' &&
    hit.path.length === 4 &&
    hit.path[1] === 'ports' &&
    hit.path[3] === 'targetPort' &&
    !/^\d+$/.test(value);
  if (!onContainerPort && !onTargetPort) return undefined;
  if (
    (newName !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(newName)) ||
    (newName !== undefined && (newName.length > 15 || !/[a-z]/.test(newName) || newName.includes('--')))
  ) {
    return {
      error: `"${newName}" is not a valid port name (IANA_SVC_NAME: at most 15 lowercase letters, digits and '-', with a letter).`,
    };
  }
  // The workloads whose pods carry the port, and the Services selecting them.
  const workloads = onContainerPort ? [{ uri, object: o }] : selectedWorkloads(index, o);
  const edits: RenameEdit[] = [];
  const byKey = new Set(workloads.map((w) => `${w.uri}#${w.object.span[0]}`));
  for (const w of workloads)
    for (const p of containerPortNames(w.object))
      if (p.name === value) edits.push({ uri: w.uri, span: p.span, newText: newName ?? value });
  for (const s of index.servicesIn(o.namespace)) {
    const targets = selectedWorkloads(index, s.service);
    if (!targets.some((t) => byKey.has(`${t.uri}#${t.object.span[0]}`))) continue;
    const ports = getIn(s.service.node, ['spec', 'ports']);
    if (!isSeq(ports)) continue;
    for (const p of ports.items)
      if (isMap(p) && p.get('targetPort') === value)
        edits.push({ uri: s.uri, span: valueSpan(p, 'targetPort') as Span, newText: newName ?? value });
  }
  return { edits: dedupe(edits.filter((e) => e.span)), span: hit.span, placeholder: value };
}

function dedupe(edits: RenameEdit[]): RenameEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.uri}#${e.span[0]}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface ObjectSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: string;
  readonly span: Span;
  readonly selection: Span;
}

/** One symbol per object (the Outline of a multi-document file), named `<name>` with the kind as detail. */
export function documentSymbols(index: WorkspaceIndex, uri: string): ObjectSymbol[] {
  const file = index.get(uri);
  if (!file) return [];
  return file.manifest.objects.map((o) => {
    const selection = nameSpan(o) ?? ([o.span[0], o.span[0]] as Span);
    return {
      name: o.name ?? `(unnamed ${o.kind || 'object'})`,
      detail: `${o.kind}${o.namespace !== 'default' ? ` · ${o.namespace}` : ''}`,
      kind: o.kind,
      span: o.span,
      selection,
    };
  });
}
