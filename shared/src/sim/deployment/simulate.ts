/**
 * Deployment rollout simulation: the real controller code (`controller.ts`) driven by a discrete
 * event loop. At each instant the controller syncs until it writes nothing (every write triggers
 * another sync, §4.1); then the clock jumps to the next pod-state change, user action or deadline
 * re-check. The ReplicaSet controller reacts to every spec change instantly (no slow-start batches).
 */
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { IntOrStringError, resolveIntOrPercent } from '../intstr';
import { computePodTemplateHash, examplePodNames, generateReplicaSetName, HASH_DISCLAIMER } from '../naming';
import {
  resolveTiming,
  scenarioHealth,
  timingNotes,
  secondsToGone,
  secondsToReady,
  type PodHealth,
  type TimingModel,
} from '../timing';
import { previousTemplateOf, templateKey } from '../template';
import { deploymentRejection, rejectedPlanEnd } from '../validation';
import { autoscaledReplicas, clusterNotes, planInputs, oldReplicaSetSizes, resolveStart, type Start } from '../start';
import {
  SimulationError,
  type DeploymentPlan,
  type DeploymentStep,
  type Overrides,
  type PodCounts,
  type ReplicaSetSummary,
  type ResolvedDeployment,
  type Scenario,
  type SimulationInput,
  type TimelineEvent,
  type Autoscaler,
} from '../types';
import { syncDeployment, type ControllerEnv, type ControllerState } from './controller';
import {
  MAX_INT32,
  REVISION_ANNOTATION,
  emptyDeploymentStatus,
  type DeploymentModel,
  type ReplicaSetModel,
} from './model';
import { countCohorts, mergeSettled, nextCohortChange, pickVictims, type Cohort, type Terminating } from './pods';
import {
  calculateStatusCounts,
  condition,
  deploymentComplete,
  getCondition,
  hasProgressDeadline,
  maxSurge,
  revisionOf,
  setCondition,
  setReplicasAnnotations,
} from './util';

/** Stop simulating after a week of simulated time (a stalled rollout with no deadline). */
const HORIZON_SECONDS = 7 * 24 * 3600;
/** A controller that keeps writing at one instant is a simulator bug; fail loudly. */
const MAX_SYNCS_PER_INSTANT = 1000;
/** When the existing ReplicaSets were created, relative to the scenario start. */
const STEADY_STATE_AGE_SECONDS = 3600;
const EXAMPLE_POD_NAMES = 3;

// ---------------------------------------------------------------- resolution (§1, §4.3)

/** apps/v1 defaults plus overrides, resolved to numbers with explanations for UI. */
export function resolveDeployment(d: Deployment, o: Overrides = {}, autoscaler?: Autoscaler): ResolvedDeployment {
  const spec = d.spec;
  const scaled = autoscaler ? autoscaledReplicas(autoscaler, o.replicas) : undefined;
  const replicas = scaled?.replicas ?? o.replicas ?? spec?.replicas ?? 1;
  const strategy = spec?.strategy?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate';
  const minReadySeconds = o.minReadySeconds ?? spec?.minReadySeconds ?? 0;
  const pds = o.progressDeadlineSeconds ?? spec?.progressDeadlineSeconds ?? 600;
  const progressDeadlineSeconds = pds === MAX_INT32 ? null : pds;
  const revisionHistoryLimit = spec?.revisionHistoryLimit ?? 10;
  const explanations = [
    scaled?.explanation ??
      `replicas ${replicas}${o.replicas !== undefined ? ' (override)' : spec?.replicas === undefined ? ' (default)' : ''}`,
    `strategy ${strategy}${spec?.strategy?.type === undefined ? ' (default)' : ''}`,
  ];
  let surge = 0;
  let unavailable = 0;
  if (strategy === 'RollingUpdate') {
    const ru = spec?.strategy?.rollingUpdate;
    const rawSurge = o.maxSurge ?? ru?.maxSurge ?? '25%';
    const rawUnavailable = o.maxUnavailable ?? ru?.maxUnavailable ?? '25%';
    try {
      const s = resolveIntOrPercent('maxSurge', rawSurge, replicas, true);
      const u = resolveIntOrPercent('maxUnavailable', rawUnavailable, replicas, false);
      surge = s.value;
      unavailable = u.value;
      explanations.push(s.explanation, u.explanation);
    } catch (e) {
      throw e instanceof IntOrStringError ? new SimulationError(`invalid rollingUpdate value: ${e.message}`) : e;
    }
    if (surge === 0 && unavailable === 0) {
      unavailable = 1;
      explanations.push('maxSurge and maxUnavailable are both 0 → maxUnavailable 1');
    }
    if (unavailable > replicas) {
      unavailable = replicas;
      explanations.push(`maxUnavailable capped at replicas (${replicas})`);
    }
  } else {
    explanations.push('Recreate: every old pod is gone before the new ReplicaSet is scaled up');
  }
  explanations.push(
    `minReadySeconds ${minReadySeconds}: a pod is available ${minReadySeconds === 0 ? 'as soon as it is Ready' : `once Ready for more than ${minReadySeconds}s`}`,
    progressDeadlineSeconds === null
      ? 'no progress deadline'
      : `progressDeadlineSeconds ${progressDeadlineSeconds}: the rollout is reported as failed after ${progressDeadlineSeconds}s without progress`,
  );
  return {
    replicas,
    strategy,
    maxSurge: surge,
    maxUnavailable: unavailable,
    minReadySeconds,
    progressDeadlineSeconds,
    revisionHistoryLimit,
    explanations,
  };
}

