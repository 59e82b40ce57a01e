/**
 * The manifest model: every YAML document of a file, parsed with the `yaml` package, with source
 * offsets on every node, and the Kubernetes objects found in them (top-level documents and the
 * items of `kind: List` / `*List` documents).
 *
 * Parsing is split per YAML document: the text is cut at document markers (`---` / `...` at
 * column 0, which YAML forbids inside any scalar) and each chunk is parsed on its own. A chunk
 * whose text did not change since the previous parse of the same file is reused, so an edit
 * re-parses one document, not the file. All offsets are file offsets (JS string indices).
 *
 * Pure: no I/O, no Node, no DOM.
 */
import {
  Document,
  isAlias,
  Pair as PairNode,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  YAMLMap,
  YAMLParseError,
} from 'yaml';
import type { Node, Pair, Tags } from 'yaml';
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { applyScalarEdit } from './scalarEdit';
import { scanKind, splitDocuments, type Chunk, type KindScan } from './split';
import { findTemplateMarker, isTemplated } from './template';

export type Span = readonly [start: number, end: number];

export interface SyntaxIssue {
  readonly message: string;
  readonly span: Span;
  readonly code: 'yaml-syntax' | 'yaml-alias-limit' | 'yaml-template';
}

/** One parsed YAML document, positioned in the file. */
export interface ParsedDocument {
  readonly index: number;
  readonly span: Span;
  readonly doc: Document.Parsed;
  /** Helm/Go template markers make the document non-YAML on purpose: it is not checked. */
  readonly templated: boolean;
}

export interface K8sObject<T = unknown> {
  readonly kind: string;
  readonly apiVersion: string;
  /** `metadata.name`, when it is a non-empty string. */
  readonly name: string | undefined;
  /** `metadata.namespace`, else `default`. */
  readonly namespace: string;
  /** Plain JS value of the object (from `yaml`'s toJS); shape not guaranteed: rules stay defensive. */
  readonly value: T;
  /** The object's mapping node (offsets into the file). */
  readonly node: YAMLMap;
  readonly span: Span;
  readonly docIndex: number;
  /** Index in the `items` of a List document. */
  readonly listIndex?: number;
}

export type DeploymentObject = K8sObject<Deployment> & { readonly kind: 'Deployment' };
export type StatefulSetObject = K8sObject<StatefulSet> & { readonly kind: 'StatefulSet' };
export type DaemonSetObject = K8sObject<DaemonSet> & { readonly kind: 'DaemonSet' };
export type ServiceObject = K8sObject<Service> & { readonly kind: 'Service' };
export type WorkloadObject = DeploymentObject | StatefulSetObject | DaemonSetObject;
/** autoscaling/v2 shape; v1 has the same scaleTargetRef, minReplicas and maxReplicas. */
export type HorizontalPodAutoscalerObject = K8sObject<HorizontalPodAutoscaler> & {
  readonly kind: 'HorizontalPodAutoscaler';
};
export type PodDisruptionBudgetObject = K8sObject<PodDisruptionBudget> & { readonly kind: 'PodDisruptionBudget' };
export type WorkloadKind = WorkloadObject['kind'];

