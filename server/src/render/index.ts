/**
 * Rendering + linting of the entry overlays of a layout, for the CLI and the language server:
 * findings placed in source files, render problems as findings on the kustomization, and the time
 * split between the renderer process and our own work.
 */
import * as path from 'node:path';
import type { LintOptions } from '../lint';
import { lintChart } from './helm';
import type { Chart, HelmRenderer, HelmSettings } from './helm';
import type { KustomizeLayout } from './kustomization';
import type { KustomizeRenderer, RenderProblem, RenderSettings } from './kustomize';
import { lintRendered } from './overlay';
import type { MappedFinding } from './overlay';

/** Codes of render problems (not rules: no setting turns them off). */
export const RENDER_FAILED = 'render-failed';
export const REMOTE_BASE = 'remote-base';

export interface OverlaysResult {
  readonly findings: MappedFinding[];
  readonly rendererMs: number;
  readonly totalMs: number;
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
  for (const entry of entries) {
    const name = overlayName(entry.dir);
    const r = await renderer.render(entry, layout, settings);
    if (!r.ok) {
      findings.push(problemFinding(r.problem, name));
      continue;
    }
    rendererMs += r.overlay.rendererMs;
    findings.push(...lintRendered(r.overlay, layout, name, options));
  }
  return { findings, rendererMs, totalMs: Date.now() - started };
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
  }
  return { findings, rendererMs, totalMs: Date.now() - started };
}
