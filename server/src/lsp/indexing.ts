/**
 * Indexing: the YAML files of the workspace folders read from disk (through `FileSystem`), open
 * documents from the editor, watched-file events, and re-indexing when a .rollout-lens.yaml changes.
 * Whenever the Services other files see change, the client is asked to pull diagnostics again.
 */
import * as nodePath from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver';
import { CONFIG_FILES } from '../config';
import { pathToUri, SkippedFile, uriToPath, YAML_FILE } from '../fileSystem';
import { eachReadAhead } from '../readAhead';
import { oversize } from '../sizeLimit';
import { forgetConfigFiles, ignoredPath, isIgnored, loadIgnores } from './settings';
import { isInFolders, normalizeUri, refresh, refreshSoon } from './state';
import type { ServerState } from './state';
import { BufferedTextDocument } from './textDocument';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { IndexedFile } from '../workspace';
import { parseManifestInSteps } from '../../../shared/src/manifest';
import type { ParsedManifest } from '../../../shared/src/manifest';

interface DiskRead {
  /** Absent when the file was skipped: over the size limit, not a regular file, not UTF-8. */
  readonly text?: string;
}

/** Servers with a configuration re-index queued and not yet started. */
const queuedReindex = new WeakSet<ServerState>();
/** How long a .rollout-lens.yaml change waits for the rest of its burst before the re-index starts. */
export const CONFIG_SETTLE_MS = 150;

/** Files whose skip was logged: once each (a watcher may report a FIFO again and again). */
const loggedSkips = new WeakMap<ServerState, Set<string>>();

async function readForIndex(state: ServerState, file: string): Promise<DiskRead> {
  try {
    return { text: await state.fileSystem.readText(file, state.maxFileBytes) };
  } catch (e) {
    if (!(e instanceof SkippedFile)) throw e;
    let logged = loggedSkips.get(state);
    if (!logged) loggedSkips.set(state, (logged = new Set()));
    // Over the size limit is the setting at work (an open file says so in a diagnostic), not news.
    if (e.reason !== 'too-large' && !logged.has(file)) {
      if (logged.size < 10_000) logged.add(file);
      state.connection.console.warn(`Not indexed: ${e.message}`);
    }
    return {};
  }
}

/** Indexes a file that is not open from its disk text; whether the Services other files see changed. */
async function indexFromDisk(
  state: ServerState,
  file: string,
  prefetched?: Promise<DiskRead>,
  pause?: () => Promise<void> | undefined,
): Promise<boolean> {
  const uri = pathToUri(file);
  if (state.openUris.has(uri)) return false; // the editor's text wins
  if (ignoredPath(state, file)) return state.index.remove(uri);
  try {
    const { text } = await (prefetched ?? readForIndex(state, file));
    // Opened while it was read: the editor's text is indexed already (parsing the disk text would
    // replace it, and hold the edits queued meanwhile for as long as a whole file's parse).
    if (state.openUris.has(uri)) return false;
    if (text === undefined) return state.index.remove(uri);
    // Not open: the YAML nodes are dropped after reading the objects (re-parsed if a rule asks).
    const options = { keepNodes: false, keepUnseen: false } as const;
    let parsed: ParsedManifest | undefined;
    if (pause && !state.index.get(uri)) {
      // A first read (nothing to reuse) is parsed one document at a time, handing the event loop
      // back between documents: an edit never waits for a whole multi-megabyte file.
      const steps = parseManifestInSteps(text, options);
      for (let step = steps.next(); ; step = steps.next()) {
        if (step.done) {
          parsed = step.value;
          break;
        }
        await pause();
      }
      if (state.openUris.has(uri) || state.index.get(uri)) return false; // opened or indexed meanwhile
    }
    return state.index.update(uri, text, { ...options, ...(parsed ? { parsed } : {}) }).servicesChanged;
  } catch {
    return state.index.remove(uri); // gone or unreadable
  }
}

/** The last document version measured per server: a keystroke asks up to three times about the same text. */
const lastSized = new WeakMap<
  ServerState,
  { document: TextDocument; version: number; limit: number; bytes: number | undefined }
>();

/**
 * `oversize` of an open document, counted once per version; a buffered document counts its UTF-8
 * size without making its text (a UTF-8 count of 2 MB is 1 ms).
 */
export function documentOversize(state: ServerState, document: TextDocument): number | undefined {
  const limit = state.maxFileBytes;
  if (document instanceof BufferedTextDocument) {
    if (document.textLength * 3 <= limit) return undefined; // as oversize(): a UTF-16 unit is at most 3 UTF-8 bytes
    const bytes = document.utf8Length;
    return bytes > limit ? bytes : undefined;
  }
  const last = lastSized.get(state);
  if (last && last.document === document && last.version === document.version && last.limit === limit)
    return last.bytes;
  const bytes = oversize(document.getText(), limit);
  lastSized.set(state, { document, version: document.version, limit, bytes });
  return bytes;
}

/**
 * Puts an open document's current text in the workspace index. A buffered document passes only the
 * region edited since the index took it (`EditedText`): the index re-cuts and re-parses the edited
 * YAML documents, and the file's text as one string is made only if something reads it.
 */
