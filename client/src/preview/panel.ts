/**
 * The rollout preview panel: one panel beside the editor, following the active YAML editor and the
 * workload under the cursor, re-rendering (debounced) on edits while keeping the what-if settings.
 * The extension host simulates and builds the view model (shared/src/preview); the webview renders it.
 */
import * as vscode from 'vscode';
import type { ParsedManifest, WorkloadObject } from '../../../shared/src/manifest';
import { buildApplyEdits } from '../../../shared/src/preview/applyEdits';
import { computePreview, resolveTarget, targetOf, workloadAt, workloads } from '../../../shared/src/preview/session';
import { changedFields, DEFAULT_WHAT_IF, scenarioPart, type WhatIf } from '../../../shared/src/preview/whatIf';
import { parseManifest } from '../../../shared/src/manifest';
import {
  parseFromWebview,
  sanitizePanelState,
  type FromWebview,
  type TargetRef,
  type ToWebview,
} from '../../../shared/src/preview/webviewMessages';
import { BaselineStore } from './baseline';
import { renderHtml, webviewOptions } from './html';
import { PREVIEW_VIEW_TYPE } from './register';
import type { WhatIfStore } from './scenarioStore';

const EDIT_DEBOUNCE_MS = 120;
const SOURCE = 'rollout-lens';

type RenderMessage = Extract<ToWebview, { type: 'render' }>;

export interface PreviewSnapshot {
  uri: string;
  target: TargetRef;
  whatIf: WhatIf;
  renderId: number;
  /** Last render the webview reported as done, and how long it took there. */
  renderedId: number;
  renderedMs: number;
  last?: ToWebview;
}

export class PreviewPanel {
  static current: PreviewPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly baselines = new BaselineStore();
  private parsed: ParsedManifest | undefined;
  private parsedBaseline: ParsedManifest | undefined;
  private timer: NodeJS.Timeout | undefined;
  private renderId = 0;
  private renderedId = 0;
  private renderedMs = 0;
  private last: ToWebview | undefined;
  private readonly renderWaiters: Array<{ min: number; resolve: (s: PreviewSnapshot) => void }> = [];

  /** Command entry: palette / editor title (args: [uri?]) or CodeLens (args: [uri, target]). */
  static async open(
    context: vscode.ExtensionContext,
    args: readonly unknown[],
    whatIfs: WhatIfStore,
  ): Promise<PreviewSnapshot | undefined> {
    const uriArg = args[0] instanceof vscode.Uri ? args[0] : undefined;
    const targetArg = sanitizePanelState({ uri: '', target: args[1], whatIf: {} })?.target;
    const editor = vscode.window.activeTextEditor;
    const doc = uriArg ? await vscode.workspace.openTextDocument(uriArg) : editor?.document;
    if (!doc) {
      void vscode.window.showInformationMessage(
        'Rollout Lens: open a Kubernetes YAML file with a Deployment or StatefulSet first.',
      );
      return undefined;
    }
    const manifest = parseManifest(doc.getText());
    let target = targetArg && resolveTarget(manifest, targetArg) ? targetArg : undefined;
    if (!target) {
      const cursorEditor = editor && editor.document.uri.toString() === doc.uri.toString() ? editor : undefined;
      const picked = await pickWorkload(manifest, doc, cursorEditor);
      if (!picked) return undefined;
      target = targetOf(picked);
    }
    if (PreviewPanel.current) {
      PreviewPanel.current.panel.reveal(undefined, true);
      PreviewPanel.current.show(doc, target);
    } else {
      const panel = vscode.window.createWebviewPanel(
        PREVIEW_VIEW_TYPE,
        'Rollout preview',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        webviewOptions(context.extensionUri),
      );
      PreviewPanel.current = new PreviewPanel(context, panel, whatIfs, doc.uri.toString(), target, DEFAULT_WHAT_IF);
      PreviewPanel.current.baselines.remember(doc);
      PreviewPanel.current.update();
    }
    return PreviewPanel.current.snapshot();
  }