/** apiVersions under which each kind has been served (the removed ones are kept: users still write them). */
export const WORKLOAD_API_VERSIONS: Readonly<Record<'Deployment' | 'StatefulSet' | 'DaemonSet', readonly string[]>> = {
  Deployment: ['apps/v1', 'apps/v1beta2', 'apps/v1beta1', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1', 'apps/v1beta2', 'apps/v1beta1'],
  DaemonSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
};

export function isDeployment(o: K8sObject): o is DeploymentObject {
  return o.kind === 'Deployment' && WORKLOAD_API_VERSIONS.Deployment.includes(o.apiVersion);
}
export function isStatefulSet(o: K8sObject): o is StatefulSetObject {
  return o.kind === 'StatefulSet' && WORKLOAD_API_VERSIONS.StatefulSet.includes(o.apiVersion);
}
export function isDaemonSet(o: K8sObject): o is DaemonSetObject {
  return o.kind === 'DaemonSet' && WORKLOAD_API_VERSIONS.DaemonSet.includes(o.apiVersion);
}
export function isService(o: K8sObject): o is ServiceObject {
  return o.kind === 'Service' && o.apiVersion === 'v1';
}

/** apiVersions under which HorizontalPodAutoscaler and PodDisruptionBudget have been served (newest first). */
export const HPA_API_VERSIONS: readonly string[] = [
  'autoscaling/v2',
  'autoscaling/v1',
  'autoscaling/v2beta2',
  'autoscaling/v2beta1',
];
export const PDB_API_VERSIONS: readonly string[] = ['policy/v1', 'policy/v1beta1'];

export function isHorizontalPodAutoscaler(o: K8sObject): o is HorizontalPodAutoscalerObject {
  return o.kind === 'HorizontalPodAutoscaler' && HPA_API_VERSIONS.includes(o.apiVersion);
}
export function isPodDisruptionBudget(o: K8sObject): o is PodDisruptionBudgetObject {
  return o.kind === 'PodDisruptionBudget' && PDB_API_VERSIONS.includes(o.apiVersion);
}

/** What an HPA scales and between which bounds, read defensively (autoscaling/v1 and v2 alike). */
export interface AutoscalerSpec {
  /** `spec.scaleTargetRef` when it has a string kind and name. */
  readonly target: { readonly kind: string; readonly name: string; readonly apiVersion?: string } | undefined;
  /** `spec.minReplicas`, else 1 (SetDefaults_HorizontalPodAutoscaler). */
  readonly minReplicas: number;
  readonly minReplicasWritten: boolean;
  /** `spec.maxReplicas` when it is an integer (it is required). */
  readonly maxReplicas: number | undefined;
}

/** The autoscaling spec of an HPA object, or undefined for any other object. */
export function autoscalerSpec(o: K8sObject): AutoscalerSpec | undefined {
  if (!isHorizontalPodAutoscaler(o)) return undefined;
  const spec = record(record(o.value)?.spec);
  const ref = record(spec?.scaleTargetRef);
  const kind = nonEmpty(ref?.kind);
  const name = nonEmpty(ref?.name);
  const apiVersion = nonEmpty(ref?.apiVersion);
  const min = spec?.minReplicas;
  const max = spec?.maxReplicas;
  const minWritten = Number.isInteger(min);
  return {
    target: kind && name ? { kind, name, ...(apiVersion ? { apiVersion } : {}) } : undefined,
    minReplicas: minWritten ? (min as number) : 1,
    minReplicasWritten: minWritten,
    maxReplicas: Number.isInteger(max) ? (max as number) : undefined,
  };
}

/**
 * Whether the HPA scales this workload: same namespace, `scaleTargetRef` kind and name, and an
 * apiVersion (optional in the reference) of a group that serves the kind.
 */
export function autoscalerTargets(hpa: K8sObject, workload: K8sObject): boolean {
  const target = autoscalerSpec(hpa)?.target;
  if (!target || !workload.name || hpa.namespace !== workload.namespace) return false;
  if (target.kind !== workload.kind || target.name !== workload.name) return false;
  if (target.apiVersion === undefined) return true;
  const group = (v: string) => (v.includes('/') ? v.slice(0, v.indexOf('/')) : '');
  return group(target.apiVersion) === group(workload.apiVersion) || WORKLOAD_GROUPS.has(group(target.apiVersion));
}
const WORKLOAD_GROUPS = new Set(['apps', 'extensions']);

/** What a PodDisruptionBudget protects and how, read defensively. */
export interface DisruptionBudgetSpec {
  /** `spec.selector` (a LabelSelector, plain JS; undefined selects no pod in policy/v1). */
  readonly selector: unknown;
  /** `spec.minAvailable` / `spec.maxUnavailable`: an integer or a percentage string, as written. */
  readonly minAvailable: number | string | undefined;
  readonly maxUnavailable: number | string | undefined;
}

/** The spec of a PDB object, or undefined for any other object. */
export function disruptionBudgetSpec(o: K8sObject): DisruptionBudgetSpec | undefined {
  if (!isPodDisruptionBudget(o)) return undefined;
  const spec = record(record(o.value)?.spec);
  const intOrString = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? v : undefined);
  return {
    selector: spec?.selector,
    minAvailable: intOrString(spec?.minAvailable),
    maxUnavailable: intOrString(spec?.maxUnavailable),
  };
}

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
/** The rolling controllers Rollout Lens lints and previews: Deployment, StatefulSet, DaemonSet. */
export function isWorkload(o: K8sObject): o is WorkloadObject {
  return isDeployment(o) || isStatefulSet(o) || isDaemonSet(o);
}

export interface ParsedManifest {
  /**
   * The whole text. After an incremental parse (`EditedText`) it is joined from the documents' texts
   * when first read: the per-keystroke path reads only the edited documents' text.
   */
  readonly text: string;
  /** `text.length`, without making the text. */
  readonly length: number;
  readonly documents: readonly ParsedDocument[];
  readonly objects: readonly K8sObject[];
  readonly syntaxErrors: readonly SyntaxIssue[];
  /** Per-chunk results, reused by the next parse of the same file. */
  readonly chunks: readonly ParsedChunk[];
}

/**
 * Kinds whose documents are parsed as soon as the file is: what the rules check (workloads,
 * Services, HorizontalPodAutoscalers, PodDisruptionBudgets) and every kind that creates pods
 * (cross-object rules match Services to pod templates), plus every `*List`. Documents of other
 * kinds are found with a cheap scan of their column-0 lines (split.ts) and parsed only when
 * something asks for their nodes or values: a 2 MB install manifest is mostly
 * CustomResourceDefinitions, RBAC and ConfigMaps. Syntax errors inside such a document are not
 * reported (it cannot affect the others: documents are cut apart before parsing). The linter
 * runs rules on objects of these kinds only: a rule that checks another kind must add it here.
 */
export const EAGER_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'Service',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
  // Read by the cross-object rules (replicas managed by an HPA, PDBs that block drains) and the preview.
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
]);

/**
 * Whether a document of this kind is parsed eagerly (else on demand): the kinds above, `List`
 * (items of any kind) and the typed lists of those kinds (`DeploymentList`; a `ConfigMapList`
 * holds ConfigMaps only).
 */
export function isEagerKind(kind: string): boolean {
  return EAGER_KINDS.has(kind) || kind === 'List' || (kind.endsWith('List') && EAGER_KINDS.has(kind.slice(0, -4)));
}

/** Whether the object's document has been parsed (always true for the kinds in EAGER_KINDS). */
export function isParsed(o: K8sObject): boolean {
  return !(o instanceof DeferredObject) || o.chunk.docs !== undefined;
}

interface ObjectEntry {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string | undefined;
  readonly namespace: string;
  readonly value: unknown;
  /** Undefined while the chunk's nodes are released (keepNodes: false). */
  node: YAMLMap | undefined;
  /** The object's span relative to the chunk's start. */
  readonly spanInChunk: Span;
  /** Index of the document within its chunk. */
  readonly localDoc: number;
  readonly listIndex?: number;
}

