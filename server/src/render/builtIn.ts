/**
 * Kustomize without a binary (pure): when no renderer runs (untrusted workspace, rendering off, the
 * binary missing or too slow), the transformations that change findings are applied here to an entry
 * overlay's sources, so a base whose selector comes from `commonLabels` is checked with that selector
 * and a warning an overlay's patch fixes is not reported on the base. The result is a `RenderedOverlay`
 * like the binary's, linted and mapped back by `overlay.ts`.
 *
 * Understood, in Kustomize's order (api/krusty kusttarget.go `configureBuiltinTransformers`): resources,
 * components, then per kustomization strategic-merge patches, `patches`, `namespace`, `namePrefix`/`nameSuffix`,
 * `commonLabels`/`labels`, `commonAnnotations`, `patchesJson6902`, `replicas`, `images`; at the end the name
 * references a prefix or suffix changes (StatefulSet `serviceName`, HPA `scaleTargetRef`, ConfigMap/Secret/PVC/
 * ServiceAccount references of pod templates). Generated ConfigMaps and Secrets are not produced (no rule
 * reads them). Anything else (replacements, vars, plugins, helmCharts, `$patch` directives, a list whose merge
 * key is not in `MERGE_KEYS`, a patch target by label selector) is not understood: the result says what,
 * and the caller keeps the whole-object rules off the sources instead of guessing.
 */
import * as path from 'node:path';
import { parseAllDocuments, parse, stringify } from 'yaml';
import type { Kustomization, KustomizeLayout } from './kustomization';
import type { Origin, RenderedOverlay } from './kustomize';

type Obj = Record<string, unknown>;

/** An object being built: its value, the file it came from, and every name it had (the current one last). */
interface Res {
  readonly obj: Obj;
  readonly origin: Origin;
  readonly names: string[];
}

export type BuiltInResult =
  | { readonly ok: true; readonly overlay: RenderedOverlay }
  | { readonly ok: false; readonly file: string; readonly reason: string };

/** Kustomization keys applied here; any other key makes the overlay not understood. */
const UNDERSTOOD_KEYS: ReadonlySet<string> = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'bases',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'images',
  'replicas',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  // Generators make ConfigMaps/Secrets, which no rule checks; the references to them keep the plain name.
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'buildMetadata',
  'sortOptions',
]);

/**
 * Strategic-merge lists: the merge key of each list field (`x-kubernetes-patch-merge-key` of the
 * Kubernetes OpenAPI), `null` for lists a patch replaces whole. A list not here is not understood.
 */
const MERGE_KEYS: Readonly<Record<string, string | null>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  imagePullSecrets: 'name',
  resourceClaims: 'name',
  schedulingGates: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  conditions: 'type',
  args: null,
  command: null,
  envFrom: null,
  tolerations: null,
  volumeClaimTemplates: null,
  readinessGates: null,
  accessModes: null,
  matchExpressions: null,
  items: null,
  sources: null,
};

/** Container ports merge by `containerPort`, Service ports by `port`. */
function mergeKeyOf(field: string, parent: readonly string[]): string | null | undefined {
  if (field === 'ports')
    return parent.includes('containers') || parent.includes('initContainers') ? 'containerPort' : 'port';
  return Object.prototype.hasOwnProperty.call(MERGE_KEYS, field) ? MERGE_KEYS[field] : undefined;
}

/** Kinds without a namespace (Kustomize's `namespace` leaves them alone). */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'IngressClass',
  'RuntimeClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'CSIDriver',
  'Node',
]);

const WORKLOADS_WITH_SELECTOR = ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'];
const POD_TEMPLATE_KINDS = [...WORKLOADS_WITH_SELECTOR, 'ReplicationController', 'Job'];
const SCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

/**
 * Where a label goes: path (`[]` walks every list item), the kinds it applies to (all when absent), created when
 * missing.
 */
interface FieldSpec {
  readonly path: readonly string[];
  readonly kinds?: readonly string[];
  readonly create: boolean;
}

