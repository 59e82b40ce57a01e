/**
 * Kustomization files read without any binary (pure): what a kustomization uses as resources,
 * components and patches, which references are remote, and the layout of a workspace's
 * kustomizations (entry overlays, patch files, base files). Paths are absolute POSIX paths.
 */
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Scalar } from 'yaml';
import type { Span } from '../../../shared/src/manifest';
import { getIn, spanOf, valueOf } from '../../../shared/src/yamlPath';

export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(path.posix.basename(file));
}

/** A path or URL written in a kustomization, with where it is written. */
export interface Ref {
  readonly value: string;
  readonly span: Span;
  /** The absolute path it names (local references only). */
  readonly path?: string;
}

/** One patch of a kustomization: a file, or inline text in the kustomization itself. */
export interface PatchRef {
  readonly span: Span;
  /** `patchesJson6902`, or a `patches` entry whose content is a JSON patch (a list of operations). */
  readonly json6902: boolean;
  readonly file?: string;
  /** Inline patch text: the scalar node holding it, in the kustomization's text. */
  readonly inline?: Scalar;
  readonly target?: { readonly kind?: string; readonly name?: string };
}

export interface Kustomization {
  readonly file: string;
  readonly dir: string;
  readonly text: string;
  /** `kind: Component`: never rendered alone. */
  readonly component: boolean;
  readonly resources: readonly Ref[];
  readonly components: readonly Ref[];
  readonly patches: readonly PatchRef[];
  /** Remote resources/components (URLs, git repositories): reported, never fetched. */
  readonly remote: readonly Ref[];
  /** Files the generators read (configMapGenerator/secretGenerator `files`/`envs`). */
  readonly generatorFiles: readonly string[];
  /** The kustomization cannot be read (broken YAML, not a map). */
  readonly broken?: string;
}

/** A reference Kustomize fetches over the network (kustomize api/internal/git repospec.go forms). */
export function isRemoteRef(value: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ||
    /^git@/.test(value) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(value) ||
    /\?(.*&)?(ref|version|submodules|timeout)=/.test(value) ||
    /\.git(\/\/|$)/.test(value)
  );
}

export function parseKustomization(file: string, text: string): Kustomization {
  const dir = path.posix.dirname(file);
  const doc = parseDocument(text, { uniqueKeys: false });
  const root = doc.contents;
  const base = { file, dir, text, resources: [], components: [], patches: [], remote: [], generatorFiles: [] };
  if (doc.errors.length || !isMap(root))
    return { ...base, component: false, broken: doc.errors[0]?.message ?? 'not a YAML map' };
  const resources: Ref[] = [];
  const components: Ref[] = [];
  const remote: Ref[] = [];
  const refsOf = (key: string, into: Ref[]) => {
    const seq = valueOf(root, key);
    if (!isSeq(seq)) return;
    for (const item of seq.items) {
      if (!isScalar(item) || typeof item.value !== 'string') continue;
      const span = spanOf(item) as Span;
      if (isRemoteRef(item.value)) remote.push({ value: item.value, span });
      else into.push({ value: item.value, span, path: path.posix.resolve(dir, item.value) });
    }
  };
  refsOf('resources', resources);
  refsOf('bases', resources); // deprecated spelling, still read by kustomize
  refsOf('components', components);
  const patches: PatchRef[] = [];
  const targetOf = (node: unknown) => {
    const kind = getIn(node, ['kind']);
    const name = getIn(node, ['name']);
    return {
      ...(isScalar(kind) && typeof kind.value === 'string' ? { kind: kind.value } : {}),
      ...(isScalar(name) && typeof name.value === 'string' ? { name: name.value } : {}),
    };
  };
  for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
    const seq = valueOf(root, key);
    if (!isSeq(seq)) continue;
    for (const item of seq.items) {
      const span = spanOf(item) as Span;
      if (isScalar(item) && typeof item.value === 'string') {
        // patchesStrategicMerge entries are file paths or inline YAML.
        if (item.value.includes('\n') || item.value.includes(':'))
          patches.push({ span, json6902: false, inline: item });
        else patches.push({ span, json6902: false, file: path.posix.resolve(dir, item.value) });
        continue;
      }
      if (!isMap(item)) continue;
      const p = getIn(item, ['path']);
      const inline = getIn(item, ['patch']);
      const target = targetOf(getIn(item, ['target']));
      const json = key === 'patchesJson6902';
      if (isScalar(p) && typeof p.value === 'string') {
        patches.push({
          span,
          json6902: json || /\.json$/i.test(p.value),
          file: path.posix.resolve(dir, p.value),
          target,
        });
      } else if (isScalar(inline) && typeof inline.value === 'string') {
        patches.push({ span, json6902: json || /^\s*(-|\[)/.test(inline.value), inline, target });
      }
    }
  }
  const generatorFiles: string[] = [];
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    const seq = valueOf(root, key);
    if (!isSeq(seq)) continue;
    for (const gen of seq.items) {
      for (const list of ['files', 'envs', 'env']) {
        const v = getIn(gen, [list]);
        const items = isSeq(v) ? v.items : isScalar(v) ? [v] : [];
        for (const f of items) {
          if (!isScalar(f) || typeof f.value !== 'string') continue;
          const eq = f.value.indexOf('=');
          generatorFiles.push(path.posix.resolve(dir, eq >= 0 && list === 'files' ? f.value.slice(eq + 1) : f.value));
        }
      }
    }
  }
  const kind = getIn(root, ['kind']);
  const component = isScalar(kind) && kind.value === 'Component';
  return { ...base, component, resources, components, patches, remote, generatorFiles };
}

