/**
 * Settings and configuration: `.rollout-lens.yaml` of each workspace folder, the editor's
 * `rolloutLens.*` settings layered over it, `ignorePaths`, and `rolloutLens.maxFileSize`.
 */
import * as nodePath from 'node:path';
import { DidChangeConfigurationNotification } from 'vscode-languageserver';
import type { Settings } from '../../../shared/src/settings';
import { CONFIG_FILE, CONFIG_FILES, EMPTY_CONFIG, layerEditorSettings, parseConfigFile } from '../config';
import type { ConfigFile } from '../config';
import { MAX_CONFIG_BYTES, SkippedFile, uriToPath } from '../fileSystem';
import { IgnoreList } from '../pathMatch';
import { maxFileBytesFrom } from '../sizeLimit';
import { normalizeUri, refresh } from './state';
import type { ServerState } from './state';

export function loadConfigFile(state: ServerState, root: string): Promise<ConfigFile> {
  let found = state.configFiles.get(root);
  if (!found) {
    found = (async () => {
      for (const name of CONFIG_FILES) {
        const file = nodePath.join(root, name);
        let text: string;
        try {
          text = await state.fileSystem.readText(file, MAX_CONFIG_BYTES);
        } catch (e) {
          // Absent: try the other name. A FIFO, a device, a huge or UTF-16 file: said once, then the defaults.
          const code = (e as NodeJS.ErrnoException)?.code;
          if (code === 'ENOENT' || code === 'ENOTDIR') continue;
          const why = e instanceof SkippedFile ? e.message : `${file}: cannot read: ${code ?? String(e)}`;
          state.connection.console.warn(`${why} Using the default configuration.`);
          return EMPTY_CONFIG;
        }
        const config = parseConfigFile(text);
        for (const p of config.problems) state.connection.console.warn(`${file}: ${p}`);
        return config;
      }
      return EMPTY_CONFIG;
    })();
    state.configFiles.set(root, found);
  }
  return found;
}

/** Settings for a document: its folder's .rollout-lens.yaml, then the editor's rolloutLens.* settings. */
export function settingsFor(state: ServerState, uri: string): Promise<Settings> {
  let cached = state.settingsCache.get(uri);
  if (!cached) {
    cached = (async () => {
      const key = normalizeUri(uri);
      const folder =
        state.folders.find((f) => key.startsWith(normalizeUri(f.uri).replace(/\/?$/, '/'))) ?? state.folders[0];
      const root = folder && uriToPath(folder.uri);
      const file = root !== undefined ? await loadConfigFile(state, root) : EMPTY_CONFIG;
      let editor: unknown;
      if (state.canConfigure) {
        editor = await state.connection.workspace
          .getConfiguration({ scopeUri: uri, section: 'rolloutLens' })
          .catch(() => undefined);
      }
      return layerEditorSettings(file.settings, editor);
    })();
    state.settingsCache.set(uri, cached);
  }
  return cached;
}

export async function loadMaxFileSize(state: ServerState): Promise<void> {
  if (!state.canConfigure) return;
  const value: unknown = await state.connection.workspace
    .getConfiguration('rolloutLens.maxFileSize')
    .catch(() => undefined);
  state.maxFileBytes = maxFileBytesFrom(value);
}

/** The ignorePaths of every folder's .rollout-lens.yaml (read before indexing, again when it changes). */
export async function loadIgnores(state: ServerState): Promise<void> {
  const lists = new Map<string, IgnoreList>();
  for (const folder of state.folders) {
    const root = uriToPath(folder.uri);
    if (root === undefined) continue;
    const { ignorePaths } = await loadConfigFile(state, root);
    const warn = (e: Error) =>
      state.connection.console.warn(
        `${nodePath.join(root, CONFIG_FILE)}: ignorePaths: ${e.message}; the entry is ignored.`,
      );
    if (ignorePaths.length) lists.set(root, new IgnoreList(root).add(ignorePaths, warn));
  }
  state.ignoreLists = lists;
}

/**
 * Under an ignorePaths entry of its folder: not indexed, an empty diagnostics report — as in the CLI (same matcher).
 */
export function ignoredPath(state: ServerState, file: string): boolean {
  for (const list of state.ignoreLists.values()) if (list.ignores(file)) return true;
  return false;
}

export function isIgnored(state: ServerState, uri: string): boolean {
  if (state.ignoreLists.size === 0) return false;
  const file = uriToPath(normalizeUri(uri));
  return file !== undefined && ignoredPath(state, file);
}

/** A .rollout-lens.yaml changed: every cached configuration and setting is stale. */
export function forgetConfigFiles(state: ServerState): void {
  state.configFiles.clear();
  state.settingsCache.clear();
}

/** After `initialized`: ask the client to send configuration changes of the rolloutLens section. */
export function watchSettings(state: ServerState): void {
  if (!state.canConfigure) return;
  void state.connection.client
    .register(DidChangeConfigurationNotification.type, { section: 'rolloutLens' })
    .catch(() => undefined);
}

export function registerSettings(state: ServerState): void {
  const { connection } = state;
  connection.onDidChangeConfiguration(() => {
    state.settingsCache.clear();
    void loadMaxFileSize(state).then(() => refresh(state));
    refresh(state);
    for (const listener of state.onConfigurationChanged) listener();
  });
}