interface ParsedChunk {
  readonly text: string;
  /** The chunk's file offset (its `errors` are at file offsets). */
  base: number;
  /**
   * The offset the nodes of `docs` are shifted to: `base` once settled. An edit moves the documents
   * after it; their nodes are shifted when next read (`settle`), not on every keystroke.
   */
  nodesAt: number;
  /** Undefined while a deferred chunk is not parsed yet. */
  docs: Document.Parsed[] | undefined;
  /** Set for chunks of a kind outside EAGER_KINDS: what the cheap scan read. */
  readonly deferred?: KindScan;
  readonly templated: boolean;
  readonly errors: SyntaxIssue[];
  /** The objects of an eager chunk, computed once (toJS is the costly part). */
  entries?: ObjectEntry[];
  /** Documents in the chunk, kept when its nodes are released. */
  docCount?: number;
}

export interface ParseOptions {
  /**
   * Keep the `yaml` nodes of the parsed documents (default). False drops them once the objects
   * are read (their values, names and spans stay); a node or document asked for later is
   * re-parsed from the chunk's text. For files indexed from disk, not open in the editor: the
   * nodes take several times the memory of the text.
   */
  readonly keepNodes?: boolean;
}

/** Aliases beyond this many per document are refused ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/**
 * A new version of a file's text given by its edit, without the whole text as one string (the
 * language server keeps open documents in a buffer). `change`: the text between `start` and `oldEnd`
 * of the version the previous manifest was parsed from was replaced by the text between `start` and
 * `newEnd` of this one (one envelope for every edit since).
 */
export interface EditedText {
  readonly length: number;
  slice(start: number, end: number): string;
  /** The whole text, while the source still holds this version (else undefined: joined from the documents). */
  whole?(): string | undefined;
  readonly change: { readonly start: number; readonly oldEnd: number; readonly newEnd: number };
}

/**
 * Parses every document of `text`. Pass the previous result for the same file to reuse the
 * documents whose text did not change. With an `EditedText` and a previous result, only the
 * documents around the edit are cut and compared: the work scales with the edited documents, not
 * with the file.
 */
export function parseManifest(
  text: string | EditedText,
  previous?: ParsedManifest,
  options: ParseOptions = {},
): ParsedManifest {
  if (typeof text !== 'string') {
    const before = previous?.chunks;
    if (!before?.length) return parseManifest(text.slice(0, text.length), previous, options);
    return assemble(text, parseEdited(text, before), options.keepNodes ?? true);
  }
  const old = previous?.chunks ?? [];
  const split = splitDocuments(text);
  return assemble(
    text,
    reuseOrParse(
      split.map((chunk) => ({ chunk, text: text.slice(chunk.start, chunk.end) })),
      old,
    ),
    options.keepNodes ?? true,
  );
}

/**
 * `parseManifest(text, undefined, options)` one document at a time: each step parses one YAML
 * document, and the generator returns the manifest. The workspace indexer hands the event loop back
 * between steps, so that an edit queued meanwhile never waits for the parse of a whole large file.
 */
export function* parseManifestInSteps(text: string, options: ParseOptions = {}): Generator<void, ParsedManifest> {
  const chunks: ParsedChunk[] = [];
  for (const chunk of splitDocuments(text)) {
    chunks.push(parseChunk(text.slice(chunk.start, chunk.end), chunk));
    yield;
  }
  return assemble(text, chunks, options.keepNodes ?? true);
}

/**
 * The chunks of `pieces` (new text), each reused from `old` when its text is unchanged (moved to its
 * new offset), else parsed.
 */
function reuseOrParse(pieces: readonly { chunk: Chunk; text: string }[], old: readonly ParsedChunk[]): ParsedChunk[] {
  let reusable: Map<string, ParsedChunk[]> | undefined;
  const used = new Set<ParsedChunk>();
  const chunks: ParsedChunk[] = [];
  const offset = old.length - pieces.length;
  pieces.forEach(({ chunk, text: chunkText }, i) => {
    // An edit usually leaves the chunk at the same index, counted from the start or the end:
    // compare those first (string equality, no hashing of megabytes of text).
    let reused: ParsedChunk | undefined;
    for (const candidate of [old[i], old[i + offset]]) {
      if (!reused && candidate && !used.has(candidate) && candidate.text === chunkText) reused = candidate;
    }
    if (!reused && old.length > 0) {
      if (!reusable) {
        reusable = new Map();
        for (const c of old) {
          const list = reusable.get(c.text);
          if (list) list.push(c);
          else reusable.set(c.text, [c]);
        }
      }
      const list = reusable.get(chunkText);
      while (!reused && list?.length) {
        const c = list.shift() as ParsedChunk;
        if (!used.has(c)) reused = c;
      }
    }
    if (reused) used.add(reused);
    chunks.push(reused ? moveChunk(reused, chunk.start) : parseChunk(chunkText, chunk));
  });
  return chunks;
}

/**
 * The chunks of an edited text from the previous version's: the chunks before and after the edit
 * are kept (those after moved by the edit's length change); the text from the start of the chunk
 * holding the edit's start (and the one before, when the edit is near a document marker) to the end
 * of the chunk holding its end (and the next one, likewise) is cut again and compared. A marker at
 * offset p depends on the characters p-1 … p+3 only, so markers outside that region are unchanged.
 */
