/**
 * One preview computation, from document text to the panel's render message: find the workload,
 * simulate it with the what-if settings, build the view model, classify the change against the
 * baseline. Used by the extension (panel, CodeLens) and by bench/; pure (no vscode, no DOM, no Node).
 */
import { isService, isWorkload, parseManifest } from '../manifest';
import type { K8sObject, ParsedManifest, WorkloadObject } from '../manifest';
import { simulate } from '../sim';
import type { Plan, Workload } from '../sim/types';
import type { ManifestValues, RolloutFinding, TargetRef, ToWebview } from './webviewMessages';
import { classifyChange, type ChangeReport } from './changeClassifier';
import { buildViewModel, lensText } from './viewModel';
import { toSimulation, type ManifestFacts, type SimulationSettings, type WhatIf } from './whatIf';
import type { Service } from 'kubernetes-types/core/v1';

export type RenderPayload = Omit<Extract<ToWebview, { type: 'render' }>, 'renderId' | 'uri' | 'file' | 'baseline'>;

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

export function servicesFor(m: ParsedManifest, namespace: string): Service[] {
  return m.objects.filter((o: K8sObject) => isService(o) && o.namespace === namespace).map((o) => o.value as Service);
}

function manifestFacts(o: WorkloadObject): ManifestFacts {
  const spec = (o.value as { spec?: { replicas?: unknown; ordinals?: { start?: unknown } } }).spec;
  const r = spec?.replicas;
  const start = spec?.ordinals?.start;
  return {
    replicas: typeof r === 'number' ? r : 1,
    ...(o.kind === 'StatefulSet' && typeof start === 'number' ? { startOrdinal: start } : {}),
  };
}

/** The simulator's input for a workload object. */
export function workloadInput(o: WorkloadObject): Workload {
  switch (o.kind) {
    case 'Deployment':
      return { kind: 'Deployment', value: o.value, namespace: o.namespace };
    case 'StatefulSet':
      return { kind: 'StatefulSet', value: o.value, namespace: o.namespace };
    default:
      return { kind: 'DaemonSet', value: o.value, namespace: o.namespace };
  }
}

export interface RunResult {
  plan?: Plan;
  error?: string;
  whatIfErrors: string[];
  settings: SimulationSettings;
}

export function runPlan(m: ParsedManifest, o: WorkloadObject, w: WhatIf): RunResult {
  const settings = toSimulation(w, manifestFacts(o));
  try {
    const plan = simulate({
      workload: workloadInput(o),
      scenario: settings.scenario,
      overrides: settings.overrides,
      services: servicesFor(m, o.namespace),
    });
    return { plan, whatIfErrors: settings.errors, settings };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e), whatIfErrors: settings.errors, settings };
  }
}

/**
 * `Preview rollout · 6 steps · ~45 s` for the default scenario, `Preview rollout (fail) · …` for the
 * one the panel shows for this object (or a short reason when the simulator refuses).
 */
export function codeLensTitle(m: ParsedManifest, o: WorkloadObject, w: WhatIf = { scenario: 'update' }): string {
  const r = runPlan(m, o, w);
  const title = w.scenario === 'update' ? 'Preview rollout' : `Preview rollout (${w.scenario})`;
  return r.plan ? `${title} · ${lensText(r.plan)}` : title;
}

function str(v: unknown): string | undefined {
  return typeof v === 'number' || typeof v === 'string' ? String(v) : undefined;
}

export function manifestValues(o: WorkloadObject): ManifestValues {
  const spec = ((o.value as { spec?: unknown }).spec ?? {}) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const ru = (o.kind === 'Deployment' ? spec.strategy?.rollingUpdate : spec.updateStrategy?.rollingUpdate) ?? {};
  const out: ManifestValues = {};
  const set = (k: keyof ManifestValues, v: unknown): void => {
    const s = str(v);
    if (s !== undefined) out[k] = s;
  };
  set('replicas', spec.replicas);
  set('minReadySeconds', spec.minReadySeconds);
  set('maxUnavailable', ru.maxUnavailable);
  if (o.kind === 'Deployment') set('maxSurge', ru.maxSurge);
  else {
    set('partition', ru.partition);
    set('podManagementPolicy', spec.podManagementPolicy);
  }
  return out;
}

export interface PreviewInput {
  text: string;
  /** Reused for incremental parsing (pass the previous parse of the same document). */
  previous?: ParsedManifest;
  target: TargetRef;
  whatIf: WhatIf;
  /** Baseline text of the file; undefined = no baseline known. */
  baselineText?: string;
  /** The previous parse of the baseline (it rarely changes: re-renders then parse nothing). */
  previousBaseline?: ParsedManifest;
  findings?: readonly { code: string; message: string; line: number; offset: number }[];
}

export interface PreviewResult {
  manifest: ParsedManifest;
  /** The baseline's parse, to pass back as `previousBaseline`. */
  baseline?: ParsedManifest;
  object?: WorkloadObject;
  payload: RenderPayload | { type: 'empty'; message: string };
}

export function computePreview(input: PreviewInput): PreviewResult {
  const manifest = parseManifest(input.text, input.previous);
  const baseline =
    input.baselineText === undefined ? undefined : parseManifest(input.baselineText, input.previousBaseline);
  const object = resolveTarget(manifest, input.target);
  if (!object) {
    return {
      manifest,
      ...(baseline ? { baseline } : {}),
      payload: { type: 'empty', message: `${input.target.kind} ${input.target.name ?? ''} is no longer in this file.` },
    };
  }
  const r = runPlan(manifest, object, input.whatIf);
  let baselineValue: unknown;
  if (baseline) {
    const bo = resolveTarget(baseline, {
      kind: object.kind,
      docIndex: object.docIndex,
      ...(object.name !== undefined ? { name: object.name } : {}),
    });
    baselineValue = bo?.value;
  } else baselineValue = object.value;
  const change: ChangeReport = classifyChange(object.kind, baselineValue, object.value);
  const findings: RolloutFinding[] = (input.findings ?? [])
    .filter((f) => f.offset >= object.span[0] && f.offset <= object.span[1])
    .map((f) => ({
      code: f.code,
      message: f.message,
      line: f.line,
      ...(FINDING_SCENARIOS[f.code] ? { scenario: FINDING_SCENARIOS[f.code] } : {}),
    }));
  return {
    manifest,
    ...(baseline ? { baseline } : {}),
    object,
    payload: {
      type: 'render',
      target: targetOf(object),
      model: r.plan ? buildViewModel(r.plan) : null,
      ...(r.error ? { error: r.error } : {}),
      whatIf: input.whatIf,
      whatIfErrors: r.whatIfErrors,
      whatIfFieldErrors: r.settings.fieldErrors,
      scenarioParams: r.settings.effective,
      manifest: manifestValues(object),
      change,
      findings,
    },
  };
}