const split = (p: string) => p.split('/');
const METADATA_LABELS: readonly FieldSpec[] = [
  { path: ['metadata', 'labels'], create: true },
  { path: split('spec/template/metadata/labels'), kinds: POD_TEMPLATE_KINDS, create: true },
  { path: split('spec/jobTemplate/spec/template/metadata/labels'), kinds: ['CronJob'], create: true },
];
const AFFINITY = ['podAffinity', 'podAntiAffinity'].flatMap((a) => [
  `spec/template/spec/affinity/${a}/preferredDuringSchedulingIgnoredDuringExecution/[]/podAffinityTerm/labelSelector/matchLabels`,
  `spec/template/spec/affinity/${a}/requiredDuringSchedulingIgnoredDuringExecution/[]/labelSelector/matchLabels`,
]);
/** `commonLabels` and `labels` with `includeSelectors` (kustomize builtinpluginconsts/commonlabels.go). */
const SELECTOR_LABELS: readonly FieldSpec[] = [
  ...METADATA_LABELS,
  { path: ['spec', 'selector'], kinds: ['Service', 'ReplicationController'], create: true },
  { path: split('spec/selector/matchLabels'), kinds: WORKLOADS_WITH_SELECTOR, create: true },
  { path: split('spec/volumeClaimTemplates/[]/metadata/labels'), kinds: ['StatefulSet'], create: true },
  ...[...AFFINITY, 'spec/template/spec/topologySpreadConstraints/[]/labelSelector/matchLabels'].map((p) => ({
    path: split(p),
    kinds: ['Deployment', 'StatefulSet'],
    create: false,
  })),
  { path: split('spec/selector/matchLabels'), kinds: ['Job', 'PodDisruptionBudget'], create: false },
  { path: split('spec/jobTemplate/spec/selector/matchLabels'), kinds: ['CronJob'], create: false },
];
const ANNOTATIONS: readonly FieldSpec[] = [
  { path: ['metadata', 'annotations'], create: true },
  { path: split('spec/template/metadata/annotations'), kinds: POD_TEMPLATE_KINDS, create: true },
  { path: split('spec/jobTemplate/spec/template/metadata/annotations'), kinds: ['CronJob'], create: true },
];

/** Name references a rename follows: referenced kind → paths holding its name in other objects. */
const POD_SPEC_REFS: Readonly<Record<string, readonly string[]>> = {
  ConfigMap: [
    'volumes/[]/configMap/name',
    'volumes/[]/projected/sources/[]/configMap/name',
    'containers/[]/env/[]/valueFrom/configMapKeyRef/name',
    'containers/[]/envFrom/[]/configMapRef/name',
    'initContainers/[]/env/[]/valueFrom/configMapKeyRef/name',
    'initContainers/[]/envFrom/[]/configMapRef/name',
  ],
  Secret: [
    'volumes/[]/secret/secretName',
    'volumes/[]/projected/sources/[]/secret/name',
    'containers/[]/env/[]/valueFrom/secretKeyRef/name',
    'containers/[]/envFrom/[]/secretRef/name',
    'initContainers/[]/env/[]/valueFrom/secretKeyRef/name',
    'initContainers/[]/envFrom/[]/secretRef/name',
    'imagePullSecrets/[]/name',
  ],
  PersistentVolumeClaim: ['volumes/[]/persistentVolumeClaim/claimName'],
  ServiceAccount: ['serviceAccountName'],
};

class NotUnderstood extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const kindOf = (r: Res) => str(r.obj['kind']) ?? '';
const nameOf = (r: Res) => r.names[r.names.length - 1] ?? '';

/**
 * Builds `entry` from `sources` (every file it reads, by absolute path: kustomize.ts `readSources`).
 * Not understood: `ok: false` with the file and what was not understood.
 */
export function renderBuiltIn(
  entry: Kustomization,
  layout: KustomizeLayout,
  sources: ReadonlyMap<string, string>,
): BuiltInResult {
  try {
    const acc: Res[] = [];
    new Builder(layout, sources).accumulate(entry, acc, new Set());
    fixNameReferences(acc);
    const text = acc.map((r) => stringify(r.obj)).join('---\n');
    return { ok: true, overlay: { entry, text, origins: acc.map((r) => r.origin), sources, rendererMs: 0 } };
  } catch (e) {
    if (e instanceof NotUnderstood) return { ok: false, file: e.file, reason: e.message };
    throw e;
  }
}

class Builder {
  constructor(
    private readonly layout: KustomizeLayout,
    private readonly sources: ReadonlyMap<string, string>,
  ) {}

