/**
 * The panel's preview of one file's text, the way the language server computes it: the file in a
 * workspace index, the workload's context from `workspaceContext`, then the one preview pipeline.
 */
import { parseManifest } from '../../shared/src/manifest';
import type { ParsedManifest, WorkloadObject } from '../../shared/src/manifest';
import type { WorkspaceContext } from '../../shared/src/preview/pipeline';
import { previewPlan, type PipelineResult } from '../../shared/src/preview/pipeline';
import type { PreviewInput, PreviewResult } from '../../shared/src/preview/session';
import { computePreview, resolveTarget, workloads } from '../../shared/src/preview/session';
import type { WhatIf } from '../../shared/src/preview/whatIf';
import { workspaceContext } from '../../server/src/previewContext';
import { WorkspaceIndex } from '../../server/src/workspace';

export const PREVIEW_URI = 'file:///ws/main.yaml';

/** The file alone in a workspace index: its parse and the context of each of its workloads. */
export function indexText(text: string): { manifest: ParsedManifest; contextOf(o: WorkloadObject): WorkspaceContext } {
  const index = new WorkspaceIndex();
  const { manifest } = index.update(PREVIEW_URI, text).file;
  return { manifest, contextOf: (o) => workspaceContext(index, PREVIEW_URI, o) };
}

/** `computePreview` of a text (the file alone in its workspace), baseline given as text. */
export function previewText(
  input: Omit<PreviewInput, 'manifest' | 'context' | 'baseline'> & { text: string; baselineText?: string },
): PreviewResult {
  const { manifest, contextOf } = indexText(input.text);
  const object = resolveTarget(manifest, input.target);
  return computePreview({
    manifest,
    target: input.target,
    whatIf: input.whatIf,
    context: object ? contextOf(object) : { services: [] },
    ...(input.baselineText !== undefined ? { baseline: parseManifest(input.baselineText) } : {}),
    ...(input.findings ? { findings: input.findings } : {}),
  });
}

/** The plan of the first workload of a text under a what-if (the file alone in its workspace). */
export function planOfText(text: string, whatIf: WhatIf): PipelineResult & { object: WorkloadObject } {
  const { manifest, contextOf } = indexText(text);
  const object = workloads(manifest)[0];
  if (!object) throw new Error('no workload in the text');
  return { ...previewPlan(object, contextOf(object), whatIf), object };
}
