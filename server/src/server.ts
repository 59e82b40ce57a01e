/**
 * The language server: wires the connection to the workspace index and the pure linter. Tests
 * drive `startServer` over an in-memory connection; `main.ts` gives it the real one.
 */
import {
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
import { toDiagnostic } from './lsp/convert';
import { WorkspaceIndex } from './workspace';
import { nodeFileSystem, pathToUri, uriToPath, YAML_FILE } from './fileSystem';
import type { FileSystem } from './fileSystem';

export interface ServerOptions {
  readonly fileSystem?: FileSystem;
}

/** Files larger than this are not indexed from disk (they are still checked when opened). */
const MAX_INDEXED_FILE_BYTES = 5 * 1024 * 1024;

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

  const log = (message: string) => connection.console.log(message);
  const onRuleError = (rule: Rule, error: unknown) => {
    if (failedRules.has(rule.id)) return;
    failedRules.add(rule.id);
    connection.console.error(`Rule ${rule.id} failed and was skipped: ${(error as Error)?.stack ?? String(error)}`);
  };
  const refresh = () => {
    if (canRefresh) void connection.languages.diagnostics.refresh().catch(() => undefined);
  };

  async function indexFromDisk(file: string): Promise<boolean> {
    const uri = pathToUri(file);
    if (openUris.has(uri)) return false; // the editor's text wins
    try {
      if ((await fileSystem.size(file)) > MAX_INDEXED_FILE_BYTES) return index.remove(uri);
      return index.update(uri, await fileSystem.readFile(file)).servicesChanged;
    } catch {
      return index.remove(uri); // gone or unreadable
    }
  }

  async function indexFolders(): Promise<void> {
    const started = Date.now();
    let count = 0;
    for (const folder of folders) {
      const root = uriToPath(folder.uri);
      if (root === undefined) continue; // virtual workspace: only open documents are known
      const files = await fileSystem.listYamlFiles(root);
      for (const file of files) await indexFromDisk(file);
      count += files.length;
    }
    log(`Indexed ${count} YAML files in ${Date.now() - started} ms.`);
  }

  connection.onInitialize((params): InitializeResult => {
    folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    canRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: { identifier: 'rollout-lens', interFileDependencies: true, workspaceDiagnostics: false },
      },
      serverInfo: { name: 'rollout-lens' },
    };
  });

  connection.onInitialized(() => {
    ready = indexFolders().catch((e) => connection.console.error(`Indexing failed: ${String(e)}`));
    void ready.then(refresh);
  });

  connection.languages.diagnostics.on(async (params) => {
    await ready;
    const document = documents.get(params.textDocument.uri);
    if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const { file } = index.update(normalizeUri(document.uri), document.getText());
    const items: Diagnostic[] = lintFile(file, index, { onRuleError }).map((f) =>
      toDiagnostic(f, file.lines, (uri) => index.get(uri)?.lines),
    );
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  documents.onDidOpen(({ document }) => openUris.set(normalizeUri(document.uri), document.uri));
  documents.onDidChangeContent(({ document }) => {
    // Keep the index current for the other files' cross-file checks; the pull re-uses this parse.
    if (index.update(normalizeUri(document.uri), document.getText()).servicesChanged) refresh();
  });
  documents.onDidClose(async ({ document }) => {
    const uri = normalizeUri(document.uri);
    openUris.delete(uri);
    const file = uriToPath(uri);
    const changed = file !== undefined && isInFolders(uri) ? await indexFromDisk(file) : index.remove(uri);
    if (changed) refresh();
  });

  connection.onNotification(DidChangeWatchedFilesNotification.type, async ({ changes }) => {
    let changed = false;
    for (const change of changes) {
      const uri = normalizeUri(change.uri);
      const file = uriToPath(uri);
      if (file === undefined || !YAML_FILE.test(file) || openUris.has(uri)) continue;
      if (change.type === FileChangeType.Deleted) changed = index.remove(uri) || changed;
      else changed = (await indexFromDisk(file)) || changed;
    }
    if (changed) refresh();
  });

  function isInFolders(uri: string): boolean {
    return folders.some((f) => uri.startsWith(normalizeUri(f.uri).replace(/\/?$/, '/')));
  }

  documents.listen(connection);
  return connection;
}