  accumulate(k: Kustomization, acc: Res[], visiting: Set<string>): void {
    if (visiting.has(k.dir)) throw new NotUnderstood(k.file, 'a kustomization that includes itself');
    visiting.add(k.dir);
    if (k.broken) throw new NotUnderstood(k.file, k.broken);
    const root = parse(k.text) as unknown;
    if (!isObj(root)) throw new NotUnderstood(k.file, 'not a map');
    const unknown = Object.keys(root).find((key) => !UNDERSTOOD_KEYS.has(key));
    if (unknown !== undefined) throw new NotUnderstood(k.file, `\`${unknown}\``);
    const remote = k.remote[0];
    if (remote) throw new NotUnderstood(k.file, `remote base ${remote.value}`);
    for (const r of k.resources) {
      const sub = r.path !== undefined ? this.layout.byDir.get(r.path) : undefined;
      if (sub) {
        if (sub.component) throw new NotUnderstood(k.file, `${r.value} is a Component`);
        const inner: Res[] = [];
        this.accumulate(sub, inner, visiting);
        acc.push(...inner);
      } else acc.push(...this.resourcesOf(k, r.value, r.path));
    }
    for (const c of k.components) {
      const sub = c.path !== undefined ? this.layout.byDir.get(c.path) : undefined;
      if (!sub?.component) throw new NotUnderstood(k.file, `component ${c.value}`);
      this.accumulate(sub, acc, visiting);
    }
    this.transform(k, root, acc);
    visiting.delete(k.dir);
  }

  private resourcesOf(k: Kustomization, value: string, file: string | undefined): Res[] {
    const text = file !== undefined ? this.sources.get(file) : undefined;
    if (file === undefined || text === undefined) throw new NotUnderstood(k.file, `resource ${value} not read`);
    const out: Res[] = [];
    for (const obj of this.docs(file, text)) {
      const items = obj['kind'] === 'List' && Array.isArray(obj['items']) ? (obj['items'] as unknown[]) : [obj];
      for (const item of items) {
        const name = isObj(item) && isObj(item['metadata']) ? str(item['metadata']['name']) : undefined;
        if (!isObj(item) || str(item['kind']) === undefined || name === undefined)
          throw new NotUnderstood(file, 'an object without kind or metadata.name');
        out.push({ obj: item, origin: { path: file }, names: [name] });
      }
    }
    return out;
  }

