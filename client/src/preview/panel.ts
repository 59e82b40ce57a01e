/**
 * The rollout preview panel: one panel beside the editor, following the active YAML editor and the
 * workload under the cursor, re-rendering (debounced) on edits while keeping the what-if settings.
 * The language server computes everything (the `rolloutLens/preview` request: the file's workloads, the
 * render payload from the one preview pipeline with the workload's workspace context, the Apply edits);
 * the panel passes messages and the webview renders. The client parses no manifest.
 */
import * as vscode from 'vscode';
import type { PreviewWorkload } from '../../../shared/src/preview/protocol';
import { changedFields, DEFAULT_WHAT_IF, scenarioPart, type WhatIf } from '../../../shared/src/preview/whatIf';
import {
  parseFromWebview,
  isRestorableFolder,
  isRestorableUri,
  sanitizePanelState,
  type FromWebview,
  type OverlayRef,
  type TargetRef,
  type ToWebview,
} from '../../../shared/src/preview/webviewMessages';
import { BaselineStore } from './baseline';
import { renderHtml, webviewOptions } from './html';
import { PREVIEW_VIEW_TYPE } from './register';
import type { PreviewRequester } from './request';
import type { WhatIfStore } from './scenarioStore';

const EDIT_DEBOUNCE_MS = 120;

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

function sameTarget(a: TargetRef, b: TargetRef): boolean {
  return a.kind === b.kind && a.name === b.name && a.docIndex === b.docIndex && a.listIndex === b.listIndex;
}

/** The workload whose span contains the offset (spans from the server's last answer). */
function workloadAt(list: readonly PreviewWorkload[], offset: number): PreviewWorkload | undefined {
  return list.find((w) => w.span[0] <= offset && offset <= w.span[1]);
}

export class PreviewPanel {
  static current: PreviewPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private readonly baselines = new BaselineStore();
  /** The workloads of the shown file, as of the server's last answer (for following the cursor). */
  private workloads: readonly PreviewWorkload[] = [];
  private timer: NodeJS.Timeout | undefined;
  private renderId = 0;
  private renderedId = 0;
  private renderedMs = 0;
  /**
   * How many times the webview page said `ready` (loaded its script): tells a page that never loaded from a lost
   * render.
   */
  private readyCount = 0;
  private last: ToWebview | undefined;
  private readonly renderWaiters: Array<{ min: number; resolve: (s: PreviewSnapshot) => void }> = [];
  /** The overlay or chart the file is previewed in (folder URI and name), picked when the panel opened. */
  private overlay: OverlayRef | undefined;
  private overlayWarned: string | undefined;
  /** The file previews only as rendered (a Helm chart template): no Apply, its chart is the rendering. */
  private renderedOnly = false;

  /** Command entry: palette / editor title (args: [uri?]) or CodeLens (args: [uri, target]). */
  static async open(
    context: vscode.ExtensionContext,
    args: readonly unknown[],
    whatIfs: WhatIfStore,
    request: PreviewRequester,
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
    const cursorEditor = editor && editor.document.uri.toString() === doc.uri.toString() ? editor : undefined;
    const r = await request({
      uri: doc.uri.toString(),
      ...(targetArg
        ? { target: targetArg }
        : cursorEditor
          ? { offset: doc.offsetAt(cursorEditor.selection.active) }
          : {}),
    }).catch(() => null);
    let target = r?.target;
    // A chart template is previewed as its chart renders it; not rendered (untrusted, helm missing or failing), the
    // panel opens on the server's reason.
    const template = r?.renderedOnly ? r.overlays?.[0] : undefined;
    if (!target && template && r && !r.workloads.length && r.overlayProblem)
      target = { kind: 'Deployment', docIndex: 0 };
    if (!target) {
      const picked = await pickWorkload(r?.workloads ?? [], doc);
      if (!picked) return undefined;
      target = picked.target;
    }
    // A base or patch of Kustomize overlays: which rendering to preview (issue #13).
    const overlay = template ?? (await pickOverlay(r?.overlays ?? []));
    if (overlay === null) return undefined;
    if (PreviewPanel.current) {
      PreviewPanel.current.panel.reveal(undefined, true);
      PreviewPanel.current.overlay = overlay;
      PreviewPanel.current.show(doc, target);
    } else {
      const panel = vscode.window.createWebviewPanel(
        PREVIEW_VIEW_TYPE,
        'Rollout preview',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        webviewOptions(context.extensionUri),
      );
      PreviewPanel.current = new PreviewPanel(
        context,
        panel,
        whatIfs,
        request,
        doc.uri.toString(),
        target,
        DEFAULT_WHAT_IF,
      );
      PreviewPanel.current.baselines.remember(doc);
      PreviewPanel.current.overlay = overlay;
      PreviewPanel.current.update();
    }
    return PreviewPanel.current.snapshot();
  }

