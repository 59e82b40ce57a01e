/**
 * Rendering + linting of the entry overlays of a layout, for the CLI and the language server:
 * findings placed in source files, render problems as findings on the kustomization, and the time
 * split between the renderer process and our own work.
 */
import type { LintOptions } from '../lint';
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

export function problemFinding(p: RenderProblem, overlay: string): MappedFinding {
  const remote = p.remote === true;
  return {
    rule: remote ? REMOTE_BASE : RENDER_FAILED,
    severity: remote ? 'information' : 'warning',
    span: p.span,
    file: p.file,
    overlay,
    message: `${p.message} (in ${overlay})`,
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