  private docs(file: string, text: string): Obj[] {
    const out: Obj[] = [];
    for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
      if (!('contents' in doc) || doc.errors.length > 0) throw new NotUnderstood(file, 'YAML that does not parse');
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) continue;
      if (!isObj(value) && !Array.isArray(value)) throw new NotUnderstood(file, 'a document that is not a map');
      out.push(isObj(value) ? value : { '': value });
    }
    return out;
  }

  private transform(k: Kustomization, root: Obj, acc: Res[]): void {
    for (const p of list(root['patchesStrategicMerge'])) {
      const patch = typeof p === 'string' && !p.includes('\n') && !p.includes(':') ? this.patchFile(k, p) : p;
      this.applyPatch(k, patch, undefined, acc);
    }
    for (const p of list(root['patches'])) {
      if (!isObj(p)) throw new NotUnderstood(k.file, 'a `patches` entry that is not a map');
      const content = typeof p['path'] === 'string' ? this.patchFile(k, p['path']) : p['patch'];
      if (content === undefined) throw new NotUnderstood(k.file, 'a `patches` entry without path or patch');
      if (p['options'] !== undefined) throw new NotUnderstood(k.file, 'patch `options`');
      this.applyPatch(k, content, p['target'], acc);
    }
    const namespace = str(root['namespace']);
    if (namespace !== undefined) {
      for (const r of acc) if (!CLUSTER_SCOPED.has(kindOf(r))) objAt(r.obj, ['metadata'])['namespace'] = namespace;
    }
    const prefix = str(root['namePrefix']) ?? '';
    const suffix = str(root['nameSuffix']) ?? '';
    if (prefix || suffix) {
      for (const r of acc) {
        if (kindOf(r) === 'CustomResourceDefinition' || kindOf(r) === 'Namespace') continue;
        const name = `${prefix}${nameOf(r)}${suffix}`;
        objAt(r.obj, ['metadata'])['name'] = name;
        r.names.push(name);
      }
    }
    if (root['commonLabels'] !== undefined) setAll(acc, SELECTOR_LABELS, stringMap(k, root['commonLabels']));
    for (const l of list(root['labels'])) {
      if (!isObj(l) || l['fields'] !== undefined) throw new NotUnderstood(k.file, '`labels` with `fields`');
      const specs =
        l['includeSelectors'] === true
          ? SELECTOR_LABELS
          : l['includeTemplates'] === true
            ? METADATA_LABELS
            : METADATA_LABELS.slice(0, 1);
      setAll(acc, specs, stringMap(k, l['pairs']));
    }
    if (root['commonAnnotations'] !== undefined) setAll(acc, ANNOTATIONS, stringMap(k, root['commonAnnotations']));
    for (const p of list(root['patchesJson6902'])) {
      if (!isObj(p)) throw new NotUnderstood(k.file, 'a `patchesJson6902` entry that is not a map');
      const content = typeof p['path'] === 'string' ? this.patchFile(k, p['path']) : p['patch'];
      const ops = typeof content === 'string' ? (parse(content) as unknown) : content;
      if (!Array.isArray(ops)) throw new NotUnderstood(k.file, 'a JSON 6902 patch that is not a list');
      for (const r of this.targets(k, p['target'], acc)) applyJsonPatch(k.file, r.obj, structuredClone(ops));
    }
    for (const rep of list(root['replicas'])) {
      if (!isObj(rep) || typeof rep['count'] !== 'number') throw new NotUnderstood(k.file, 'a `replicas` entry');
      for (const r of acc)
        if (SCALABLE.includes(kindOf(r)) && r.names.includes(String(rep['name'])))
          objAt(r.obj, ['spec'])['replicas'] = rep['count'];
    }
    for (const image of list(root['images'])) {
      if (!isObj(image) || typeof image['name'] !== 'string') throw new NotUnderstood(k.file, 'an `images` entry');
      for (const r of acc) setImages(r.obj, image);
    }
  }

  private patchFile(k: Kustomization, rel: string): string {
    const text = this.sources.get(path.posix.resolve(k.dir, rel));
    if (text === undefined) throw new NotUnderstood(k.file, `patch ${rel} not read`);
    return text;
  }

  /** A strategic-merge or JSON 6902 patch (decided by its content, as Kustomize does) on its target(s). */
  private applyPatch(k: Kustomization, content: unknown, target: unknown, acc: Res[]): void {
    const docs = typeof content === 'string' ? this.docs(k.file, content) : isObj(content) ? [content] : [];
    if (docs.length === 0) throw new NotUnderstood(k.file, 'an empty patch');
    for (const doc of docs) {
      const ops = doc[''];
      if (Array.isArray(ops)) {
        for (const r of this.targets(k, target, acc)) applyJsonPatch(k.file, r.obj, structuredClone(ops));
        continue;
      }
      const meta = isObj(doc['metadata']) ? doc['metadata'] : {};
      const own = { kind: doc['kind'], name: meta['name'] };
      for (const r of this.targets(k, target ?? own, acc)) {
        const merged = strategicMerge(k.file, r.obj, structuredClone(withoutIdentity(doc, target !== undefined)), []);
        replaceContents(r.obj, merged as Obj);
      }
    }
  }

  /** The objects a patch targets: kind/name (a name is an anchored regular expression in Kustomize)/namespace. */
  private targets(k: Kustomization, target: unknown, acc: Res[]): Res[] {
    if (!isObj(target)) throw new NotUnderstood(k.file, 'a patch without target');
    const known = ['group', 'version', 'kind', 'name', 'namespace'];
    const other = Object.keys(target).find((key) => !known.includes(key));
    if (other !== undefined) throw new NotUnderstood(k.file, `patch target \`${other}\``);
    let nameRe: RegExp | undefined;
    if (typeof target['name'] === 'string') {
      try {
        nameRe = new RegExp(`^(?:${target['name']})$`);
      } catch {
        throw new NotUnderstood(k.file, `patch target name ${target['name']}`);
      }
    }
    const found = acc.filter((r) => {
      const apiVersion = str(r.obj['apiVersion']) ?? '';
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      const meta = isObj(r.obj['metadata']) ? r.obj['metadata'] : {};
      return (
        (target['kind'] === undefined || target['kind'] === kindOf(r)) &&
        (target['group'] === undefined || target['group'] === group) &&
        (target['version'] === undefined || target['version'] === version) &&
        (target['namespace'] === undefined || target['namespace'] === meta['namespace']) &&
        (nameRe === undefined || r.names.some((n) => nameRe.test(n)))
      );
    });
    if (found.length === 0) throw new NotUnderstood(k.file, 'a patch that matches no object');
    return found;
  }
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function stringMap(k: Kustomization, v: unknown): Record<string, string> {
  if (!isObj(v)) throw new NotUnderstood(k.file, 'labels or annotations that are not a map');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(v)) out[key] = String(value);
  return out;
}