  /** Serializer entry after a window reload: state is what the webview last stored with setState. */
  static async revive(
    context: vscode.ExtensionContext,
    panel: vscode.WebviewPanel,
    state: unknown,
    whatIfs: WhatIfStore,
    request: PreviewRequester,
  ): Promise<void> {
    const persisted = sanitizePanelState(state);
    const s = persisted && restorable(persisted.uri) ? persisted : undefined;
    // The overlay or chart: only a folder inside the workspace (else dropped: the file as written).
    const overlay = await restorableOverlay(s?.overlay);
    // No state (code-server sometimes hands the serializer none): the active editor's workload until the webview's
    // own saved state arrives with its `ready` (receive, below).
    const editor = vscode.window.activeTextEditor;
    const uri = s?.uri ?? editor?.document.uri.toString() ?? '';
    const asked =
      s || !editor
        ? undefined
        : await request({ uri, offset: editor.document.offsetAt(editor.selection.active) }).catch(() => null);
    const target = s?.target ?? asked?.target ?? asked?.workloads[0]?.target ?? { kind: 'Deployment', docIndex: 0 };
    PreviewPanel.current?.dispose();
    PreviewPanel.current = new PreviewPanel(
      context,
      panel,
      whatIfs,
      request,
      uri,
      target,
      s?.whatIf ?? DEFAULT_WHAT_IF,
    );
    PreviewPanel.current.overlay = overlay;
    PreviewPanel.current.revivedWithoutState = !s;
    PreviewPanel.current.update();
  }

  /** Revived with no serializer state: the webview's `ready` state, if restorable, says what was shown. */
  private revivedWithoutState = false;

