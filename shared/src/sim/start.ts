/**
 * What-if inputs about the cluster rather than the manifest, shared by the controller simulators:
 *
 * - the starting state (`StartingState`): a rollout of the file's template already half-way, old pods that are not
 *   Ready, more than one old ReplicaSet — instead of "every pod Ready at the previous revision";
 * - a HorizontalPodAutoscaler that owns `spec.replicas` (`Autoscaler`): the HPA keeps the replica count within
 *   [minReplicas, maxReplicas] (`pkg/controller/podautoscaler/horizontal.go` `normalizeDesiredReplicas`), so a
 *   preview starts from minReplicas, and the manifest's `spec.replicas` only matters for the instant between
 *   `kubectl apply` and the HPA's next sync, which sets the scale subresource back.
 */
import { SimulationError, type Autoscaler, type PlanInputs, type Scenario, type StartingState } from './types';

/** The starting state with every field filled in (zeros = the default healthy start). */
export type Start = Required<StartingState>;

export const HEALTHY_START: Start = { updatedPods: 0, unreadyOldPods: 0, olderReplicaSets: 0 };

/** Whether the scenario rolls out the file's template from the previous revision (where a starting state applies). */
export function rollsOutFileTemplate(scenario: Scenario): boolean {
  switch (scenario.name) {
    case 'update':
    case 'fail':
    case 'fail-after':
    case 'pause':
      return true;
    case 'scale':
      return scenario.atSecond !== undefined;
    case 'rollback':
      return scenario.afterSeconds !== undefined;
    case 'node-added':
    case 'node-removed':
      return scenario.atSecond !== undefined;
    default:
      return false;
  }
}

const isWhole = (n: number): boolean => Number.isInteger(n) && n >= 0;

/**
 * The starting state, checked against the scenario and the number of pods (`pods`: replicas, or nodes for a
 * DaemonSet). Throws a SimulationError for a state the scenario cannot start from.
 */
export function resolveStart(
  start: StartingState | undefined,
  scenario: Scenario,
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet',
  pods: number,
): Start {
  const s: Start = { ...HEALTHY_START, ...stripUndefined(start ?? {}) };
  if (s.updatedPods === 0 && s.unreadyOldPods === 0 && s.olderReplicaSets === 0) return s;
  for (const [k, v] of Object.entries(s)) {
    if (!isWhole(v)) throw new SimulationError(`starting state: ${k} must be a whole number ≥ 0 (got ${v})`);
  }
  if (!rollsOutFileTemplate(scenario)) {
    throw new SimulationError(
      `starting state: the ${scenario.name} scenario${scenarioDetail(scenario)} does not roll out the file's template; ` +
        'a starting state applies to update, fail, fail-after, pause, scale during an update and rollback during an update',
    );
  }
  const unit = kind === 'DaemonSet' ? 'nodes' : 'replicas';
  if (s.updatedPods > pods) {
    throw new SimulationError(`starting state: ${s.updatedPods} updated pods but only ${pods} ${unit}`);
  }
  const old = pods - s.updatedPods;
  if (s.unreadyOldPods > old) {
    throw new SimulationError(`starting state: ${s.unreadyOldPods} unready old pods but only ${old} old pods`);
  }
  if (s.olderReplicaSets > 0) {
    if (kind !== 'Deployment') {
      throw new SimulationError('starting state: older ReplicaSets exist only for Deployments');
    }
    if (old < s.olderReplicaSets + 1) {
      throw new SimulationError(
        `starting state: ${s.olderReplicaSets + 1} old ReplicaSets need at least one pod each, but there are ${old} old pods`,
      );
    }
  }
  return s;
}

function scenarioDetail(scenario: Scenario): string {
  if (scenario.name === 'scale' || scenario.name === 'node-added' || scenario.name === 'node-removed')
    return ' without an "at" second';
  if (scenario.name === 'rollback') return ' without an "after" second';
  return '';
}