// ---------------------------------------------------------------- world

interface World {
  t: number;
  state: ControllerState;
  cohorts: Map<string, readonly Cohort[]>;
  terminating: Terminating[];
  templates: Map<string, { template: PodTemplateSpec; health: PodHealth }>;
  everCreated: ReplicaSetModel[];
  timing: TimingModel;
  steps: DeploymentStep[];
  timeline: TimelineEvent[];
  lastChangeT: number;
  collisionCount: number;
  /** When the status last turned `DeploymentComplete` (all pods updated and available), if it did. */
  completedAt: number | undefined;
  wasComplete: boolean;
  /** Pods of the file's template that turned NotReady (fail-after scenario), in time order. */
  failures: { t: number; count: number; availableBefore: number; availableAfter: number }[];
  /** The controller's environment, built once (`env`). */
  env?: ControllerEnv;
  /** `kubectl rollout undo` found no history (rollback scenario). */
  rollbackFailed?: boolean;
  samples: { t: number; pods: PodCounts }[];
}

/** Records the pod counts when they differ from the last sample (the plan's `samples`). */
function sample(w: World): void {
  const pods = podCounts(w);
  const last = w.samples[w.samples.length - 1]?.pods;
  if (
    last &&
    last.old === pods.old &&
    last.new === pods.new &&
    last.available === pods.available &&
    last.terminating === pods.terminating
  )
    return;
  w.samples.push({ t: w.t, pods });
}

const NO_COHORTS: readonly Cohort[] = [];

function activeCount(w: World, rs: string): number {
  let n = 0;
  for (const c of w.cohorts.get(rs) ?? NO_COHORTS) n += c.count;
  return n;
}

/** Pod counts now; `view` can alter cohorts first (e.g. to count "just before" a failure). */
function podCounts(w: World, view?: (c: Cohort) => Cohort): PodCounts {
  const d = w.state.d;
  let old = 0;
  let fresh = 0;
  let available = 0;
  for (const rs of w.state.rsList) {
    const cohorts = w.cohorts.get(rs.name) ?? NO_COHORTS;
    const counts = countCohorts(view ? cohorts.map(view) : cohorts, w.t, rs.minReadySeconds);
    if (rs.templateKey === d.templateKey) fresh += counts.replicas;
    else old += counts.replicas;
    available += counts.available;
  }
  let terminating = 0;
  for (const x of w.terminating) terminating += x.count;
  return { old, new: fresh, available, total: old + fresh, terminating };
}

function newCohort(w: World, rs: ReplicaSetModel, count: number): Cohort {
  const health = w.templates.get(rs.templateKey)?.health ?? { kind: 'healthy' };
  const readyAt = health.kind === 'never-ready' ? Infinity : w.t + secondsToReady(w.timing);
  const failAt = health.kind === 'fail-after' ? readyAt + health.seconds : Infinity;
  return { rs: rs.name, count, createdAt: w.t, runningAt: w.t + w.timing.podStartSeconds, readyAt, failAt };
}