function parseEdited(source: EditedText, old: readonly ParsedChunk[]): ParsedChunk[] {
  // Offsets from the texts (not `base`: a chunk object may have been moved by another parse since).
  const starts: number[] = [];
  let at = 0;
  for (const c of old) {
    starts.push(at);
    at += c.text.length;
  }
  const oldLength = at;
  const { start, oldEnd, newEnd } = source.change;
  const delta = newEnd - oldEnd;
  const chunkAt = (offset: number) => {
    let lo = 0;
    let hi = old.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  let a = chunkAt(start);
  let b = chunkAt(oldEnd);
  if (a === b) {
    const patched = patchScalar(source, old[a] as ParsedChunk, starts[a] as number);
    if (patched) {
      const chunks: ParsedChunk[] = [];
      for (let i = 0; i < old.length; i++) {
        const at = starts[i] as number;
        chunks.push(
          i < a
            ? moveChunk(old[i] as ParsedChunk, at)
            : i === a
              ? patched
              : moveChunk(old[i] as ParsedChunk, at + delta),
        );
      }
      return chunks;
    }
  }
  if (a > 0 && start <= (starts[a] as number) + MARKER_REACH) a--;
  if (b + 1 < old.length && oldEnd + MARKER_REACH >= (starts[b + 1] as number)) b++;
  const from = starts[a] as number;
  const oldTo = b + 1 < old.length ? (starts[b + 1] as number) : oldLength;
  const regionText = source.slice(from, oldTo + delta);
  const pieces =
    regionText === ''
      ? []
      : splitDocuments(regionText).map((c) => ({
          chunk: { start: from + c.start, end: from + c.end },
          text: regionText.slice(c.start, c.end),
        }));
  const region = old.slice(a, b + 1);
  const chunks: ParsedChunk[] = [];
  for (let i = 0; i < a; i++) chunks.push(moveChunk(old[i] as ParsedChunk, starts[i] as number));
  for (const c of reuseOrParse(pieces, region)) chunks.push(c);
  for (let i = b + 1; i < old.length; i++) chunks.push(moveChunk(old[i] as ParsedChunk, (starts[i] as number) + delta));
  if (chunks.length === 0) chunks.push(parseChunk('', { start: 0, end: 0 }));
  return chunks;
}

/**
 * The chunk `chunk` (at `from`) with the edit applied by `applyScalarEdit` (scalarEdit.ts: one
 * scalar node replaced, the ranges after it shifted) instead of a parse, when the edit is such a
 * scalar edit in a parsed chunk without errors, aliases or merge keys. The old chunk keeps its text
 * and gives up its nodes (the new chunk took them over): read again, they are parsed from its text.
 */
function patchScalar(source: EditedText, chunk: ParsedChunk, from: number): ParsedChunk | undefined {
  if (chunk.deferred || chunk.templated || !chunk.docs || !chunk.entries || chunk.errors.length > 0) return undefined;
  const { start, oldEnd, newEnd } = source.change;
  const end = from + chunk.text.length;
  if (start <= from || oldEnd >= end) return undefined;
  moveChunk(chunk, from);
  const docs = settle(chunk);
  const doc = docs.find((d) => {
    const r = d.range as unknown as number[];
    return (r[0] as number) <= start && oldEnd <= (r[1] as number);
  });
  if (!doc || doc.errors.length > 0 || aliased.has(doc)) return undefined;
  const delta = newEnd - oldEnd;
  const edit = { start, oldEnd, inserted: newEnd - start };
  const oldText = (a: number, b: number) => chunk.text.slice(a - from, b - from);
  if (!applyScalarEdit(doc, edit, (a, b) => source.slice(a, b), oldText, YAML_OPTIONS)) return undefined;
  const text = chunk.text.slice(0, start - from) + source.slice(start, newEnd) + chunk.text.slice(oldEnd - from);
  // Nodes after the edited document in the chunk keep their offsets relative to it: shift them too.
  for (const d of docs)
    if (d !== doc && ((d.range as unknown as number[])[0] as number) >= oldEnd) shiftDocument(d, delta);
  releaseNodes(chunk);
  return { text, base: from, nodesAt: from, docs, templated: false, errors: [] };
}

/** Docs with aliases or merge keys: expanded copies share nothing with their source text (no scalar edits). */
const aliased = new WeakSet<Document.Parsed>();

/**
 * How far from a document marker an edit may change whether it is one (`---` and the character after it, the line break
 * before it).
 */
const MARKER_REACH = 5;

/**
 * Whether `needle` occurs in the manifest's text, answered per document (memoized by the document's
 * text, so a keystroke searches the edited documents only). The needle must not contain a line
 * break unless it is one character: documents are cut at line starts.
 */
export function manifestIncludes(manifest: ParsedManifest, needle: string): boolean {
  return manifest.chunks.some((c) => {
    let found = chunkSearches.get(c);
    if (!found) chunkSearches.set(c, (found = new Map()));
    let has = found.get(needle);
    if (has === undefined) found.set(needle, (has = c.text.includes(needle)));
    return has;
  });
}

const chunkSearches = new WeakMap<ParsedChunk, Map<string, boolean>>();

/**
 * Moves the documents of `manifest` back to their offsets in its own text, after another parse took
 * `manifest` as its previous result for a different text (reused documents are moved, not copied):
 * for a trial parse whose result is dropped while `manifest` stays in use.
 */
export function realign(manifest: ParsedManifest): void {
  let at = 0;
  for (const c of manifest.chunks) {
    moveChunk(c, at);
    at += c.text.length;
  }
}

/** `manifest.text.slice(start, end)`, from the one document's text that holds the range when there is one. */
export function textBetween(manifest: ParsedManifest, start: number, end: number): string {
  const chunks = manifest.chunks;
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((chunks[mid] as ParsedChunk).base <= start) lo = mid;
    else hi = mid - 1;
  }
  const c = chunks[lo];
  if (c && start >= c.base && end >= start && end <= c.base + c.text.length)
    return c.text.slice(start - c.base, end - c.base);
  return manifest.text.slice(start, end);
}

