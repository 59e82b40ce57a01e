import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CONTEXT_CHANGED_NOTIFICATION,
  PREVIEW_REQUEST,
  WORKLOAD_FILES_NOTIFICATION,
} from '../../shared/src/preview/protocol';
import type { PreviewParams, PreviewResult, WorkloadFilesParams } from '../../shared/src/preview/protocol';
import { registerPreview } from './preview/register';
import { setWorkloadFiles } from './workloadContext';

let client: LanguageClient | undefined;

/** Edits in another file arrive per keystroke: previews ask again once the burst settled. */
const CONTEXT_SETTLE_MS = 200;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Rollout Lens', { log: true });
  // Fired when a file other previews depend on changed (the server's rolloutLens/contextChanged, a burst settled).
  const contextChanged = new vscode.EventEmitter<void>();
  let settle: NodeJS.Timeout | undefined;
  context.subscriptions.push(output, contextChanged, { dispose: () => clearTimeout(settle) });
  context.subscriptions.push(
    vscode.commands.registerCommand('rolloutLens.showOutput', () => output.show(true)),
    // The rule page bundled in the extension (docs/rules/<id>.md ships in the VSIX): works offline.
    vscode.commands.registerCommand('rolloutLens.showRuleDocs', async (rule: unknown) => {
      if (typeof rule !== 'string' || !/^[a-z0-9-]+$/.test(rule)) return;
      const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${rule}.md`);
      try {
        await vscode.workspace.fs.stat(page);
      } catch {
        void vscode.window.showWarningMessage(`Rollout Lens: no documentation page for "${rule}".`);
        return;
      }
      await vscode.commands.executeCommand('markdown.showPreview', page);
    }),
    vscode.commands.registerCommand('rolloutLens.restartServer', async () => {
      if (!client) {
        void vscode.window.showWarningMessage('Rollout Lens: the language server is not running yet.');
        return;
      }
      output.info('Restarting the Rollout Lens server (command).');
      await client.restart();
      output.info('Rollout Lens server restarted.');
    }),
  );
  // Started without awaiting: activation stays fast; the server comes up in the background. The
  // client library is most of the extension's code, so it is loaded after activation returns too.
  const started = import('./languageClient.js').then(async ({ createLanguageClient }) => {
    const c = createLanguageClient(context, output);
    client = c;
    // The files with workloads (the "Preview Rollout" button), from the server's workspace index.
    c.onNotification(WORKLOAD_FILES_NOTIFICATION, (p: WorkloadFilesParams) => setWorkloadFiles(p.uris));
    c.onNotification(CONTEXT_CHANGED_NOTIFICATION, () => {
      clearTimeout(settle);
      settle = setTimeout(() => contextChanged.fire(), CONTEXT_SETTLE_MS);
    });
    await c.start();
    return c;
  });
  // The preview (panel, CodeLens) asks the server, which holds the parsed workspace.
  registerPreview(
    context,
    async (params: PreviewParams) => (await started).sendRequest<PreviewResult | null>(PREVIEW_REQUEST, params),
    contextChanged.event,
  );
  void started.then(
    () => output.info(`Rollout Lens server started.`),
    (e: unknown) => {
      output.error(`Rollout Lens server failed to start: ${String(e)}`);
      void vscode.window.showErrorMessage(
        'Rollout Lens: the language server failed to start. See the "Rollout Lens" output.',
      );
    },
  );
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  await c?.stop();
}