/** The ReplicaSet controller: create or delete pods until the active count matches the spec. */
function reconcilePods(w: World, rs: ReplicaSetModel): void {
  const diff = rs.specReplicas - activeCount(w, rs.name);
  const cohorts = w.cohorts.get(rs.name) ?? [];
  if (diff > 0) {
    w.cohorts.set(rs.name, [...cohorts, newCohort(w, rs, diff)]);
  } else if (diff < 0) {
    const { kept, removed } = pickVictims(cohorts, -diff, w.t);
    w.cohorts.set(rs.name, kept);
    w.terminating.push({ rs: rs.name, count: removed, goneAt: w.t + secondsToGone(w.timing) });
  }
}

function buildNewReplicaSet(w: World, d: DeploymentModel, rsList: ReplicaSetModel[]): ReplicaSetModel {
  const template = w.templates.get(d.templateKey)?.template ?? {};
  // A name already taken by another template is a hash collision: bump collisionCount and re-hash (§3.1).
  for (;;) {
    const hash = computePodTemplateHash(template, w.collisionCount || undefined);
    const name = generateReplicaSetName(d.name, hash);
    if (!rsList.some((rs) => rs.name === name)) {
      return {
        name,
        creationTimestamp: w.t,
        templateKey: d.templateKey,
        annotations: {},
        specReplicas: 0,
        minReadySeconds: d.minReadySeconds,
        statusReplicas: 0,
        readyReplicas: 0,
        availableReplicas: 0,
        generation: 1,
        observedGeneration: 1,
        deleted: false,
      };
    }
    w.collisionCount++;
  }
}

function env(w: World): ControllerEnv {
  return (w.env ??= {
    get now() {
      return w.t;
    },
    buildNewReplicaSet: (d, rsList) => {
      const rs = buildNewReplicaSet(w, d, rsList);
      w.everCreated.push(rs);
      return rs;
    },
    onScale: (rs, from, to) => {
      reconcilePods(w, rs);
      w.lastChangeT = w.t;
      w.steps.push({
        t: w.t,
        reason: 'ScalingReplicaSet',
        message: `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.name} from ${from} to ${to}`,
        replicaSet: rs.templateKey === w.state.d.templateKey ? 'new' : 'old',
        replicaSetName: rs.name,
        from,
        to,
        pods: podCounts(w),
      });
    },
    onDelete: (rs) => {
      w.cohorts.delete(rs.name);
      w.timeline.push({
        t: w.t,
        kind: 'condition',
        message: `Deleted old replica set ${rs.name} (revisionHistoryLimit ${w.state.d.revisionHistoryLimit})`,
      });
    },
    podPhases: () => {
      const phases = new Map<string, string[]>();
      for (const rs of w.state.rsList) if (activeCount(w, rs.name) > 0) phases.set(rs.name, ['Running']);
      for (const x of w.terminating) phases.set(x.rs, ['Running']);
      return phases;
    },
  });
}

/** RS status as the ReplicaSet controller last wrote it (recomputed before each sync). */
function refreshReplicaSetStatus(w: World): void {
  for (const rs of w.state.rsList) {
    const cohorts = w.cohorts.get(rs.name);
    const merged = mergeSettled(cohorts ?? NO_COHORTS, w.t, rs.minReadySeconds);
    if (cohorts !== undefined && merged !== cohorts) w.cohorts.set(rs.name, merged);
    const counts = countCohorts(merged, w.t, rs.minReadySeconds);
    rs.statusReplicas = counts.replicas;
    rs.readyReplicas = counts.ready;
    rs.availableReplicas = counts.available;
  }
}

/**
 * Pods whose readiness fails at this instant (fail-after scenario: crash loop `seconds` after Ready).
 * Not a controller action, but recorded as an `Unhealthy` step (named after the kubelet's pod event)
 * so charts see availability drop, plus a `pods` timeline event. Runs before the controller syncs.
 */
