/**
 * `Preview rollout · 6 steps · ~45 s` above every Deployment, StatefulSet and DaemonSet. The titles come
 * from the language server (`rolloutLens/preview` with `lenses`), which runs the one preview pipeline on
 * each workload with its workspace context and the scenario the panel shows for it: the client parses nothing.
 */
import * as vscode from 'vscode';
import type { WhatIfStore } from './preview/scenarioStore';
import type { PreviewRequester } from './preview/request';

export class RolloutCodeLensProvider implements vscode.CodeLensProvider {
  /** The panel's scenario for an object changed, or a file the estimates depend on (a Service, an HPA…): ask again. */
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(
    private readonly whatIfs: WhatIfStore,
    private readonly request: PreviewRequester,
    contextChanged: vscode.Event<void>,
  ) {
    this.onDidChangeCodeLenses = (listener, thisArgs, disposables) => {
      const both = [whatIfs.onDidChange(listener, thisArgs), contextChanged(listener, thisArgs)];
      const d = vscode.Disposable.from(...both);
      disposables?.push(d);
      return d;
    };
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const uri = document.uri.toString();
    const r = await this.request({ uri, lenses: true, lensWhatIfs: this.whatIfs.entries(uri) }).catch(() => null);
    if (!r || token.isCancellationRequested) return [];
    return r.workloads.map((w) => {
      const pos = document.positionAt(w.span[0]);
      return new vscode.CodeLens(new vscode.Range(pos, pos), {
        title: w.lens ?? 'Preview rollout',
        tooltip: `Rollout Lens: preview what the ${w.target.kind} controller does when ${w.target.name ?? 'this object'} is applied`,
        command: 'rolloutLens.previewRollout',
        arguments: [document.uri, w.target],
      });
    });
  }
}