function parseChunk(chunkText: string, chunk: Chunk): ParsedChunk {
  const scan = scanKind(chunkText);
  if (scan && !isEagerKind(scan.kind)) {
    const at = chunk.start;
    return { text: chunkText, base: at, nodesAt: at, docs: undefined, deferred: scan, templated: false, errors: [] };
  }
  const marker = findTemplateMarker(chunkText) ?? 0;
  if (/^\{\{/m.test(chunkText)) {
    // A template action at column 0 (`{{- if … }}`) is a syntax error or a flow map keyed by a map
    // in YAML, so the chunk is a template: no need to parse it (thousands of errors, 7 % of the
    // indexing time of a workspace with Helm charts). Its document is parsed if asked for.
    const hint: SyntaxIssue = { ...TEMPLATE_HINT, span: [chunk.start + marker, chunk.start + marker + 2] };
    const at = chunk.start;
    return { text: chunkText, base: at, nodesAt: at, docs: undefined, docCount: 1, templated: true, errors: [hint] };
  }
  const docs = parseDocs(chunkText);
  const exhausted = docs.flatMap((d) => d.errors).find((e) => e.code === 'RESOURCE_EXHAUSTION');
  if (exhausted) {
    // Nesting deep enough to overflow the parser's stack (`[[[[…`, thousands of indents): one
    // clear issue, no nodes (walking them would recurse as deep).
    const issue: SyntaxIssue = {
      message: 'Collections are nested too deeply for the YAML parser; the document is not checked.',
      span: clampToChunk(exhausted.pos, chunkText),
      code: 'yaml-syntax',
    };
    const empty = { text: chunkText, base: 0, nodesAt: 0, docs: [], templated: false, errors: [issue] };
    return moveChunk(empty, chunk.start);
  }
  const templated = isTemplated(chunkText, docs);
  // Offsets below are chunk-relative; moveChunk() shifts them all to the file position.
  const errors: SyntaxIssue[] = [];
  if (templated) {
    errors.push({ ...TEMPLATE_HINT, span: [marker, marker + 2] });
  } else {
    for (const d of docs) {
      // One error per document: the first is the cause, the rest usually follow from it.
      const first = d.errors[0];
      if (first) errors.push(toIssue(first.message, clampToChunk(first.pos, chunkText)));
    }
  }
  return moveChunk({ text: chunkText, base: 0, nodesAt: 0, docs, templated, errors }, chunk.start);
}

const TEMPLATE_HINT = {
  message: 'This document contains Helm/Go template markers ({{ … }}); it is not checked until rendered.',
  code: 'yaml-template',
} as const;

/**
 * kubectl reads manifests with go-yaml v2 (YAML 1.1, kubernetes/kubernetes#34146): unquoted
 * `yes`/`no`/`on`/`off`/`y`/`n` are booleans, `0755` is octal (493), `1_0` is 10, `0x1F` is hex and
 * `<<` merges maps. go-yaml v2 keeps timestamps and sexagesimal numbers (`1:20`) as strings when
 * decoding into untyped JSON, so those 1.1 tags are left out.
 */
const GO_YAML_V2_STRINGS = new Set(['tag:yaml.org,2002:timestamp']);
const YAML_OPTIONS = {
  version: '1.1',
  merge: true,
  customTags: (tags: Tags) =>
    tags.filter(
      (t) => typeof t === 'string' || (!GO_YAML_V2_STRINGS.has(t.tag) && !('format' in t && t.format === 'TIME')),
    ),
  prettyErrors: false,
  // The parser's own duplicate-key check compares each key with every earlier one of its map
  // (40k annotation keys: minutes); addDuplicateKeyErrors is one hash set per map.
  uniqueKeys: false,
  logLevel: 'error',
} as const;

/** Nodes that alias and merge-key expansion may add to one document before it stops (bounded work). */
export const MAX_EXPANDED_NODES = 20_000;

/**
 * Replaces every alias (`image: *img`) by a copy of its anchored node and every merge key
 * (`<<: *defaults`, `<<: [*a, *b]`) by the pairs it brings that the map does not set itself, as
 * kubectl's decoder does, so that rules and the catalog walk see what the API server sees. Copies
 * keep the ranges of the anchored text (that is where the value is written). An alias whose anchor
 * is not found, or one inside its own anchor, is left in place (rules skip what they cannot read).
 */
function expandAliases(doc: Document.Parsed): void {
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }); // an alias bomb stays as it is: toObject reports it
  } catch {
    return;
  }
  const anchors = new Map<string, Node>();
  let budget = MAX_EXPANDED_NODES;
  const copy = (source: Node): Node | undefined => {
    const size = countNodes(source, budget);
    if (size > budget) return undefined;
    budget -= size;
    return source.clone() as Node;
  };
  const resolve = (node: unknown, ancestors: readonly unknown[]): unknown => {
    if (!isAlias(node)) return node;
    const source = anchors.get(node.source);
    if (!source || ancestors.includes(source)) return node;
    return copy(source) ?? node;
  };
  const visitNode = (node: unknown, ancestors: unknown[]): void => {
    if (typeof node !== 'object' || node === null) return;
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor && !isAlias(node)) anchors.set(anchor, node as Node);
    if (isSeq(node)) {
      ancestors.push(node);
      node.items.forEach((item, i) => {
        const value = resolve(item, ancestors);
        node.items[i] = value;
        visitNode(value, ancestors);
      });
      ancestors.pop();
    } else if (isMap(node)) {
      ancestors.push(node);
      for (const pair of node.items) {
        pair.value = resolve(pair.value, ancestors);
        visitNode(pair.value, ancestors);
      }
      node.items = mergePairs(node as YAMLMap<unknown, unknown>, (n) => resolve(n, ancestors), copy);
      ancestors.pop();
    }
  };
  visitNode(doc.contents, []);
}

