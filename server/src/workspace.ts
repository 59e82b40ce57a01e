/**
 * The workspace index: the parsed manifest of every YAML file the server knows (open documents
 * and files of the workspace folders) and a by-name index of their Services, for the rules that
 * look across files. Updating a file with unchanged text does nothing; changed text re-parses
 * only the YAML documents that changed (see shared/src/manifest.ts).
 */
import { isEagerKind, isService, parseManifest } from '../../shared/src/manifest';
import type { K8sObject, ParsedManifest, ParseOptions } from '../../shared/src/manifest';
import { LineIndex } from '../../shared/src/lines';
import type { LocatedPodTemplate, LocatedService, WorkspaceView } from './rules/types';
import { podTemplateOf } from './rules/podTemplates';

export class IndexedFile {
  private lineIndex: LineIndex | undefined;

  constructor(
    readonly uri: string,
    readonly text: string,
    readonly manifest: ParsedManifest,
  ) {}

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }
}

const key = (namespace: string, name: string) => `${namespace}\u0000${name}`;

export class WorkspaceIndex implements WorkspaceView {
  private readonly files = new Map<string, IndexedFile>();
  private readonly services = new Map<string, LocatedService[]>();
  private readonly servicesByName = new Map<string, LocatedService[]>();
  private readonly servicesByNamespace = new Map<string, LocatedService[]>();
  private readonly templatesByNamespace = new Map<string, LocatedPodTemplate[]>();

  get size(): number {
    return this.files.size;
  }

  get(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  uris(): IterableIterator<string> {
    return this.files.keys();
  }

  /**
   * Sets the text of `uri`; returns the indexed file and whether anything changed. `keepNodes:
   * false` for files indexed from disk (not open): their YAML nodes are re-parsed when asked for.
   */
  update(uri: string, text: string, options: ParseOptions = {}): { file: IndexedFile; changed: boolean; servicesChanged: boolean } {
    const old = this.files.get(uri);
    if (old && old.text === text) return { file: old, changed: false, servicesChanged: false };
    const file = new IndexedFile(uri, text, parseManifest(text, old?.manifest, options));
    if (!old) {
      // A new file: what others can see changed iff it has Services or pod templates (no signature strings needed).
      this.files.set(uri, file);
      this.indexServices(file);
      return { file, changed: true, servicesChanged: file.manifest.objects.some((o) => isService(o) || templateOf(o) !== undefined) };
    }
    const before = old ? this.serviceSignature(old) : '';
    if (old) this.unindexServices(old);
    this.files.set(uri, file);
    this.indexServices(file);
    return { file, changed: true, servicesChanged: before !== this.serviceSignature(file) };
  }

  /** Forgets `uri`; returns whether it held any Service (other files' findings may change). */
  remove(uri: string): boolean {
    const old = this.files.get(uri);
    if (!old) return false;
    this.unindexServices(old);
    this.files.delete(uri);
    return this.serviceSignature(old) !== '';
  }

  servicesNamed(namespace: string, name: string, preferUri: string): readonly LocatedService[] {
    const found = this.services.get(key(namespace, name)) ?? [];
    return [...found].sort((a, b) => rank(a, preferUri) - rank(b, preferUri) || compare(a.uri, b.uri));
  }

  servicesAnywhere(name: string): readonly LocatedService[] {
    return this.servicesByName.get(name) ?? [];
  }

  objectsWhere(filter: (kind: string, apiVersion: string) => boolean): { uri: string; object: K8sObject }[] {
    const out: { uri: string; object: K8sObject }[] = [];
    for (const [uri, file] of this.files) for (const object of file.manifest.objects) if (filter(object.kind, object.apiVersion)) out.push({ uri, object });
    return out;
  }

  fileText(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  servicesIn(namespace: string): readonly LocatedService[] {
    return [...(this.servicesByNamespace.get(namespace) ?? [])].sort((a, b) => compare(a.uri, b.uri) || a.service.span[0] - b.service.span[0]);
  }

  podTemplatesIn(namespace: string): readonly LocatedPodTemplate[] {
    return [...(this.templatesByNamespace.get(namespace) ?? [])].sort((a, b) => compare(a.uri, b.uri) || a.object.span[0] - b.object.span[0]);
  }

  private indexServices(file: IndexedFile): void {
    for (const o of file.manifest.objects) {
      const template = templateOf(o);
      if (template) push(this.templatesByNamespace, o.namespace, { uri: file.uri, object: o, ...template });
      if (isService(o)) push(this.servicesByNamespace, o.namespace, { uri: file.uri, service: o });
      if (!isService(o) || !o.name) continue;
      const located = { uri: file.uri, service: o };
      push(this.services, key(o.namespace, o.name), located);
      push(this.servicesByName, o.name, located);
    }
  }

  private unindexServices(file: IndexedFile): void {
    for (const o of file.manifest.objects) {
      if (templateOf(o)) drop(this.templatesByNamespace, o.namespace, file.uri);
      if (isService(o)) drop(this.servicesByNamespace, o.namespace, file.uri);
      if (!isService(o) || !o.name) continue;
      drop(this.services, key(o.namespace, o.name), file.uri);
      drop(this.servicesByName, o.name, file.uri);
    }
  }

  /** What other files can see of this file: its Services (names, namespaces, specs, spans) and pod templates. */
  private serviceSignature(file: IndexedFile): string {
    return file.manifest.objects
      .map((o) => {
        if (isService(o)) return JSON.stringify([o.namespace, o.name, o.value.spec, o.span]);
        const t = templateOf(o);
        return t ? JSON.stringify([o.kind, o.namespace, o.name, t.labels, t.podSpec, (o.value as { spec?: { serviceName?: unknown } })?.spec?.serviceName]) : '';
      })
      .filter((s) => s !== '')
      .join('\n');
  }
}

/** Pod templates come from kinds parsed eagerly: asking other kinds would parse every deferred document. */
function templateOf(o: K8sObject): ReturnType<typeof podTemplateOf> {
  return isEagerKind(o.kind) ? podTemplateOf(o) : undefined;
}

function rank(s: LocatedService, preferUri: string): number {
  return s.uri === preferUri ? 0 : 1;
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
