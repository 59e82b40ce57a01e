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
import type { ParsedManifest, Span, WorkloadObject } from '../../../shared/src/manifest';
import { codeLensTitle, computePreview, targetOf } from '../../../shared/src/preview/session';
import type { PreviewInput, PreviewResult as SessionPreview } from '../../../shared/src/preview/session';
import type { WhatIf } from '../../../shared/src/preview/whatIf';
import { CHART_FILE, sourceTemplate } from '../render/helm';
import type { RenderedChart } from '../render/helm';
import { templateKindSpan } from '../render/helmMap';
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
  // Kustomizations and charts hold no Kubernetes objects: the index may keep only their URI, so their text is read
  // here.
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
  for (const f of state.onRendered) f();
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
  state.render.passStarting();
  const pass = state.ready.then(() => renderWorkspace(state)).finally(() => state.render.layoutSettled());
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

/** The folders of the workspace's charts (each indexed Chart.yaml's folder), from the index's by-name set. */
export function chartDirs(state: ServerState): string[] {
  return state.index
    .urisNamed(CHART_FILE)
    .map((u) => uriToPath(u))
    .filter((f): f is string => f !== undefined && path.basename(f) === CHART_FILE)
    .map((f) => path.dirname(f));
}

/** The overlays (entry kustomizations reading it) and charts (holding it) a file can be previewed in. */
export function overlaysOf(state: ServerState, uri: string): { uri: string; name: string }[] {
  const file = uriToPath(normalizeUri(uri));
  if (file === undefined) return [];
  const charts = chartDirs(state);
  return state.render
    .overlaysOf(file, charts)
    .map((dir) => ({ uri: pathToUri(dir), name: overlayName(state, dir, charts.includes(dir)) }));
}

/** The chart a file is a template of: the nearest folder with a Chart.yaml whose `templates/` holds the file. */
export function chartOfTemplate(state: ServerState, uri: string): { uri: string; name: string } | undefined {
  const file = uriToPath(normalizeUri(uri));
  if (file === undefined) return undefined;
  const dir = chartDirs(state)
    .filter((d) => file.startsWith(path.join(d, 'templates') + path.sep))
    .sort((a, b) => b.length - a.length)[0];
  return dir === undefined ? undefined : { uri: pathToUri(dir), name: overlayName(state, dir, true) };
}

function displayName(state: ServerState, dir: string): string {
  const roots = state.folders.map((f) => uriToPath(normalizeUri(f.uri))).filter((r): r is string => r !== undefined);
  const root = roots.find((r) => dir === r || dir.startsWith(r + path.sep));
  return root ? path.relative(root, dir).split(path.sep).join('/') || '.' : dir;
}

/** How the quick pick, the panel title and messages name a rendering: `overlays/prod`, `chart helm/shop`. */
function overlayName(state: ServerState, dir: string, chart: boolean): string {
  return chart ? `chart ${displayName(state, dir)}` : displayName(state, dir);
}

/** A kustomization or chart rendered for a preview: its objects in a workspace index of their own. */
interface RenderedView {
  readonly index: WorkspaceIndex;
  /** The rendered text's URI in `index`. */
  readonly uri: string;
  readonly manifest: ParsedManifest;
  /** The rendering at Git HEAD (Kustomize, when asked for). */
  readonly baseline?: string;
  /** Charts: the template each rendered document came from. */
  readonly sources?: RenderedChart['sources'];
}

/** Renders the kustomization or chart in `dir` (trusted workspaces run the binary; else Kustomize in-process). */
async function renderView(
  state: ServerState,
  dir: string,
  name: string,
  baseline: boolean,
): Promise<RenderedView | { readonly problem: string }> {
  const config = await renderConfig(state);
  const chartText = await state.fileSystem
    .readText(path.join(dir, CHART_FILE), state.maxFileBytes)
    .catch(() => undefined);
  const binary = state.trusted && config.enabled;
  const r = await state.render.renderDir(dir, config, binary, chartText, baseline && binary ? 'HEAD' : undefined);
  if ('problem' in r) return r;
  const index = new WorkspaceIndex();
  const uri = `rollout-lens-rendered:${name}`;
  index.update(uri, r.text);
  const manifest = index.get(uri)?.manifest ?? parseManifest(r.text);
  return {
    index,
    uri,
    manifest,
    ...(r.baseline !== undefined ? { baseline: r.baseline } : {}),
    ...(r.sources ? { sources: r.sources } : {}),
  };
}

