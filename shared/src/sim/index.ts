/**
 * Rollout simulator — public API (pure: no I/O, no clock, randomness only from `seed`).
 *
 * ```ts
 * import { simulate, planToJson } from '../shared/src/sim';
 * const plan = simulate({
 *   workload: { kind: 'Deployment', value: deployment, namespace: 'default' },   // kubernetes-types values
 *   scenario: { name: 'fail-after', seconds: 10 },                                // default { name: 'update' }
 *   overrides: { replicas: 10, minReadySeconds: 30 },                             // optional
 *   timing: { podStartSeconds: 5 },                                               // optional, see timing.ts
 *   clusterDomain: 'cluster.local', services: [headlessService], seed: 1,         // optional
 * });
 * JSON.stringify(planToJson(plan));   // the `rollout-lens preview --format json` contract
 * ```
 *
 * `simulate(input): Plan` — `Plan` is `DeploymentPlan | StatefulSetPlan | DaemonSetPlan` (discriminated by `kind`):
 * - `resolved`: defaulted and resolved numbers, each with an `explanations` sentence for UI.
 * - `steps`: one entry per controller action in controller order. Deployment: `ScalingReplicaSet`
 *   events (`message` worded like the Kubernetes event) with pod counts after the action
 *   (`pods.old/new/available/total/terminating`) — ready for a chart — plus `Unhealthy` entries when pods
 *   turn NotReady (fail-after: `N new pods fail their readiness probe: available A → B`, size unchanged).
 *   StatefulSet: pod create/delete/update with `ready`/`total`/`terminating` counts after the step
 *   (`total` excludes terminating pods, like the Deployment's `pods.total`).
 * - `timeline`: user actions (kubectl apply/scale/pause/undo), condition changes (Progressing and
 *   Available), pod failures (`pods`), node events.
 * - `outcome`: `complete`, `durationSeconds` (time of the last controller action, pod failure or condition change),
 *   `condition` (Deployment: final Progressing reason;
 *   StatefulSet: Complete/Partitioned/Stalled/WaitingForPodDeletion).
 * - `notes`: caveats to show to the user (simulated hashes, feature gates, missing Service, …).
 * Throws `SimulationError` for inputs it cannot simulate (bad IntOrString, scenario not applicable).
 *
 * Scenarios (`Scenario` in types.ts): create, update, scale {replicas, atSecond?}, fail, fail-after {seconds},
 * pause {afterNewPods, resumeAfterSeconds?} (Deployment), rollback {afterSeconds?}, node-failure
 * {ordinal, forceDeleteAfterSeconds?} (StatefulSet). Scenarios other than `create` start from a healthy,
 * simulated previous revision, unless `start` (what-if, start.ts) says the rollout is half-way, old pods are not
 * Ready or older ReplicaSets still have pods. `autoscaler`: the HPA that owns the replicas (start from minReplicas).
 *
 * Helpers for UI: `resolveDeployment`, `resolveStatefulSet`, `resolveIntOrPercent` (value + explanation,
 * e.g. `maxSurge 25% of 10 → 3, rounded up`), `resolveTiming` (the pod timing model, documented in timing.ts),
 * and the naming functions (`podFqdn`, `persistentVolumeClaimName`, `generateReplicaSetName`, …).
 * Source of truth for every rule: shared/reference/kubernetes-controllers.md (sections cited in the code).
 */
import { simulateDeployment } from './deployment/simulate';
import { simulateStatefulSet } from './statefulset/simulate';
import {
  SimulationError,
  type DaemonSetPlan,
  type DaemonSetStep,
  type DeploymentPlan,
  type Plan,
  type PlanInputs,
  type PodCounts,
  type SimulationInput,
  type StatefulSetPlan,
  type TimelineEvent,
} from './types';

export * from './types';
export {
  resolveIntOrPercent,
  getScaledValueFromIntOrPercent,
  IntOrStringError,
  type IntOrString,
  type Resolved,
} from './intstr';
export {
  resolveTiming,
  secondsToGone,
  secondsToReady,
  secondsToRunning,
  startupProbeLimitSeconds,
  timingNotes,
  nodeMonitorGracePeriodSeconds,
  ASSUMED_PRESTOP_HOOK_SECONDS,
  DEFAULT_CONTAINER_START_SECONDS,
  DEFAULT_IMAGE_PULL_SECONDS,
  DEFAULT_SHUTDOWN_SECONDS,
  type TimingModel,
  type ReadinessTiming,
  type StartupTiming,
} from './timing';
export { resolveDeployment } from './deployment/simulate';
export { resolveStatefulSet } from './statefulset/simulate';
import { simulateDaemonSet } from './daemonset/simulate';
export { resolveDaemonSet, simulateDaemonSet, DEFAULT_NODES, MAX_NODES } from './daemonset/simulate';
export {
  HASH_DISCLAIMER,
  computePodTemplateHash,
  controllerRevisionName,
  examplePodNames,
  generateReplicaSetName,
  persistentVolumeClaimName,
  podFqdn,
  srvName,
  statefulPodName,
} from './naming';

