/**
 * Kustomize overlays and Helm charts in the language server: a render pass after indexing, on save,
 * when settings change and when the workspace becomes trusted. Renderers run only in trusted
 * workspaces (the client says so in `initializationOptions.workspaceTrusted` and with the
 * `rolloutLens/workspaceTrusted` notification); patch and base roles work everywhere.
 */
import * as path from 'node:path';
import { LineIndex } from '../../../shared/src/lines';
import { pathToUri, uriToPath } from '../fileSystem';
import { renderConfigFrom } from '../render/settings';
import { isChartFile } from '../render/helm';
import { isKustomizationFile } from '../render/kustomization';
import type { RenderPassSummary } from '../render/workspaceRender';
import type { RenderConfig } from '../render/settings';
import { isWorkload, parseManifest } from '../../../shared/src/manifest';
import type { WorkloadObject } from '../../../shared/src/manifest';
import { computePreview, targetOf } from '../../../shared/src/preview/session';
import type { PreviewResult as SessionPreview } from '../../../shared/src/preview/session';
import type { WhatIf } from '../../../shared/src/preview/whatIf';
import { CHART_FILE } from '../render/helm';
import { workspaceContext } from '../previewContext';
import { WorkspaceIndex } from '../workspace';
import { toDiagnostic } from './convert';
import { isIgnored, settingsFor } from './settings';
import { normalizeUri, refresh } from './state';
import type { ServerState } from './state';

/** Client → server: the user trusted the workspace (renderers may run from now on). */
export const WORKSPACE_TRUSTED_NOTIFICATION = 'rolloutLens/workspaceTrusted';
/** Resolves when the running render pass is done: what it rendered and the time it took. */
export const RENDERED_REQUEST = 'rolloutLens/rendered';