/** The kustomizations of a workspace and how they use each other and the other files. */
export interface KustomizeLayout {
  readonly byDir: ReadonlyMap<string, Kustomization>;
  /** Kustomizations no other one uses: the overlays that get rendered. */
  readonly entries: readonly Kustomization[];
  /** Files used as patches: partial objects. */
  readonly patchFiles: ReadonlySet<string>;
  /** Files used as resources, with the kustomizations using them. */
  readonly resourceFiles: ReadonlyMap<string, readonly Kustomization[]>;
}

export function buildLayout(kustomizations: Iterable<Kustomization>): KustomizeLayout {
  const byDir = new Map<string, Kustomization>();
  for (const k of kustomizations) if (!byDir.has(k.dir)) byDir.set(k.dir, k);
  const used = new Set<string>();
  const patchFiles = new Set<string>();
  const resourceFiles = new Map<string, Kustomization[]>();
  for (const k of byDir.values()) {
    for (const r of [...k.resources, ...k.components]) {
      if (!r.path) continue;
      if (byDir.has(r.path)) used.add(r.path);
      else resourceFiles.set(r.path, [...(resourceFiles.get(r.path) ?? []), k]);
    }
    for (const p of k.patches) if (p.file) patchFiles.add(p.file);
  }
  const entries = [...byDir.values()]
    .filter((k) => !k.component && !used.has(k.dir))
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
  return { byDir, entries, patchFiles, resourceFiles };
}

/** Every kustomization an entry reads (itself, its bases and components, depth first), without cycles. */
export function closure(entry: Kustomization, layout: KustomizeLayout): Kustomization[] {
  const out: Kustomization[] = [];
  const seen = new Set<string>();
  const visit = (k: Kustomization) => {
    if (seen.has(k.dir)) return;
    seen.add(k.dir);
    for (const r of [...k.resources, ...k.components]) {
      const sub = r.path ? layout.byDir.get(r.path) : undefined;
      if (sub) visit(sub);
    }
    out.push(k);
  };
  visit(entry);
  return out;
}

/** Every file an entry's rendering reads: the cache key is their contents. */
export function filesRead(entry: Kustomization, layout: KustomizeLayout): string[] {
  const files = new Set<string>();
  for (const k of closure(entry, layout)) {
    files.add(k.file);
    for (const r of [...k.resources, ...k.components]) if (r.path && !layout.byDir.has(r.path)) files.add(r.path);
    for (const p of k.patches) if (p.file) files.add(p.file);
    for (const g of k.generatorFiles) files.add(g);
  }
  return [...files].sort();
}

/** The kustomization file of `dir`, if any: its path and text. */
export async function readKustomizationIn(
  dir: string,
  readFile: (file: string) => Promise<string | undefined>,
): Promise<Kustomization | undefined> {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const file = path.posix.join(dir, name);
    const text = await readFile(file);
    if (text !== undefined) return parseKustomization(file, text);
  }
  return undefined;
}

/** The layout of one overlay read from disk: it and every kustomization it uses (for `preview <dir>`). */
export async function loadLayout(
  dir: string,
  readFile: (file: string) => Promise<string | undefined>,
): Promise<{ entry: Kustomization; layout: KustomizeLayout } | undefined> {
  const found = new Map<string, Kustomization>();
  const visit = async (d: string): Promise<void> => {
    if (found.has(d)) return;
    const k = await readKustomizationIn(d, readFile);
    if (!k) return;
    found.set(d, k);
    for (const r of [...k.resources, ...k.components])
      if (r.path && !/\.(ya?ml|json)$/i.test(r.path)) await visit(r.path);
  };
  await visit(dir);
  const entry = found.get(dir);
  return entry ? { entry, layout: buildLayout(found.values()) } : undefined;
}
