/**
 * The custom LSP messages of Rollout Lens (like vscode-eslint's custom messages or rust-analyzer's
 * `lsp_ext`). The editor asks the language server, which holds the parsed workspace, instead of parsing
 * files itself:
 *
 * - request `rolloutLens/preview`: a file's workloads (CodeLens titles, pickers, following the cursor), a
 *   workload's preview (the panel's render payload, from the one preview pipeline with the workload's
 *   workspace context) and the edits of "Apply to manifest";
 * - notification `rolloutLens/workloadFiles` (server → client): the files that hold a workload, for the
 *   `rolloutLens.workloadFiles` context key ("Preview Rollout" title button and menu items).
 *
 * Pure types and constants: no vscode, no LSP library, no DOM, no Node.
 */
import type { Span } from '../manifest';
import type { DaemonSetPlanJson, DeploymentPlanJson, StatefulSetPlanJson } from '../sim';
import type { ApplyPlan } from './applyEdits';
import type { RenderPayload } from './session';
import type { TargetRef } from './webviewMessages';
import type { WhatIf } from './whatIf';

export const PREVIEW_REQUEST = 'rolloutLens/preview';
export const WORKLOAD_FILES_NOTIFICATION = 'rolloutLens/workloadFiles';
/**
 * Sent (no parameters) when something other files' results depend on changed: a Service, an HPA, a PDB, a
 * configuration or a rendering. Previews of other files may differ now: the panel and the CodeLens ask again.
 */
export const CONTEXT_CHANGED_NOTIFICATION = 'rolloutLens/contextChanged';

export interface PreviewParams {
  /** The document (the client's URI). */
  readonly uri: string;
  /** The workload to preview; else the one at `offset`; else none (the list of workloads only). */
  readonly target?: TargetRef;
  readonly offset?: number;
  /** Compute the chosen workload's preview (the panel's render payload) under this what-if. */
  readonly whatIf?: WhatIf;
  /**
   * Compute the CodeLens title of every workload (a simulation each), with the what-if the panel holds
   * for it (`lensWhatIfs`, matched by target) or the default scenario.
   */
  readonly lenses?: boolean;
  readonly lensWhatIfs?: readonly { readonly target: TargetRef; readonly whatIf: WhatIf }[];
  /** The baseline text of the file (Git HEAD, or the text when the panel first saw it); absent = none. */
  readonly baselineText?: string;
  /** Compute the edits that write this what-if into the manifest (Apply to manifest). */
  readonly apply?: WhatIf;
  /** Include the plan as `rollout-lens preview --format json` prints it (tests, export). */
  readonly includePlan?: boolean;
  /**
   * A kustomization or chart directory (URI) whose rendered objects the preview should show instead of
   * the file's own (render, issue #13; the overlay quick pick). A server that cannot render it previews
   * the file's own objects and says so in `overlayProblem`.
   */
  readonly overlay?: string;
}

export interface PreviewWorkload {
  readonly target: TargetRef;
  /** Offsets in the server's text of the document (version `PreviewResult.version`). */
  readonly span: Span;
  /** The CodeLens title (`Preview rollout · 6 steps · ~45 s`), when `lenses` was asked for. */
  readonly lens?: string;
}

export interface PreviewResult {
  /** The document version the offsets refer to (null: read from disk, not open). */
  readonly version: number | null;
  readonly workloads: readonly PreviewWorkload[];
  /** The chosen workload (target or offset), resolved. */
  readonly target?: TargetRef;
  /** The panel's render payload (for `whatIf`; `empty` when the target is gone). */
  readonly preview?: RenderPayload | { readonly type: 'empty'; readonly message: string };
  readonly plan?: DeploymentPlanJson | StatefulSetPlanJson | DaemonSetPlanJson;
  /** For `apply`: the edits (offsets in the server's text of `version`), what they write, what was skipped. */
  readonly apply?: ApplyPlan;
  /** Why `overlay` was not used (no renderer, untrusted workspace, render failed, …). */
  readonly overlayProblem?: string;
  /**
   * The entry overlays that read this file and the charts holding it (folder URI, display name): the choices of
   * the overlay quick pick; absent for a file no kustomization or chart uses.
   */
  readonly overlays?: readonly { readonly uri: string; readonly name: string }[];
  /**
   * The file previews only as rendered (a Helm chart template: `overlays` is its chart, `workloads` the rendered
   * workloads the chart's output attributes to it, `overlayProblem` why there are none when the chart is not rendered).
   */
  readonly renderedOnly?: boolean;
}

export interface WorkloadFilesParams {
  /** Every file (URI) known to hold a Deployment, StatefulSet or DaemonSet; replaces the previous list. */
  readonly uris: readonly string[];
}
