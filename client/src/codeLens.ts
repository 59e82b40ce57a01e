/**
 * `Preview rollout · 6 steps · ~45 s` above every Deployment and StatefulSet. The simulator and the
 * parser are loaded on the first YAML file with a lens, not at activation.
 */
import * as vscode from 'vscode';
import type { ParsedManifest } from '../../shared/src/manifest';
import type { WhatIfStore } from './preview/scenarioStore';
import { markWorkloads } from './workloadContext';

const loadSession = () => import('../../shared/src/preview/session.js');

export class RolloutCodeLensProvider implements vscode.CodeLensProvider {
  private readonly parsed = new Map<string, ParsedManifest>();
  /** The panel's scenario for an object changed: the lens above it follows. */
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly whatIfs: WhatIfStore) {
    this.onDidChangeCodeLenses = whatIfs.onDidChange;
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const session = await loadSession();
    const { parseManifest } = await import('../../shared/src/manifest.js');
    if (token.isCancellationRequested) return [];
    const key = document.uri.toString();
    const manifest = parseManifest(document.getText(), this.parsed.get(key));
    this.parsed.set(key, manifest);
    if (this.parsed.size > 50) this.parsed.delete(this.parsed.keys().next().value as string);
    const ws = session.workloads(manifest);
    markWorkloads(key, ws.length > 0);
    return ws.map((o: import('../../shared/src/manifest').WorkloadObject) => {
      const pos = document.positionAt(o.span[0]);
      let title: string;
      try {
        const w = this.whatIfs.get(key, session.targetOf(o));
        title = session.codeLensTitle(manifest, o, w);
      } catch {
        title = 'Preview rollout';
      }
      return new vscode.CodeLens(new vscode.Range(pos, pos), {
        title,
        tooltip: `Rollout Lens: preview what the ${o.kind} controller does when ${o.name ?? 'this object'} is applied`,
        command: 'rolloutLens.previewRollout',
        arguments: [document.uri, session.targetOf(o)],
      });
    });
  }
}