export function simulate(input: SimulationInput): Plan {
  const w = input.workload;
  const scenario = input.scenario?.name;
  if ((scenario === 'node-added' || scenario === 'node-removed') && w.kind !== 'DaemonSet') {
    throw new SimulationError(`the ${scenario} scenario applies to DaemonSets only`);
  }
  if (input.autoscaler && w.kind === 'DaemonSet') {
    throw new SimulationError('a HorizontalPodAutoscaler cannot scale a DaemonSet: it runs one pod per matching node');
  }
  if (w.kind === 'Deployment') return simulateDeployment({ ...input, workload: w });
  if (w.kind === 'StatefulSet') return simulateStatefulSet({ ...input, workload: w });
  return simulateDaemonSet({ ...input, workload: w });
}

/** What every plan's JSON carries besides its kind-specific fields (schemas/preview-plan.schema.json). */
interface PlanJsonCommon extends PlanInputs {
  scenario: Plan['scenario'];
  /** User actions, condition changes, pod failures, node events, FailedCreate and rejections. */
  timeline: TimelineEvent[];
  /** Caveats: simulated hashes and name suffixes, every assumed duration, feature gates, DNS. */
  notes: string[];
  outcome: { complete: boolean; durationSeconds: number; condition: string | null; message: string };
}

/** The JSON shape of a Deployment plan in the CLI contract. */
export interface DeploymentPlanJson extends PlanJsonCommon {
  kind: 'Deployment';
  name: string;
  namespace: string;
  resolved: Pick<
    DeploymentPlan['resolved'],
    | 'replicas'
    | 'strategy'
    | 'maxSurge'
    | 'maxUnavailable'
    | 'minReadySeconds'
    | 'progressDeadlineSeconds'
    | 'revisionHistoryLimit'
    | 'explanations'
  >;
  /** `exists: false` = deleted by the revisionHistoryLimit cleanup by the end of the plan. */
  replicaSets: { role: 'old' | 'new'; name: string; revision: number; exists: boolean; examplePodNames: string[] }[];
  steps: {
    t: number;
    reason: string;
    message: string;
    replicaSet: 'old' | 'new';
    from: number;
    to: number;
    pods: PodCounts;
  }[];
  /** Pod counts before the first action and whenever they change (pods becoming available between actions). */
  samples: { t: number; pods: PodCounts }[];
}

/** The JSON shape of a StatefulSet plan in the CLI contract. */
export interface StatefulSetPlanJson extends PlanJsonCommon {
  kind: 'StatefulSet';
  name: string;
  namespace: string;
  serviceName: string;
  resolved: Omit<StatefulSetPlan['resolved'], never> & { currentRevision: string; updateRevision: string };
  pods: { ordinal: number; name: string; hostname: string; fqdn: string; pvcs: string[]; revision: string }[];
  srv: StatefulSetPlan['srv'];
  /** Per step: pods by revision (`updated` at the update revision, `total − updated` older) and state. */
  steps: {
    t: number;
    action: 'create' | 'delete' | 'update';
    pod: string;
    revision: string;
    ready: number;
    total: number;
    terminating: number;
    updated: number;
  }[];
  retainedPvcs: string[];
  /** Live pods by revision and Ready pods (`available`) whenever they change. */
  samples: { t: number; pods: PodCounts }[];
}

/** The JSON shape of a DaemonSet plan in the CLI contract. */
export interface DaemonSetPlanJson extends PlanJsonCommon {
  kind: 'DaemonSet';
  name: string;
  namespace: string;
  resolved: Pick<
    DaemonSetPlan['resolved'],
    | 'nodes'
    | 'updateStrategy'
    | 'maxSurge'
    | 'maxUnavailable'
    | 'minReadySeconds'
    | 'revisionHistoryLimit'
    | 'placement'
  >;
  updateRevision: string;
  revisions: DaemonSetPlan['revisions'];
  /** Nodes at the end with their live pods (example pod names: suffixes from the seed). */
  nodes: DaemonSetPlan['nodes'];
  /** Per step: pods by revision and state, nodes without an available pod, nodes running two pods. */
  steps: DaemonSetStep[];
  /** Pod counts whenever they change (availability changes between controller actions too). */
  samples: DaemonSetPlan['samples'];
}

