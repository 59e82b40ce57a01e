/**
 * The one preview pipeline: (a workload, its workspace context, a what-if) → the simulator's plan and
 * the panel's view model. Everything that previews calls it: `rollout-lens preview` (the CLI builds the
 * what-if from its flags and only formats the plan), the language server's `rolloutLens/preview` request
 * (the panel only renders its view model; the CodeLens shows its estimate) and bench/.
 *
 * Pure: no vscode, no DOM, no Node.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { WorkloadKind, WorkloadObject } from '../manifest';
import { simulate } from '../sim';
import { resolveTiming } from '../sim/timing';
import { SimulationError, type Autoscaler, type Plan, type Workload } from '../sim/types';
import { buildViewModel, type PreviewModel } from './viewModel';
import { toSimulation, type ManifestFacts, type SimulationSettings, type WhatIf } from './whatIf';

/**
 * What the rest of the workspace contributes to a workload's preview. Built in one place for the CLI
 * and the server (`server/src/previewContext.ts`) from a workspace index. PodDisruptionBudgets and rendered
 * overlays join here as the simulator models them.
 */
export interface WorkspaceContext {
  /** Services of the workload's namespace (the StatefulSet's governing Service: DNS names, SRV records). */
  readonly services: readonly Service[];
  /** The HorizontalPodAutoscaler that owns the workload's replicas (`autoscaler.ts` `autoscalerFor`). */
  readonly autoscaler?: Autoscaler;
  /**
   * The selected Kubernetes version (`rolloutLens.kubernetesVersion`, `.rollout-lens.yaml`, CLI
   * `--kubernetes-version`): version-dependent controller behaviour such as node-monitor-grace-period
   * (40 s before 1.32, 50 s from 1.32). Absent: the newest supported version, as the linter's default.
   */
  readonly kubernetesVersion?: string;
}

export const NO_CONTEXT: WorkspaceContext = { services: [] };

export interface PipelineResult {
  /** Absent when the simulator refused the input (`error` says why). */
  readonly plan?: Plan;
  /** Why there is no plan: the simulator's refusal, or an internal failure (`internal`). */
  readonly error?: string;
  /** The error was not a SimulationError (a bug): the CLI rethrows it, the panel shows it. */
  readonly internal?: unknown;
  /** The what-if as simulator input, with its problems and the effective scenario parameters. */
  readonly settings: SimulationSettings;
}

/** What the manifest says that the what-if defaults depend on. */
export function manifestFacts(o: WorkloadObject): ManifestFacts & { kind: WorkloadKind } {
  const spec = (o.value as { spec?: { replicas?: unknown; ordinals?: { start?: unknown } } }).spec;
  const r = spec?.replicas;
  const start = spec?.ordinals?.start;
  return {
    kind: o.kind,
    replicas: typeof r === 'number' ? r : 1,
    ...(o.kind === 'StatefulSet' && typeof start === 'number' ? { startOrdinal: start } : {}),
    preStopAssumed: resolveTiming(o.value.spec?.template).preStopAssumed,
  };
}

/** The simulator's view of a workload object. */
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

/** The plan of a workload under a what-if, in its workspace context. Never throws. */
export function previewPlan(o: WorkloadObject, context: WorkspaceContext, whatIf: WhatIf): PipelineResult {
  const settings = toSimulation(whatIf, manifestFacts(o));
  try {
    const plan = simulate({
      workload: workloadInput(o),
      scenario: settings.scenario,
      overrides: settings.overrides,
      ...(Object.keys(settings.timing).length ? { timing: settings.timing } : {}),
      ...(Object.keys(settings.start).length ? { start: settings.start } : {}),
      services: [...context.services],
      ...(context.autoscaler ? { autoscaler: context.autoscaler } : {}),
      ...(context.kubernetesVersion ? { kubernetesVersion: context.kubernetesVersion } : {}),
    });
    return { plan, settings };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    return e instanceof SimulationError ? { error, settings } : { error, internal: e, settings };
  }
}

/** The plan and the panel's view model (null when the simulator refused the input). */
export function previewModel(
  o: WorkloadObject,
  context: WorkspaceContext,
  whatIf: WhatIf,
): PipelineResult & { readonly model: PreviewModel | null } {
  const r = previewPlan(o, context, whatIf);
  return { ...r, model: r.plan ? buildViewModel(r.plan) : null };
}