function recordFailures(w: World): void {
  for (const rs of w.state.rsList) {
    const cohorts = w.cohorts.get(rs.name) ?? NO_COHORTS;
    if (!cohorts.some((c) => c.failAt === w.t)) continue;
    const failing = cohorts.filter((c) => c.failAt === w.t);
    const count = failing.reduce((n, c) => n + c.count, 0);
    if (count === 0) continue;
    const before = podCounts(w, (c) => (failing.includes(c) ? { ...c, failAt: Infinity } : c));
    const after = podCounts(w);
    const role = rs.templateKey === w.state.d.templateKey ? 'new' : 'old';
    const message = `${count} ${role} ${count === 1 ? 'pod fails its' : 'pods fail their'} readiness probe: available ${before.available} → ${after.available}`;
    w.failures.push({ t: w.t, count, availableBefore: before.available, availableAfter: after.available });
    w.timeline.push({ t: w.t, kind: 'pods', message });
    w.steps.push({
      t: w.t,
      reason: 'Unhealthy',
      message,
      replicaSet: role,
      replicaSetName: rs.name,
      from: rs.specReplicas,
      to: rs.specReplicas,
      pods: after,
    });
    w.lastChangeT = w.t;
  }
}

/** Syncs until the controller is idle, running `afterSync` (user reactions) after each pass. */
function settle(w: World, afterSync: () => void): void {
  for (let i = 0; i < MAX_SYNCS_PER_INSTANT; i++) {
    refreshReplicaSetStatus(w);
    const before = w.state.writes;
    const statusBefore = w.state.d.status;
    const reasonBefore = getCondition(statusBefore, 'Progressing')?.reason;
    const availableBefore = getCondition(statusBefore, 'Available');
    const availableStatusBefore = availableBefore?.status;
    const availableReasonBefore = availableBefore?.reason;
    syncDeployment(w.state, env(w));
    const c = getCondition(w.state.d.status, 'Progressing');
    if (c && c.reason !== reasonBefore) {
      w.lastChangeT = w.t;
      w.timeline.push({ t: w.t, kind: 'condition', message: `Progressing=${c.status} ${c.reason}: ${c.message}` });
    }
    const a = getCondition(w.state.d.status, 'Available');
    if (
      a &&
      (availableBefore === undefined || a.status !== availableStatusBefore || a.reason !== availableReasonBefore)
    ) {
      w.lastChangeT = w.t;
      w.timeline.push({ t: w.t, kind: 'condition', message: `Available=${a.status} ${a.reason}: ${a.message}` });
    }
    const completeNow = deploymentComplete(w.state.d, w.state.d.status);
    if (completeNow && !w.wasComplete) w.completedAt = w.t;
    w.wasComplete = completeNow;
    afterSync();
    if (w.state.writes === before) return;
  }
  throw new SimulationError(`the Deployment controller did not settle at t=${w.t}s`);
}

/** When the controller re-checks the progress deadline: `lastUpdateTime + deadline + 1 s` (requeueStuckDeployment). */
function deadlineWake(d: DeploymentModel): number {
  const c = getCondition(d.status, 'Progressing');
  if (
    !hasProgressDeadline(d) ||
    d.paused ||
    !c ||
    c.reason === 'NewReplicaSetAvailable' ||
    c.reason === 'ProgressDeadlineExceeded'
  )
    return Infinity;
  return c.lastUpdateTime + (d.progressDeadlineSeconds as number) + 1;
}

function nextEventTime(w: World, actions: UserAction[]): number {
  let next = deadlineWake(w.state.d);
  for (const rs of w.state.rsList) {
    for (const c of w.cohorts.get(rs.name) ?? []) next = Math.min(next, nextCohortChange(c, w.t, rs.minReadySeconds));
  }
  for (const x of w.terminating) if (x.goneAt > w.t) next = Math.min(next, x.goneAt);
  for (const a of actions) next = Math.min(next, a.t);
  return next > w.t ? next : Infinity;
}

// ---------------------------------------------------------------- scenario script

interface UserAction {
  t: number;
  message: string;
  /** Returns a replacement timeline message when the action did something else (e.g. `rollout undo` failed). */
  apply(d: DeploymentModel, w: World): string | void;
}

interface Setup {
  /** ReplicaSets existing before t = 0, oldest first, with their sizes and how many of their pods are not Ready. */
  existing: { key: string; replicas: number; unready?: number }[];
  actions: UserAction[];
  /** The Deployment's template before the first action. */
  initialKey: string | undefined;
}

function changeTemplate(t: number, key: string, message: string): UserAction {
  return {
    t,
    message,
    apply: (d) => {
      d.templateKey = key;
      d.generation++;
    },
  };
}