const podCountsJson = (p: PodCounts): PodCounts => ({
  old: p.old,
  new: p.new,
  available: p.available,
  total: p.total,
  terminating: p.terminating,
});
const commonJson = (p: Plan): PlanJsonCommon => ({
  scenario: p.scenario,
  ...(p.start ? { start: p.start } : {}),
  ...(p.autoscaler ? { autoscaler: p.autoscaler } : {}),
  timeline: p.timeline,
  notes: p.notes,
  outcome: {
    complete: p.outcome.complete,
    durationSeconds: p.outcome.durationSeconds,
    condition: p.outcome.condition,
    message: p.outcome.message,
  },
});

/** Projects a plan onto the `rollout-lens preview --format json` contract. */
export function planToJson(plan: DaemonSetPlan): DaemonSetPlanJson;
export function planToJson(plan: Plan): DeploymentPlanJson | StatefulSetPlanJson | DaemonSetPlanJson;
export function planToJson(plan: Plan): DeploymentPlanJson | StatefulSetPlanJson | DaemonSetPlanJson {
  if (plan.kind === 'DaemonSet') {
    const { nodes, updateStrategy, maxSurge, maxUnavailable, minReadySeconds, revisionHistoryLimit, placement } =
      plan.resolved;
    return {
      kind: 'DaemonSet',
      name: plan.name,
      namespace: plan.namespace,
      resolved: { nodes, updateStrategy, maxSurge, maxUnavailable, minReadySeconds, revisionHistoryLimit, placement },
      updateRevision: plan.updateRevision,
      revisions: plan.revisions,
      nodes: plan.nodes,
      steps: plan.steps.map(({ t, action, node, pod, revision, why, pods, unavailableNodes, surgeNodes }) => ({
        t,
        action,
        node,
        pod,
        revision,
        why,
        pods: podCountsJson(pods),
        unavailableNodes,
        surgeNodes,
      })),
      samples: plan.samples.map((x) => ({ t: x.t, pods: podCountsJson(x.pods) })),
      ...commonJson(plan),
    };
  }
  if (plan.kind === 'Deployment') {
    const {
      replicas,
      strategy,
      maxSurge,
      maxUnavailable,
      minReadySeconds,
      progressDeadlineSeconds,
      revisionHistoryLimit,
      explanations,
    } = plan.resolved;
    return {
      kind: 'Deployment',
      name: plan.name,
      namespace: plan.namespace,
      resolved: {
        replicas,
        strategy,
        maxSurge,
        maxUnavailable,
        minReadySeconds,
        progressDeadlineSeconds,
        revisionHistoryLimit,
        explanations,
      },
      replicaSets: plan.replicaSets.map(({ role, name, revision, exists, examplePodNames }) => ({
        role,
        name,
        revision,
        exists,
        examplePodNames,
      })),
      steps: plan.steps.map((s) => ({
        t: s.t,
        reason: s.reason,
        message: s.message,
        replicaSet: s.replicaSet,
        from: s.from,
        to: s.to,
        pods: podCountsJson(s.pods),
      })),
      samples: (plan.samples ?? []).map((x) => ({ t: x.t, pods: podCountsJson(x.pods) })),
      ...commonJson(plan),
    };
  }
  return {
    kind: 'StatefulSet',
    name: plan.name,
    namespace: plan.namespace,
    serviceName: plan.serviceName,
    resolved: { ...plan.resolved, currentRevision: plan.currentRevision, updateRevision: plan.updateRevision },
    pods: plan.pods.map(({ ordinal, name, hostname, fqdn, pvcs, revision }) => ({
      ordinal,
      name,
      hostname,
      fqdn,
      pvcs,
      revision,
    })),
    srv: plan.srv,
    steps: plan.steps.map(({ t, action, pod, revision, ready, total, terminating, updated }) => ({
      t,
      action,
      pod,
      revision,
      ready,
      total,
      terminating: terminating ?? 0,
      updated: updated ?? 0,
    })),
    retainedPvcs: plan.retainedPvcs,
    samples: (plan.samples ?? []).map((x) => ({ t: x.t, pods: podCountsJson(x.pods) })),
    ...commonJson(plan),
  };
}
