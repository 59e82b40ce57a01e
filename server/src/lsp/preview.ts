/**
 * The custom request `rolloutLens/preview` and the notification `rolloutLens/workloadFiles` (types in
 * shared/src/preview/protocol.ts): the panel's and the CodeLens' view of a file, computed from the
 * workspace index by the one preview pipeline (shared/src/preview/pipeline.ts) with the workload's
 * workspace context (../previewContext.ts). The client parses nothing: workloads, render payloads,
 * CodeLens titles, Apply edits and the files that get the "Preview Rollout" button all come from here.
 */
import { isWorkload, parseManifest } from '../../../shared/src/manifest';
import type { ParsedManifest, SyntaxIssue } from '../../../shared/src/manifest';
import { LineIndex } from '../../../shared/src/lines';
import { buildApplyEdits } from '../../../shared/src/preview/applyEdits';
import { PREVIEW_REQUEST, WORKLOAD_FILES_NOTIFICATION } from '../../../shared/src/preview/protocol';
import type {
  PreviewParams,
  PreviewResult,
  PreviewWorkload,
  WorkloadFilesParams,
} from '../../../shared/src/preview/protocol';
import {
  codeLensTitle,
  computePreview,
  resolveTarget,
  targetOf,
  workloadAt,
  workloads,
} from '../../../shared/src/preview/session';
import type { TargetRef } from '../../../shared/src/preview/webviewMessages';
import { planToJson } from '../../../shared/src/sim';
import { workspaceContexts } from '../previewContext';
import { lintDocument } from './diagnostics';
import { documentOversize, indexOpenDocument } from './indexing';
import { chartOfTemplate, overlaysOf, previewInOverlay, templateWorkloads } from './render';
import { pathToUri } from '../fileSystem';
import { isIgnored, settingsFor } from './settings';
import { normalizeUri } from './state';
import type { ServerState } from './state';

/**
 * CodeLens titles simulate every workload of the file on each edit: past this many workloads the others keep the
 * plain "Preview rollout" title (a generated file of thousands of workloads must not stall the server).
 */
export const MAX_LENS_TITLES = 100;

/** How long the workload-files list waits for a burst of edits to end before it is checked again. */
export const WORKLOAD_FILES_SETTLE_MS = 200;

interface PreviewFile {
  readonly manifest: ParsedManifest;
  readonly text: string;
  readonly version: number | null;
  readonly lines: LineIndex;
}

/** The file as the server knows it: the open document (indexed), else the index's copy from disk. */
function fileOf(state: ServerState, uri: string): PreviewFile | undefined {
  const key = normalizeUri(uri);
  const document = state.documents.get(uri);
  if (document) {
    if (isIgnored(state, uri) || documentOversize(state, document) !== undefined) {
      // Not in the index (nothing else sees it), but the user asked for its preview.
      const text = document.getText();
      return { manifest: parseManifest(text), text, version: document.version, lines: new LineIndex(text) };
    }
    const { file } = indexOpenDocument(state, document);
    // The whole text only when asked (Apply, a template's rendering): a CodeLens request per edit needs none.
    return {
      manifest: file.manifest,
      get text() {
        return document.getText();
      },
      version: document.version,
      lines: file.lines,
    };
  }
  const file = state.index.get(key);
  // Files indexed from disk drop their YAML nodes: parse again (Apply needs them; rare).
  return file && { manifest: parseManifest(file.text), text: file.text, version: null, lines: file.lines };
}

const sameTarget = (a: TargetRef, b: TargetRef): boolean =>
  a.kind === b.kind && a.name === b.name && a.docIndex === b.docIndex && a.listIndex === b.listIndex;

