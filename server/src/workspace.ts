/**
 * The workspace index: the parsed manifest of every YAML file the server knows (open documents
 * and files of the workspace folders) and a by-name index of their Services, for the rules that
 * look across files. Updating a file with unchanged text does nothing; changed text re-parses
 * only the YAML documents that changed (see shared/src/manifest.ts).
 */
import { isService, parseManifest } from '../../shared/src/manifest';
import type { ParsedManifest } from '../../shared/src/manifest';
import { LineIndex } from '../../shared/src/lines';
import type { LocatedService, WorkspaceView } from './rules/types';

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

  get size(): number {
    return this.files.size;
  }

  get(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  uris(): IterableIterator<string> {
    return this.files.keys();
  }

  /** Sets the text of `uri`; returns the indexed file and whether anything changed. */
  update(uri: string, text: string): { file: IndexedFile; changed: boolean; servicesChanged: boolean } {
    const old = this.files.get(uri);
    if (old && old.text === text) return { file: old, changed: false, servicesChanged: false };
    const file = new IndexedFile(uri, text, parseManifest(text, old?.manifest));
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

  private indexServices(file: IndexedFile): void {
    for (const o of file.manifest.objects) {
      if (!isService(o) || !o.name) continue;
      const located = { uri: file.uri, service: o };
      push(this.services, key(o.namespace, o.name), located);
      push(this.servicesByName, o.name, located);
    }
  }

  private unindexServices(file: IndexedFile): void {
    for (const o of file.manifest.objects) {
      if (!isService(o) || !o.name) continue;
      drop(this.services, key(o.namespace, o.name), file.uri);
      drop(this.servicesByName, o.name, file.uri);
    }
  }

  /** What other files can see of this file's Services: names, namespaces, clusterIPs, spans. */
  private serviceSignature(file: IndexedFile): string {
    return file.manifest.objects
      .filter(isService)
      .map((s) => JSON.stringify([s.namespace, s.name, s.value.spec, s.span]))
      .join('\n');
  }
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

function drop(map: Map<string, LocatedService[]>, k: string, uri: string): void {
  const list = map.get(k)?.filter((s) => s.uri !== uri);
  if (list && list.length) map.set(k, list);
  else map.delete(k);
}
