/**
 * The workspace index: the parsed manifest of every YAML file the server knows (open documents
 * and files of the workspace folders) and a by-name index of their Services, for the rules that
 * look across files. Updating a file with unchanged text does nothing; changed text re-parses
 * only the YAML documents that changed (see shared/src/manifest.ts).
 */
import {
  autoscalerSpec,
  isEagerKind,
  isHorizontalPodAutoscaler,
  isPodDisruptionBudget,
  isService,
  manifestIncludes,
  parseManifest,
} from '../../shared/src/manifest';
import type { EditedText, K8sObject, ParsedManifest, ParseOptions } from '../../shared/src/manifest';
import { LineIndex } from '../../shared/src/lines';
import type { LocatedObject, LocatedPodTemplate, LocatedService, WorkspaceView } from './rules/types';
import { podTemplateOf, selects } from './rules/support';
import { byNearness } from './nearest';

export class IndexedFile {
  private lineIndex: LineIndex | undefined;
  /** What the line index can be derived from cheaply: the previous version's, if it was built. */
  private previous: PreviousLines | undefined;
  /** What other files see of this one (memo of WorkspaceIndex.serviceSignature). */
  signature: readonly string[] | undefined;

  constructor(
    readonly uri: string,
    readonly manifest: ParsedManifest,
    previous?: PreviousLines,
  ) {
    this.previous = previous;
  }

  /** The whole text (made when first read after an incremental update: see `ParsedManifest.text`). */
  get text(): string {
    return this.manifest.text;
  }

  get lines(): LineIndex {
    if (!this.lineIndex) {
      this.lineIndex = (this.previous && deriveLines(this.previous, this)) ?? new LineIndex(this.text);
      this.previous = undefined;
    }
    return this.lineIndex;
  }

  /** The built line index, if any (for the next version to derive from). */
  get builtLines(): LineIndex | undefined {
    return this.lineIndex;
  }
}

interface PreviousLines {
  readonly lines: LineIndex;
  readonly textLength: number;
  readonly chunks: readonly object[];
  /** File offsets of `chunks` in the previous text (the chunk objects are moved by a re-parse). */
  readonly chunkStarts: readonly number[];
}

/**
 * The line index of a new version from the previous one: documents reused at the start and at
 * the end of the file keep their lines (shifted); only the text between them is scanned. A
 * keystroke in a 2 MB file scans one document instead of the file.
 */
function deriveLines(prev: PreviousLines, file: IndexedFile): LineIndex | undefined {
  const manifest = file.manifest;
  if (manifestIncludes(manifest, '\r')) return undefined; // \r\n pairs across a cut: not worth it
  const now = manifest.chunks;
  const n = now.length;
  const m = prev.chunks.length;
  let head = 0;
  while (head < n && head < m && now[head] === prev.chunks[head]) head++;
  let tail = 0;
  while (tail < n - head && tail < m - head && now[n - 1 - tail] === prev.chunks[m - 1 - tail]) tail++;
  const length = manifest.length;
  const from = head < n ? (now[head] as { base: number }).base : length; // same offset in both versions
  const to = tail > 0 ? (now[n - tail] as { base: number }).base : length;
  const oldTo = tail > 0 ? (prev.chunkStarts[m - tail] as number) : prev.textLength;
  const delta = to - oldTo;
  const old = prev.lines.lineStarts;
  const kept = firstAbove(old, from);
  const tailFrom = firstAbove(old, oldTo);
  // The line breaks of the changed documents, from their own texts (the file's text is not made).
  const changed = now.slice(head, n - tail) as readonly { base: number; text: string }[];
  let added = 0;
  for (const c of changed) for (let at = c.text.indexOf('\n'); at >= 0; at = c.text.indexOf('\n', at + 1)) added++;
  // A typed array: the unchanged head is one memcpy, and its memory is reused from version to version
  // (a plain array of 60k lines is a fresh large object per keystroke).
  const starts = new Int32Array(kept + added + old.length - tailFrom);
  if (old instanceof Int32Array) starts.set(old.subarray(0, kept));
  else for (let i = 0; i < kept; i++) starts[i] = old[i] as number;
  let next = kept;
  for (const c of changed)
    for (let at = c.text.indexOf('\n'); at >= 0; at = c.text.indexOf('\n', at + 1)) starts[next++] = c.base + at + 1;
  for (let i = tailFrom; i < old.length; i++) starts[next++] = (old[i] as number) + delta;
  return new LineIndex(length, starts);
}