/** A map's pairs with its merge keys replaced by the pairs of the merged maps it does not set itself. */
function mergePairs(
  map: YAMLMap<unknown, unknown>,
  resolve: (n: unknown) => unknown,
  copy: (n: Node) => Node | undefined,
): Pair<unknown, unknown>[] {
  const isMerge = (p: Pair<unknown, unknown>) =>
    isScalar(p.key) && (typeof p.key.value === 'symbol' || p.key.source === '<<');
  if (!map.items.some(isMerge)) return map.items;
  const own = new Set(
    map.items.filter((p) => !isMerge(p) && isScalar(p.key)).map((p) => (p.key as { value: unknown }).value),
  );
  const out: Pair<unknown, unknown>[] = [];
  for (const pair of map.items) {
    if (!isMerge(pair)) {
      out.push(pair);
      continue;
    }
    const sources = isSeq(pair.value) ? pair.value.items.map(resolve) : [resolve(pair.value)];
    if (!sources.every(isMap)) {
      out.push(pair); // not a mapping: left as written
      continue;
    }
    for (const source of sources as YAMLMap<unknown, unknown>[]) {
      for (const p of source.items) {
        if (!isPair(p) || !isScalar(p.key) || own.has(p.key.value)) continue;
        const value =
          isAlias(p.value) || p.value === null || typeof p.value !== 'object' ? p.value : copy(p.value as Node);
        if (value === undefined) continue;
        own.add(p.key.value); // the first merged map that sets a key wins
        out.push(new PairNode(p.key, value));
      }
    }
  }
  return out;
}

function hasAliasOrMerge(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (isAlias(node) || (isScalar(node) && typeof node.value === 'symbol')) return true;
    const items = (node as { items?: unknown }).items;
    if (Array.isArray(items)) for (const i of items) stack.push(i);
    if (isPair(node)) stack.push(node.key, node.value);
  }
  return false;
}

/** Nodes under `root`, counting no further than `limit + 1`. */
function countNodes(root: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0 && n <= limit) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    n++;
    const items = (node as { items?: unknown }).items;
    if (Array.isArray(items)) for (const i of items) stack.push(i);
    if (isPair(node)) stack.push(node.value);
  }
  return n;
}

function parseDocs(chunkText: string): Document.Parsed[] {
  // A Helm template yields thousands of syntax errors; their JS stack traces (useless here) cost
  // more than the parse itself, so none are captured.
  const errors = Error as { stackTraceLimit?: number }; // V8's; elsewhere the assignment is harmless
  const limit = errors.stackTraceLimit;
  errors.stackTraceLimit = 0;
  try {
    const parsed = parseAllDocuments(chunkText, YAML_OPTIONS);
    const docs = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[];
    for (const d of docs) addDuplicateKeyErrors(d);
    for (const d of docs) {
      if (!hasAliasOrMerge(d.contents)) continue;
      aliased.add(d);
      if (d.errors.length === 0) expandAliases(d);
    }
    return docs;
  } finally {
    errors.stackTraceLimit = limit;
  }
}

/**
 * The parser's DUPLICATE_KEY errors (same message, same position: the repeated key), in linear
 * time: keys are equal when both are scalars with the same value (as `yaml` compares them).
 * Iterative walk: no recursion over deep nesting.
 */
function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) {
            const at = (key.range?.[0] ?? 0) as number;
            found.push(new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
          } else seen.add(key.value);
        } else stack.push(key);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  if (found.length === 0) return;
  for (const e of found) doc.errors.push(e);
  doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

/**
 * Parses a deferred or released chunk on first use and shifts its nodes to the chunk's file
 * offset; the objects of a released chunk get their nodes back.
 */
function ensureParsed(chunk: ParsedChunk): Document.Parsed[] {
  if (chunk.docs) return settle(chunk);
  const docs = parseDocs(chunk.text);
  chunk.docs = docs.some((d) => d.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) ? [] : docs;
  chunk.nodesAt = 0; // the errors are at the file offset already
  settle(chunk);
  if (!chunk.deferred) {
    for (const e of chunk.entries ?? []) {
      const root = chunk.docs[e.localDoc]?.contents;
      const node =
        e.listIndex === undefined
          ? root
          : isMap(root)
            ? (root.get('items', true) as { items?: unknown[] } | undefined)?.items?.[e.listIndex]
            : undefined;
      e.node = isMap(node) ? node : new YAMLMap();
    }
  }
  return chunk.docs;
}

/** Drops the nodes of a parsed chunk, keeping what its objects need without them. */
function releaseNodes(chunk: ParsedChunk): void {
  if (chunk.deferred || !chunk.docs) return;
  chunk.docCount = chunk.docs.length;
  chunk.docs = undefined;
  for (const e of chunk.entries ?? []) e.node = undefined;
}

/** Errors found at the end of a chunk point at its last character, not into the next document. */
function clampToChunk(pos: readonly [number, number], chunkText: string): [number, number] {
  const lastChar = chunkText.trimEnd().length - 1;
  if (lastChar < 0) return [0, 0];
  const start = Math.min(pos[0], lastChar);
  return [start, Math.min(Math.max(pos[1], start + 1), chunkText.trimEnd().length)];
}

function toIssue(message: string, pos: readonly [number, number]): SyntaxIssue {
  const firstLine = message.split('\n')[0] ?? message;
  return { message: firstLine, span: [pos[0], Math.max(pos[1], pos[0] + 1)], code: 'yaml-syntax' };
}

/** Moves a chunk to `base`: its error spans now, its nodes when next read (`settle`). */
function moveChunk(chunk: ParsedChunk, base: number): ParsedChunk {
  const delta = base - chunk.base;
  if (delta === 0) return chunk;
  chunk.errors.forEach((e, i) => (chunk.errors[i] = { ...e, span: [e.span[0] + delta, e.span[1] + delta] }));
  chunk.base = base;
  return chunk;
}