/** Registers the request and the notification; call `indexed()` once the workspace folders are indexed. */
export function registerPreview(state: ServerState): { indexed(): void } {
  const baselines = new Map<string, ParsedManifest>(); // uri → the parse of its baseline (rarely changes)

  async function preview(params: PreviewParams): Promise<PreviewResult | null> {
    await state.ready;
    await state.render.layoutKnown; // after startup, the overlays of a base or patch are known once it is read
    const open = state.documents.get(params.uri);
    if (params.lenses && !params.whatIf && open && documentOversize(state, open) !== undefined) {
      return { version: open.version, workloads: [] }; // over rolloutLens.maxFileSize: no lenses (nothing parsed)
    }
    const file = fileOf(state, params.uri);
    if (!file) return null;
    const key = normalizeUri(params.uri);
    // The selected Kubernetes version (settings layered over .rollout-lens.yaml), as the linter uses it.
    const { kubernetesVersion } = await settingsFor(state, params.uri);
    const contextOf = workspaceContexts(state.index, key, { kubernetesVersion });
    const chosen = params.target
      ? resolveTarget(file.manifest, params.target)
      : params.offset !== undefined
        ? workloadAt(file.manifest, params.offset)
        : undefined;
    const list: PreviewWorkload[] = workloads(file.manifest).map((o, i) => {
      const target = targetOf(o);
      if (!params.lenses || i >= MAX_LENS_TITLES) return { target, span: o.span };
      const whatIf = params.lensWhatIfs?.find((l) => sameTarget(l.target, target))?.whatIf;
      return { target, span: o.span, lens: codeLensTitle(o, contextOf(o), whatIf) };
    });
    // A Helm chart template (no workloads of its own): the workloads of the chart's output from this template.
    const chart = list.length === 0 ? chartOfTemplate(state, params.uri) : undefined;
    if (chart) return previewTemplate(state, params, file, chart, kubernetesVersion);
    const overlays = overlaysOf(state, params.uri);
    const base = { version: file.version, workloads: list, ...(overlays.length ? { overlays } : {}) };
    if (!chosen) {
      if (params.target && params.whatIf) {
        const message = `${params.target.kind} ${params.target.name ?? ''} is no longer in this file.`;
        return { ...base, preview: { type: 'empty', message } };
      }
      return base;
    }
    const target = targetOf(chosen);
    const apply = params.apply && buildApplyEdits(file.text, chosen.node, chosen.kind, params.apply);
    const whatIf = params.whatIf;
    if (!whatIf) return { ...base, target, ...(apply ? { apply } : {}) };
    let baseline: ParsedManifest | undefined;
    if (params.baselineText !== undefined) {
      baseline = parseManifest(params.baselineText, baselines.get(key));
      baselines.set(key, baseline);
      if (baselines.size > 20) baselines.delete(baselines.keys().next().value as string);
    }
    const findings = await rolloutFindings(state, params.uri, file);
    // A base, patch or template previewed as a kustomization or chart renders it (lsp/render.ts).
    const overlaid =
      params.overlay !== undefined
        ? await previewInOverlay(
            state,
            params.overlay,
            chosen,
            whatIf,
            params.baselineText !== undefined,
            kubernetesVersion,
          )
        : undefined;
    const computed =
      overlaid && 'computed' in overlaid
        ? overlaid.computed
        : computePreview({
            manifest: file.manifest,
            target,
            whatIf,
            context: contextOf(chosen),
            ...(baseline ? { baseline } : {}),
            findings,
          });
    return {
      ...base,
      target,
      ...(apply ? { apply } : {}),
      preview: computed.payload,
      ...(params.includePlan && computed.plan ? { plan: planToJson(computed.plan) } : {}),
      ...(overlaid && 'problem' in overlaid ? { overlayProblem: overlaid.problem } : {}),
    };
  }

  state.connection.onRequest(PREVIEW_REQUEST, (params: PreviewParams) => preview(params));
  state.onRendered.push(() => workloadFiles.rendered());
  const workloadFiles = registerWorkloadFiles(state);
  return { indexed: workloadFiles.indexed };
}

const TEMPLATE_MARKERS: SyntaxIssue['code'] = 'yaml-template';

/** The open document's findings (its own and those rendered overlays and charts map into it), for the panel. */
async function rolloutFindings(
  state: ServerState,
  uri: string,
  file: PreviewFile,
): Promise<{ code: string; message: string; line: number; offset: number }[]> {
  const linted = state.documents.get(uri) ? await lintDocument(state, uri) : undefined;
  return (linted?.findings ?? []).map((f) => ({
    code: f.rule,
    message: f.message,
    line: file.lines.positionAt(f.span[0]).line,
    offset: f.span[0],
  }));
}

/**
 * `rolloutLens/preview` for a Helm chart template: its workloads are the rendered ones the chart's output attributes
 * to it (lsp/render.ts `templateWorkloads`), previewed through the one session computation over the rendered chart;
 * the chart is the only rendering offered. No Apply (the edits would be of the rendered text).
 */