export function indexOpenDocument(
  state: ServerState,
  document: TextDocument,
): { file: IndexedFile; changed: boolean; servicesChanged: boolean } {
  const key = normalizeUri(document.uri);
  const old = state.index.get(key);
  const buffered = document instanceof BufferedTextDocument ? document : undefined;
  const edited = old && buffered?.editedSince(old);
  if (old && edited === 'unchanged') return { file: old, changed: false, servicesChanged: false };
  const updated = state.index.update(key, edited ?? document.getText());
  buffered?.markIndexed(updated.file);
  return updated;
}

/** The first indexing pass has read the ignore lists (the size limit is known before it starts). */
const ignoresRead = new WeakMap<ServerState, { promise: Promise<void>; resolve: () => void }>();

function ignoresReadOf(state: ServerState): { promise: Promise<void>; resolve: () => void } {
  let known = ignoresRead.get(state);
  if (!known) {
    let resolve = () => undefined as void;
    const promise = new Promise<void>((r) => (resolve = r));
    ignoresRead.set(state, (known = { promise, resolve }));
  }
  return known;
}

/**
 * What a request about an open document waits for: the size limit and the ignore lists (again after a
 * .rollout-lens.yaml change), not the whole workspace index (or the index when the pass failed before
 * reading them).
 */
export function openDocumentsReady(state: ServerState): Promise<void> {
  return Promise.race([ignoresReadOf(state).promise, state.ready]);
}

/** Indexing hands the event loop back this often, so that edits and pulls queued meanwhile go first. */
export const INDEX_SLICE_MS = 8;

export async function indexFolders(state: ServerState): Promise<void> {
  const started = Date.now();
  let count = 0;
  await loadIgnores(state);
  ignoresReadOf(state).resolve();
  let slice = performance.now();
  // Hands the event loop back once INDEX_SLICE_MS have passed (undefined before: no await needed).
  const pause = (): Promise<void> | undefined => {
    if (performance.now() - slice <= INDEX_SLICE_MS) return undefined;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => void (slice = performance.now()));
  };
  for (const folder of state.folders) {
    const root = uriToPath(folder.uri);
    if (root === undefined) continue; // virtual workspace: only open documents are known
    const files = (await state.fileSystem.listYamlFiles(root)).filter((f) => !ignoredPath(state, f));
    await eachReadAhead(
      files,
      (file) => readForIndex(state, file),
      async (file, read) => {
        // Reads finished ahead resolve as microtasks: without this, a folder of parsed files would
        // hold the loop (and every keystroke) until the end.
        await pause();
        await indexFromDisk(state, file, read, pause);
      },
    );
    count += files.length;
  }
  state.connection.console.log(`Indexed ${count} YAML files in ${Date.now() - started} ms.`);
}

/** After a .rollout-lens.yaml change: new ignorePaths — index what is no longer ignored, drop what now is. */
async function reindexForConfig(state: ServerState): Promise<void> {
  await indexFolders(state);
  for (const uri of [...state.index.uris()]) if (isIgnored(state, uri)) state.index.remove(uri);
}

export function registerIndexing(state: ServerState): void {
  const { connection, documents, index } = state;
  documents.onDidOpen(({ document }) => state.openUris.set(normalizeUri(document.uri), document.uri));
  documents.onDidChangeContent(({ document }) => {
    // Keep the index current for the other files' cross-file checks; the pull re-uses this parse.
    if (isIgnored(state, document.uri) || documentOversize(state, document) !== undefined) {
      if (index.remove(normalizeUri(document.uri))) refresh(state);
      return;
    }
    if (indexOpenDocument(state, document).servicesChanged) refreshSoon(state);
  });
  documents.onDidClose(async ({ document }) => {
    const uri = normalizeUri(document.uri);
    state.openUris.delete(uri);
    state.settingsCache.delete(document.uri);
    const file = uriToPath(uri);
    const changed =
      file !== undefined && isInFolders(state, uri) ? await indexFromDisk(state, file) : index.remove(uri);
    if (changed) refresh(state);
  });

  connection.onNotification(DidChangeWatchedFilesNotification.type, async ({ changes }) => {
    let changed = false;
    let configChanged = false;
    for (const change of changes) {
      const uri = normalizeUri(change.uri);
      const file = uriToPath(uri);
      if (file !== undefined && (CONFIG_FILES as readonly string[]).includes(nodePath.basename(file))) {
        forgetConfigFiles(state);
        ignoresRead.delete(state); // pulls wait for the re-index to read the new ignore lists
        configChanged = true;
        continue;
      }
      if (file === undefined || !YAML_FILE.test(file) || state.openUris.has(uri)) continue;
      if (change.type === FileChangeType.Deleted) changed = index.remove(uri) || changed;
      else changed = (await indexFromDisk(state, file)) || changed;
    }
    if (configChanged) {
      // A burst of .rollout-lens.yaml events (an editor saving, a checkout) queues one re-index, not
      // one per event: a re-index not yet started takes the later events with it. Not awaited here,
      // so the next events are handled (and joined) while it waits; it refreshes when done.
      if (!queuedReindex.has(state)) {
        queuedReindex.add(state);
        state.ready = state.ready
          .then(() => new Promise((resolve) => setTimeout(resolve, CONFIG_SETTLE_MS)))
          .then(() => {
            queuedReindex.delete(state);
            return reindexForConfig(state);
          })
          .then(() => refresh(state))
          .catch((e) => connection.console.error(`Re-indexing failed: ${String(e)}`));
      }
    }
    if (changed) refresh(state);
  });
}
