/**
 * Linting a rendered overlay and mapping every finding back to the file and key the user edits
 * (pure: the rendering is done by kustomize.ts). The rendered objects are linted together, as one
 * file, so cross-object rules (Service ↔ pods) see what the cluster will get.
 */
import { isMap, parse, parseAllDocuments, visit } from 'yaml';
import type { Scalar, YAMLMap } from 'yaml';
import type { K8sObject, Span } from '../../../shared/src/manifest';
import { keySpan, spanOf, valueSpan } from '../../../shared/src/yamlPath';
import { lintFile } from '../lint';
import type { LintOptions, ResolvedFinding } from '../lint';
import type { RelatedLocation } from '../rules/types';
import { insertInMap } from '../rules/edits';
import type { EditData, FixData } from '../rules/edits';
import { fixesOf } from '../codeActions';
import { WorkspaceIndex } from '../workspace';
import { pathToUri } from '../fileSystem';
import { closure } from './kustomization';
import type { KustomizeLayout, PatchRef } from './kustomization';
import type { Origin, RenderedOverlay } from './kustomize';
import { blockScalarMapper, fieldPathAt, locate, locateInJsonPatch, objectNodes, objectNodesOf } from './mapBack';
import type { FieldPath, Located } from './mapBack';

/** A finding of a rendered overlay, placed in a source file (absolute path; span in that file's text). */
export interface MappedFinding extends ResolvedFinding {
  readonly file: string;
  /** The overlay, as the caller names it (`overlays/prod`). */
  readonly overlay: string;
}

interface Place {
  readonly file: string;
  readonly span: Span;
}

export function lintRendered(
  rendered: RenderedOverlay,
  layout: KustomizeLayout,
  overlay: string,
  options: LintOptions = {},
): MappedFinding[] {
  const uri = `rollout-lens-rendered:${overlay}`;
  const index = new WorkspaceIndex();
  index.update(uri, rendered.text);
  const file = index.get(uri);
  if (!file) return [];
  const mapper = new Mapper(rendered, layout);
  const objectAt = (offset: number) => file.manifest.objects.find((o) => o.span[0] <= offset && offset <= o.span[1]);
  const out: MappedFinding[] = [];
  for (const f of lintFile(file, index, options)) {
    const object = file.manifest.objects.find((o) => o.span[0] <= f.span[0] && f.span[0] < o.span[1]);
    const place = object ? mapper.place(object, f.span) : undefined;
    if (!place) continue;
    const related: RelatedLocation[] = [];
    for (const r of f.related ?? []) {
      const other =
        r.uri === uri ? file.manifest.objects.find((o) => o.span[0] <= r.span[0] && r.span[0] < o.span[1]) : undefined;
      const at = other ? mapper.place(other, r.span) : undefined;
      if (at) related.push({ uri: pathToUri(at.file), span: at.span, message: r.message });
    }
    // Quick fixes edit the rendered text: each edit is made in the source, else the fix is dropped.
    const fixes: FixData[] = [];
    for (const fix of fixesOf(f)) {
      const edits = fix.edits.map((e) => {
        const at = e.uri === undefined || e.uri === uri ? objectAt(e.span[0]) : undefined;
        return at ? mapper.edit(at, e) : undefined;
      });
      if (edits.length > 0 && edits.every((e) => e !== undefined))
        fixes.push({ title: fix.title, edits, ...(fix.preferred ? { preferred: true } : {}) });
    }
    const { related: _dropped, data: _fixes, ...rest } = f;
    out.push({
      ...rest,
      ...(related.length ? { related } : {}),
      ...(fixes.length ? { data: { fixes } } : {}),
      span: place.span,
      file: place.file,
      overlay,
      message: `${f.message} (in ${overlay})`,
    });
  }
  return out;
}

/** Finds, for a span of a rendered object, the source file and span to edit. */
export class Mapper {
  private readonly parsed = new Map<string, ReturnType<typeof objectNodes>>();
  private readonly patches: { patch: PatchRef; file: string; text: string }[];