/** Shifts every node range and error position of the chunk's documents to its offset; returns the documents. */
function settle(chunk: ParsedChunk): Document.Parsed[] {
  const docs = chunk.docs ?? [];
  const delta = chunk.base - chunk.nodesAt;
  if (delta === 0) return docs;
  for (const doc of docs) shiftDocument(doc, delta);
  chunk.nodesAt = chunk.base;
  return docs;
}

function shiftDocument(doc: Document.Parsed, delta: number): void {
  shift(doc.range as unknown as number[], delta);
  for (const e of doc.errors) shift(e.pos, delta);
  for (const w of doc.warnings) shift(w.pos, delta);
  shiftNodes(doc.contents, delta);
}

interface WalkedNode {
  range?: unknown;
  items?: unknown;
  key?: unknown;
  value?: unknown;
}

/** Shifts the range of every node under `root` (maps, sequences, pairs, scalars, aliases); iterative, no recursion. */
function shiftNodes(root: unknown, delta: number): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const n = node as WalkedNode;
    if (Array.isArray(n.range)) shift(n.range, delta);
    if (Array.isArray(n.items)) for (const item of n.items) stack.push(item);
    if ('key' in n) stack.push(n.key, n.value); // a Pair
  }
}

function shift(range: number[] | undefined | null, delta: number): void {
  if (!range) return;
  for (let i = 0; i < range.length; i++) range[i] = (range[i] as number) + delta;
}

function assemble(source: string | EditedText, chunks: ParsedChunk[], keepNodes: boolean): ParsedManifest {
  const documents: ParsedDocument[] = [];
  const objects: K8sObject[] = [];
  const syntaxErrors: SyntaxIssue[] = [];
  for (const chunk of chunks) {
    if (!chunk.deferred && !chunk.templated && !chunk.entries) {
      // Once per parsed chunk (alias-limit issues join the chunk's errors, so they move with it).
      const entries: ObjectEntry[] = [];
      settle(chunk);
      (chunk.docs ?? []).forEach((doc, i) => collectObjects(doc, i, entries, chunk.errors, chunk.base));
      chunk.entries = entries;
    }
    if (!keepNodes) releaseNodes(chunk);
    for (const e of chunk.errors) syntaxErrors.push(e);
    const first = documents.length;
    if (chunk.deferred) {
      // One document (the scan makes sure), one object; parsed when first asked for.
      documents.push(new DeferredDocument(chunk, first));
      objects.push(new DeferredObject(chunk, first, chunk.deferred));
      continue;
    }
    // Released nodes, or nodes not shifted to the chunk's new offset yet: documents and objects that
    // find (and shift) their nodes when asked, so that an edit costs nothing in the documents after it.
    const lazy = !chunk.docs || chunk.nodesAt !== chunk.base;
    if (lazy) {
      const count = chunk.docs?.length ?? chunk.docCount ?? 0;
      for (let i = 0; i < count; i++) documents.push(new DeferredDocument(chunk, first + i, i));
    }
    (lazy ? [] : (chunk.docs ?? [])).forEach((doc, i) => {
      const range = doc.range as unknown as number[];
      documents.push({
        index: first + i,
        span: [range[0] ?? 0, range[2] ?? range[1] ?? 0],
        doc,
        templated: chunk.templated,
      });
    });
    if (chunk.templated) continue;
    for (const e of chunk.entries ?? []) {
      if (!e.node || lazy) {
        objects.push(new ReleasedObject(chunk, e, first + e.localDoc));
        continue;
      }
      const range = e.node.range as number[];
      objects.push({
        kind: e.kind,
        apiVersion: e.apiVersion,
        name: e.name,
        namespace: e.namespace,
        value: e.value,
        node: e.node,
        span: [range[0] ?? 0, range[1] ?? 0],
        docIndex: first + e.localDoc,
        ...(e.listIndex !== undefined ? { listIndex: e.listIndex } : {}),
      });
    }
  }
  let flat = typeof source === 'string' ? source : undefined;
  const whole = typeof source === 'string' ? undefined : source.whole?.bind(source);
  return {
    get text() {
      return (flat ??= whole?.() ?? chunks.map((c) => c.text).join(''));
    },
    length: source.length,
    documents,
    objects,
    syntaxErrors,
    chunks,
  };
}

/** A document of a deferred or released chunk: parsed on first access of `doc` or `span`. */
class DeferredDocument implements ParsedDocument {
  constructor(
    private readonly chunk: ParsedChunk,
    readonly index: number,
    private readonly inChunk = 0,
  ) {}
  get templated(): boolean {
    return this.chunk.templated;
  }
  get doc(): Document.Parsed {
    return ensureParsed(this.chunk)[this.inChunk] ?? (new Document() as Document.Parsed);
  }
  get span(): Span {
    const range = this.doc.range as unknown as number[];
    return [range[0] ?? this.chunk.base, range[2] ?? range[1] ?? this.chunk.base];
  }
}

/** An object of a released or moved chunk: everything but `node` kept; the node is parsed or shifted on demand. */
class ReleasedObject implements K8sObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string | undefined;
  readonly namespace: string;
  readonly value: unknown;
  readonly span: Span;
  readonly listIndex?: number;
  constructor(
    private readonly chunk: ParsedChunk,
    private readonly entry: ObjectEntry,
    readonly docIndex: number,
  ) {
    this.kind = entry.kind;
    this.apiVersion = entry.apiVersion;
    this.name = entry.name;
    this.namespace = entry.namespace;
    this.value = entry.value;
    this.span = [chunk.base + entry.spanInChunk[0], chunk.base + entry.spanInChunk[1]];
    if (entry.listIndex !== undefined) this.listIndex = entry.listIndex;
  }
  get node(): YAMLMap {
    ensureParsed(this.chunk); // parsed again if released, shifted if moved
    return this.entry.node ?? new YAMLMap();
  }
}