  private constructor(
    context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
    private readonly whatIfStore: WhatIfStore,
    private readonly request: PreviewRequester,
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
      vscode.window.onDidChangeActiveTextEditor((e) => void (e && this.follow(e))),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document.uri.toString() === this.uri) this.followCursor(e.textEditor);
      }),
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === this.uri)) this.schedule();
      }),
      // A rendering reads the files on disk (templates, values, patches): a save anywhere may change it.
      vscode.workspace.onDidSaveTextDocument(() => {
        if (this.overlay) this.schedule();
      }),
      // The server reads the settings for every preview (renderers, Kubernetes version): show what they give now.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rolloutLens')) this.schedule();
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
    if (doc.uri.toString() !== this.uri) this.workloads = [];
    this.uri = doc.uri.toString();
    this.target = target;
    this.baselines.remember(doc);
    this.update();
  }

  /** The panel follows the active YAML editor (when it has workloads). */
  private async follow(editor: vscode.TextEditor): Promise<void> {
    const doc = editor.document;
    if (doc.languageId !== 'yaml' || doc.uri.toString() === this.uri) return;
    const r = await this.request({ uri: doc.uri.toString(), offset: doc.offsetAt(editor.selection.active) }).catch(
      () => null,
    );
    const target = r?.target ?? r?.workloads[0]?.target;
    if (!target || vscode.window.activeTextEditor?.document !== doc) return;
    // Another file: as written until the user picks an overlay for it; a chart template as its chart renders it.
    this.overlay = r?.renderedOnly ? r.overlays?.[0] : undefined;
    this.show(doc, target);
  }

  private followCursor(editor: vscode.TextEditor): void {
    const w = workloadAt(this.workloads, editor.document.offsetAt(editor.selection.active));
    if (w && !sameTarget(w.target, this.target)) this.show(editor.document, w.target);
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
    try {
      await this.renderOnce();
    } catch (e) {
      // Whatever failed, the next edit renders again: the panel says why instead of going stale.
      this.post({ type: 'empty', message: `Rollout Lens could not update the preview: ${String(e)}` });
    }
  }

  private async renderOnce(): Promise<void> {
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
    const r = await this.request({
      uri: doc.uri.toString(),
      target: this.target,
      whatIf: this.whatIf,
      ...(baseline ? { baselineText: baseline.text } : {}),
      ...(this.overlay ? { overlay: this.overlay.uri } : {}),
    }).catch((e: unknown) => {
      this.post({ type: 'empty', message: `The Rollout Lens server did not answer: ${String(e)}` });
      return undefined;
    });
    if (r === undefined) return;
    if (!r?.preview) {
      this.post({ type: 'empty', message: 'The file of this preview is not available any more.' });
      return;
    }
    this.workloads = r.workloads;
    this.renderedOnly = r.renderedOnly === true;
    const name = this.target.name ?? (this.renderedOnly ? basename(doc.uri) : this.target.kind);
    this.panel.title =
      this.overlay && (!r.overlayProblem || this.renderedOnly)
        ? `Rollout: ${name} (${this.overlay.name})`
        : `Rollout: ${name}`;
    // A template's problem is the panel's empty state (below); an overlay's is a warning beside the file as written.
    if (r.overlayProblem && !this.renderedOnly && this.overlayWarned !== r.overlayProblem) {
      this.overlayWarned = r.overlayProblem;
      void vscode.window.showWarningMessage(`Rollout Lens: previewing the file as written. ${r.overlayProblem}`);
    }
    if (r.preview.type === 'empty') {
      this.post(r.preview);
      return;
    }
    if (r.target) this.target = r.target;
    const message: RenderMessage = {
      ...r.preview,
      renderId: ++this.renderId,
      uri: this.uri,
      // The object of the file (the webview keeps it to restore the panel), not the rendered one an overlay shows.
      target: this.target,
      file: vscode.workspace.asRelativePath(doc.uri),
      ...(this.overlay && !r.overlayProblem ? { overlay: this.overlay } : {}),
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
        this.readyCount++;
        // The webview's saved state (code-server hands the serializer none): the what-if and the overlay of the file.
        if (m.state?.target && this.revivedWithoutState && restorable(m.state.uri)) {
          this.uri = m.state.uri;
          this.target = m.state.target;
          this.workloads = [];
        }
        this.revivedWithoutState = false;
        if (m.state && m.state.uri === this.uri) {
          this.whatIf = m.state.whatIf;
          if (!this.overlay) this.overlay = await restorableOverlay(m.state.overlay);
        }
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

  /** Writes the what-if fields into the document as one undoable edit (edits planned by the server). */
  private async apply(w: WhatIf): Promise<void> {
    if (this.renderedOnly) {
      const message = 'Apply writes into a manifest; a Helm template is rendered: edit the template or the values.';
      this.post({ type: 'applied', ok: false, message });
      return;
    }
    const doc = this.document();
    const r = doc && (await this.request({ uri: doc.uri.toString(), target: this.target, apply: w }).catch(() => null));
    const plan = r?.apply;
    if (!doc || !r?.target || !plan) {
      this.post({ type: 'applied', ok: false, message: 'The workload is not in the document any more.' });
      return;
    }
    if (r.version !== null && r.version !== doc.version) {
      this.post({
        type: 'applied',
        ok: false,
        message: 'The document changed while the edit was planned: apply again.',
      });
      return;
    }
    if (!plan.edits.length) {
      this.post({
        type: 'applied',
        ok: false,
        message: plan.skipped.length
          ? `Nothing to write: ${plan.skipped.join(', ')} do not apply to a ${r.target.kind}.`
          : 'Nothing to write: no what-if value differs from the manifest.',
      });
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits)
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) {
      // The written values are now the manifest's own: keep only the scenario with its parameters (and what was
      // skipped).
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
            `the webview did not render #${minRenderId} within ${timeoutMs} ms (last rendered #${this.renderedId}, ` +
              `last posted #${this.renderId} ${this.last?.type ?? 'nothing'}; ` +
              (this.readyCount
                ? `the page said ready ${this.readyCount} time(s))`
                : 'the page never said ready: its script did not load)'),
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

/**
 * A persisted overlay or chart (untrusted: the webview stored it), kept only when it is a folder inside the workspace.
 */
/** The webview stored the URI: restore only a document that is open or inside the workspace. */
function restorable(uri: string): boolean {
  const open = vscode.workspace.textDocuments.map((d) => d.uri.toString());
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  return isRestorableUri(uri, open, folders);
}

async function restorableOverlay(overlay: OverlayRef | undefined): Promise<OverlayRef | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
  if (!overlay || !isRestorableFolder(overlay.uri, folders)) return undefined;
  try {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(overlay.uri, true));
    return stat.type === vscode.FileType.Directory ? overlay : undefined;
  } catch {
    return undefined;
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/**
 * The overlay quick pick: the file as written, or one of the overlays/charts that use it. Undefined: the file as
 * written (also when no overlay uses it); null: dismissed.
 */
async function pickOverlay(
  overlays: readonly { readonly uri: string; readonly name: string }[],
): Promise<{ uri: string; name: string } | undefined | null> {
  if (!overlays.length) return undefined;
  const items = [
    { label: 'This file as written', description: 'no overlay', overlay: undefined },
    ...overlays.map((o) => ({ label: o.name, description: 'rendered', overlay: { uri: o.uri, name: o.name } })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    placeHolder: 'Preview this file as which overlay renders it?',
  });
  return picked ? picked.overlay : null;
}

/** The only workload, or a quick pick among several (the one under the cursor was asked for already). */
async function pickWorkload(
  ws: readonly PreviewWorkload[],
  doc: vscode.TextDocument,
): Promise<PreviewWorkload | undefined> {
  if (!ws.length) {
    void vscode.window.showInformationMessage(
      'Rollout Lens: this file has no Deployment, StatefulSet or DaemonSet to preview.',
    );
    return undefined;
  }
  if (ws.length === 1) return ws[0];
  const items = ws.map((w) => ({
    label: `${w.target.kind} ${w.target.name ?? '(unnamed)'}`,
    description: `line ${doc.positionAt(w.span[0]).line + 1}`,
    workload: w,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Which workload do you want to preview?' });
  return picked?.workload;
}
