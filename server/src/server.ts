/**
 * The language server: wires the connection to the workspace index and the pure linter. Tests
 * drive `startServer` over an in-memory connection; `main.ts` gives it the real one.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import type { Connection, Diagnostic, InitializeResult, WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintFile } from './lint';
import type { Rule } from './rules/types';
import { toDiagnostic, toRange } from './lsp/convert';
import { WorkspaceIndex } from './workspace';
import { maxFileBytesFrom, oversize, sizeLimitDiagnostic } from './sizeLimit';
import { nodeFileSystem, pathToUri, uriToPath, YAML_FILE } from './fileSystem';
import type { FileSystem } from './fileSystem';
import * as nodePath from 'node:path';
import type { CodeAction, CodeActionParams, TextEdit } from 'vscode-languageserver';
import { CONFIG_FILE, EMPTY_CONFIG, layerEditorSettings, parseConfigFile } from './config';
import type { ConfigFile } from './config';
import type { Settings } from '../../shared/src/settings';
import { fixAll, FIX_ALL_KIND, quickFixes } from './codeActions';
import type { PlannedAction } from './codeActions';
import { hoverAt } from './hover';
import { IgnoreList } from './pathMatch';

export interface ServerOptions {
  readonly fileSystem?: FileSystem;
}


/** One spelling per file: the index key of a document URI. */
export function normalizeUri(uri: string): string {
  const file = uriToPath(uri);
  return file === undefined ? uri : pathToUri(file);
}

