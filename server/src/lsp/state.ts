/**
 * The one state object of the language server. Every handler module (`settings.ts`, `indexing.ts`,
 * `diagnostics.ts`, `codeActions.ts`, `hover.ts`) reads and updates this, and nothing else.
 */
import { TextDocuments } from 'vscode-languageserver';
import type { Connection, WorkspaceFolder } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../../../shared/src/settings';
import type { ConfigFile } from '../config';
import { nodeFileSystem, pathToUri, uriToPath } from '../fileSystem';
import type { FileSystem } from '../fileSystem';
import type { Renderer } from '../render/renderer';
import type { IgnoreList } from '../pathMatch';
import { maxFileBytesFrom } from '../sizeLimit';
import { WorkspaceIndex } from '../workspace';
import { WorkspaceRender } from '../render/workspaceRender';
import { processRenderer } from '../render/renderer';
import { BUFFERED_DOCUMENTS } from './textDocument';
import { CONTEXT_CHANGED_NOTIFICATION } from '../../../shared/src/preview/protocol';

export interface ServerOptions {
  readonly fileSystem?: FileSystem;
  /** Runs renderer processes (kubectl kustomize, helm template); tests may pass a stand-in. */
  readonly renderer?: Renderer;
}

export interface ServerState {
  readonly connection: Connection;
  readonly fileSystem: FileSystem;
  readonly documents: TextDocuments<TextDocument>;
  readonly index: WorkspaceIndex;
  /** Index key → the client's URI, for open documents (the editor's text wins over the disk). */
  readonly openUris: Map<string, string>;
  /** Rules that threw once: reported once, then skipped silently. */
  readonly failedRules: Set<string>;
  /** Document URI → its settings (folder's .rollout-lens.yaml layered with the editor's). */
  readonly settingsCache: Map<string, Promise<Settings>>;
  /** Workspace root → its .rollout-lens.yaml. */
  readonly configFiles: Map<string, Promise<ConfigFile>>;
  /** Workspace root → ignorePaths of its .rollout-lens.yaml. */
  ignoreLists: Map<string, IgnoreList>;
  folders: WorkspaceFolder[];
  /** Settled once the workspace folders are indexed (handlers await it). */
  ready: Promise<void>;
  canRefresh: boolean;
  canConfigure: boolean;
  maxFileBytes: number;
  /** Kustomize overlays and Helm charts: roles of source files, render passes, mapped findings. */
  readonly render: WorkspaceRender;
  /** The client trusts the workspace: renderers may run. */
  trusted: boolean;
  /** A client command that opens a rule's bundled page (docsUri.ts): diagnostics link to it, offline. */
  ruleDocsCommand: string | undefined;
  /** The latest render pass asked for (render.ts). */
  rendering: Promise<unknown>;
  /** Called after `workspace/didChangeConfiguration` (the connection keeps one handler). */
  readonly onConfigurationChanged: (() => void)[];
  /** Called after each render pass (render.ts): the chart templates with workloads may have changed. */
  readonly onRendered: (() => void)[];
}

export function createState(
  connection: Connection,
  options: ServerOptions,
  wrapDocuments: (documents: TextDocuments<TextDocument>) => TextDocuments<TextDocument> = (d) => d,
): ServerState {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  return {
    connection,
    fileSystem,
    documents: wrapDocuments(new TextDocuments(BUFFERED_DOCUMENTS)),
    index: new WorkspaceIndex(),
    openUris: new Map(),
    failedRules: new Set(),
    settingsCache: new Map(),
    configFiles: new Map(),
    ignoreLists: new Map(),
    folders: [],
    ready: Promise.resolve(),
    canRefresh: false,
    canConfigure: false,
    maxFileBytes: maxFileBytesFrom(undefined),
    render: new WorkspaceRender({
      renderer: options.renderer ?? processRenderer,
      readFile: (file) => fileSystem.readText(file, maxFileBytesFrom(undefined)).catch(() => undefined),
    }),
    trusted: false,
    ruleDocsCommand: undefined,
    rendering: Promise.resolve(),
    onConfigurationChanged: [],
    onRendered: [],
  };
}

/** One spelling per file: the index key of a document URI. */
export function normalizeUri(uri: string): string {
  const file = uriToPath(uri);
  return file === undefined ? uri : pathToUri(file);
}

/**
 * After something other files depend on changed: asks the client to pull diagnostics again and tells it that
 * previews of other files may differ (the panel and the CodeLens ask again).
 */
export function refresh(state: ServerState): void {
  try {
    if (state.canRefresh) void state.connection.languages.diagnostics.refresh().catch(() => undefined);
    void state.connection.sendNotification(CONTEXT_CHANGED_NOTIFICATION).catch(() => undefined);
  } catch {
    // the connection is closed: nobody to tell
  }
}

/**
 * Quiet time after the last keystroke before `refreshSoon` refreshes: on a refresh the language client
 * pulls every open YAML document again and VS Code asks for every CodeLens again, so a word typed into
 * a workload's name or labels refreshes the other files once, not once per character.
 */
export const REFRESH_AFTER_EDITS_MS = 250;

const pendingRefresh = new WeakMap<ServerState, ReturnType<typeof setTimeout>>();

/** Drops a refresh `refreshSoon` scheduled (the client asked the server to shut down). */
export function cancelRefresh(state: ServerState): void {
  clearTimeout(pendingRefresh.get(state));
  pendingRefresh.delete(state);
}

/** `refresh`, once edits have paused for `REFRESH_AFTER_EDITS_MS` (each call restarts the wait). */
export function refreshSoon(state: ServerState): void {
  clearTimeout(pendingRefresh.get(state));
  const timer = setTimeout(() => {
    pendingRefresh.delete(state);
    refresh(state);
  }, REFRESH_AFTER_EDITS_MS);
  pendingRefresh.set(state, timer);
}

export function isInFolders(state: ServerState, uri: string): boolean {
  return state.folders.some((f) => uri.startsWith(normalizeUri(f.uri).replace(/\/?$/, '/')));
}
