/**
 * Workload manifests built once for the tests: each builder writes the YAML a user would, with the fields a test
 * varies as options. Pass `extra` lines to add to `spec` (indented by two, as in the manifest).
 */
import { y } from './lint';

export interface WorkloadOptions {
  name?: string;
  namespace?: string;
  replicas?: number;
  image?: string;
  /** Lines under `spec:` after the generated ones (two spaces of indentation already in them). */
  extra?: string[];
  /** An exec preStop hook (its duration is an assumption of the simulation). */
  execPreStop?: boolean;
}

function template(app: string, o: WorkloadOptions): string[] {
  return [
    '  selector: {matchLabels: {app: ' + app + '}}',
    '  template:',
    '    metadata: {labels: {app: ' + app + '}}',
    '    spec:',
    '      containers:',
    `        - name: ${app}`,
    `          image: ${o.image ?? `${app}:2`}`,
    ...(o.execPreStop ? ['          lifecycle: {preStop: {exec: {command: [sh, -c, "sleep 1"]}}}'] : []),
  ];
}

function metadata(kind: string, defaultName: string, o: WorkloadOptions): string[] {
  const name = o.name ?? defaultName;
  return [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    `metadata: {name: ${name}${o.namespace ? `, namespace: ${o.namespace}` : ''}}`,
    'spec:',
  ];
}

export function deployment(o: WorkloadOptions = {}): string {
  const name = o.name ?? 'web';
  return y(
    ...metadata('Deployment', 'web', o),
    `  replicas: ${o.replicas ?? 3}`,
    ...(o.extra ?? []),
    ...template(name, o),
  );
}

export function statefulSet(o: WorkloadOptions = {}): string {
  const name = o.name ?? 'db';
  return y(
    ...metadata('StatefulSet', 'db', o),
    `  serviceName: ${name}`,
    `  replicas: ${o.replicas ?? 3}`,
    ...(o.extra ?? []),
    ...template(name, o),
  );
}

export function daemonSet(o: WorkloadOptions = {}): string {
  return y(...metadata('DaemonSet', 'agent', o), ...(o.extra ?? []), ...template(o.name ?? 'agent', o));
}

/** A Service selecting `app: <name>`; headless unless `clusterIP` says otherwise. */
export function service(name: string, o: { clusterIP?: string; port?: number; namespace?: string } = {}): string {
  return y(
    'apiVersion: v1',
    'kind: Service',
    `metadata: {name: ${name}${o.namespace ? `, namespace: ${o.namespace}` : ''}}`,
    'spec:',
    `  clusterIP: ${o.clusterIP ?? 'None'}`,
    `  selector: {app: ${name}}`,
    `  ports: [{name: main, port: ${o.port ?? 80}}]`,
  );
}

/**
 * An object as the rule tables write it, block style so a finding's line and text are easy to state:
 * `apiVersion`, `kind`, `metadata:` with `name`, `namespace` and the `meta` lines, then `spec:` and the `spec` lines.
 */
export interface ObjectYaml {
  kind: string;
  name: string;
  /** Default `apps/v1`. */
  api?: string;
  namespace?: string;
  /** Lines before `apiVersion` (comments, suppression directives). */
  before?: string[];
  /** Lines under `metadata:` after the name and namespace (two spaces of indentation already in them). */
  meta?: string[];
  /** Lines under `spec:`. */
  spec?: string[];
}

export function objectYaml(o: ObjectYaml): string {
  return y(
    ...(o.before ?? []),
    `apiVersion: ${o.api ?? 'apps/v1'}`,
    `kind: ${o.kind}`,
    'metadata:',
    `  name: ${o.name}`,
    ...(o.namespace ? [`  namespace: ${o.namespace}`] : []),
    ...(o.meta ?? []),
    'spec:',
    ...(o.spec ?? []),
  );
}

/**
 * A workload (default: Deployment `web`) as the rule tables write it: `spec` lines, then the pod template, then
 * `after` (a StatefulSet's volumeClaimTemplates). The template has `metadata: {labels: <labels>}` when `labels` is
 * given, and a `spec:` of `pod` lines and `containers` lines (default: one container `app`, image nginx), or the
 * one-line `podFlow` instead.
 */
export interface WorkloadYaml extends Omit<ObjectYaml, 'kind' | 'name'> {
  kind?: string;
  name?: string;
  /** The template's labels as a flow map, e.g. `{app: web}`; absent: no template metadata. */
  labels?: string;
  /** Lines under the template's `spec:` before the containers (six spaces of indentation). */
  pod?: string[];
  /** The containers' lines (`containers(...)`), or the whole rest of the template's spec. */
  containers?: string[];
  /** The template's spec as one flow map (`{containers: [{name: a}]}`) instead of `pod` and `containers`. */
  podFlow?: string;
  /** Lines under `spec:` after the template. */
  after?: string[];
}

export function workloadYaml(o: WorkloadYaml = {}): string {
  const podSpec = o.podFlow
    ? [`    spec: ${o.podFlow}`]
    : ['    spec:', ...(o.pod ?? []), ...(o.containers ?? containers('nginx'))];
  return objectYaml({
    ...o,
    kind: o.kind ?? 'Deployment',
    name: o.name ?? 'web',
    spec: [
      ...(o.spec ?? []),
      '  template:',
      ...(o.labels ? [`    metadata: {labels: ${o.labels}}`] : []),
      ...podSpec,
      ...(o.after ?? []),
    ],
  });
}

/** A pod template's `containers:` with one container `app` of `image`, and more lines of that container. */
export function containers(image: string, ...more: string[]): string[] {
  return ['      containers:', '        - name: app', `          image: ${image}`, ...more];
}

/** A workload's `selector:` line (two spaces of indentation) for a flow map of labels. */
export const selectorLine = (labels: string) => `  selector: {matchLabels: ${labels}}`;

/** A Service `web` as the rule tables write it (block style). */
export function serviceYaml(spec: string[], o: Omit<ObjectYaml, 'kind' | 'name' | 'spec'> & { name?: string } = {}) {
  return objectYaml({ ...o, api: 'v1', kind: 'Service', name: o.name ?? 'web', spec });
}

/**
 * The three workloads with an exec preStop hook (every what-if field applies to one of them); the StatefulSet is
 * Parallel (under OrderedReady the controller replaces one pod at a time whatever maxUnavailable says).
 */
export const DEPLOYMENT = deployment({ execPreStop: true });
export const STATEFULSET = statefulSet({ execPreStop: true, extra: ['  podManagementPolicy: Parallel'] });
export const DAEMONSET = daemonSet({ execPreStop: true });

/** A Deployment the linter rejects (replicas -1) with warnings (a misspelt key, no selector). */
export const BAD_DEPLOYMENT = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: -1',
  '  minReadySecond: 5',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec: {containers: [{name: a, image: web:1, readinessProbe: {tcpSocket: {port: 80}}}]}',
  '',
].join('\n');

/** The same with warnings only. */
export const WARN_ONLY_DEPLOYMENT = BAD_DEPLOYMENT.replace('  replicas: -1\n', '').replace(
  '  minReadySecond: 5\n',
  '  selector: {matchLabels: {app: web}}\n',
);