export function trustFrom(initializationOptions: unknown): boolean {
  return (initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted === true;
}

async function renderConfig(state: ServerState): Promise<RenderConfig> {
  const raw: unknown = state.canConfigure
    ? await state.connection.workspace.getConfiguration('rolloutLens').catch(() => undefined)
    : undefined;
  return renderConfigFrom(raw);
}

/** Schedules a render pass over the indexed files, then asks the client to pull diagnostics again. */
export async function renderWorkspace(state: ServerState): Promise<RenderPassSummary> {
  const config = await renderConfig(state);
  const folder = state.folders[0];
  const settings = folder ? await settingsFor(state, folder.uri) : undefined;
  const roots = state.folders.map((f) => uriToPath(normalizeUri(f.uri))).filter((r): r is string => r !== undefined);
  const name = (dir: string) => {
    const root = roots.find((r) => dir === r || dir.startsWith(r + path.sep));
    return root ? path.relative(root, dir).split(path.sep).join('/') || '.' : dir;
  };
  // Kustomizations and charts hold no Kubernetes objects: the index may keep only their URI, so their text is read here.
  const files = async () => {
    const out: (readonly [string, string])[] = [];
    for (const uri of state.index.allUris()) {
      const file = uriToPath(uri);
      if (file === undefined || !(isKustomizationFile(file) || isChartFile(file))) continue;
      const open = state.openUris.get(uri);
      const text =
        (open && state.documents.get(open)?.getText()) ??
        (await state.fileSystem.readText(file, state.maxFileBytes).catch(() => undefined));
      if (text !== undefined) out.push([file, text] as const);
    }
    return out;
  };
  const options = settings ? { rules: settings.rules, kubernetesVersion: settings.kubernetesVersion } : {};
  const summary = await state.render.schedule(files, config, state.trusted, options, name);
  if (summary.changed) refresh(state);
  publishClosed(state);
  return summary;
}

/** URIs of files that are not open whose mapped findings were pushed, per server. */
const pushed = new WeakMap<ServerState, Set<string>>();

/**
 * Pull diagnostics cover open documents only, so the findings an overlay maps into a file that is not open
 * (a base, a patch, a template) are pushed (`textDocument/publishDiagnostics`) to reach the Problems view. An open
 * document's pushed diagnostics are cleared (its pull carries them) and pushed again when it closes.
 */
export function publishClosed(state: ServerState, only?: string): void {
  const before = pushed.get(state) ?? new Set<string>();
  const now = new Set(only === undefined ? [] : [...before].filter((u) => u !== only));
  for (const [file, m] of state.render.mappedFiles) {
    const uri = pathToUri(file);
    if ((only !== undefined && uri !== only) || state.openUris.has(uri) || isIgnored(state, uri)) continue;
    const lines = new LineIndex(m.text);
    const diagnostics = m.findings.map((f) => toDiagnostic(f, lines, (other) => state.index.get(other)?.lines));
    void state.connection.sendDiagnostics({ uri, diagnostics }).catch(() => undefined);
    now.add(uri);
  }
  for (const uri of before)
    if (!now.has(uri)) void state.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  pushed.set(state, now);
}

/** Starts a render pass once the index is ready; `rolloutLens/rendered` waits for it. */
export function startRender(state: ServerState): Promise<RenderPassSummary> {
  const pass = state.ready.then(() => renderWorkspace(state));
  state.rendering = pass.catch(() => undefined);
  return pass;
}

export function registerRender(state: ServerState): void {
  const { connection, documents } = state;
  documents.onDidSave(() => void startRender(state));
  documents.onDidOpen(({ document }) => {
    const uri = normalizeUri(document.uri);
    if (!pushed.get(state)?.delete(uri)) return;
    void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
  });
  documents.onDidClose(({ document }) => {
    const uri = normalizeUri(document.uri);
    state.openUris.delete(uri);
    publishClosed(state, uri);
  });
  connection.onNotification(WORKSPACE_TRUSTED_NOTIFICATION, () => {
    state.trusted = true;
    void startRender(state);
  });
  connection.onRequest(RENDERED_REQUEST, async () => {
    await state.rendering;
    return state.render.current;
  });
  state.onConfigurationChanged.push(() => void startRender(state));
}

/** The overlays (entry kustomizations reading it) and charts (holding it) a file can be previewed in. */
export function overlaysOf(state: ServerState, uri: string): { uri: string; name: string }[] {
  const file = uriToPath(normalizeUri(uri));
  if (file === undefined) return [];
  const charts = [...state.index.allUris()]
    .map((u) => uriToPath(u))
    .filter((f): f is string => f !== undefined && path.basename(f) === CHART_FILE)
    .map((f) => path.dirname(f));
  return state.render.overlaysOf(file, charts).map((dir) => ({ uri: pathToUri(dir), name: displayName(state, dir) }));
}

function displayName(state: ServerState, dir: string): string {
  const roots = state.folders.map((f) => uriToPath(normalizeUri(f.uri))).filter((r): r is string => r !== undefined);
  const root = roots.find((r) => dir === r || dir.startsWith(r + path.sep));
  return root ? path.relative(root, dir).split(path.sep).join('/') || '.' : dir;
}

/**
 * The preview of `chosen` (a workload of a base, patch or template file) as the kustomization or chart in
 * `overlayUri` renders it: the rendered workload of the same kind whose name holds the chosen one's (a prefix or
 * suffix is added), with the rendered Services as context; with `baseline`, against the overlay rendered at Git
 * HEAD (trusted workspaces). Else why not.
 */
export async function previewInOverlay(
  state: ServerState,
  overlayUri: string,
  chosen: WorkloadObject,
  whatIf: WhatIf,
  baseline: boolean,
  kubernetesVersion?: string,
): Promise<{ readonly computed: SessionPreview } | { readonly problem: string }> {
  const dir = uriToPath(normalizeUri(overlayUri));
  if (dir === undefined) return { problem: `${overlayUri} is not a local folder` };
  const config = await renderConfig(state);
  const chartText = await state.fileSystem
    .readText(path.join(dir, CHART_FILE), state.maxFileBytes)
    .catch(() => undefined);
  const binary = state.trusted && config.enabled;
  const r = await state.render.renderDir(dir, config, binary, chartText, baseline && binary ? 'HEAD' : undefined);
  const name = displayName(state, dir);
  if ('problem' in r) return { problem: `${name}: ${r.problem}` };
  const index = new WorkspaceIndex();
  const renderedUri = `rollout-lens-rendered:${name}`;
  index.update(renderedUri, r.text);
  const manifest = index.get(renderedUri)?.manifest ?? parseManifest(r.text);
  const same = manifest.objects.filter(
    (o): o is WorkloadObject => isWorkload(o) && o.kind === chosen.kind && o.namespace !== undefined,
  );
  const named = same
    .filter((o) => chosen.name === undefined || (o.name ?? '').includes(chosen.name))
    .sort((a, b) => (a.name ?? '').length - (b.name ?? '').length);
  const object = named[0] ?? (same.length === 1 ? same[0] : undefined);
  if (!object) return { problem: `${name} renders no ${chosen.kind} ${chosen.name ?? ''}`.trim() };
  const computed = computePreview({
    manifest,
    target: targetOf(object),
    whatIf,
    context: workspaceContext(index, renderedUri, object, kubernetesVersion ? { kubernetesVersion } : {}),
    ...(r.baseline !== undefined ? { baseline: parseManifest(r.baseline) } : {}),
  });
  return { computed };
}
