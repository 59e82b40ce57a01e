/**
 * The language server in-process, over a pair of in-memory streams, with a client connection
 * to drive it (initialize → didOpen → pull diagnostics …). No sleeps: every helper awaits a
 * request's response.
 */
import { PassThrough } from 'node:stream';
import {
  createConnection,
  StreamMessageReader as ServerReader,
  StreamMessageWriter as ServerWriter,
} from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  InitializedNotification,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, FileChangeType, ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';
import { SkippedFile } from '../../server/src/fileSystem';
import type { FileSystem } from '../../server/src/fileSystem';
import type { Renderer } from '../../server/src/render/renderer';

export interface TestServer {
  readonly client: ProtocolConnection;
  open(uri: string, text: string, version?: number): Promise<void>;
  change(uri: string, text: string, version: number): Promise<void>;
  close(uri: string): Promise<void>;
  watched(changes: { uri: string; type: FileChangeType }[]): Promise<void>;
  pull(uri: string): Promise<Diagnostic[]>;
  /** `textDocument/didSave` (the server renders overlays on save). */
  save(uri: string): Promise<void>;
  /** The last `textDocument/publishDiagnostics` per URI (pushed for files that are not open). */
  readonly published: ReadonlyMap<string, Diagnostic[]>;
  /** Resolves on the next `workspace/diagnostic/refresh` request from the server. */
  nextRefresh(): Promise<void>;
  /** How many `workspace/diagnostic/refresh` requests the server has sent. */
  readonly refreshCount: number;
  dispose(): void;
}

/** An in-memory tree for the server's workspace indexing: absolute path → text. */
export function memoryFileSystem(files: Record<string, string>): FileSystem {
  return {
    async listYamlFiles(root) {
      return Object.keys(files)
        .filter((f) => f.startsWith(root.endsWith('/') ? root : root + '/') && /\.ya?ml$/.test(f))
        .sort();
    },
    async readText(file, maxBytes) {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      const size = Buffer.byteLength(text);
      if (size > maxBytes) throw new SkippedFile(file, 'too-large', `is ${size} bytes, over the limit; skipped.`, size);
      return text;
    },
  };
}

export interface TestServerOptions {
  rootPath?: string;
  fileSystem?: FileSystem;
  /** Answers `workspace/configuration` (and declares the capability) when given. */
  configuration?: (section: string | undefined, scopeUri: string | undefined) => unknown;
  /** Every window/logMessage from the start (type 1 error … 4 log). */
  onLog?: (type: number, message: string) => void;
  /** False: resolve as soon as the server is initialized, not when the workspace is indexed. */
  waitForIndex?: boolean;
  /** `initialize`'s initializationOptions (e.g. `{ workspaceTrusted: true }`). */
  initializationOptions?: unknown;
  /** Runs renderer processes (default: the real spawn). */
  renderer?: Renderer;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const up = new PassThrough();
  const down = new PassThrough();
  const server = createConnection(new ServerReader(up), new ServerWriter(down));
  const renderer = options.renderer ? { renderer: options.renderer } : {};
  startServer(server, { fileSystem: options.fileSystem ?? memoryFileSystem({}), ...renderer }).listen();
  const client = createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
  return connectTestClient(client, options, () => {
    server.dispose();
    up.destroy();
    down.destroy();
  });
}

/** Initializes a server through `client` (in this process or another) and drives it. */
export async function connectTestClient(
  client: ProtocolConnection,
  options: Omit<TestServerOptions, 'fileSystem' | 'renderer'>,
  disposeServer: () => void,
): Promise<TestServer> {
  const refreshWaiters: (() => void)[] = [];
  let refreshCount = 0;
  client.onRequest('workspace/diagnostic/refresh', () => {
    refreshCount++;
    for (const w of refreshWaiters.splice(0)) w();
    return null;
  });
  client.onRequest('client/registerCapability', () => null);
  const configuration = options.configuration;
  if (configuration) {
    client.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
      params.items.map((i) => configuration(i.section, i.scopeUri)),
    );
  }
  const onLog = options.onLog;
  client.onNotification('window/logMessage', (m: { type: number; message: string }) => onLog?.(m.type, m.message));
  const published = new Map<string, Diagnostic[]>();
  client.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    published.set(p.uri, p.diagnostics);
  });
  client.listen();
  const rootUri = options.rootPath ? `file://${options.rootPath}` : null;
  await client.sendRequest(InitializeRequest.type, {
    processId: null,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
    ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    capabilities: {
      workspace: { diagnostics: { refreshSupport: true }, ...(configuration ? { configuration: true } : {}) },
      textDocument: { diagnostic: {} },
    },
  });
  const firstRefresh =
    rootUri && options.waitForIndex !== false ? new Promise<void>((r) => refreshWaiters.push(r)) : Promise.resolve();
  await client.sendNotification(InitializedNotification.type, {});
  await firstRefresh; // the workspace index is built
  return {
    client,
    open: (uri, text, version = 1) =>
      client.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'yaml', version, text },
      }),
    change: (uri, text, version) =>
      client.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      }),
    close: (uri) => client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } }),
    watched: (changes) => client.sendNotification(DidChangeWatchedFilesNotification.type, { changes }),
    async pull(uri) {
      const report = await client.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      return report.kind === 'full' ? report.items : [];
    },
    save: (uri) => client.sendNotification('textDocument/didSave', { textDocument: { uri } }),
    published,
    nextRefresh: () => new Promise<void>((r) => refreshWaiters.push(r)),
    get refreshCount() {
      return refreshCount;
    },
    dispose() {
      client.dispose();
      disposeServer();
    },
  };
}
