/**
 * One panel render, from a parsed file to the panel's render message: find the workload, run the one
 * preview pipeline (`pipeline.ts`) with its workspace context and the what-if, classify the change against
 * the baseline, pick the findings that matter for the rollout. The language server calls it for the
 * `rolloutLens/preview` request (panel and CodeLens); bench/ too. Pure (no vscode, no DOM, no Node).
 */
import { isWorkload } from '../manifest';
import type { ParsedManifest, Span, WorkloadObject } from '../manifest';
import type { Plan } from '../sim/types';
import type { ManifestValues, RolloutFinding, TargetRef, ToWebview } from './webviewMessages';
import { classifyChange, type ChangeReport } from './changeClassifier';
import { manifestFacts, previewModel, previewPlan, type WorkspaceContext } from './pipeline';
import { resolveTiming } from '../sim/timing';
import { DEFAULT_NODES } from '../sim/daemonset/simulate';
import { lensText } from './viewModel';
import {
  DEFAULT_SCENARIO,
  DEFAULT_WHAT_IF,
  fieldApplies,
  WHAT_IF_FIELD_ROWS,
  type WhatIf,
  type WhatIfField,
} from './whatIf';

export type RenderPayload = Omit<
  Extract<ToWebview, { type: 'render' }>,
  'renderId' | 'uri' | 'file' | 'baseline' | 'overlay'
>;

/** Rule ids whose risk a scenario shows, and that scenario. */
export const FINDING_SCENARIOS: Readonly<Record<string, RolloutFinding['scenario']>> = {
  'missing-min-ready-seconds': 'fail-after',
  'governing-service-missing': 'create',
  'governing-service-not-headless': 'create',
  'missing-service-name': 'create',
  'missing-volume-claim-templates': 'node-failure',
  'invalid-int-or-percent': 'update',
};

export function workloads(m: ParsedManifest): WorkloadObject[] {
  return m.objects.filter(isWorkload);
}

export function targetOf(o: WorkloadObject): TargetRef {
  return {
    kind: o.kind,
    docIndex: o.docIndex,
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(o.listIndex !== undefined ? { listIndex: o.listIndex } : {}),
  };
}

/** The workload a target refers to: same kind + name first (documents move), then same position. */
export function resolveTarget(m: ParsedManifest, t: TargetRef): WorkloadObject | undefined {
  const ws = workloads(m);
  return (
    (t.name !== undefined ? ws.find((o) => o.kind === t.kind && o.name === t.name) : undefined) ??
    ws.find((o) => o.kind === t.kind && o.docIndex === t.docIndex && o.listIndex === t.listIndex)
  );
}

/** The workload whose span contains offset. */
export function workloadAt(m: ParsedManifest, offset: number): WorkloadObject | undefined {
  return workloads(m).find((o) => o.span[0] <= offset && offset <= o.span[1]);
}

/**
 * `Preview rollout · 6 steps · ~45 s` for the default scenario, `Preview rollout (fail) · …` for the
 * one the panel shows for this object (or a short reason when the simulator refuses).
 */
export function codeLensTitle(o: WorkloadObject, context: WorkspaceContext, w: WhatIf = DEFAULT_WHAT_IF): string {
  const r = previewPlan(o, context, w);
  const title = w.scenario === DEFAULT_SCENARIO ? 'Preview rollout' : `Preview rollout (${w.scenario})`;
  return r.plan ? `${title} · ${lensText(r.plan)}` : title;
}

function str(v: unknown): string | undefined {
  return typeof v === 'number' || typeof v === 'string' ? String(v) : undefined;
}

/** The manifest's values of the what-if fields, and the values the simulation assumes for the others. */
export function manifestValues(o: WorkloadObject): ManifestValues {
  const out: ManifestValues = {};
  const timing = resolveTiming(o.value.spec?.template);
  for (const f of WHAT_IF_FIELD_ROWS) {
    if (!f.kinds.includes(o.kind)) continue;
    const input = f.input;
    const path = f.paths?.[o.kind];
    let v: unknown;
    if (path) v = path.reduce<unknown>((at, k) => (at as Record<string, unknown> | undefined)?.[k], o.value);
    else if ('timing' in input) v = timing[input.timing];
    else if ('overrides' in input && input.overrides === 'nodes') v = DEFAULT_NODES;
    const s = str(v);
    if (s !== undefined) out[f.field] = s;
  }
  return out;
}

/** The what-if fields that apply to the workload (its controls). */
export function fieldsOf(o: WorkloadObject): WhatIfField[] {
  const facts = manifestFacts(o);
  return WHAT_IF_FIELD_ROWS.filter((f) => fieldApplies(f.field, facts)).map((f) => f.field);
}

export interface PreviewInput {
  /** The file, parsed (the server's workspace index keeps it current). */
  manifest: ParsedManifest;
  target: TargetRef;
  whatIf: WhatIf;
  /** The workload's workspace context (Services of its namespace, …). */
  context: WorkspaceContext;
  /** The baseline of the file, parsed; undefined = no baseline known (nothing changed). */
  baseline?: ParsedManifest;
  findings?: readonly { code: string; message: string; line: number; offset: number }[];
  /** Where the object's findings are (offsets of `findings`); default its span (a rendered object: its source's). */
  findingsSpan?: Span;
}

export interface PreviewResult {
  object?: WorkloadObject;
  /** The simulator's plan behind the payload (absent when it refused the input). */
  plan?: Plan;
  payload: RenderPayload | { type: 'empty'; message: string };
}

/** "Will this change roll out?", or why it cannot be told: a failure there never costs the plan. */
function classifyOrExplain(object: WorkloadObject, baselineValue: unknown): ChangeReport {
  try {
    return classifyChange(object.kind, baselineValue, object.value);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      kind: 'none',
      headline: `Rollout Lens could not compare this ${object.kind} with its baseline (${why}).`,
      templatePaths: [],
      otherPaths: [],
      configRefs: [],
    };
  }
}

export function computePreview(input: PreviewInput): PreviewResult {
  const { manifest, baseline } = input;
  const object = resolveTarget(manifest, input.target);
  if (!object) {
    return {
      payload: { type: 'empty', message: `${input.target.kind} ${input.target.name ?? ''} is no longer in this file.` },
    };
  }
  const r = previewModel(object, input.context, input.whatIf);
  let baselineValue: unknown;
  if (baseline) {
    const bo = resolveTarget(baseline, {
      kind: object.kind,
      docIndex: object.docIndex,
      ...(object.name !== undefined ? { name: object.name } : {}),
    });
    baselineValue = bo?.value;
  } else baselineValue = object.value;
  const change = classifyOrExplain(object, baselineValue);
  const within = input.findingsSpan ?? object.span;
  const findings: RolloutFinding[] = (input.findings ?? [])
    .filter((f) => f.offset >= within[0] && f.offset <= within[1])
    .map((f) => ({
      code: f.code,
      message: f.message,
      line: f.line,
      ...(FINDING_SCENARIOS[f.code] ? { scenario: FINDING_SCENARIOS[f.code] } : {}),
    }));
  return {
    object,
    ...(r.plan ? { plan: r.plan } : {}),
    payload: {
      type: 'render',
      target: targetOf(object),
      model: r.model,
      ...(r.error ? { error: r.error } : {}),
      whatIf: input.whatIf,
      whatIfErrors: r.settings.errors,
      whatIfFieldErrors: r.settings.fieldErrors,
      scenarioParams: r.settings.effective,
      manifest: manifestValues(object),
      fields: fieldsOf(object),
      change,
      findings,
    },
  };
}