  constructor(
    private readonly rendered: RenderedOverlay,
    layout: KustomizeLayout,
  ) {
    // Application order is bases first: the last writer is found by walking this list backwards.
    this.patches = closure(rendered.entry, layout).flatMap((k) =>
      k.patches.map((patch) => ({ patch, file: k.file, text: rendered.sources.get(k.file) ?? k.text })),
    );
  }

  place(object: K8sObject, span: Span): Place | undefined {
    const origin: Origin | undefined = this.rendered.origins[object.docIndex];
    const path = fieldPathAt(object.node, span);
    const base = origin?.path ? this.baseObject(origin.path, object) : undefined;
    const names = new Set([object.name, base?.name].filter((n): n is string => !!n));
    for (let i = this.patches.length - 1; i >= 0; i--) {
      const at = this.inPatch(this.patches[i] as (typeof this.patches)[number], object, names, path);
      if (at) return at;
    }
    if (base && origin?.path) {
      const at = locate(base.node, path, true);
      if (at) return { file: origin.path, span: at.span };
      const kind = valueSpan(base.node, 'kind');
      if (kind) return { file: origin.path, span: kind };
    }
    if (origin?.configuredIn) {
      const text = this.rendered.sources.get(origin.configuredIn) ?? '';
      const doc = parseAllDocuments(text, { uniqueKeys: false })[0];
      const root = doc && 'contents' in doc ? doc.contents : undefined;
      const gen = keySpan(root, 'configMapGenerator') ?? keySpan(root, 'secretGenerator');
      return { file: origin.configuredIn, span: gen ?? [0, 0] };
    }
    return undefined;
  }

  /**
   * A quick-fix edit of the rendered text made in the source: a replaced value where the source holds the same
   * text; a key inserted into a block map, inserted into the source map the map's first key comes from.
   */
  edit(object: K8sObject, e: EditData): EditData | undefined {
    const text = this.rendered.text;
    const same = (span: Span) => {
      const at = this.place(object, span);
      const source = at && this.rendered.sources.get(at.file);
      return at && source !== undefined && source.slice(at.span[0], at.span[1]) === text.slice(span[0], span[1])
        ? { ...at, source }
        : undefined;
    };
    if (e.span[0] < e.span[1]) {
      const at = same(e.span);
      return at ? { uri: pathToUri(at.file), span: at.span, newText: e.newText } : undefined;
    }
    const lines = e.newText.split(/\r?\n/).filter((l) => l.trim() !== '');
    const indent = Math.min(...lines.map((l) => /^ */.exec(l)?.[0].length ?? 0));
    const added = parse(lines.map((l) => l.slice(indent)).join('\n')) as unknown;
    const entry = added && typeof added === 'object' && !Array.isArray(added) ? Object.entries(added) : [];
    const [key, value] = entry.length === 1 ? (entry[0] as [string, unknown]) : [];
    const map = key !== undefined ? blockMapAround(object.node, text, e.span[0], indent) : undefined;
    // The source map: where the first of the map's keys written in a source file (not a JSON patch) is.
    for (const pair of map?.items ?? []) {
      const k = spanOf(pair.key);
      const at = k ? same(k) : undefined;
      const target = at ? mapWithKeyAt(at.source, at.span[0]) : undefined;
      const insert = at && target && key !== undefined ? insertInMap(at.source, target, key, value) : undefined;
      if (insert && at) return { uri: pathToUri(at.file), span: insert.span, newText: insert.newText };
    }
    return undefined;
  }

  /** The source object a rendered one came from: same kind, the longest name the rendered name contains. */
  private baseObject(file: string, object: K8sObject): { name?: string; node: YAMLMap } | undefined {
    const candidates = this.objectsOf(file).filter(
      (o) => o.kind === object.kind && (!o.name || (object.name ?? '').includes(o.name)),
    );
    return candidates.sort((a, b) => (b.name?.length ?? 0) - (a.name?.length ?? 0))[0];
  }