  /** Serializer entry after a window reload: state is what the webview last stored with setState. */
  static revive(
    context: vscode.ExtensionContext,
    panel: vscode.WebviewPanel,
    state: unknown,
    whatIfs: WhatIfStore,
  ): void {
    const s = sanitizePanelState(state);
    const uri = s?.uri ?? vscode.window.activeTextEditor?.document.uri.toString() ?? '';
    const target = s?.target ?? { kind: 'Deployment', docIndex: 0 };
    PreviewPanel.current?.dispose();
    PreviewPanel.current = new PreviewPanel(context, panel, whatIfs, uri, target, s?.whatIf ?? DEFAULT_WHAT_IF);
    PreviewPanel.current.update();
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
    private readonly whatIfStore: WhatIfStore,
    private uri: string,
    private target: TargetRef,
    whatIf: WhatIf,
  ) {
    if (!whatIfStore.has(uri, target) || whatIf !== DEFAULT_WHAT_IF) whatIfStore.set(uri, target, whatIf);
    panel.webview.options = webviewOptions(context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'client', 'media', 'preview.svg');
    panel.webview.html = renderHtml(panel.webview, context.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.uri && e.contentChanges.length) this.schedule();
      }),
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.follow(e)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() === this.uri) this.followCursor(e.textEditor);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === this.uri)) this.schedule();
      }),
    );
  }

  /** What-if settings per workload (scenarioStore.ts): switching objects and back keeps them; none carries over. */
  private get whatIf(): WhatIf {
    return this.whatIfStore.get(this.uri, this.target) ?? { ...DEFAULT_WHAT_IF };
  }

  private set whatIf(w: WhatIf) {
    this.whatIfStore.set(this.uri, this.target, w);
  }

  private show(doc: vscode.TextDocument, target: TargetRef): void {
    if (doc.uri.toString() !== this.uri) this.parsed = this.parsedBaseline = undefined;
    this.uri = doc.uri.toString();
    this.target = target;
    this.baselines.remember(doc);
    this.update();
  }

  /** The panel follows the active YAML editor (when it has workloads). */
  private follow(editor: vscode.TextEditor): void {
    const doc = editor.document;
    if (doc.languageId !== 'yaml' || doc.uri.toString() === this.uri) return;
    const m = parseManifest(doc.getText());
    const ws = workloads(m);
    if (!ws.length) return;
    const o = workloadAt(m, doc.offsetAt(editor.selection.active)) ?? ws[0];
    if (o) this.show(doc, targetOf(o));
  }

  private followCursor(editor: vscode.TextEditor): void {
    if (!this.parsed) return;
    const o = workloadAt(this.parsed, editor.document.offsetAt(editor.selection.active));
    if (!o) return;
    const t = targetOf(o);
    if (t.kind !== this.target.kind || t.name !== this.target.name || t.docIndex !== this.target.docIndex)
      this.show(editor.document, t);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), EDIT_DEBOUNCE_MS);
  }

  private document(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri);
  }

  /** Recomputes the preview and posts it. */
  update(): void {
    clearTimeout(this.timer);
    void this.render();
  }

  private async render(): Promise<void> {
    let doc = this.document();
    if (!doc && this.uri) {
      try {
        doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.uri));
      } catch {
        doc = undefined;
      }
    }
    if (!doc) {
      this.post({ type: 'empty', message: 'The file of this preview is not available any more.' });
      return;
    }
    const baseline = await this.baselines.get(doc);
    const findings = vscode.languages
      .getDiagnostics(doc.uri)
      .filter((d) => d.source === SOURCE)
      .map((d) => ({
        code: typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''),
        message: d.message,
        line: d.range.start.line,
        offset: doc.offsetAt(d.range.start),
      }));
    const result = computePreview({
      text: doc.getText(),
      ...(this.parsed ? { previous: this.parsed } : {}),
      target: this.target,
      whatIf: this.whatIf,
      ...(baseline ? { baselineText: baseline.text } : {}),
      ...(this.parsedBaseline ? { previousBaseline: this.parsedBaseline } : {}),
      findings,
    });
    this.parsed = result.manifest;
    this.parsedBaseline = result.baseline;
    const name = this.target.name ?? this.target.kind;
    this.panel.title = `Rollout: ${name}`;
    if (result.payload.type === 'empty') {
      this.post(result.payload);
      return;
    }
    if (result.object) this.target = targetOf(result.object);
    const message: RenderMessage = {
      ...result.payload,
      renderId: ++this.renderId,
      uri: this.uri,
      file: vscode.workspace.asRelativePath(doc.uri),
      baseline: baseline
        ? baseline.gitNote
          ? `${baseline.label} (no Git baseline: ${baseline.gitNote})`
          : baseline.label
        : 'none',
    };
    this.post(message);
  }

  private post(message: ToWebview): void {
    this.last = message;
    void this.panel.webview.postMessage(message);
  }

  /** Handles a message from the webview (or from a test through `_rolloutLens.preview.post`). */
  async receive(raw: unknown): Promise<PreviewSnapshot | undefined> {
    const m: FromWebview | undefined = parseFromWebview(raw);
    if (!m) return undefined;
    switch (m.type) {
      case 'ready':
        if (m.state && m.state.uri === this.uri) this.whatIf = m.state.whatIf;
        this.update();
        break;
      case 'whatIf':
        this.whatIf = m.whatIf;
        await this.render();
        break;
      case 'apply':
        await this.apply(m.whatIf);
        break;
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        vscode.window.setStatusBarMessage('Rollout Lens: copied', 2000);
        break;
      case 'reveal': {
        const doc = this.document();
        if (doc) {
          const pos = new vscode.Position(Math.min(m.line, doc.lineCount - 1), 0);
          await vscode.window.showTextDocument(doc, {
            viewColumn: vscode.ViewColumn.One,
            selection: new vscode.Range(pos, pos),
          });
        }
        break;
      }
      case 'rendered':
        this.renderedId = Math.max(this.renderedId, m.renderId);
        this.renderedMs = m.ms;
        for (const w of [...this.renderWaiters]) {
          if (this.renderedId >= w.min) {
            this.renderWaiters.splice(this.renderWaiters.indexOf(w), 1);
            w.resolve(this.snapshot());
          }
        }
        break;
    }
    return this.snapshot();
  }

  /** Writes the what-if fields into the document as one undoable edit. */
  private async apply(w: WhatIf): Promise<void> {
    const doc = this.document();
    const m = doc && parseManifest(doc.getText(), this.parsed);
    if (m) this.parsed = m; // the reused documents now belong to this parse
    const o: WorkloadObject | undefined = m && resolveTarget(m, this.target);
    if (!doc || !o) {
      this.post({ type: 'applied', ok: false, message: 'The workload is not in the document any more.' });
      return;
    }
    const plan = buildApplyEdits(doc.getText(), o.node, o.kind, w);
    if (!plan.edits.length) {
      this.post({
        type: 'applied',
        ok: false,
        message: plan.skipped.length
          ? `Nothing to write: ${plan.skipped.join(', ')} do not apply to a ${o.kind}.`
          : 'Nothing to write: no what-if value differs from the manifest.',
      });
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits)
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) {
      // The written values are now the manifest's own: keep only the scenario with its parameters (and what was skipped).
      const kept: WhatIf = scenarioPart(w);
      for (const f of changedFields(w))
        if (plan.skipped.includes(f)) (kept as unknown as Record<string, unknown>)[f] = w[f];
      this.whatIf = kept;
    }
    this.post({
      type: 'applied',
      ok,
      message: ok
        ? `Applied to ${vscode.workspace.asRelativePath(doc.uri)}: ${plan.written.join(', ')} (undo with Ctrl+Z in the editor).`
        : 'The edit was rejected (is the file read-only?).',
    });
    await this.render();
  }

  snapshot(): PreviewSnapshot {
    return {
      uri: this.uri,
      target: this.target,
      whatIf: this.whatIf,
      renderId: this.renderId,
      renderedId: this.renderedId,
      renderedMs: this.renderedMs,
      ...(this.last ? { last: this.last } : {}),
    };
  }

  /** Resolves once the webview reports a render ≥ minRenderId (for tests). */
  waitForRender(minRenderId: number, timeoutMs = 20_000): Promise<PreviewSnapshot> {
    if (this.renderedId >= minRenderId) return Promise.resolve(this.snapshot());
    return new Promise((resolve, reject) => {
      const entry = { min: minRenderId, resolve: (s: PreviewSnapshot) => (clearTimeout(timer), resolve(s)) };
      const timer = setTimeout(() => {
        this.renderWaiters.splice(this.renderWaiters.indexOf(entry), 1);
        reject(
          new Error(
            `the webview did not render #${minRenderId} within ${timeoutMs} ms (last rendered #${this.renderedId})`,
          ),
        );
      }, timeoutMs);
      this.renderWaiters.push(entry);
    });
  }

  dispose(): void {
    if (PreviewPanel.current === this) PreviewPanel.current = undefined;
    clearTimeout(this.timer);
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** The workload under the cursor; the only one; or a quick pick among several. */
async function pickWorkload(
  m: ParsedManifest,
  doc: vscode.TextDocument,
  editor: vscode.TextEditor | undefined,
): Promise<WorkloadObject | undefined> {
  const ws = workloads(m);
  if (!ws.length) {
    void vscode.window.showInformationMessage('Rollout Lens: this file has no Deployment or StatefulSet to preview.');
    return undefined;
  }
  const atCursor = editor ? workloadAt(m, doc.offsetAt(editor.selection.active)) : undefined;
  if (atCursor) return atCursor;
  if (ws.length === 1) return ws[0];
  const items = ws.map((o) => ({
    label: `${o.kind} ${o.name ?? '(unnamed)'}`,
    description: `line ${doc.positionAt(o.span[0]).line + 1}`,
    object: o,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Which workload do you want to preview?' });
  return picked?.object;
}