/** The object of a deferred chunk: kind and apiVersion from the scan, the rest parsed on demand. */
class DeferredObject implements K8sObject {
  readonly kind: string;
  readonly apiVersion: string;
  private entry: ObjectEntry | undefined;
  constructor(
    readonly chunk: ParsedChunk,
    readonly docIndex: number,
    scan: KindScan,
  ) {
    this.kind = scan.kind;
    this.apiVersion = scan.apiVersion;
  }
  private get parsed(): ObjectEntry {
    if (this.entry) return this.entry;
    const doc = ensureParsed(this.chunk)[0];
    const root = doc?.contents;
    // The document itself, also for a typed list (`ConfigMapList`): its items are in `value`.
    // A document with template markers that break it (isTemplated) has no object data.
    const usable = doc && isMap(root) && !isTemplated(this.chunk.text, [doc]);
    const found = usable ? toObject(doc, root, 0, undefined, [], this.chunk.base) : undefined;
    this.entry = found ?? {
      kind: this.kind,
      apiVersion: this.apiVersion,
      name: undefined,
      namespace: 'default',
      value: {},
      node: new YAMLMap(),
      spanInChunk: [0, 0],
      localDoc: 0,
    };
    return this.entry;
  }
  get name(): string | undefined {
    const known = this.chunk.deferred?.name;
    return known === undefined ? this.parsed.name : (known ?? undefined);
  }
  get namespace(): string {
    const known = this.chunk.deferred?.namespace;
    return known === undefined ? this.parsed.namespace : (known ?? 'default');
  }
  get value(): unknown {
    return this.parsed.value;
  }
  get node(): YAMLMap {
    return this.parsed.node ?? new YAMLMap();
  }
  get span(): Span {
    const range = this.node.range as number[] | undefined;
    return [range?.[0] ?? this.chunk.base, range?.[1] ?? this.chunk.base];
  }
}

function collectObjects(
  doc: Document.Parsed,
  docIndex: number,
  out: ObjectEntry[],
  errors: SyntaxIssue[],
  base: number,
): void {
  // A document with a syntax error gets that error only: what the parser recovered is a guess.
  if (doc.errors.length > 0) return;
  const root = doc.contents;
  if (!isMap(root)) return;
  const top = toObject(doc, root, docIndex, undefined, errors, base);
  if (!top) return;
  const items = root.get('items', true);
  if (/List$/.test(top.kind) && isSeq(items)) {
    items.items.forEach((item, listIndex) => {
      if (isMap(item)) {
        const o = toObject(doc, item, docIndex, listIndex, errors, base);
        if (o) out.push(o);
      }
    });
    return;
  }
  out.push(top);
}

function toObject(
  doc: Document.Parsed,
  node: YAMLMap,
  localDoc: number,
  listIndex: number | undefined,
  errors: SyntaxIssue[],
  base: number,
): ObjectEntry | undefined {
  const kind = scalarString(node.get('kind', true));
  const apiVersion = scalarString(node.get('apiVersion', true)) ?? '';
  if (kind === undefined) return undefined;
  let value: unknown;
  try {
    value = node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const range = node.range as number[];
    errors.push({
      message: `${kind}: ${(e as Error).message} — aliases expand to too much data; the object is not checked.`,
      span: [range[0] ?? 0, (range[0] ?? 0) + 1],
      code: 'yaml-alias-limit',
    });
    return undefined;
  }
  if (isCyclic(value)) {
    // `spec: &s {a: 1, x: *s}`: toJS builds a circular value; JSON, the API server and every walk over it loop.
    const range = node.range as number[];
    errors.push({
      message: `${kind}: an alias refers to a node that contains it (a cycle); the object is not checked.`,
      span: [range[0] ?? 0, (range[0] ?? 0) + 1],
      code: 'yaml-alias-limit',
    });
    return undefined;
  }
  const meta = (value as { metadata?: unknown } | null)?.metadata;
  const name = readString(meta, 'name');
  const namespace = readString(meta, 'namespace') ?? 'default';
  const range = node.range as number[];
  const spanInChunk: Span = [(range[0] ?? base) - base, (range[1] ?? base) - base];
  return {
    kind,
    apiVersion,
    name,
    namespace,
    value,
    node,
    spanInChunk,
    localDoc,
    ...(listIndex !== undefined ? { listIndex } : {}),
  };
}

/**
 * Whether a plain value (from toJS: objects, arrays, Maps, Sets) reaches itself. Iterative
 * depth-first walk; a value shared by aliases is walked once (linear in the distinct values).
 */
export function isCyclic(root: unknown): boolean {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: { value: object; children: readonly unknown[]; next: number }[] = [];
  const enter = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null || done.has(v)) return false;
    if (onPath.has(v)) return true;
    onPath.add(v);
    stack.push({ value: v, children: childrenOf(v), next: 0 });
    return false;
  };
  if (enter(root)) return true;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { value: object; children: readonly unknown[]; next: number };
    if (top.next < top.children.length) {
      if (enter(top.children[top.next++])) return true;
    } else {
      stack.pop();
      onPath.delete(top.value);
      done.add(top.value);
    }
  }
  return false;
}

function childrenOf(v: object): readonly unknown[] {
  if (Array.isArray(v)) return v;
  if (v instanceof Map) return [...v.keys(), ...v.values()];
  if (v instanceof Set) return [...v];
  return Object.values(v);
}

function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function readString(obj: unknown, key: string): string | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const v = (obj as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export type { Node };
