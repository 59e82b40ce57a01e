/** How the extension starts the language server (dist/server.js over IPC) and reacts when it dies. */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { CloseHandlerResult, ErrorHandler, ErrorHandlerResult, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

/** The server is restarted at most this many times within RESTART_WINDOW_MS, then the user is told. */
export const MAX_RESTARTS = 4;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Decides whether a crashed server is restarted: a sliding window over recent crash times. */
export class RestartPolicy {
  private readonly crashes: number[] = [];

  constructor(
    private readonly max = MAX_RESTARTS,
    private readonly windowMs = RESTART_WINDOW_MS,
  ) {}

  /** Records a crash at `now`; true when the server should be restarted. */
  shouldRestart(now: number): boolean {
    this.crashes.push(now);
    while (this.crashes.length && (this.crashes[0] as number) < now - this.windowMs) this.crashes.shift();
    return this.crashes.length <= this.max;
  }
}

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
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
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
  };
  return new LanguageClient('rolloutLens', 'Rollout Lens', serverOptions, clientOptions);
}