function stripUndefined(o: StartingState): StartingState {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as StartingState;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** The sentence of the plan's notes that states a non-default starting state (undefined for the default). */
export function startNote(s: Start, kind: 'Deployment' | 'StatefulSet' | 'DaemonSet'): string | undefined {
  const parts: string[] = [];
  if (s.updatedPods > 0) {
    const where =
      kind === 'StatefulSet' ? ' (the highest ordinals)' : kind === 'DaemonSet' ? ' (on the first nodes)' : '';
    parts.push(
      `the rollout of the file's template is half-way: ${plural(s.updatedPods, 'pod is', 'pods are')} already at the new revision${where} and Ready (no kubectl apply at 0s)`,
    );
  }
  if (s.unreadyOldPods > 0) {
    const which =
      kind === 'Deployment' ? '' : kind === 'StatefulSet' ? ' (the lowest ordinals)' : ' (the first old ones)';
    parts.push(
      `${plural(s.unreadyOldPods, 'old pod is', 'old pods are')} not Ready${which} and ${s.unreadyOldPods === 1 ? 'stays' : 'stay'} so`,
    );
  }
  if (s.olderReplicaSets > 0) {
    parts.push(
      `${plural(s.olderReplicaSets, 'ReplicaSet older than the previous one still has', 'ReplicaSets older than the previous one still have')} pods (an earlier rollout that did not finish)`,
    );
  }
  if (parts.length === 0) return undefined;
  return `Starting state (what-if): ${parts.join('; ')}.`;
}

/** The plan fields that echo the cluster what-ifs (`PlanInputs`): only those that were given. */
export function planInputs(s: Start, autoscaler: Autoscaler | undefined): PlanInputs {
  const custom = s.updatedPods > 0 || s.unreadyOldPods > 0 || s.olderReplicaSets > 0;
  return { ...(custom ? { start: s } : {}), ...(autoscaler ? { autoscaler } : {}) };
}

/** Old pods per old ReplicaSet, oldest first: the older ones one share each, the previous one the rest. */
export function oldReplicaSetSizes(old: number, olderReplicaSets: number): number[] {
  const share = olderReplicaSets === 0 ? 0 : Math.max(1, Math.floor(old / (olderReplicaSets + 1)));
  const older = Array.from({ length: olderReplicaSets }, () => share);
  return [...older, old - share * olderReplicaSets];
}

/** Replicas under an HPA: the override kept within [min, max] (what the HPA enforces), else minReplicas. */
export function autoscaledReplicas(
  a: Autoscaler,
  override: number | undefined,
): { replicas: number; explanation: string } {
  const range = `[${a.minReplicas}, ${a.maxReplicas}]`;
  if (override === undefined) {
    return {
      replicas: a.minReplicas,
      explanation: `replicas ${a.minReplicas}: HorizontalPodAutoscaler ${a.name} minReplicas (it keeps replicas in ${range})`,
    };
  }
  const replicas = Math.min(Math.max(override, a.minReplicas), Math.max(a.minReplicas, a.maxReplicas));
  return {
    replicas,
    explanation:
      replicas === override
        ? `replicas ${replicas} (what-if, within HorizontalPodAutoscaler ${a.name}'s ${range})`
        : `replicas ${override} (what-if) is outside HorizontalPodAutoscaler ${a.name}'s ${range}: the HPA scales to ${replicas}`,
  };
}

/** The notes a plan starts with when the cluster what-ifs were used: the starting state, the HPA. */
export function clusterNotes(
  s: Start,
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet',
  autoscaler: Autoscaler | undefined,
  replicas: number,
  manifestReplicas: number | undefined,
): string[] {
  const started = startNote(s, kind);
  return [
    ...(started ? [started] : []),
    ...(autoscaler ? [autoscalerNote(autoscaler, replicas, manifestReplicas)] : []),
  ];
}

/** The note of a plan whose replicas an HPA manages. */
export function autoscalerNote(a: Autoscaler, replicas: number, manifestReplicas: number | undefined): string {
  const written =
    manifestReplicas === undefined
      ? 'The manifest has no spec.replicas, as it should under an HPA.'
      : `spec.replicas (${manifestReplicas}) in the manifest is overwritten by the HPA: kubectl apply sets it, then the HPA scales back within its next sync; remove spec.replicas from the manifest so an apply does not resize the workload.`;
  return `Replicas are managed by HorizontalPodAutoscaler ${a.name} (minReplicas ${a.minReplicas}, maxReplicas ${a.maxReplicas}): the preview runs ${replicas === 1 ? '1 replica' : `${replicas} replicas`} (minReplicas unless the what-if sets a count in that range). ${written}`;
}
