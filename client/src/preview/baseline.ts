/**
 * The baseline a manifest is compared with: the committed version through the built-in Git
 * extension's API when it is available, otherwise the text when the preview first saw the file.
 * The choice itself is the pure `selectBaseline` (shared/src/preview/baseline.ts).
 */
import * as vscode from 'vscode';
import {
  classifyGitShowError,
  selectBaseline,
  type Baseline,
  type GitLookup,
} from '../../../shared/src/preview/baseline';

export type { Baseline } from '../../../shared/src/preview/baseline';

interface GitRepository {
  show(ref: string, path: string): Promise<string>;
  state?: { HEAD?: { commit?: string } };
}
interface GitApi {
  state?: 'uninitialized' | 'initialized';
  onDidChangeState?: vscode.Event<'uninitialized' | 'initialized'>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  enabled?: boolean;
  getAPI(version: 1): GitApi;
}

/** How long a render waits for the Git extension to finish its first repository scan. */
const GIT_INIT_WAIT_MS = 3000;

export class BaselineStore {
  private readonly opened = new Map<string, string>();
  /** Committed text per file, for one HEAD commit (a new commit looks it up again). */
  private readonly committed = new Map<string, { head: string; lookup: Promise<GitLookup> }>();

  /** Records the text at first sight (the fallback baseline). */
  remember(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    if (!this.opened.has(key)) this.opened.set(key, doc.getText());
  }

  async get(doc: vscode.TextDocument): Promise<Baseline | undefined> {
    this.remember(doc);
    const key = doc.uri.toString();
    let git: GitLookup;
    try {
      git = await this.lookup(doc.uri);
    } catch (e) {
      git = { kind: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    return selectBaseline(git, this.opened.get(key));
  }

  private async lookup(uri: vscode.Uri): Promise<GitLookup> {
    if (uri.scheme !== 'file') return { kind: 'unavailable', reason: `not a file (${uri.scheme})` };
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    if (!ext) return { kind: 'unavailable', reason: 'the Git extension is not installed' };
    const exports = ext.isActive ? ext.exports : await ext.activate();
    if (!exports || exports.enabled === false) return { kind: 'unavailable', reason: 'Git is disabled (git.enabled)' };
    const api = exports.getAPI(1);
    if (api.state === 'uninitialized' && api.onDidChangeState) await waitForInit(api);
    const repo = api.getRepository(uri);
    if (!repo) return { kind: 'unavailable', reason: 'not in a Git repository' };
    const head = repo.state?.HEAD?.commit ?? '';
    const key = uri.toString();
    const cached = this.committed.get(key);
    if (cached && cached.head === head) return cached.lookup;
    const lookup = repo.show('HEAD', uri.fsPath).then(
      (text): GitLookup => ({ kind: 'committed', text }),
      (e: unknown): GitLookup => classifyGitShowError(gitErrorText(e)),
    );
    this.committed.set(key, { head, lookup });
    return lookup;
  }
}

function gitErrorText(e: unknown): string {
  if (e && typeof e === 'object') {
    const o = e as { stderr?: unknown; message?: unknown };
    return [o.stderr, o.message].filter((x) => typeof x === 'string').join('\n');
  }
  return String(e);
}

function waitForInit(api: GitApi): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, GIT_INIT_WAIT_MS);
    const sub = api.onDidChangeState?.((s) => s === 'initialized' && done());
    function done(): void {
      clearTimeout(timer);
      sub?.dispose();
      resolve();
    }
  });
}