export function startServer(connection: Connection, options: ServerOptions = {}): Connection {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const documents = new TextDocuments(TextDocument);
  const index = new WorkspaceIndex();
  const openUris = new Map<string, string>(); // index key → the client's URI
  const failedRules = new Set<string>();
  let folders: WorkspaceFolder[] = [];
  let ready: Promise<void> = Promise.resolve();
  let canRefresh = false;
  let canConfigure = false;
  let maxFileBytes = maxFileBytesFrom(undefined);
  const settingsCache = new Map<string, Promise<Settings>>();
  const configFiles = new Map<string, Promise<ConfigFile>>(); // workspace root → its .rollout-lens.yaml
  let ignoreLists = new Map<string, IgnoreList>(); // workspace root → ignorePaths of its .rollout-lens.yaml

  const log = (message: string) => connection.console.log(message);
  const onRuleError = (rule: Rule, error: unknown) => {
    if (failedRules.has(rule.id)) return;
    failedRules.add(rule.id);
    connection.console.error(`Rule ${rule.id} failed and was skipped: ${(error as Error)?.stack ?? String(error)}`);
  };
  const refresh = () => {
    if (canRefresh) void connection.languages.diagnostics.refresh().catch(() => undefined);
  };

  async function readForIndex(file: string): Promise<{ size: number; text?: string }> {
    const size = await fileSystem.size(file);
    return size > maxFileBytes ? { size } : { size, text: await fileSystem.readFile(file) };
  }

  async function indexFromDisk(file: string, prefetched?: Promise<{ size: number; text?: string }>): Promise<boolean> {
    const uri = pathToUri(file);
    if (openUris.has(uri)) return false; // the editor's text wins
    if (ignoredPath(file)) return index.remove(uri);
    try {
      const { size, text } = await (prefetched ?? readForIndex(file));
      if (size > maxFileBytes || text === undefined) return index.remove(uri);
      // Not open: the YAML nodes are dropped after reading the objects (re-parsed if a rule asks).
      return index.update(uri, text, { keepNodes: false, keepUnseen: false }).servicesChanged;
    } catch {
      return index.remove(uri); // gone or unreadable
    }
  }

  /** The ignorePaths of every folder's .rollout-lens.yaml (read before indexing, again when it changes). */
  async function loadIgnores(): Promise<void> {
    const lists = new Map<string, IgnoreList>();
    for (const folder of folders) {
      const root = uriToPath(folder.uri);
      if (root === undefined) continue;
      const { ignorePaths } = await loadConfigFile(root);
      if (ignorePaths.length) lists.set(root, new IgnoreList(root).add(ignorePaths));
    }
    ignoreLists = lists;
  }

  /** Under an ignorePaths entry of its folder: not indexed, an empty diagnostics report — as in the CLI (same matcher). */
  function ignoredPath(file: string): boolean {
    for (const list of ignoreLists.values()) if (list.ignores(file)) return true;
    return false;
  }

  function isIgnored(uri: string): boolean {
    if (ignoreLists.size === 0) return false;
    const file = uriToPath(normalizeUri(uri));
    return file !== undefined && ignoredPath(file);
  }

  async function indexFolders(): Promise<void> {
    const started = Date.now();
    let count = 0;
    await loadIgnores();
    for (const folder of folders) {
      const root = uriToPath(folder.uri);
      if (root === undefined) continue; // virtual workspace: only open documents are known
      const files = (await fileSystem.listYamlFiles(root)).filter((f) => !ignoredPath(f));
      // Reads run a window ahead of parsing: one file after another leaves the CPU idle on I/O.
      const reads: Promise<{ size: number; text?: string }>[] = [];
      for (const [i, file] of files.entries()) {
        for (let j = reads.length; j < Math.min(files.length, i + 32); j++) {
          const read = readForIndex(files[j] as string);
          read.catch(() => undefined); // handled in indexFromDisk
          reads.push(read);
        }
        await indexFromDisk(file, reads[i]);
        delete reads[i];
      }
      count += files.length;
    }
    log(`Indexed ${count} YAML files in ${Date.now() - started} ms.`);
  }

  function loadConfigFile(root: string): Promise<ConfigFile> {
    let found = configFiles.get(root);
    if (!found) {
      found = fileSystem.readFile(nodePath.join(root, CONFIG_FILE)).then(
        (text) => {
          const config = parseConfigFile(text);
          for (const p of config.problems) connection.console.warn(`${nodePath.join(root, CONFIG_FILE)}: ${p}`);
          return config;
        },
        () => EMPTY_CONFIG,
      );
      configFiles.set(root, found);
    }
    return found;
  }

  /** Settings for a document: its folder's .rollout-lens.yaml, then the editor's rolloutLens.* settings. */
  function settingsFor(uri: string): Promise<Settings> {
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = (async () => {
        const key = normalizeUri(uri);
        const folder = folders.find((f) => key.startsWith(normalizeUri(f.uri).replace(/\/?$/, '/'))) ?? folders[0];
        const root = folder && uriToPath(folder.uri);
        const file = root !== undefined ? await loadConfigFile(root) : EMPTY_CONFIG;
        let editor: unknown;
        if (canConfigure) editor = await connection.workspace.getConfiguration({ scopeUri: uri, section: 'rolloutLens' }).catch(() => undefined);
        return layerEditorSettings(file.settings, editor);
      })();
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  async function loadMaxFileSize(): Promise<void> {
    if (!canConfigure) return;
    const value: unknown = await connection.workspace.getConfiguration('rolloutLens.maxFileSize').catch(() => undefined);
    maxFileBytes = maxFileBytesFrom(value);
  }

  async function lintDocument(uri: string) {
    const document = documents.get(uri);
    if (!document || isIgnored(uri) || oversize(document.getText(), maxFileBytes) !== undefined) return undefined;
    const settings = await settingsFor(uri);
    const { file } = index.update(normalizeUri(document.uri), document.getText());
    return { file, findings: lintFile(file, index, { onRuleError, rules: settings.rules, kubernetesVersion: settings.kubernetesVersion }) };
  }

  connection.onInitialize((params): InitializeResult => {
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    canRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    canConfigure = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: { identifier: 'rollout-lens', interFileDependencies: true, workspaceDiagnostics: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: 'rollout-lens' },
    };
  });

  connection.onInitialized(() => {
    // The size limit is known before indexing starts (it decides which files are read).
    ready = loadMaxFileSize()
      .catch(() => undefined)
      .then(indexFolders)
      .catch((e) => connection.console.error(`Indexing failed: ${String(e)}`));
    void ready.then(refresh);
    if (canConfigure) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'rolloutLens' }).catch(() => undefined);
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    void loadMaxFileSize().then(refresh);
    refresh();
  });

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    await ready;
    const linted = await lintDocument(params.textDocument.uri);
    if (!linted) return [];
    const { file, findings } = linted;
    const toLsp = (a: PlannedAction): CodeAction => {
      const changes: Record<string, TextEdit[]> = {};
      for (const e of a.edits) {
        const lines = index.get(e.uri)?.lines;
        if (!lines) continue;
        const target = e.uri === file.uri ? params.textDocument.uri : openUris.get(e.uri) ?? e.uri;
        (changes[target] ??= []).push({ range: toRange(lines, e.span), newText: e.newText });
      }
      const diagnostics = a.findings.map((f) => toDiagnostic(f, file.lines, (uri) => index.get(uri)?.lines));
      return { title: a.title, kind: a.kind, edit: { changes }, diagnostics, ...(a.preferred ? { isPreferred: true } : {}) };
    };
    const only = params.context.only;
    if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) {
      if (!only.some((k) => k === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${k}.`))) return [];
      const all = fixAll(file.uri, findings);
      return all ? [toLsp(all)] : [];
    }
    // The findings behind the request's diagnostics: same rule and range as a fresh lint (else stale: no fix).
    const requested = params.context.diagnostics.filter((d) => d.source === 'rollout-lens');
    const matched = findings.filter((f) => {
      const range = toRange(file.lines, f.span);
      return requested.some((d) => d.code === f.rule && JSON.stringify(d.range) === JSON.stringify(range));
    });
    const actions = quickFixes(file.uri, matched).map(toLsp);
    for (const rule of new Set(matched.map((f) => f.rule))) {
      const all = fixAll(file.uri, findings, rule, 2);
      if (all) actions.push(toLsp(all));
    }
    return actions;
  });

  connection.onHover(async (params) => {
    await ready;
    const document = documents.get(params.textDocument.uri);
    if (!document || isIgnored(document.uri)) return null;
    const settings = await settingsFor(params.textDocument.uri);
    const { file } = index.update(normalizeUri(document.uri), document.getText());
    const hover = hoverAt(file, file.lines.offsetAt(params.position), settings.kubernetesVersion);
    return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(file.lines, hover.span) } : null;
  });

  connection.languages.diagnostics.on(async (params) => {
    await ready;
    if (isIgnored(params.textDocument.uri)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const text = documents.get(params.textDocument.uri)?.getText();
    const bytes = text === undefined ? undefined : oversize(text, maxFileBytes);
    if (bytes !== undefined) return { kind: DocumentDiagnosticReportKind.Full, items: [sizeLimitDiagnostic(bytes, maxFileBytes)] };
    const linted = await lintDocument(params.textDocument.uri);
    if (!linted) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const { file, findings } = linted;
    const items: Diagnostic[] = findings.map((f) =>
      toDiagnostic(f, file.lines, (uri) => index.get(uri)?.lines),
    );
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  documents.onDidOpen(({ document }) => openUris.set(normalizeUri(document.uri), document.uri));
  documents.onDidChangeContent(({ document }) => {
    // Keep the index current for the other files' cross-file checks; the pull re-uses this parse.
    if (isIgnored(document.uri) || oversize(document.getText(), maxFileBytes) !== undefined) {
      if (index.remove(normalizeUri(document.uri))) refresh();
      return;
    }
    if (index.update(normalizeUri(document.uri), document.getText()).servicesChanged) refresh();
  });
  documents.onDidClose(async ({ document }) => {
    const uri = normalizeUri(document.uri);
    openUris.delete(uri);
    settingsCache.delete(document.uri);
    const file = uriToPath(uri);
    const changed = file !== undefined && isInFolders(uri) ? await indexFromDisk(file) : index.remove(uri);
    if (changed) refresh();
  });

  /** After a .rollout-lens.yaml change: new ignorePaths — index what is no longer ignored, drop what now is. */
  async function reindexForConfig(): Promise<void> {
    await indexFolders();
    for (const uri of [...index.uris()]) if (isIgnored(uri)) index.remove(uri);
  }

  connection.onNotification(DidChangeWatchedFilesNotification.type, async ({ changes }) => {
    let changed = false;
    let configChanged = false;
    for (const change of changes) {
      const uri = normalizeUri(change.uri);
      const file = uriToPath(uri);
      if (file !== undefined && nodePath.basename(file) === CONFIG_FILE) {
        configFiles.clear();
        settingsCache.clear();
        configChanged = true;
        continue;
      }
      if (file === undefined || !YAML_FILE.test(file) || openUris.has(uri)) continue;
      if (change.type === FileChangeType.Deleted) changed = index.remove(uri) || changed;
      else changed = (await indexFromDisk(file)) || changed;
    }
    if (configChanged) {
      ready = ready.then(reindexForConfig).catch((e) => connection.console.error(`Re-indexing failed: ${String(e)}`));
      await ready;
      changed = true;
    }
    if (changed) refresh();
  });

  function isInFolders(uri: string): boolean {
    return folders.some((f) => uri.startsWith(normalizeUri(f.uri).replace(/\/?$/, '/')));
  }

  documents.listen(connection);
  return connection;
}