/** The map at `segs` inside `obj`, created when missing. */
function objAt(obj: Obj, segs: readonly string[]): Obj {
  let cur = obj;
  for (const s of segs) {
    if (!isObj(cur[s])) cur[s] = {};
    cur = cur[s] as Obj;
  }
  return cur;
}

/** Sets `pairs` into the map at each field spec's path (through every item of `[]` lists). */
function setAll(acc: readonly Res[], specs: readonly FieldSpec[], pairs: Record<string, string>): void {
  for (const r of acc) {
    for (const spec of specs) {
      if (spec.kinds && !spec.kinds.includes(kindOf(r))) continue;
      const visit = (node: Obj, i: number): void => {
        if (i === spec.path.length - 1) {
          const key = spec.path[i] as string;
          if (!isObj(node[key])) {
            if (!spec.create) return;
            node[key] = {};
          }
          Object.assign(node[key] as Obj, pairs);
          return;
        }
        const seg = spec.path[i] as string;
        const next = node[seg];
        if (seg === '[]') return;
        if (spec.path[i + 1] === '[]') {
          for (const item of list(next)) if (isObj(item)) visit(item, i + 2);
          return;
        }
        if (!isObj(next)) {
          if (!spec.create) return;
          node[seg] = {};
        }
        visit(node[seg] as Obj, i + 1);
      };
      visit(r.obj, 0);
    }
  }
}

/** A patch with a target is applied whatever it names: its own kind/name do not rename the object. */
function withoutIdentity(doc: Obj, targeted: boolean): Obj {
  if (!targeted) return doc;
  const { kind: _k, apiVersion: _a, ...rest } = doc;
  if (!isObj(rest['metadata'])) return rest;
  const { name: _n, ...meta } = rest['metadata'];
  return Object.keys(meta).length ? { ...rest, metadata: meta } : omit(rest, 'metadata');
}

const omit = (o: Obj, key: string): Obj => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

/** Replaces `target`'s keys by `value`'s (the object keeps its identity in the accumulation). */
function replaceContents(target: Obj, value: Obj): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, value);
}

/**
 * Strategic merge (k8s.io/apimachinery strategicpatch, as kyaml merge2 applies it): maps merge, `null`
 * deletes, lists with a merge key merge item by item (items new to the list first, as Kustomize
 * writes them), other known lists and scalars are replaced.
 */
function strategicMerge(file: string, base: unknown, patch: unknown, at: readonly string[]): unknown {
  if (isObj(patch)) {
    const out: Obj = isObj(base) ? { ...base } : {};
    for (const [key, value] of Object.entries(patch)) {
      if (key.startsWith('$')) throw new NotUnderstood(file, `patch directive ${key}`);
      if (value === null) delete out[key];
      else out[key] = strategicMerge(file, out[key], value, [...at, key]);
    }
    return out;
  }
  if (Array.isArray(patch)) {
    const field = at[at.length - 1] ?? '';
    const key = mergeKeyOf(field, at.slice(0, -1));
    if (key === undefined) throw new NotUnderstood(file, `a patch of the list ${at.join('.')}`);
    if (key === null || !Array.isArray(base)) return patch;
    const merged: unknown[] = base.map((item) => item);
    const added: unknown[] = [];
    for (const item of patch) {
      if (!isObj(item) || item[key] === undefined) throw new NotUnderstood(file, `a ${field} item without ${key}`);
      const i = merged.findIndex((b) => isObj(b) && b[key] === item[key]);
      if (i >= 0) merged[i] = strategicMerge(file, merged[i], item, [...at, '[]']);
      else added.push(item);
    }
    return [...added, ...merged];
  }
  return patch;
}

