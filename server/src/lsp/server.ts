/**
 * The language server: one state object (`state.ts`) and one module per concern — settings and
 * configuration, indexing, diagnostics, code actions, hover — each registering its handlers on
 * the connection. Tests drive `startServer` over an in-memory connection; `main.ts` gives it the
 * real one.
 */
import { TextDocumentSyncKind } from 'vscode-languageserver';
import type { Connection, InitializeResult } from 'vscode-languageserver';
import { CODE_ACTION_KINDS, registerCodeActions } from './codeActions';
import { registerDiagnostics } from './diagnostics';
import { registerHover } from './hover';
import { indexFolders, registerIndexing } from './indexing';
import { NAVIGATION_CAPABILITIES, registerNavigation } from './navigation';
import { loadMaxFileSize, registerSettings, watchSettings } from './settings';
import { registerPreview } from './preview';
import { registerRender, startRender, trustFrom } from './render';
import { bundledRuleDocsFrom } from '../docsUri';
import { SHOW_RULE_DOCS_COMMAND } from './suppressionActions';
import { cancelRefresh, createState, refresh } from './state';
import { guardRegistrations, onceLogger } from './guard';
import type { ServerOptions } from './state';

export type { ServerOptions } from './state';

export function startServer(rawConnection: Connection, options: ServerOptions = {}): Connection {
  // Every handler below (and the document events) is registered through the guard: a failure is
  // logged once with its stack and answered with an LSP error, never the end of the server.
  const report = onceLogger((message) => rawConnection.console.error(message));
  const connection = guardRegistrations(rawConnection, report);
  const state = createState(connection, options, (documents) => guardRegistrations(documents, report));

  connection.onInitialize((params): InitializeResult => {
    state.folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    state.canRefresh = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    state.canConfigure = params.capabilities.workspace?.configuration === true;
    state.trusted = trustFrom(params.initializationOptions);
    // The VS Code extension opens bundled rule pages with the command of the "Show documentation" action.
    state.ruleDocsCommand = bundledRuleDocsFrom(params.initializationOptions) ? SHOW_RULE_DOCS_COMMAND : undefined;
    return {
      capabilities: {
        // Saves start Kustomize/Helm render passes (render.ts).
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        diagnosticProvider: { identifier: 'rollout-lens', interFileDependencies: true, workspaceDiagnostics: false },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        hoverProvider: true,
        ...NAVIGATION_CAPABILITIES,
      },
      serverInfo: { name: 'rollout-lens' },
    };
  });

  // One `initialized` handler (the connection keeps only one): size limit, then indexing, then settings.
  connection.onInitialized(() => {
    // The size limit is known before indexing starts (it decides which files are read).
    state.ready = loadMaxFileSize(state)
      .catch(() => undefined)
      .then(() => indexFolders(state))
      .catch((e) => connection.console.error(`Indexing failed: ${String(e)}`));
    void state.ready.then(() => {
      refresh(state);
      previews.indexed(); // the files with workloads, for the client's context key
    });
    void startRender(state); // after indexing: Kustomize/Helm roles, and renders when trusted
    watchSettings(state);
  });

  // After `shutdown` the server sends no requests: a refresh scheduled by the last edits is dropped.
  connection.onShutdown(() => cancelRefresh(state));

  registerSettings(state);
  registerIndexing(state);
  registerDiagnostics(state);
  registerCodeActions(state);
  registerHover(state);
  registerNavigation(state);
  registerRender(state);
  const previews = registerPreview(state);

  state.documents.listen(connection);
  return rawConnection;
}
