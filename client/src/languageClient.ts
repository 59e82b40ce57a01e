/** How the extension starts the language server (dist/server.js over IPC) and reacts when it dies. */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind } from 'vscode-languageclient/node';
import { MAX_RESTARTS, RestartPolicy } from './restartPolicy';
import type {
  CloseHandlerResult,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const policy = new RestartPolicy();
  const errorHandler: ErrorHandler = {
    error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue }),
    closed: (): CloseHandlerResult => {
      if (policy.shouldRestart(Date.now())) {
        output.info(`The Rollout Lens server stopped unexpectedly; restarting it.`);
        return { action: CloseAction.Restart, handled: true };
      }
      const message = `The Rollout Lens server crashed ${MAX_RESTARTS + 1} times in 3 minutes and will not be restarted. See the "Rollout Lens" output for details.`;
      output.error(message);
      void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => choice && output.show());
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'yaml' }],
    outputChannel: output,
    errorHandler,
    // Kustomize/Helm renderers run only in trusted workspaces (server/src/lsp/render.ts). Diagnostics
    // link to the rule pages shipped in the extension (the rolloutLens.showRuleDocs command): offline.
    initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted, bundledRuleDocs: true },
    synchronize: {
      // Manifests for the workspace index, and the config file: a change to .rollout-lens.yaml
      // (rules, kubernetesVersion, ignorePaths) makes the server reload it and refresh diagnostics.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher('**/Kustomization'),
        vscode.workspace.createFileSystemWatcher('**/.rollout-lens.{yaml,yml}'),
      ],
    },
  };
  const client = new LanguageClient('rolloutLens', 'Rollout Lens', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(
      () => void client.sendNotification('rolloutLens/workspaceTrusted').catch(() => undefined),
    ),
  );
  return client;
}