/**
 * The ReplicaSets before t = 0 of a scenario that rolls out the file's template: the previous one with every pod
 * (the default), or the starting state's older ReplicaSets, previous one and already-updated new one.
 */
function rolloutStart(
  start: Start,
  fileKey: string,
  olderKeys: readonly string[],
  previousKey: string,
  replicas: number,
) {
  const sizes = oldReplicaSetSizes(replicas - start.updatedPods, start.olderReplicaSets);
  const oldKeys = [...olderKeys, previousKey];
  // Unready old pods: the previous ReplicaSet's first, then the older ones (newest first).
  let unready = start.unreadyOldPods;
  const unreadyOf = sizes.map(() => 0);
  for (let i = sizes.length - 1; i >= 0 && unready > 0; i--) {
    unreadyOf[i] = Math.min(unready, sizes[i] as number);
    unready -= unreadyOf[i] as number;
  }
  return {
    existing: [
      ...oldKeys.map((key, i) => ({ key, replicas: sizes[i] as number, unready: unreadyOf[i] as number })),
      ...(start.updatedPods > 0 ? [{ key: fileKey, replicas: start.updatedPods }] : []),
    ],
    /** Half-way: the file's template was applied before t = 0. */
    applied: start.updatedPods > 0,
  };
}

function scenarioSetup(
  scenario: Scenario,
  fileKey: string,
  previousKey: string,
  replicas: number,
  scaleTo: (n: number) => UserAction,
  historyLimit: number | null,
  start: Start,
  olderKeys: readonly string[],
): Setup {
  const from = rolloutStart(start, fileKey, olderKeys, previousKey, replicas);
  const initialKey = from.applied ? fileKey : previousKey;
  const withApply = (...later: UserAction[]): UserAction[] => (from.applied ? later : [apply, ...later]);
  const apply = changeTemplate(0, fileKey, 'kubectl apply: pod template changed');
  const undo = (t: number): UserAction => ({
    t,
    message: 'kubectl rollout undo: template of the previous revision restored',
    // kubectl's DeploymentRollbacker (polymorphichelpers/rollback.go) needs the previous ReplicaSet: with
    // revisionHistoryLimit 0, cleanupDeployment (sync.go) deleted it once the rollout completed.
    apply: (d, w) => {
      const history = w.state.rsList.filter((rs) => !rs.deleted && rs.templateKey !== d.templateKey);
      if (history.length === 0) {
        w.rollbackFailed = true;
        return `kubectl rollout undo: error: no rollout history found for deployment "${d.name}" (revisionHistoryLimit ${d.revisionHistoryLimit}: the old ReplicaSets were deleted); nothing is rolled back`;
      }
      d.templateKey = previousKey;
      d.generation++;
      return undefined;
    },
  });
  switch (scenario.name) {
    case 'create':
      return { existing: [], actions: [], initialKey: fileKey };
    case 'scale':
      return scenario.atSecond === undefined
        ? { existing: [{ key: fileKey, replicas }], actions: [scaleTo(scenario.replicas)], initialKey: fileKey }
        : {
            existing: from.existing,
            actions: withApply({ ...scaleTo(scenario.replicas), t: scenario.atSecond }),
            initialKey,
          };
    case 'rollback':
      return scenario.afterSeconds === undefined
        ? {
            // With revisionHistoryLimit 0 the scaled-down previous ReplicaSet was deleted when the rollout completed.
            existing: [...(historyLimit === 0 ? [] : [{ key: previousKey, replicas: 0 }]), { key: fileKey, replicas }],
            actions: [undo(0)],
            initialKey: fileKey,
          }
        : { existing: from.existing, actions: withApply(undo(scenario.afterSeconds)), initialKey };
    case 'node-failure':
      throw new SimulationError('the node-failure scenario applies to StatefulSets only');
    default:
      return { existing: from.existing, actions: withApply(), initialKey };
  }
}

// ---------------------------------------------------------------- entry point

function deploymentModel(value: Deployment, r: ResolvedDeployment, initialKey: string): DeploymentModel {
  const ru = value.spec?.strategy?.rollingUpdate;
  return {
    name: value.metadata?.name ?? 'deployment',
    generation: 1,
    replicas: r.replicas,
    strategy: { type: r.strategy, maxSurge: ru?.maxSurge ?? '25%', maxUnavailable: ru?.maxUnavailable ?? '25%' },
    minReadySeconds: r.minReadySeconds,
    progressDeadlineSeconds: r.progressDeadlineSeconds,
    revisionHistoryLimit: r.revisionHistoryLimit,
    paused: value.spec?.paused ?? false,
    annotations: {},
    templateKey: initialKey,
    status: emptyDeploymentStatus(),
  };
}

