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
import { isMap, isScalar, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { Service } from 'kubernetes-types/core/v1';
import { splitDocuments, type Chunk } from './split';
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
export type ServiceObject = K8sObject<Service> & { readonly kind: 'Service' };
export type WorkloadObject = DeploymentObject | StatefulSetObject;

/** apiVersions under which each kind has been served (the removed ones are kept: users still write them). */
export const WORKLOAD_API_VERSIONS: Readonly<Record<'Deployment' | 'StatefulSet', readonly string[]>> = {
  Deployment: ['apps/v1', 'apps/v1beta2', 'apps/v1beta1', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1', 'apps/v1beta2', 'apps/v1beta1'],
};

export function isDeployment(o: K8sObject): o is DeploymentObject {
  return o.kind === 'Deployment' && WORKLOAD_API_VERSIONS.Deployment.includes(o.apiVersion);
}
export function isStatefulSet(o: K8sObject): o is StatefulSetObject {
  return o.kind === 'StatefulSet' && WORKLOAD_API_VERSIONS.StatefulSet.includes(o.apiVersion);
}
export function isService(o: K8sObject): o is ServiceObject {
  return o.kind === 'Service' && o.apiVersion === 'v1';
}
export function isWorkload(o: K8sObject): o is WorkloadObject {
  return isDeployment(o) || isStatefulSet(o);
}

export interface ParsedManifest {
  readonly text: string;
  readonly documents: readonly ParsedDocument[];
  readonly objects: readonly K8sObject[];
  readonly syntaxErrors: readonly SyntaxIssue[];
  /** Per-chunk results, reused by the next parse of the same file. */
  readonly chunks: readonly ParsedChunk[];
}

interface ParsedChunk {
  readonly text: string;
  /** File offset the nodes of `docs` are currently shifted to. */
  base: number;
  readonly docs: Document.Parsed[];
  readonly templated: boolean;
  readonly errors: SyntaxIssue[];
}

/** Aliases beyond this many per document are refused ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/**
 * Parses every document of `text`. Pass the previous result for the same file to reuse the
 * documents whose text did not change.
 */
export function parseManifest(text: string, previous?: ParsedManifest): ParsedManifest {
  const reusable = new Map<string, ParsedChunk[]>();
  for (const c of previous?.chunks ?? []) {
    const list = reusable.get(c.text);
    if (list) list.push(c);
    else reusable.set(c.text, [c]);
  }
  const chunks: ParsedChunk[] = [];
  for (const chunk of splitDocuments(text)) {
    const chunkText = text.slice(chunk.start, chunk.end);
    const reused = reusable.get(chunkText)?.shift();
    chunks.push(reused ? moveChunk(reused, chunk.start) : parseChunk(chunkText, chunk));
  }
  return assemble(text, chunks);
}

function parseChunk(chunkText: string, chunk: Chunk): ParsedChunk {
  const parsed = parseAllDocuments(chunkText, { prettyErrors: false, uniqueKeys: true });
  const docs = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[];
  const templated = isTemplated(chunkText, docs);
  const marker = findTemplateMarker(chunkText) ?? 0;
  // Offsets below are chunk-relative; moveChunk() shifts them all to the file position.
  const errors: SyntaxIssue[] = [];
  if (templated) {
    errors.push({
      message: 'This document contains Helm/Go template markers ({{ … }}); it is not checked until rendered.',
      span: [marker, marker + 2],
      code: 'yaml-template',
    });
  } else {
    for (const d of docs) {
      // One error per document: the first is the cause, the rest usually follow from it.
      const first = d.errors[0];
      if (first) errors.push(toIssue(first.message, clampToChunk(first.pos, chunkText)));
    }
  }
  return moveChunk({ text: chunkText, base: 0, docs, templated, errors }, chunk.start);
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

/** Shifts every node range and error position of a chunk so that it starts at `base`. */
function moveChunk(chunk: ParsedChunk, base: number): ParsedChunk {
  const delta = base - chunk.base;
  if (delta === 0) return chunk;
  for (const doc of chunk.docs) {
    shift(doc.range as unknown as number[], delta);
    for (const e of doc.errors) shift(e.pos, delta);
    for (const w of doc.warnings) shift(w.pos, delta);
    visit(doc, (_key, node) => {
      if (isRanged(node)) shift(node.range, delta);
    });
  }
  chunk.errors.forEach((e, i) => (chunk.errors[i] = { ...e, span: [e.span[0] + delta, e.span[1] + delta] }));
  chunk.base = base;
  return chunk;
}

function isRanged(node: unknown): node is { range: number[] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function shift(range: number[] | undefined | null, delta: number): void {
  if (!range) return;
  for (let i = 0; i < range.length; i++) range[i] = (range[i] as number) + delta;
}

function assemble(text: string, chunks: ParsedChunk[]): ParsedManifest {
  const documents: ParsedDocument[] = [];
  const objects: K8sObject[] = [];
  const syntaxErrors: SyntaxIssue[] = [];
  for (const chunk of chunks) {
    syntaxErrors.push(...chunk.errors);
    for (const doc of chunk.docs) {
      const index = documents.length;
      const range = doc.range as unknown as number[];
      documents.push({ index, span: [range[0] ?? 0, range[2] ?? range[1] ?? 0], doc, templated: chunk.templated });
      if (chunk.templated) continue;
      collectObjects(doc, index, objects, syntaxErrors);
    }
  }
  return { text, documents, objects, syntaxErrors, chunks };
}

function collectObjects(doc: Document.Parsed, docIndex: number, out: K8sObject[], errors: SyntaxIssue[]): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  const top = toObject(doc, root, docIndex, undefined, errors);
  if (!top) return;
  const items = root.get('items', true);
  if (/List$/.test(top.kind) && isSeq(items)) {
    items.items.forEach((item, listIndex) => {
      if (isMap(item)) {
        const o = toObject(doc, item, docIndex, listIndex, errors);
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
  docIndex: number,
  listIndex: number | undefined,
  errors: SyntaxIssue[],
): K8sObject | undefined {
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
  const meta = (value as { metadata?: unknown }).metadata;
  const name = readString(meta, 'name');
  const namespace = readString(meta, 'namespace') ?? 'default';
  const range = node.range as number[];
  return { kind, apiVersion, name, namespace, value, node, span: [range[0] ?? 0, range[1] ?? 0], docIndex, listIndex };
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
