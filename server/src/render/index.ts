/**
 * Rendering + linting of the entry overlays of a layout, for the CLI and the language server:
 * findings placed in source files, render problems as findings on the kustomization, and the time
 * split between the renderer process and our own work.
 */
import * as path from 'node:path';
import type { LintOptions } from '../lint';
import { lintChart, workloadTemplates } from './helm';
import type { Chart, HelmRenderer, HelmSettings } from './helm';
import type { KustomizeLayout } from './kustomization';
import type { KustomizeRenderer, RenderProblem, RenderSettings } from './kustomize';
import { lintRendered } from './overlay';
import type { MappedFinding } from './overlay';
import type { RenderedOverlay } from './kustomize';

/** Codes of render problems (not rules: no setting turns them off). */
export const RENDER_FAILED = 'render-failed';
export const REMOTE_BASE = 'remote-base';

export interface OverlaysResult {
  readonly findings: MappedFinding[];
  readonly rendererMs: number;
  readonly totalMs: number;
  /** The text of every file a finding is in, as rendered (the kustomizations for render problems). */
  readonly sources: ReadonlyMap<string, string>;
  /** Overlays built in-process (no binary ran) and those not understood without one (kept to value checks). */
  readonly builtIn: readonly string[];
  readonly notUnderstood: readonly { readonly overlay: string; readonly file: string; readonly reason: string }[];
  /** Charts: the templates (absolute paths) that render a workload (the preview offers them). */
  readonly workloadTemplates?: readonly string[];
}

/** `what`: how the message names the overlay or chart (`overlays/prod`, `chart web`). */
export function problemFinding(p: RenderProblem, overlay: string, what = overlay): MappedFinding {
  const remote = p.remote === true;
  return {
    rule: remote ? REMOTE_BASE : RENDER_FAILED,
    severity: remote ? 'information' : 'warning',
    span: p.span,
    file: p.file,
    overlay,
    message: `${p.message} (in ${what})`,
  };
}

export async function lintOverlays(
  layout: KustomizeLayout,
  renderer: KustomizeRenderer,
  settings: RenderSettings,
  options: LintOptions,
  overlayName: (dir: string) => string,
  entries = layout.entries,
): Promise<OverlaysResult> {
  const started = Date.now();
  let rendererMs = 0;
  const findings: MappedFinding[] = [];
  const sources = new Map<string, string>();
  const builtIn: string[] = [];
  const notUnderstood: { overlay: string; file: string; reason: string }[] = [];
  const lint = (overlay: RenderedOverlay, name: string) => {
    for (const [file, text] of overlay.sources) sources.set(file, text);
    findings.push(...lintRendered(overlay, layout, name, options));
  };
  for (const entry of entries) {
    const name = overlayName(entry.dir);
    if (settings.binary !== false) {
      const r = await renderer.render(entry, layout, settings);
      if (r.ok) {
        rendererMs += r.overlay.rendererMs;
        lint(r.overlay, name);
        continue;
      }
      findings.push(problemFinding(r.problem, name));
      const k = [...layout.byDir.values()].find((x) => x.file === r.problem.file);
      if (k) sources.set(k.file, k.text);
      if (!r.problem.noAnswer) continue;
    }
    // No binary ran (or it gave no answer): the transformations Rollout Lens understands, applied in-process.
    const b = await renderer.renderBuiltIn(entry, layout);
    if (b.ok) {
      builtIn.push(name);
      lint(b.overlay, name);
    } else notUnderstood.push({ overlay: name, file: b.file, reason: b.reason });
  }
  return { findings, rendererMs, totalMs: Date.now() - started, sources, builtIn, notUnderstood };
}

/** Renders and lints charts; `settings.valuesFiles` relative to each chart folder or absolute. */
export async function lintCharts(
  charts: readonly Chart[],
  renderer: HelmRenderer,
  settings: HelmSettings,
  options: LintOptions,
  chartName: (dir: string) => string,
  readFile: (file: string) => Promise<string | undefined>,
): Promise<OverlaysResult> {
  const started = Date.now();
  let rendererMs = 0;
  const findings: MappedFinding[] = [];
  const sources = new Map<string, string>();
  const withWorkloads: string[] = [];
  for (const chart of charts) {
    const name = chartName(chart.dir);
    const valuesFiles = settings.valuesFiles.map((v) => path.resolve(chart.dir, v));
    const r = await renderer.render(chart, { ...settings, valuesFiles });
    if (!r.ok) {
      findings.push(problemFinding(r.problem, name, `chart ${name}`));
      continue;
    }
    rendererMs += r.rendered.rendererMs;
    const templates = new Map<string, string>();
    for (const s of r.rendered.sources) {
      const t = templates.has(s.template) ? undefined : await readFile(s.template);
      if (t !== undefined) templates.set(s.template, t);
    }
    findings.push(...lintChart(r.rendered, name, templates, options));
    for (const [file, text] of templates) sources.set(file, text);
    withWorkloads.push(...workloadTemplates(r.rendered));
  }
  return {
    findings,
    rendererMs,
    totalMs: Date.now() - started,
    sources,
    builtIn: [],
    notUnderstood: [],
    workloadTemplates: withWorkloads,
  };
}
