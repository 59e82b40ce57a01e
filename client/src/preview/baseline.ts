/**
 * The baseline a manifest is compared with: the committed version through the built-in Git
 * extension's API when it is available, otherwise the text when the preview first saw the file.
 */
import * as vscode from 'vscode';

interface GitRepository {
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  enabled?: boolean;
  getAPI(version: 1): GitApi;
}

export interface Baseline {
  text: string;
  /** Shown in the panel: `committed version (HEAD)` / `the version when the preview opened`. */
  label: string;
}

export class BaselineStore {
  private readonly opened = new Map<string, Baseline>();
  private readonly committed = new Map<string, Promise<Baseline | undefined>>();

  /** Records the text at first sight (the fallback baseline). */
  remember(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (!this.opened.has(key)) this.opened.set(key, { text: doc.getText(), label: 'the version when the preview opened' });
  }

  async get(doc: vscode.TextDocument): Promise<Baseline | undefined> {
    this.remember(doc);
    const key = doc.uri.toString();
    let p = this.committed.get(key);
    if (!p) {
      p = fromGit(doc.uri);
      this.committed.set(key, p);
    }
    return (await p) ?? this.opened.get(key);
  }
}

async function fromGit(uri: vscode.Uri): Promise<Baseline | undefined> {
  if (uri.scheme !== 'file') return undefined;
  try {
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) return undefined;
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (exports.enabled === false) return undefined;
    const repo = exports.getAPI(1).getRepository(uri);
    if (!repo) return undefined;
    const text = await repo.show('HEAD', uri.fsPath);
    return { text, label: 'the committed version (HEAD)' };
  } catch {
    return undefined; // not tracked, no commits, git missing: fall back to the opened version
  }
}