async function previewTemplate(
  state: ServerState,
  params: PreviewParams,
  file: PreviewFile,
  chart: { readonly uri: string; readonly name: string },
  kubernetesVersion: string | undefined,
): Promise<PreviewResult> {
  // With a baseline (the panel), the chart is rendered at Git HEAD too: "will this change roll out?".
  const baseline = params.whatIf !== undefined && params.baselineText !== undefined;
  const t = await templateWorkloads(state, chart, params.uri, file.text, kubernetesVersion, baseline);
  const list: PreviewWorkload[] = t.workloads.map((w, i) => {
    const target = targetOf(w.object);
    if (!params.lenses || i >= MAX_LENS_TITLES) return { target, span: w.span };
    const whatIf = params.lensWhatIfs?.find((l) => sameTarget(l.target, target))?.whatIf;
    return { target, span: w.span, lens: t.lens(w.object, whatIf) };
  });
  const base = {
    version: file.version,
    workloads: list,
    overlays: [chart],
    renderedOnly: true,
    ...(t.problem !== undefined ? { overlayProblem: t.problem } : {}),
  };
  const { target: wanted, offset } = params;
  const chosen = wanted
    ? (t.workloads.find((w) => w.object.kind === wanted.kind && w.object.name === wanted.name) ??
      t.workloads.find(
        (w) =>
          w.object.kind === wanted.kind &&
          w.object.docIndex === wanted.docIndex &&
          w.object.listIndex === wanted.listIndex,
      ) ??
      // the panel opened on the reason the chart was not rendered knows no name yet
      (wanted.name === undefined ? t.workloads.find((w) => w.object.kind === wanted.kind) : undefined))
    : offset !== undefined
      ? t.workloads.find((w) => w.span[0] <= offset && offset <= w.span[1])
      : undefined;
  if (!params.whatIf) return chosen ? { ...base, target: targetOf(chosen.object) } : base;
  if (!chosen) {
    const what = wanted ? `${wanted.kind} ${wanted.name ?? ''}`.trim() : 'a workload';
    const message =
      t.problem !== undefined
        ? `Rollout Lens cannot preview this Helm template: ${t.problem}`
        : `${chart.name} renders no ${what} from this template.`;
    return { ...base, preview: { type: 'empty', message } };
  }
  // "not checked until rendered": the panel shows it rendered, so the template-marker notice is no rollout finding.
  const findings = (await rolloutFindings(state, params.uri, file)).filter((f) => f.code !== TEMPLATE_MARKERS);
  const computed = t.preview(chosen.object, params.whatIf, findings);
  return {
    ...base,
    target: targetOf(chosen.object),
    preview: computed.payload,
    ...(params.includePlan && computed.plan ? { plan: planToJson(computed.plan) } : {}),
  };
}

/**
 * `rolloutLens/workloadFiles`: the files with a workload, sent after indexing and whenever the list
 * changes. Edits only mark their file; the check runs once the burst has settled, off the keystroke path.
 */
function registerWorkloadFiles(state: ServerState): { indexed(): void; rendered(): void } {
  const withWorkloads = new Set<string>(); // index keys
  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sent = '';
  let indexed = false;

  const hasWorkload = (key: string): boolean => state.index.get(key)?.manifest.objects.some(isWorkload) === true;
  const publish = (): void => {
    // Chart templates whose rendered output holds a workload (the last render pass) preview too.
    const templates = [...state.render.workloadTemplates].map(pathToUri).filter((k) => !withWorkloads.has(k));
    const uris = [...withWorkloads, ...templates].map((k) => state.openUris.get(k) ?? k).sort();
    const joined = uris.join('\n');
    if (joined === sent) return;
    sent = joined;
    try {
      void state.connection
        .sendNotification(WORKLOAD_FILES_NOTIFICATION, { uris } satisfies WorkloadFilesParams)
        .catch(() => undefined);
    } catch {
      // the connection is closed (the client went away while an edit burst settled): nobody to tell
    }
  };
  const check = (): void => {
    timer = undefined;
    if (!indexed) return;
    for (const key of dirty) {
      if (hasWorkload(key)) withWorkloads.add(key);
      else withWorkloads.delete(key);
    }
    dirty.clear();
    publish();
  };
  const mark = (uri: string): void => {
    dirty.add(normalizeUri(uri));
    clearTimeout(timer);
    timer = setTimeout(check, WORKLOAD_FILES_SETTLE_MS);
  };

  state.documents.onDidOpen(({ document }) => mark(document.uri));
  state.documents.onDidChangeContent(({ document }) => mark(document.uri));
  state.documents.onDidClose(({ document }) => mark(document.uri));
  return {
    indexed() {
      for (const key of state.index.uris()) if (hasWorkload(key)) withWorkloads.add(key);
      indexed = true;
      check();
    },
    rendered() {
      if (indexed) publish();
    },
  };
}