/** Creates the ReplicaSets that exist before t = 0, fully available, and the matching complete status. */
function seedSteadyState(w: World, existing: Setup['existing']): void {
  const d = w.state.d;
  const age = -STEADY_STATE_AGE_SECONDS;
  existing.forEach(({ key, replicas, unready = 0 }, i) => {
    const keyBefore = d.templateKey;
    d.templateKey = key;
    w.t = age + i;
    const rs = buildNewReplicaSet(w, d, w.state.rsList);
    d.templateKey = keyBefore;
    rs.specReplicas = replicas;
    rs.annotations[REVISION_ANNOTATION] = String(i + 1);
    setReplicasAnnotations(rs.annotations, d.replicas, d.replicas + maxSurge(d));
    w.state.rsList.push(rs);
    w.everCreated.push(rs);
    const cohorts: Cohort[] = [];
    if (replicas > unready)
      cohorts.push({
        rs: rs.name,
        count: replicas - unready,
        createdAt: w.t,
        runningAt: w.t,
        readyAt: w.t,
        failAt: Infinity,
      });
    // Starting state: old pods that are not Ready (crash-looping since before t = 0).
    if (unready > 0)
      cohorts.push({ rs: rs.name, count: unready, createdAt: w.t, runningAt: w.t, readyAt: w.t, failAt: w.t });
    if (cohorts.length > 0) w.cohorts.set(rs.name, cohorts);
  });
  w.t = 0;
  if (existing.length === 0) return;
  refreshReplicaSetStatus(w);
  const current = w.state.rsList.find((rs) => rs.templateKey === d.templateKey);
  d.annotations[REVISION_ANNOTATION] = current?.annotations[REVISION_ANNOTATION] ?? '1';
  d.status = calculateStatusCounts(w.state.rsList, current, d);
  // A rollout under way (starting state: new pods already, or older ReplicaSets with pods) last progressed at t = 0.
  const underWay = existing.length > 1 && existing.slice(0, -1).some((e) => e.replicas > 0);
  if (hasProgressDeadline(d)) {
    setCondition(
      d.status,
      underWay
        ? condition('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${current?.name}" is progressing.`, 0)
        : condition(
            'Progressing',
            'True',
            'NewReplicaSetAvailable',
            `ReplicaSet "${current?.name}" has successfully progressed.`,
            age,
          ),
    );
  }
  const since = underWay ? 0 : age;
  d.status.conditions = d.status.conditions.map((c) => ({ ...c, lastUpdateTime: since, lastTransitionTime: since }));
}

export function simulateDeployment(input: SimulationInput & { workload: { kind: 'Deployment' } }): DeploymentPlan {
  const { value, namespace } = input.workload;
  const scenario = input.scenario ?? { name: 'update' };
  const overrides = input.overrides ?? {};
  const resolved = resolveDeployment(value, overrides, input.autoscaler);
  const rejection = deploymentRejection(value, overrides);
  if (rejection !== undefined) return rejectedPlan(value, namespace, scenario, resolved, rejection);
  const start = resolveStart(input.start, scenario, 'Deployment', resolved.replicas);
  const template = value.spec?.template ?? {};
  const previousTemplate = previousTemplateOf(template);
  const fileKey = templateKey(template);
  const previousKey = templateKey(previousTemplate);
  // Starting state: ReplicaSets older than the previous one, oldest first.
  const olderTemplates = Array.from({ length: start.olderReplicaSets }, (_, i) =>
    previousTemplateOf(template, start.olderReplicaSets + 1 - i),
  );
  const olderKeys = olderTemplates.map(templateKey);
  const scaleTo = (n: number): UserAction => ({
    t: 0,
    message: `kubectl scale --replicas=${n}`,
    apply: (d) => void ((d.replicas = n), d.generation++),
  });
  const setup = scenarioSetup(
    scenario,
    fileKey,
    previousKey,
    resolved.replicas,
    scaleTo,
    resolved.revisionHistoryLimit,
    start,
    olderKeys,
  );
  const model = deploymentModel(value, resolved, setup.initialKey ?? fileKey);
  if (overrides.maxSurge !== undefined) model.strategy.maxSurge = overrides.maxSurge;
  if (overrides.maxUnavailable !== undefined) model.strategy.maxUnavailable = overrides.maxUnavailable;
  const w: World = {
    t: 0,
    state: { d: model, rsList: [], writes: 0 },
    cohorts: new Map(),
    terminating: [],
    templates: new Map([
      ...olderTemplates.map((t, i): [string, { template: PodTemplateSpec; health: PodHealth }] => [
        olderKeys[i] as string,
        { template: t, health: { kind: 'healthy' } },
      ]),
      [previousKey, { template: previousTemplate, health: { kind: 'healthy' } }],
      [fileKey, { template, health: scenarioHealth(scenario) }],
    ]),
    everCreated: [],
    timing: resolveTiming(template, input.timing, input.kubernetesVersion),
    steps: [],
    timeline: [],
    lastChangeT: 0,
    collisionCount: 0,
    completedAt: undefined,
    wasComplete: false,
    failures: [],
    samples: [],
  };
  seedSteadyState(w, setup.existing);
  run(w, setup.actions, pauseTrigger(w, scenario));
  return buildPlan(w, input, scenario, resolved, namespace, start);
}

/** A Deployment the API server rejects: no rollout, the reason as the outcome. */
function rejectedPlan(
  value: Deployment,
  namespace: string,
  scenario: Scenario,
  resolved: ResolvedDeployment,
  reason: string,
): DeploymentPlan {
  return {
    kind: 'Deployment',
    name: value.metadata?.name ?? 'deployment',
    namespace,
    scenario,
    resolved,
    replicaSets: [],
    steps: [],
    samples: [],
    ...rejectedPlanEnd(reason, scenario.name),
  };
}

/** For the `pause` scenario: pause as soon as the new RS has the requested pods, then optionally resume. */
function pauseTrigger(w: World, scenario: Scenario): (actions: UserAction[]) => void {
  if (scenario.name !== 'pause') return () => undefined;
  let paused = false;
  return (actions) => {
    const d = w.state.d;
    const newRS = w.state.rsList.find((rs) => rs.templateKey === d.templateKey);
    if (paused || !newRS || newRS.specReplicas < scenario.afterNewPods) return;
    paused = true;
    d.paused = true;
    d.generation++;
    w.timeline.push({
      t: w.t,
      kind: 'user',
      message: `kubectl rollout pause (new replica set has ${newRS.specReplicas} ${newRS.specReplicas === 1 ? 'pod' : 'pods'})`,
    });
    if (scenario.resumeAfterSeconds !== undefined) {
      actions.push({
        t: w.t + scenario.resumeAfterSeconds,
        message: 'kubectl rollout resume',
        apply: (x) => void ((x.paused = false), x.generation++),
      });
    }
  };
}

function run(w: World, pending: UserAction[], trigger: (actions: UserAction[]) => void): void {
  const actions = [...pending];
  for (;;) {
    if (actions.some((x) => x.t <= w.t)) {
      for (const a of actions.filter((x) => x.t <= w.t)) {
        const message = a.apply(w.state.d, w) ?? a.message;
        w.timeline.push({ t: w.t, kind: 'user', message });
        actions.splice(actions.indexOf(a), 1);
      }
    }
    if (w.terminating.some((x) => x.goneAt <= w.t)) w.terminating = w.terminating.filter((x) => x.goneAt > w.t);
    if (w.samples.length === 0) sample(w); // before the controller's first action, after the user's at t = 0
    recordFailures(w);
    settle(w, () => trigger(actions));
    sample(w);
    const next = nextEventTime(w, actions);
    if (next === Infinity || next > HORIZON_SECONDS) return;
    w.t = next;
  }
}

function buildPlan(
  w: World,
  input: SimulationInput,
  scenario: Scenario,
  resolved: ResolvedDeployment,
  namespace: string,
  start: Start,
): DeploymentPlan {
  const d = w.state.d;
  const seed = input.seed ?? 1;
  const progressing = getCondition(d.status, 'Progressing');
  const complete = hasProgressDeadline(d)
    ? progressing?.reason === 'NewReplicaSetAvailable'
    : d.status.updatedReplicas === d.replicas &&
      d.status.availableReplicas === d.replicas &&
      d.status.replicas === d.replicas;
  const replicaSets: ReplicaSetSummary[] = w.everCreated.map((rs) => ({
    role: rs.templateKey === d.templateKey ? 'new' : 'old',
    name: rs.name,
    revision: revisionOf(rs) ?? 0,
    podTemplateHash: rs.name.slice(rs.name.lastIndexOf('-') + 1),
    examplePodNames: examplePodNames(rs.name, EXAMPLE_POD_NAMES, seed),
    exists: !rs.deleted,
  }));
  const manifestReplicas = (input.workload.value as Deployment).spec?.replicas;
  const notes = [
    ...clusterNotes(start, 'Deployment', input.autoscaler, resolved.replicas, manifestReplicas),
    HASH_DISCLAIMER,
    'Pod-name suffixes come from the simulation seed; the API server picks random ones.',
    ...timingNotes(w.timing),
  ];
  if (scenario.name !== 'create') {
    notes.push(
      'The previous revision is simulated (same template, marked as previous): Rollout Lens cannot see the template running in your cluster.',
    );
  }
  return {
    kind: 'Deployment',
    name: d.name,
    namespace,
    scenario,
    resolved,
    ...planInputs(start, input.autoscaler),
    replicaSets,
    steps: w.steps,
    samples: w.samples,
    timeline: w.timeline,
    outcome: w.rollbackFailed
      ? {
          complete: false,
          durationSeconds: 0,
          condition: 'RollbackFailed',
          message: `kubectl rollout undo fails with "no rollout history found": revisionHistoryLimit ${d.revisionHistoryLimit} deleted the old ReplicaSets once the rollout completed. Nothing is rolled back; revision ${d.annotations[REVISION_ANNOTATION] ?? '1'} keeps running. Re-apply the previous manifest instead.`,
        }
      : {
          complete,
          // Complete means the last pod is available (after minReadySeconds): the duration includes that wait.
          durationSeconds:
            complete && w.completedAt !== undefined ? Math.max(w.lastChangeT, w.completedAt) : w.lastChangeT,
          condition: progressing?.reason ?? null,
          message: outcomeMessage(
            w,
            scenario,
            progressing?.message ?? (complete ? 'Deployment is complete.' : 'Deployment did not complete.'),
          ),
        },
    notes,
  };
}

/** The controller's message, plus what happened to the new pods in the fail-after scenario. */
function outcomeMessage(w: World, scenario: Scenario, base: string): string {
  if (scenario.name !== 'fail-after' || w.failures.length === 0) return base;
  const d = w.state.d;
  const failed = w.failures.reduce((n, f) => n + f.count, 0);
  const last = w.failures.at(-1) as World['failures'][number];
  const available = d.status.availableReplicas;
  const availableCondition = getCondition(d.status, 'Available');
  const availableText = availableCondition
    ? ` (Available=${availableCondition.status} ${availableCondition.reason})`
    : '';
  const after = `${scenario.seconds}s after becoming Ready`;
  if (w.completedAt !== undefined && w.completedAt <= (w.failures[0]?.t ?? Infinity)) {
    const progressing = getCondition(d.status, 'Progressing');
    const kept =
      progressing?.reason === 'NewReplicaSetAvailable'
        ? ' The Deployment still reports Progressing=True NewReplicaSetAvailable: the controller keeps a completed rollout complete when availability drops, and it does not roll back.'
        : ' Without a progress deadline there is no Progressing condition; the Deployment controller does not roll back by itself.';
    const everywhere = available === 0 ? 'the new version then failed everywhere' : `then ${failed} new pods failed`;
    return `${progressing ? `${base} ` : ''}The rollout completed at ${w.completedAt}s, but ${everywhere}: the new pods fail their readiness probe ${after}, and by ${last.t}s available dropped to ${available} of ${d.replicas}${availableText}.${kept} Run kubectl rollout undo to go back.`;
  }
  return `${base} ${failed} new ${failed === 1 ? 'pod' : 'pods'} failed the readiness probe ${after}${
    d.minReadySeconds > scenario.seconds
      ? `, before minReadySeconds (${d.minReadySeconds}) made them available, so the rollout stopped`
      : ''
  }; available ${available} of ${d.replicas}${availableText}.`;
}
