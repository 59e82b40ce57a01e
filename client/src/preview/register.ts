/**
 * Wires the rollout preview into the extension: the `rolloutLens.previewRollout` command, the
 * CodeLens above workloads, and the serializer that revives the panel after a window reload.
 * Cheap at activation: the panel loads on first use; the language server computes every preview.
 */
import * as vscode from 'vscode';
import { RolloutCodeLensProvider } from '../codeLens';
import type { PreviewRequester } from './request';
import { createWhatIfStore } from './scenarioStore';

export const PREVIEW_COMMAND = 'rolloutLens.previewRollout';
export const PREVIEW_VIEW_TYPE = 'rolloutLens.preview';

const loadPanel = () => import('./panel.js');

/**
 * `request` asks the language server (`rolloutLens/preview`): the panel and the CodeLens parse nothing.
 * `contextChanged`: a file other previews depend on changed (a Service, an HPA…): the CodeLens asks again (the
 * panel already does: the server's diagnostics refresh that comes with it fires onDidChangeDiagnostics for its file).
 */
export function registerPreview(
  context: vscode.ExtensionContext,
  request: PreviewRequester,
  contextChanged: vscode.Event<void>,
): void {
  const whatIfs = createWhatIfStore();
  const lenses = new RolloutCodeLensProvider(whatIfs, request, contextChanged);
  context.subscriptions.push(
    whatIfs,
    vscode.commands.registerCommand(PREVIEW_COMMAND, async (...args: unknown[]) =>
      (await loadPanel()).PreviewPanel.open(context, args, whatIfs, request),
    ),
    vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        await (await loadPanel()).PreviewPanel.revive(context, panel, state, whatIfs, request);
      },
    }),
    vscode.languages.registerCodeLensProvider({ language: 'yaml' }, lenses),
  );
  // Internal commands for the extension-host tests: registered only when the extension runs from its
  // development folder or under test, never in an installed (production) extension.
  if (context.extensionMode === vscode.ExtensionMode.Production) return;
  context.subscriptions.push(
    vscode.commands.registerCommand('_rolloutLens.preview.snapshot', async () =>
      (await loadPanel()).PreviewPanel.current?.snapshot(),
    ),
    vscode.commands.registerCommand(
      '_rolloutLens.preview.waitForRender',
      async (minRenderId: number, timeoutMs?: number) =>
        (await loadPanel()).PreviewPanel.current?.waitForRender(minRenderId, timeoutMs),
    ),
    vscode.commands.registerCommand('_rolloutLens.preview.post', async (message: unknown) =>
      (await loadPanel()).PreviewPanel.current?.receive(message),
    ),
  );
}