/** Index of the first element of the ascending `values` greater than `x`. */
function firstAbove(values: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const key = (namespace: string, name: string) => `${namespace}\u0000${name}`;

/** The last path segment of a URI, percent-decoded when it decodes (`file:///c/Chart.yaml` → `Chart.yaml`). */
export function fileNameOf(uri: string): string {
  const raw = uri.slice(uri.lastIndexOf('/') + 1);
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export class WorkspaceIndex implements WorkspaceView {
  private readonly files = new Map<string, IndexedFile>();
  private readonly services = new Map<string, LocatedService[]>();
  private readonly servicesByName = new Map<string, LocatedService[]>();
  private readonly servicesByNamespace = new Map<string, LocatedService[]>();
  private readonly templatesByNamespace = new Map<string, LocatedPodTemplate[]>();
  private readonly sortedServices = new Map<string, readonly LocatedService[]>();
  private readonly sortedTemplates = new Map<string, readonly LocatedPodTemplate[]>();
  private readonly labelIndex = new Map<string, Map<string, { rank: number; t: LocatedPodTemplate }[]>>();
  /** HorizontalPodAutoscalers by namespace and target name; PodDisruptionBudgets by namespace. */
  private readonly autoscalers = new Map<string, LocatedObject[]>();
  private readonly budgets = new Map<string, LocatedObject[]>();
  /** Files read from disk that hold nothing other files can see: only their URI is kept (update option keepUnseen). */
  private readonly unseen = new Set<string>();
  /** Every known URI by its file name (`Chart.yaml` → the charts' URIs): a lookup by name without a scan. */
  private readonly byFileName = new Map<string, Set<string>>();
  /**
   * Counts the changes of what files see of each other (a file's Services and pod templates, a file
   * added or removed with some): lint results of cross-file rules are reused while it stays the same.
   */
  generation = 0;
  /** Dependency key (`dependencyKeysOf`) → the generation at which an object under it last changed. */
  private readonly dependencies = new Map<string, number>();

  get size(): number {
    return this.files.size + this.unseen.size;
  }

  get(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  uris(): IterableIterator<string> {
    return this.files.keys();
  }

  /** Every known URI, including files kept without their text (keepUnseen: false). */
  allUris(): string[] {
    return [...this.files.keys(), ...this.unseen];
  }

  /** The known URIs (with or without their text) whose last path segment is `fileName`. */
  urisNamed(fileName: string): string[] {
    return [...(this.byFileName.get(fileName) ?? [])];
  }

  /**
   * Sets the text of `uri`; returns the indexed file and whether anything changed. For files
   * indexed from disk (not open): `keepNodes: false` drops their YAML nodes (re-parsed when asked
   * for); `keepUnseen: false` keeps nothing but the URI of a file without Services or pod
   * templates — no rule looks into such a file unless it is open, and then it is updated again.
   * `parsed`: the manifest of `text`, parsed already (the indexer parses large files in steps).
   */
  update(
    uri: string,
    text: string | EditedText,
    options: ParseOptions & { keepUnseen?: boolean; parsed?: ParsedManifest } = {},
  ): { file: IndexedFile; changed: boolean; servicesChanged: boolean } {
    const old = this.files.get(uri);
    // (A length first: the old text may not be made yet.)
    if (old && typeof text === 'string' && old.manifest.length === text.length && old.text === text)
      return { file: old, changed: false, servicesChanged: false };
    if (!old && !this.unseen.has(uri)) this.byName(uri, true);
    let parsed: ParsedManifest | undefined = options.parsed;
    if (options.keepUnseen === false) {
      parsed ??= parseManifest(text, old?.manifest, options);
      if (!parsed.objects.some(seenByOthers)) {
        const servicesChanged = this.forget(uri);
        this.unseen.add(uri);
        return { file: new IndexedFile(uri, parsed), changed: true, servicesChanged };
      }
    }
    this.unseen.delete(uri);
    const previousLines = old?.builtLines && {
      lines: old.builtLines,
      textLength: old.manifest.length,
      chunks: old.manifest.chunks,
      chunkStarts: old.manifest.chunks.map((c) => c.base),
    };
    const file = new IndexedFile(uri, parsed ?? parseManifest(text, old?.manifest, options), previousLines);
    if (!old) {
      // A new file: what others can see changed iff it has Services or pod templates (no signature strings needed).
      this.files.set(uri, file);
      this.indexServices(file);
      const seen = file.manifest.objects.filter(seenByOthers);
      if (seen.length) this.changedObjects(seen);
      return { file, changed: true, servicesChanged: seen.length > 0 };
    }
    const before = old ? this.serviceSignature(old) : [];
    if (old) this.unindexServices(old);
    this.files.set(uri, file);
    this.indexServices(file);
    const servicesChanged = !sameStrings(before, this.serviceSignature(file));
    if (servicesChanged) this.changedObjects(changedBetween(old, file));
    return { file, changed: true, servicesChanged };
  }

  /**
   * What a lint result that read the workspace through `recordingView` under `key` depends on: changes
   * whenever an object that query can return changed (in what other files see of it).
   */
  dependencyVersion(key: string): number {
    return this.dependencies.get(key) ?? 0;
  }

  /** A new generation, and the dependency keys of `objects` (added, removed or changed) at it. */
  private changedObjects(objects: readonly K8sObject[]): void {
    this.generation++;
    this.dependencies.set(ANY, this.generation);
    for (const o of objects) for (const k of dependencyKeysOf(o)) this.dependencies.set(k, this.generation);
  }

  /** Forgets `uri`; returns whether it held any Service (other files' findings may change). */
  remove(uri: string): boolean {
    if (this.files.has(uri) || this.unseen.has(uri)) this.byName(uri, false);
    return this.forget(uri);
  }

  /** Adds `uri` to, or removes it from, the by-file-name index. */
  private byName(uri: string, add: boolean): void {
    const name = fileNameOf(uri);
    const set = this.byFileName.get(name);
    if (add) {
      if (set) set.add(uri);
      else this.byFileName.set(name, new Set([uri]));
    } else if (set) {
      set.delete(uri);
      if (set.size === 0) this.byFileName.delete(name);
    }
  }

  /** `remove` without the by-file-name index (the URI stays known). */
  private forget(uri: string): boolean {
    this.unseen.delete(uri);
    const old = this.files.get(uri);
    if (!old) return false;
    this.unindexServices(old);
    this.files.delete(uri);
    const seen = this.serviceSignature(old).length > 0;
    if (seen) this.changedObjects(old.manifest.objects.filter(seenByOthers));
    return seen;
  }

  servicesNamed(namespace: string, name: string, preferUri: string): readonly LocatedService[] {
    return byNearness(preferUri, this.services.get(key(namespace, name)) ?? []);
  }

  autoscalersTargeting(namespace: string, name: string, preferUri: string): readonly LocatedObject[] {
    return byNearness(preferUri, this.autoscalers.get(key(namespace, name)) ?? []);
  }

  disruptionBudgetsIn(namespace: string): readonly LocatedObject[] {
    return this.budgets.get(namespace) ?? [];
  }

  servicesAnywhere(name: string): readonly LocatedService[] {
    return this.servicesByName.get(name) ?? [];
  }

  objectsWhere(filter: (kind: string, apiVersion: string) => boolean): { uri: string; object: K8sObject }[] {
    const out: { uri: string; object: K8sObject }[] = [];
    for (const [uri, file] of this.files)
      for (const object of file.manifest.objects) if (filter(object.kind, object.apiVersion)) out.push({ uri, object });
    return out;
  }

  fileText(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  servicesIn(namespace: string): readonly LocatedService[] {
    // Sorted once per change of the namespace, not per call (a rule asks once per object: 8k Services).
    return sortedOnce(
      this.sortedServices,
      this.servicesByNamespace,
      namespace,
      (a, b) => compare(a.uri, b.uri) || a.service.span[0] - b.service.span[0],
    );
  }

  /**
   * The pod templates of `namespace` that `selector` selects, in podTemplatesIn order. Looked up
   * through a per-namespace index of label entries (built once per change of the namespace), so
   * 8k Services do not each test 8k templates.
   */
  podTemplatesSelectedBy(namespace: string, selector: Readonly<Record<string, string>>): readonly LocatedPodTemplate[] {
    const entries = Object.entries(selector);
    if (entries.length === 0) return [];
    let index = this.labelIndex.get(namespace);
    if (!index) {
      index = new Map();
      for (const [rank, t] of this.podTemplatesIn(namespace).entries()) {
        for (const [k, v] of Object.entries(t.labels)) push(index, `${k}\u0000${v}`, { rank, t });
        for (const k of Object.keys(t.controllerLabels ?? {}))
          if (t.labels[k] === undefined) push(index, `\u0001${k}`, { rank, t });
      }
      this.labelIndex.set(namespace, index);
    }
    let fewest: { rank: number; t: LocatedPodTemplate }[] | undefined;
    for (const [k, v] of entries) {
      const direct = index.get(`${k}\u0000${v}`) ?? [];
      const controller = index.get(`\u0001${k}`) ?? [];
      if (!fewest || direct.length + controller.length < fewest.length)
        fewest = controller.length ? direct.concat(controller) : direct;
    }
    return (fewest ?? [])
      .filter(({ t }) => selects(selector, t))
      .sort((a, b) => a.rank - b.rank)
      .map(({ t }) => t);
  }

  podTemplatesIn(namespace: string): readonly LocatedPodTemplate[] {
    return sortedOnce(
      this.sortedTemplates,
      this.templatesByNamespace,
      namespace,
      (a, b) => compare(a.uri, b.uri) || a.object.span[0] - b.object.span[0],
    );
  }

  private indexServices(file: IndexedFile): void {
    for (const o of file.manifest.objects) {
      this.sortedServices.delete(o.namespace);
      this.sortedTemplates.delete(o.namespace);
      this.labelIndex.delete(o.namespace);
      const template = templateOf(o);
      if (template) push(this.templatesByNamespace, o.namespace, { uri: file.uri, object: o, ...template });
      if (isService(o)) push(this.servicesByNamespace, o.namespace, { uri: file.uri, service: o });
      const target = autoscalerSpec(o)?.target;
      if (target) push(this.autoscalers, key(o.namespace, target.name), { uri: file.uri, object: o });
      if (isPodDisruptionBudget(o)) push(this.budgets, o.namespace, { uri: file.uri, object: o });
      if (!isService(o) || !o.name) continue;
      const located = { uri: file.uri, service: o };
      push(this.services, key(o.namespace, o.name), located);
      push(this.servicesByName, o.name, located);
    }
  }

  private unindexServices(file: IndexedFile): void {
    // One filter per list touched, not one per object (a file of 8k Services in one namespace).
    const touched = {
      templates: new Set<string>(),
      services: new Set<string>(),
      named: new Set<string>(),
      names: new Set<string>(),
      autoscalers: new Set<string>(),
      budgets: new Set<string>(),
    };
    for (const o of file.manifest.objects) {
      this.sortedServices.delete(o.namespace);
      this.sortedTemplates.delete(o.namespace);
      this.labelIndex.delete(o.namespace);
      if (templateOf(o)) touched.templates.add(o.namespace);
      if (isService(o)) touched.services.add(o.namespace);
      const target = autoscalerSpec(o)?.target;
      if (target) touched.autoscalers.add(key(o.namespace, target.name));
      if (isPodDisruptionBudget(o)) touched.budgets.add(o.namespace);
      if (!isService(o) || !o.name) continue;
      touched.named.add(key(o.namespace, o.name));
      touched.names.add(o.name);
    }
    for (const k of touched.templates) drop(this.templatesByNamespace, k, file.uri);
    for (const k of touched.services) drop(this.servicesByNamespace, k, file.uri);
    for (const k of touched.named) drop(this.services, k, file.uri);
    for (const k of touched.names) drop(this.servicesByName, k, file.uri);
    for (const k of touched.autoscalers) drop(this.autoscalers, k, file.uri);
    for (const k of touched.budgets) drop(this.budgets, k, file.uri);
  }

  /** What other files can see of this file: its Services (names, namespaces, specs), pod templates, HPAs and PDBs. */
  private serviceSignature(file: IndexedFile): readonly string[] {
    return (file.signature ??= this.computeSignature(file));
  }

  /** One string per object others see (memoized per object value: an edit makes the edited object's only). */
  private computeSignature(file: IndexedFile): readonly string[] {
    return file.manifest.objects.map((o) => objectSignature(o, file)).filter((s) => s !== '');
  }
}

/**
 * Dependency keys: what a query of `WorkspaceView` can return, named so that a change to one object
 * invalidates only the lint results that asked about it (a keystroke in a workload's name re-runs the
 * rules that asked for that name or that namespace's pod templates, not every cross-file rule of the
 * file). `ANY` stands for the queries that can see any object (`objectsWhere`, `fileText`): it
 * changes with every generation, as every key did before.
 */
const ANY = '*';
const dependencyKey = {
  service: (namespace: string, name: string) => `svc\u0000${namespace}\u0000${name}`,
  serviceName: (name: string) => `svc-name\u0000${name}`,
  services: (namespace: string) => `svcs\u0000${namespace}`,
  templates: (namespace: string) => `tpl\u0000${namespace}`,
  autoscalers: (namespace: string, target: string) => `hpa\u0000${namespace}\u0000${target}`,
  budgets: (namespace: string) => `pdb\u0000${namespace}`,
};

function dependencyKeysOf(o: K8sObject): string[] {
  const keys: string[] = [];
  if (isService(o)) {
    keys.push(dependencyKey.services(o.namespace));
    if (o.name) keys.push(dependencyKey.service(o.namespace, o.name), dependencyKey.serviceName(o.name));
  }
  if (templateOf(o)) keys.push(dependencyKey.templates(o.namespace));
  const target = autoscalerSpec(o)?.target;
  if (target) keys.push(dependencyKey.autoscalers(o.namespace, target.name));
  if (isPodDisruptionBudget(o)) keys.push(dependencyKey.budgets(o.namespace));
  return keys;
}

/** The objects other files see differently between two versions of a file: removed, added or changed. */
function changedBetween(old: IndexedFile, now: IndexedFile): K8sObject[] {
  const before = new Map<string, K8sObject[]>();
  for (const o of old.manifest.objects) {
    const s = objectSignature(o, old);
    if (s === '') continue;
    const list = before.get(s);
    if (list) list.push(o);
    else before.set(s, [o]);
  }
  const changed: K8sObject[] = [];
  for (const o of now.manifest.objects) {
    const s = objectSignature(o, now);
    if (s === '') continue;
    if (!before.get(s)?.pop()) changed.push(o);
  }
  for (const list of before.values()) for (const o of list) changed.push(o);
  return changed;
}

/**
 * `view` that adds to `keys` the dependency key of every query made (lint.ts: which results a lint
 * result may be reused with).
 */
export function recordingView(view: WorkspaceView, keys: Set<string>): WorkspaceView {
  const recorded: { -readonly [K in keyof WorkspaceView]: WorkspaceView[K] } = {
    servicesNamed: (namespace, name, preferUri) => {
      keys.add(dependencyKey.service(namespace, name));
      return view.servicesNamed(namespace, name, preferUri);
    },
    servicesAnywhere: (name) => {
      keys.add(dependencyKey.serviceName(name));
      return view.servicesAnywhere(name);
    },
    servicesIn: (namespace) => {
      keys.add(dependencyKey.services(namespace));
      return view.servicesIn(namespace);
    },
    podTemplatesIn: (namespace) => {
      keys.add(dependencyKey.templates(namespace));
      return view.podTemplatesIn(namespace);
    },
  };
  const { autoscalersTargeting, disruptionBudgetsIn, podTemplatesSelectedBy, fileText, objectsWhere } = view;
  if (autoscalersTargeting)
    recorded.autoscalersTargeting = (namespace, name, preferUri) => {
      keys.add(dependencyKey.autoscalers(namespace, name));
      return autoscalersTargeting.call(view, namespace, name, preferUri);
    };
  if (disruptionBudgetsIn)
    recorded.disruptionBudgetsIn = (namespace) => {
      keys.add(dependencyKey.budgets(namespace));
      return disruptionBudgetsIn.call(view, namespace);
    };
  if (podTemplatesSelectedBy)
    recorded.podTemplatesSelectedBy = (namespace, selector) => {
      keys.add(dependencyKey.templates(namespace));
      return podTemplatesSelectedBy.call(view, namespace, selector);
    };
  if (fileText)
    recorded.fileText = (uri) => {
      keys.add(ANY);
      return fileText.call(view, uri);
    };
  if (objectsWhere)
    recorded.objectsWhere = (filter) => {
      keys.add(ANY);
      return objectsWhere.call(view, filter);
    };
  return recorded;
}

/**
 * What other files see of one object, memoized by its value: the objects of unchanged YAML documents
 * are reused by a re-parse (manifest.ts), so a keystroke serializes the edited document only.
 */
const signatures = new WeakMap<object, string>();

/** Same strings in the same order (the memoized strings of unchanged objects compare as one reference). */
function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function objectSignature(o: K8sObject, file: IndexedFile): string {
  if (!seenByOthers(o)) return ''; // nothing other files see; a deferred document stays unparsed
  const value = o.value;
  const memo = typeof value === 'object' && value !== null ? signatures.get(value) : undefined;
  if (memo !== undefined) return memo;
  const computed = computeObjectSignature(o, file);
  if (typeof value === 'object' && value !== null) signatures.set(value, computed);
  return computed;
}

function computeObjectSignature(o: K8sObject, file: IndexedFile): string {
  // Not the span: an edit elsewhere in the file must not refresh every other file's diagnostics
  // (related-information ranges catch up when those files are next pulled).
  let seen: unknown;
  if (isService(o)) seen = [o.namespace, o.name, o.value.spec];
  else if (isHorizontalPodAutoscaler(o) || isPodDisruptionBudget(o)) seen = [o.kind, o.namespace, o.name, o.value.spec];
  else {
    const t = templateOf(o);
    if (!t) return '';
    seen = [
      o.kind,
      o.namespace,
      o.name,
      t.labels,
      t.podSpec,
      (o.value as { spec?: { serviceName?: unknown } })?.spec?.serviceName,
    ];
  }
  // Aliases can expand a small text into a huge value (a scalar aliased 99 times): past a budget
  // proportional to the object's text, its text stands for it (linear in the file).
  const length = o.span[1] - o.span[0];
  return boundedJson(seen, 2 * length + 4096) ?? `\u0001${o.kind}\u0000${file.text.slice(o.span[0], o.span[1])}`;
}

/**
 * JSON of a plain value, or undefined past `budget` characters or on a cycle. Unlike
 * JSON.stringify, its cost is bounded by the budget, not by the expanded value.
 */
export function boundedJson(value: unknown, budget: number): string | undefined {
  const parts: string[] = [];
  let length = 0;
  const onPath = new Set<object>();
  const emit = (s: string): boolean => {
    length += s.length;
    parts.push(s);
    return length <= budget;
  };
  const walk = (v: unknown): boolean => {
    if (typeof v === 'string') return emit(JSON.stringify(v.length > budget ? '' : v)) && v.length <= budget;
    if (typeof v !== 'object' || v === null)
      return emit(String(typeof v === 'number' && !Number.isFinite(v) ? null : v));
    if (onPath.has(v)) return false;
    onPath.add(v);
    let ok = true;
    if (Array.isArray(v)) {
      ok = emit('[');
      for (let i = 0; ok && i < v.length; i++) ok = (i === 0 || emit(',')) && walk(v[i]);
      ok = ok && emit(']');
    } else {
      ok = emit('{');
      let first = true;
      for (const k in v) {
        if (!ok) break;
        if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
        ok = (first || emit(',')) && walk(k) && emit(':') && walk((v as Record<string, unknown>)[k]);
        first = false;
      }
      ok = ok && emit('}');
    }
    onPath.delete(v);
    return ok;
  };
  return walk(value) ? parts.join('') : undefined;
}

/** Whether other files' findings can depend on the object: Services, pod templates, HPAs, PDBs. */
function seenByOthers(o: K8sObject): boolean {
  return isService(o) || templateOf(o) !== undefined || isHorizontalPodAutoscaler(o) || isPodDisruptionBudget(o);
}

/** Pod templates come from kinds parsed eagerly: asking other kinds would parse every deferred document. */
function templateOf(o: K8sObject): ReturnType<typeof podTemplateOf> {
  return isEagerKind(o.kind) ? podTemplateOf(o) : undefined;
}

function sortedOnce<V>(
  cache: Map<string, readonly V[]>,
  source: Map<string, V[]>,
  k: string,
  order: (a: V, b: V) => number,
): readonly V[] {
  let sorted = cache.get(k);
  if (!sorted) cache.set(k, (sorted = [...(source.get(k) ?? [])].sort(order)));
  return sorted;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

function drop<V extends { uri: string }>(map: Map<string, V[]>, k: string, uri: string): void {
  const list = map.get(k)?.filter((s) => s.uri !== uri);
  if (list && list.length) map.set(k, list);
  else map.delete(k);
}
