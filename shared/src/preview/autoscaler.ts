/**
 * The HorizontalPodAutoscaler that manages a workload's replicas, as the simulator's `Autoscaler` input: the one
 * place the CLI preview and the panel pipeline turn the manifest model's HPA (`manifest.ts` `autoscalerSpec`,
 * `autoscalerTargets`) into what the simulation starts from.
 *
 * Pure: no vscode, no DOM, no Node.
 */
import { autoscalerSpec, autoscalerTargets, type K8sObject, type WorkloadObject } from '../manifest';
import type { Autoscaler } from '../sim/types';

/**
 * The first HPA among `objects` that scales `workload` (same namespace, `scaleTargetRef` kind and name) with a usable
 * range, or undefined. DaemonSets have no scale subresource: never autoscaled. A `maxReplicas` below `minReplicas`
 * (the API server rejects it) is read as `minReplicas`.
 */
export function autoscalerFor(objects: readonly K8sObject[], workload: WorkloadObject): Autoscaler | undefined {
  if (workload.kind === 'DaemonSet') return undefined;
  for (const o of objects) {
    const spec = autoscalerSpec(o);
    if (!spec || !autoscalerTargets(o, workload)) continue;
    const min = Math.max(0, spec.minReplicas);
    return {
      name: o.name ?? 'autoscaler',
      minReplicas: min,
      maxReplicas: Math.max(min, spec.maxReplicas ?? min),
    };
  }
  return undefined;
}