/** JSON 6902 `add`, `replace` and `remove` (other operations are not understood), on a copy of the operations. */
function applyJsonPatch(file: string, obj: Obj, ops: readonly unknown[]): void {
  for (const op of ops) {
    if (!isObj(op) || typeof op['path'] !== 'string') throw new NotUnderstood(file, 'a JSON 6902 operation');
    const kind = op['op'];
    if (kind !== 'add' && kind !== 'replace' && kind !== 'remove')
      throw new NotUnderstood(file, `JSON 6902 operation ${String(kind)}`);
    const segs = op['path']
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = segs.pop();
    let parent: unknown = obj;
    for (const s of segs) parent = Array.isArray(parent) ? parent[Number(s)] : isObj(parent) ? parent[s] : undefined;
    if (last === undefined || (!isObj(parent) && !Array.isArray(parent)))
      throw new NotUnderstood(file, `JSON 6902 path ${op['path']} that does not exist`);
    const value = op['value'];
    if (Array.isArray(parent)) {
      const i = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(i) || i < 0 || i > parent.length || (kind !== 'add' && i >= parent.length))
        throw new NotUnderstood(file, `JSON 6902 path ${op['path']} that does not exist`);
      if (kind === 'add') parent.splice(i, 0, value);
      else if (kind === 'replace') parent[i] = value;
      else parent.splice(i, 1);
    } else {
      // Kustomize's json-patch replaces a missing map key like `add` does (overlays rely on it); `remove` needs it.
      if (kind === 'remove' && !(last in parent))
        throw new NotUnderstood(file, `JSON 6902 path ${op['path']} that does not exist`);
      if (kind === 'remove') delete parent[last];
      else parent[last] = value;
    }
  }
}

/** `name[:tag][@digest]` → name, and the tag/digest suffix (a registry's `host:port/` is part of the name). */
function splitImage(image: string): { name: string; rest: string } {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const cut = colon > withoutDigest.lastIndexOf('/') ? colon : at >= 0 ? at : image.length;
  return { name: image.slice(0, cut), rest: image.slice(cut) };
}

/** Kustomize `images`: containers and init containers of pod templates whose image name matches. */
function setImages(obj: Obj, entry: Obj): void {
  const specs = [['spec', 'template', 'spec'], ['spec', 'jobTemplate', 'spec', 'template', 'spec'], ['spec']];
  for (const specPath of specs) {
    let spec: unknown = obj;
    for (const s of specPath) spec = isObj(spec) ? spec[s] : undefined;
    if (!isObj(spec)) continue;
    for (const c of [...list(spec['containers']), ...list(spec['initContainers'])]) {
      if (!isObj(c) || typeof c['image'] !== 'string') continue;
      const { name, rest } = splitImage(c['image']);
      if (name !== entry['name']) continue;
      const newName = str(entry['newName']) ?? name;
      const digest = str(entry['digest']);
      const tag = entry['newTag'] !== undefined ? String(entry['newTag']) : undefined;
      c['image'] = newName + (digest ? `@${digest}` : tag !== undefined ? `:${tag}` : rest);
    }
    return;
  }
}

/** After renames: references holding an object's earlier name get its final one (Kustomize's nameReference). */
function fixNameReferences(acc: readonly Res[]): void {
  const renamed = (kind: string, name: unknown): string | undefined => {
    if (typeof name !== 'string') return undefined;
    const hits = acc.filter((r) => kindOf(r) === kind && r.names.includes(name));
    return hits.length === 1 ? nameOf(hits[0] as Res) : undefined;
  };
  for (const r of acc) {
    const spec = isObj(r.obj['spec']) ? r.obj['spec'] : undefined;
    if (!spec) continue;
    if (kindOf(r) === 'StatefulSet')
      spec['serviceName'] = renamed('Service', spec['serviceName']) ?? spec['serviceName'];
    const scale = spec['scaleTargetRef'];
    if (kindOf(r) === 'HorizontalPodAutoscaler' && isObj(scale))
      scale['name'] = renamed(String(scale['kind']), scale['name']) ?? scale['name'];
    const template = isObj(spec['template']) ? spec['template'] : undefined;
    const podSpec = template && isObj(template['spec']) ? template['spec'] : undefined;
    if (!podSpec) continue;
    for (const [kind, paths] of Object.entries(POD_SPEC_REFS)) {
      for (const p of paths) rewriteAt(podSpec, split(p), (v) => renamed(kind, v));
    }
  }
}

function rewriteAt(node: unknown, segs: readonly string[], f: (v: unknown) => string | undefined): void {
  const [seg, ...rest] = segs;
  if (seg === undefined || !isObj(node)) return;
  if (rest[0] === '[]') {
    for (const item of list(node[seg])) rewriteAt(item, rest.slice(1), f);
    return;
  }
  if (rest.length > 0) return rewriteAt(node[seg], rest, f);
  const next = f(node[seg]);
  if (next !== undefined) node[seg] = next;
}