  private objectsOf(file: string): ReturnType<typeof objectNodes> {
    let objects = this.parsed.get(file);
    if (!objects) {
      objects = objectNodes(this.rendered.sources.get(file) ?? '');
      this.parsed.set(file, objects);
    }
    return objects;
  }

  private inPatch(
    p: { patch: PatchRef; file: string; text: string },
    object: K8sObject,
    names: ReadonlySet<string>,
    path: FieldPath,
  ): Place | undefined {
    const { patch } = p;
    const targetOk = (t?: { kind?: string; name?: string }) =>
      !t ||
      ((t.kind === undefined || t.kind === object.kind) &&
        (t.name === undefined || names.has(t.name) || matchesName(t.name, object.name)));
    if (!targetOk(patch.target)) return undefined;
    let file: string;
    let text: string;
    let shift: (o: number) => number = (o) => o;
    if (patch.file) {
      file = patch.file;
      text = this.rendered.sources.get(patch.file) ?? '';
    } else if (patch.inline) {
      file = p.file;
      text = String(patch.inline.value);
      const mapper = blockScalarMapper(patch.inline as Scalar, p.text);
      if (!mapper) {
        // A flow or quoted inline patch: land on the whole patch text.
        const at = this.locateIn(text, patch, object, names, path);
        return at ? { file, span: spanOf(patch.inline) as Span } : undefined;
      }
      shift = mapper;
    } else return undefined;
    const at = this.locateIn(text, patch, object, names, path);
    return at ? { file, span: [shift(at.span[0]), shift(at.span[1])] } : undefined;
  }

  private locateIn(
    text: string,
    patch: PatchRef,
    object: K8sObject,
    names: ReadonlySet<string>,
    path: FieldPath,
  ): Located | undefined {
    const docs = parseAllDocuments(text, { uniqueKeys: false });
    for (const doc of docs) {
      if (!('contents' in doc)) continue;
      if (patch.json6902 || !isMap(doc.contents)) {
        const at = locateInJsonPatch(doc.contents, path);
        if (at) return at;
        continue;
      }
    }
    if (patch.json6902) return undefined;
    let found: Located | undefined;
    for (const o of objectNodesOf(docs)) {
      if (o.kind !== undefined && o.kind !== object.kind) continue;
      if (o.name !== undefined && !names.has(o.name) && !matchesName(o.name, object.name)) continue;
      const at = locate(o.node, path, false);
      if (at) found = at;
    }
    return found;
  }
}

/** A patch names an object by the name it has where the patch applies: a prefix/suffix may be added later. */
function matchesName(patchName: string, renderedName: string | undefined): boolean {
  return renderedName !== undefined && renderedName.includes(patchName);
}

/** The innermost block map of `root` whose keys start at column `indent` and whose lines hold `offset`. */
function blockMapAround(root: YAMLMap, text: string, offset: number, indent: number): YAMLMap | undefined {
  let found: YAMLMap | undefined;
  visit(root, {
    Map(_, node) {
      const first = spanOf(node.items[0]?.key);
      const range = spanOf(node);
      if (!first || !range || node.flow) return;
      const column = first[0] - (text.lastIndexOf('\n', first[0] - 1) + 1);
      const end = text.indexOf('\n', range[1] - 1);
      if (column === indent && range[0] <= offset && offset <= (end < 0 ? text.length : end)) found = node;
    },
  });
  return found;
}

/** The map of a source text holding the key that starts at `keyStart`. */
function mapWithKeyAt(text: string, keyStart: number): YAMLMap | undefined {
  let found: YAMLMap | undefined;
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    visit(doc, {
      Map(_, node) {
        if (node.items.some((p) => spanOf(p.key)?.[0] === keyStart)) found = node;
      },
    });
  }
  return found;
}