/** The preview of a rendered workload: the one session computation, with the rendered objects as its workspace. */
function previewRendered(
  view: RenderedView,
  object: WorkloadObject,
  whatIf: WhatIf,
  kubernetesVersion: string | undefined,
  findings?: PreviewInput['findings'],
  findingsSpan?: Span,
): SessionPreview {
  return computePreview({
    manifest: view.manifest,
    target: targetOf(object),
    whatIf,
    context: renderedContext(view, object, kubernetesVersion),
    ...(view.baseline !== undefined ? { baseline: parseManifest(view.baseline) } : {}),
    ...(findings ? { findings } : {}),
    ...(findingsSpan ? { findingsSpan } : {}),
  });
}

/** A rendered workload's workspace context: the rendered Services and HPAs (the CLI's preview of a folder too). */
function renderedContext(view: RenderedView, object: WorkloadObject, kubernetesVersion: string | undefined) {
  return workspaceContext(view.index, view.uri, object, kubernetesVersion ? { kubernetesVersion } : {});
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
  const name = overlayName(state, dir, chartDirs(state).includes(dir));
  const view = await renderView(state, dir, name, baseline);
  if ('problem' in view) return { problem: `${name}: ${view.problem}` };
  const same = view.manifest.objects.filter(
    (o): o is WorkloadObject => isWorkload(o) && o.kind === chosen.kind && o.namespace !== undefined,
  );
  const named = same
    .filter((o) => chosen.name === undefined || (o.name ?? '').includes(chosen.name))
    .sort((a, b) => (a.name ?? '').length - (b.name ?? '').length);
  const object = named[0] ?? (same.length === 1 ? same[0] : undefined);
  if (!object) return { problem: `${name} renders no ${chosen.kind} ${chosen.name ?? ''}`.trim() };
  return { computed: previewRendered(view, object, whatIf, kubernetesVersion) };
}

/** A chart template's workloads: the rendered ones whose `# Source:` is the template, placed on its `kind:` line. */
export interface TemplateWorkloads {
  readonly chart: { readonly uri: string; readonly name: string };
  readonly workloads: readonly { readonly object: WorkloadObject; readonly span: Span }[];
  /** Why the chart is not rendered (untrusted workspace, rendering off, helm missing or failing). */
  readonly problem?: string;
  /** The preview of one of `workloads` (the one session computation over the rendered chart). */
  preview(object: WorkloadObject, whatIf: WhatIf, findings?: PreviewInput['findings']): SessionPreview;
  /** Its CodeLens title. */
  lens(object: WorkloadObject, whatIf?: WhatIf): string;
}

/**
 * The workloads a chart template renders (issue #13: a chart's workloads preview like Kustomize's): the chart is
 * rendered by `helm template` (trusted workspaces, rolloutLens.helm.command), the rendered workloads whose source is
 * `templateUri` are the template's, each at its template document's `kind:` line (else line 0).
 */
export async function templateWorkloads(
  state: ServerState,
  chart: { readonly uri: string; readonly name: string },
  templateUri: string,
  templateText: string,
  kubernetesVersion?: string,
  baseline = false,
): Promise<TemplateWorkloads> {
  const none = (problem: string): TemplateWorkloads => ({
    chart,
    workloads: [],
    problem: `${chart.name}: ${problem}`,
    preview: () => ({ payload: { type: 'empty', message: problem } }),
    lens: () => 'Preview rollout',
  });
  const dir = uriToPath(normalizeUri(chart.uri));
  const file = uriToPath(normalizeUri(templateUri));
  if (dir === undefined || file === undefined) return none('not a local folder');
  if (!state.trusted)
    return none('Helm charts are rendered only in trusted workspaces (Workspaces: Manage Workspace Trust)');
  if (!(await renderConfig(state)).enabled) return none('rendering is off (setting rolloutLens.render.enabled)');
  const view = await renderView(state, dir, chart.name, baseline);
  if ('problem' in view) return none(view.problem);
  const sources = view.sources ?? [];
  const workloads = view.manifest.objects
    .filter((o): o is WorkloadObject => isWorkload(o) && sourceTemplate(sources, o.span[0]) === file)
    .map((object) => ({
      object,
      span: templateKindSpan(templateText, object.kind) ?? ([0, templateText.length] as Span),
    }));
  const within = (object: WorkloadObject) => workloads.find((w) => w.object === object)?.span;
  return {
    chart,
    workloads,
    preview: (object, whatIf, findings) =>
      previewRendered(view, object, whatIf, kubernetesVersion, findings, within(object)),
    lens: (object, whatIf) => codeLensTitle(object, renderedContext(view, object, kubernetesVersion), whatIf),
  };
}
