/**
 * DaemonSet rollout simulation: `syncDaemonSet` (./controller.ts) driven by the same event loop as the
 * StatefulSet simulator (sync until idle, then jump to the next pod-state change or user action).
 *
 * Nodes are a scenario parameter (`overrides.nodes`, default 3) named `node-1` … `node-N`; every simulated
 * node matches the pod's nodeSelector/affinity/tolerations (the plan says which nodes that is in words).
 * Revisions follow `constructHistory`/`cleanupHistory` (ControllerRevision `<ds>-<hash>`); pod names are
 * `generateName` `<ds>-` + 5 characters from the seeded source, as for Deployments.
 */
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { IntOrStringError, resolveIntOrPercent, type IntOrString } from '../intstr';
import {
  computePodTemplateHash,
  generatePodName,
  hashString,
  HASH_DISCLAIMER,
  seededRandom,
  type Random,
} from '../naming';
import {
  resolveTiming,
  scenarioHealth,
  secondsReadyToAvailable,
  secondsToGone,
  secondsToReady,
  timingNotes,
  POD_GC_CHECK_PERIOD_SECONDS,
  POD_GC_QUARANTINE_SECONDS,
  type PodHealth,
  type TimingModel,
} from '../timing';
import {
  SimulationError,
  type DaemonSetPlan,
  type DaemonSetScenario,
  type DaemonSetSimulationInput,
  type DaemonSetStep,
  type Overrides,
  type PodCounts,
  type ResolvedDaemonSet,
  type TimelineEvent,
} from '../types';
import { previousTemplateOf, templateKey } from '../template';
import { daemonSetRejection, rejectedPlanEnd } from '../validation';
import { HEALTHY_START, planInputs, resolveStart, startNote, type Start } from '../start';
import {
  cleanupHistory,
  constructHistory,
  daemonSetStatus,
  isAvailable,
  isTerminating,
  rolloutComplete,
  syncDaemonSet,
  type DaemonAction,
  type DaemonPod,
  type DaemonSetModel,
  type HistoryEntry,
} from './controller';

export const DEFAULT_NODES = 3;
/** Largest simulated cluster (the plan has one step per pod action). */
export const MAX_NODES = 5000;
const HORIZON_SECONDS = 7 * 24 * 3600;
const MAX_SYNCS_PER_INSTANT = 10000;
const STEADY_STATE_AGE_SECONDS = 3600;

const WHY: Record<DaemonAction, string> = {
  missing: 'the node should run a pod and has none',
  surge: 'surge: new pod beside the available old one',
  'replace-unavailable': 'the old pod is not available: replaced outside the budget',
  'rolling-update': 'rolling update: old pod deleted within maxUnavailable',
  'surge-done': 'the new pod beside it is available: old pod deleted',
  excess: 'more pods on the node than allowed',
  'not-ready-old': 'the old pod is no longer Ready: the new one replaces it',
};

/** Host ports a pod template occupies on its node (`hostNetwork: true` makes every containerPort a host port). */
export function templateHostPorts(template: PodTemplateSpec | undefined): string[] {
  const spec = template?.spec;
  const hostNetwork = spec?.hostNetwork === true;
  const out = new Set<string>();
  for (const c of [
    ...(spec?.initContainers ?? []).filter((i) => i.restartPolicy === 'Always'),
    ...(spec?.containers ?? []),
  ]) {
    for (const p of c.ports ?? []) {
      const port = p.hostPort ?? (hostNetwork ? p.containerPort : undefined);
      if (port !== undefined && port > 0) out.add(`${p.protocol ?? 'TCP'}/${p.hostIP ?? ''}/${port}`);
    }
  }
  return [...out];
}

/** "runs on every node" or "runs on the nodes that match …" from nodeSelector, node affinity and tolerations. */
export function describePlacement(template: PodTemplateSpec | undefined): string {
  const spec = template?.spec;
  const parts: string[] = [];
  const selector = Object.entries(spec?.nodeSelector ?? {});
  if (selector.length > 0) parts.push(`nodeSelector ${selector.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (spec?.nodeName) parts.push(`nodeName ${spec.nodeName}`);
  if (spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution)
    parts.push('the required node affinity');
  const tolerations = (spec?.tolerations ?? []).map((t) =>
    t.operator === 'Exists' && !t.key
      ? `any taint${t.effect ? ` with effect ${t.effect}` : ''}`
      : `${t.key ?? ''}${t.operator === 'Exists' ? '' : `=${t.value ?? ''}`}${t.effect ? `:${t.effect}` : ''}`,
  );
  const tol = tolerations.length > 0 ? `; it tolerates ${tolerations.join(', ')}` : '';
  if (parts.length === 0) return `runs on every node whose taints it tolerates${tol}`;
  return `runs on the nodes that match ${parts.join(' and ')}${tol}`;
}

/** `1 node`, `3 nodes`. */
export const nodesText = (n: number): string => `${n} node${n === 1 ? '' : 's'}`;

/** `resolveIntOrPercent` over the eligible nodes, its error as the simulator's refusal. */
function resolveOnNodes(field: string, v: IntOrString, nodes: number): { value: number; explanation: string } {
  try {
    return resolveIntOrPercent(field, v, nodes, true);
  } catch (e) {
    throw e instanceof IntOrStringError ? new SimulationError(`invalid rollingUpdate.${field}: ${e.message}`) : e;
  }
}

/** apps/v1 DaemonSet defaults (`SetDefaults_DaemonSet`) plus overrides, resolved against the node count. */
export function resolveDaemonSet(
  ds: DaemonSet,
  o: Overrides = {},
): ResolvedDaemonSet & { rawMaxSurge: IntOrString; rawMaxUnavailable: IntOrString } {
  const spec = ds.spec;
  const nodes = o.nodes ?? DEFAULT_NODES;
  if (!Number.isInteger(nodes) || nodes < 0 || nodes > MAX_NODES)
    throw new SimulationError(`nodes must be a whole number from 0 to ${MAX_NODES}, not ${nodes}`);
  const updateStrategy = spec?.updateStrategy?.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate';
  const ru = spec?.updateStrategy?.rollingUpdate;
  const rawMaxUnavailable = o.maxUnavailable ?? ru?.maxUnavailable ?? 1;
  const rawMaxSurge = o.maxSurge ?? ru?.maxSurge ?? 0;
  const placement = describePlacement(spec?.template);
  const explanations = [`${nodesText(nodes)} (simulated; the pod ${placement})`];
  let maxUnavailable = 0;
  let maxSurge = 0;
  if (updateStrategy === 'OnDelete') {
    explanations.push(
      'updateStrategy OnDelete: pods get the new template only when you delete them; a node that joins gets the new template',
    );
  } else {
    const mu = resolveOnNodes('maxUnavailable', rawMaxUnavailable, nodes);
    const ms = resolveOnNodes('maxSurge', rawMaxSurge, nodes);
    maxUnavailable = mu.value;
    maxSurge = ms.value;
    const defaulted = (written: unknown) => (written === undefined ? ' (default)' : '');
    explanations.push(`${mu.explanation}${defaulted(o.maxUnavailable ?? ru?.maxUnavailable)}`);
    explanations.push(`${ms.explanation}${defaulted(o.maxSurge ?? ru?.maxSurge)}`);
    if (maxSurge > 0) {
      explanations.push(
        `surge: a new pod starts beside the old one on up to ${nodesText(maxSurge)} at a time; the old pod goes once the new one is available (maxUnavailable is not used)`,
      );
    } else {
      if (nodes > 0 && maxUnavailable === 0) {
        maxUnavailable = 1;
        explanations.push(
          'maxUnavailable and maxSurge both 0: the controller falls back to maxUnavailable 1 (updatedDesiredNodeCounts)',
        );
      }
      explanations.push(
        `no surge: the old pod is deleted on up to ${nodesText(maxUnavailable)} at a time; the new pod starts once the old one is gone`,
      );
    }
  }
  const minReadySeconds = o.minReadySeconds ?? spec?.minReadySeconds ?? 0;
  if (minReadySeconds > 0)
    explanations.push(
      `minReadySeconds ${minReadySeconds}: a new pod counts as available ${minReadySeconds}s after it is Ready`,
    );
  const revisionHistoryLimit = spec?.revisionHistoryLimit ?? 10;
  explanations.push(
    `revisionHistoryLimit ${revisionHistoryLimit}${spec?.revisionHistoryLimit === undefined ? ' (default)' : ''}`,
  );
  return {
    nodes,
    updateStrategy,
    maxUnavailable,
    maxSurge,
    minReadySeconds,
    revisionHistoryLimit,
    placement,
    explanations,
    rawMaxSurge,
    rawMaxUnavailable,
  };
}

interface World {
  t: number;
  ds: DaemonSetModel;
  nodes: string[];
  nextNode: number;
  pods: DaemonPod[];
  goneAt: Map<DaemonPod, number>;
  /** Pods the scheduler cannot place yet (host port held by another pod on the node). */
  pending: Set<DaemonPod>;
  /** Node → time it left the cluster. */
  removed: Map<string, number>;
  history: HistoryEntry[];
  templates: Map<string, { template: PodTemplateSpec; health: PodHealth; hostPorts: string[] }>;
  /** hash → template key. */
  hashKeys: Map<string, string>;
  revisionHistoryLimit: number;
  timing: TimingModel;
  random: Random;
  steps: DaemonSetStep[];
  timeline: TimelineEvent[];
  lastChangeT: number;
  blocked: string | undefined;
  rollbackFailed: boolean;
  everBlockedOnPorts: boolean;
  samples: { t: number; pods: PodCounts }[];
  /** The revision hash the DaemonSet had when it last rolled out. */
  rolledOutHash: string;
  /**
   * Whether `kubectl rollout status` would say "successfully rolled out" (tracked to put transitions on the timeline).
   */
  rolledOut: boolean;
}

const revisionName = (w: World, hash: string): string =>
  w.history.find((h) => h.hash === hash)?.name ?? `${w.ds.name}-${hash}`;

function counts(w: World): Pick<DaemonSetStep, 'pods' | 'unavailableNodes' | 'surgeNodes'> {
  const pods: PodCounts = { old: 0, new: 0, available: 0, total: 0, terminating: 0 };
  const liveByNode = new Map<string, number>();
  const availableNodes = new Set<string>();
  for (const p of w.pods) {
    if (isTerminating(p)) {
      pods.terminating++;
      continue;
    }
    if (p.hash === w.ds.hash) pods.new++;
    else pods.old++;
    liveByNode.set(p.node, (liveByNode.get(p.node) ?? 0) + 1);
    if (isAvailable(p, w.t, w.ds.minReadySeconds)) {
      pods.available++;
      availableNodes.add(p.node);
    }
  }
  pods.total = pods.old + pods.new;
  const unavailableNodes = w.nodes.filter((n) => !availableNodes.has(n)).length;
  const surgeNodes = [...liveByNode.values()].filter((n) => n >= 2).length;
  return { pods, unavailableNodes, surgeNodes };
}

function record(w: World, action: DaemonSetStep['action'], pod: DaemonPod, why: string): void {
  w.lastChangeT = w.t;
  w.steps.push({
    t: w.t,
    action,
    node: pod.node,
    pod: pod.name,
    revision: revisionName(w, pod.hash),
    why,
    ...counts(w),
  });
}

function portConflict(w: World, pod: DaemonPod): boolean {
  const ports = w.templates.get(w.hashKeys.get(pod.hash) ?? '')?.hostPorts ?? [];
  if (ports.length === 0) return false;
  return w.pods.some(
    (o) =>
      o !== pod &&
      o.node === pod.node &&
      !w.pending.has(o) &&
      (w.templates.get(w.hashKeys.get(o.hash) ?? '')?.hostPorts ?? []).some((x) => ports.includes(x)),
  );
}

/** Starts a pod's clock (scheduled now): Running, Ready and failure times from the timing model. */
function start(w: World, pod: DaemonPod): void {
  const health = w.templates.get(w.hashKeys.get(pod.hash) ?? '')?.health ?? { kind: 'healthy' };
  pod.runningAt = w.t + w.timing.podStartSeconds;
  pod.readyAt = health.kind === 'never-ready' ? Infinity : w.t + secondsToReady(w.timing);
  pod.notReadyAt = health.kind === 'fail-after' ? pod.readyAt + health.seconds : Infinity;
}

function newPodName(w: World): string {
  for (;;) {
    const name = generatePodName(w.ds.name, w.random);
    if (!w.pods.some((p) => p.name === name)) return name;
  }
}

function effects(w: World) {
  return {
    create: (node: string, why: DaemonAction) => {
      const pod: DaemonPod = {
        name: newPodName(w),
        node,
        hash: w.ds.hash,
        createdAt: w.t,
        runningAt: Infinity,
        readyAt: Infinity,
        notReadyAt: Infinity,
      };
      w.pods.push(pod);
      if (portConflict(w, pod)) {
        w.pending.add(pod);
        w.everBlockedOnPorts = true;
      } else start(w, pod);
      record(
        w,
        'create',
        pod,
        WHY[why] + (w.pending.has(pod) ? ' — Pending: its host port is taken by the other pod on the node' : ''),
      );
    },
    delete: (pod: DaemonPod, why: DaemonAction) => {
      pod.deletedAt = w.t;
      const removedAt = w.removed.get(pod.node);
      // No kubelet confirms the deletion on a node that left: the pod garbage collector removes it.
      w.goneAt.set(
        pod,
        removedAt !== undefined ? removedAt + w.timing.orphanPodGcSeconds : w.t + secondsToGone(w.timing),
      );
      record(w, 'delete', pod, WHY[why]);
    },
  };
}

function reapPods(w: World): void {
  const gone = w.pods.filter((p) => (w.goneAt.get(p) ?? Infinity) <= w.t);
  if (gone.length > 0) {
    w.pods = w.pods.filter((p) => !gone.includes(p));
    for (const p of gone) w.pending.delete(p);
    // podgc `gcOrphaned` force-deletes the pods of a deleted node; no controller step shows it, so the timeline does.
    for (const p of gone.filter((x) => w.removed.has(x.node))) {
      w.timeline.push({
        t: w.t,
        kind: 'node',
        message: `${p.name} (${p.node}) is force-deleted by the pod garbage collector (gcOrphaned), ${w.t - (w.removed.get(p.node) ?? 0)}s after its node`,
      });
    }
  }
  // The scheduler retries a Pending pod once the pod holding its host port is gone.
  for (const p of [...w.pending]) {
    if (!portConflict(w, p)) {
      w.pending.delete(p);
      start(w, p);
    }
  }
}

/** fail-after: pods whose readiness ends now go on the timeline. */
function recordFailures(w: World): void {
  const failing = w.pods.filter((p) => p.notReadyAt === w.t && !isTerminating(p) && p.readyAt < p.notReadyAt);
  if (failing.length === 0) return;
  const names = failing.length <= 5 ? failing.map((p) => `${p.name} (${p.node})`).join(', ') : `${failing.length} pods`;
  const after = counts(w).pods.available;
  const before = after + failing.filter((p) => w.t >= p.readyAt + secondsReadyToAvailable(w.ds.minReadySeconds)).length;
  w.timeline.push({
    t: w.t,
    kind: 'pods',
    message: `${names} ${failing.length === 1 ? 'fails its' : 'fail their'} readiness probe: available ${before} → ${after}`,
  });
  w.lastChangeT = w.t;
}

function settle(w: World): void {
  for (let i = 0; i < MAX_SYNCS_PER_INSTANT; i++) {
    reapPods(w);
    const r = syncDaemonSet(w.ds, w.nodes, w.pods, w.t, effects(w));
    w.history = cleanupHistory(w.history, revisionName(w, w.ds.hash), w.revisionHistoryLimit, w.pods);
    if (r.blocked && r.blocked !== w.blocked) {
      w.timeline.push({
        t: w.t,
        kind: 'node',
        message: `rolling update blocked: ${r.blocked} (the sync fails until its pods are garbage-collected)`,
      });
    }
    w.blocked = r.blocked;
    if (!r.wrote) return;
  }
  throw new SimulationError(`the DaemonSet controller did not settle at t=${w.t}s`);
}

/** Records the pod counts when they changed since the last sample (the chart's data). */
function sample(w: World): void {
  const { pods } = counts(w);
  const last = w.samples[w.samples.length - 1];
  if (last && JSON.stringify(last.pods) === JSON.stringify(pods)) return;
  w.samples.push({ t: w.t, pods });
}

/** Rolled-out transitions (`DaemonSetStatusViewer`: updated and available on every desired node) go on the timeline. */
function trackRolledOut(w: World): void {
  const now = rolloutComplete(daemonSetStatus(w.ds, w.nodes, w.pods, w.t));
  if (now === w.rolledOut) return;
  w.rolledOut = now;
  // Losing it because a new template was applied is the rollout starting, not news.
  if (!now && w.rolledOutHash !== w.ds.hash) return;
  w.rolledOutHash = w.ds.hash;
  w.lastChangeT = w.t;
  w.timeline.push({
    t: w.t,
    kind: 'condition',
    message: now
      ? `every node runs ${revisionName(w, w.ds.hash)} and its pod is available: kubectl rollout status reports "successfully rolled out"`
      : 'not every node has an updated, available pod any more',
  });
}

function nextEventTime(w: World, actions: UserAction[]): number {
  const avail = secondsReadyToAvailable(w.ds.minReadySeconds);
  const times = [
    ...w.pods.flatMap((p) => [p.runningAt, p.readyAt, p.readyAt + avail, p.notReadyAt]),
    ...[...w.goneAt.entries()].filter(([p]) => w.pods.includes(p)).map(([, g]) => g),
    ...actions.map((a) => a.t),
  ];
  return times.reduce((m, x) => (x > w.t && x < m ? x : m), Infinity);
}

interface UserAction {
  t: number;
  message: string;
  kind: TimelineEvent['kind'];
  apply(w: World): void;
}

function setTemplate(w: World, key: string): void {
  const template = w.templates.get(key)?.template;
  const { history, cur } = constructHistory(w.history, key, () => {
    const hash = computePodTemplateHash(template);
    return { name: `${w.ds.name}-${hash}`, hash };
  });
  w.history = history;
  w.hashKeys.set(cur.hash, key);
  w.ds.hash = cur.hash;
}

/**
 * Pods that exist before t = 0: one available pod of `key`'s revision on every node — or, with a starting state,
 * the first `updatedPods` nodes already on `fileKey`'s revision (its rollout half-way: `fileKey` is applied) and
 * the first `unreadyOldPods` old pods not Ready.
 */
function seedSteadyState(w: World, key: string, start: Start = HEALTHY_START, fileKey = key): void {
  setTemplate(w, key);
  const oldHash = w.ds.hash;
  if (start.updatedPods > 0) setTemplate(w, fileKey);
  const at = -STEADY_STATE_AGE_SECONDS;
  w.nodes.forEach((node, i) => {
    const updated = i < start.updatedPods;
    w.pods.push({
      name: newPodName(w),
      node,
      hash: updated ? w.ds.hash : oldHash,
      createdAt: at,
      runningAt: at,
      readyAt: !updated && i < start.updatedPods + start.unreadyOldPods ? Infinity : at,
      notReadyAt: Infinity,
    });
  });
}

function addNode(w: World): string {
  const node = `node-${++w.nextNode}`;
  w.nodes.push(node);
  return node;
}

const nodeAdded = (t: number): UserAction => ({
  t,
  kind: 'node',
  message: 'a node joins the cluster',
  apply: (w) => {
    const node = addNode(w);
    w.timeline.push({ t: w.t, kind: 'node', message: `${node} joins the cluster and matches the DaemonSet` });
  },
});

const nodeRemoved = (t: number): UserAction => ({
  t,
  kind: 'node',
  message: 'a node is deleted',
  apply: (w) => {
    const node = w.nodes.pop();
    if (node === undefined) throw new SimulationError('node-removed needs at least one node');
    w.removed.set(node, w.t);
    // Scheduled pods of a deleted node are the pod garbage collector's (`gcOrphaned`); the DaemonSet controller
    // deletes only unscheduled ones (`getUnscheduledPodsWithoutNode`, daemon_controller.go) and no kubelet confirms.
    const gc = w.timing.orphanPodGcSeconds;
    for (const p of w.pods.filter((x) => x.node === node)) w.goneAt.set(p, w.t + gc);
    w.timeline.push({
      t: w.t,
      kind: 'node',
      message: `${node} is deleted (kubectl delete node); its pod is force-deleted by the pod garbage collector ${POD_GC_QUARANTINE_SECONDS}–${POD_GC_QUARANTINE_SECONDS + POD_GC_CHECK_PERIOD_SECONDS}s later (quarantineTime ${POD_GC_QUARANTINE_SECONDS}s after its pass every ${POD_GC_CHECK_PERIOD_SECONDS}s first sees the pod orphaned; simulated at ${gc}s)`,
    });
  },
});

function scenarioScript(
  w: World,
  scenario: DaemonSetScenario,
  fileKey: string,
  previousKey: string,
  start: Start,
): UserAction[] {
  // Half-way (starting state): the file's template was applied before t = 0.
  const rollout = (...later: UserAction[]): UserAction[] => {
    seedSteadyState(w, previousKey, start, fileKey);
    return start.updatedPods > 0 ? later : [apply, ...later];
  };
  const apply: UserAction = {
    t: 0,
    kind: 'user',
    message: 'kubectl apply: pod template changed',
    apply: (x) => setTemplate(x, fileKey),
  };
  switch (scenario.name) {
    case 'create':
      return [
        { t: 0, kind: 'user', message: 'kubectl apply: DaemonSet created', apply: (x) => setTemplate(x, fileKey) },
      ];
    case 'rollback': {
      const undo: UserAction = {
        t: scenario.afterSeconds ?? 0,
        kind: 'user',
        message: 'kubectl rollout undo',
        apply: rollback,
      };
      if (scenario.afterSeconds !== undefined) return rollout(undo);
      setTemplate(w, previousKey);
      w.pods = [];
      seedSteadyState(w, fileKey);
      w.history = cleanupHistory(w.history, revisionName(w, w.ds.hash), w.revisionHistoryLimit, w.pods);
      return [undo];
    }
    case 'node-added':
    case 'node-removed': {
      const event = scenario.name === 'node-added' ? nodeAdded : nodeRemoved;
      if (scenario.atSecond === undefined) {
        seedSteadyState(w, fileKey);
        return [event(0)];
      }
      return rollout(event(scenario.atSecond));
    }
    case 'scale':
      throw new SimulationError(
        'a DaemonSet has no replicas: it runs one pod on every matching node (use --nodes N, or the node-added/node-removed scenarios)',
      );
    case 'pause':
      throw new SimulationError('kubectl rollout pause works on Deployments only');
    case 'node-failure':
      throw new SimulationError('the node-failure scenario applies to StatefulSets; for a DaemonSet use node-removed');
    default:
      return rollout();
  }
}

/**
 * `kubectl rollout undo daemonset` (kubectl `polymorphichelpers` `DaemonSetRollbacker.Rollback`): with one
 * revision left it fails with "no last revision to roll back to"; otherwise the template of the revision
 * before the newest is restored.
 */
function rollback(w: World): void {
  const sorted = [...w.history].sort((a, b) => a.revision - b.revision);
  if (sorted.length <= 1) {
    w.rollbackFailed = true;
    w.timeline.push({
      t: w.t,
      kind: 'user',
      message: `error: no last revision to roll back to (revisionHistoryLimit ${w.revisionHistoryLimit} kept ${sorted.length} ControllerRevision)`,
    });
    return;
  }
  const target = sorted[sorted.length - 2];
  w.timeline.push({
    t: w.t,
    kind: 'user',
    message: `template of revision ${target.revision} (${target.name}) restored`,
  });
  setTemplate(w, target.templateKey);
}

export function simulateDaemonSet(input: DaemonSetSimulationInput): DaemonSetPlan {
  const { value, namespace } = input.workload;
  const scenario = input.scenario ?? { name: 'update' };
  const { rawMaxSurge, rawMaxUnavailable, ...resolved } = resolveDaemonSet(value, input.overrides);
  const name = value.metadata?.name ?? 'daemonset';
  // ValidateRollingUpdateDaemonSet: both non-zero (e.g. only maxSurge written: maxUnavailable defaults to 1) or both
  // zero is rejected, so nothing rolls out (validation.ts), as for the other kinds.
  const rejection = daemonSetRejection(value, input.overrides);
  if (rejection !== undefined) {
    return {
      kind: 'DaemonSet',
      name,
      namespace,
      scenario,
      resolved,
      updateRevision: '',
      revisions: [],
      nodes: [],
      steps: [],
      samples: [],
      ...rejectedPlanEnd(rejection, scenario.name),
    };
  }
  const template = value.spec?.template ?? {};
  const previousTemplate = previousTemplateOf(template);
  const fileKey = templateKey(template);
  const previousKey = templateKey(previousTemplate);
  const hostPorts = templateHostPorts(template);
  const w: World = {
    t: 0,
    ds: {
      name,
      updateStrategy: resolved.updateStrategy,
      maxUnavailable: rawMaxUnavailable,
      maxSurge: rawMaxSurge,
      minReadySeconds: resolved.minReadySeconds,
      hash: '',
    },
    nodes: Array.from({ length: resolved.nodes }, (_, i) => `node-${i + 1}`),
    nextNode: resolved.nodes,
    pods: [],
    goneAt: new Map(),
    pending: new Set(),
    removed: new Map(),
    history: [],
    templates: new Map([
      [previousKey, { template: previousTemplate, health: { kind: 'healthy' }, hostPorts }],
      [fileKey, { template, health: scenarioHealth(scenario), hostPorts }],
    ]),
    hashKeys: new Map(),
    revisionHistoryLimit: resolved.revisionHistoryLimit,
    timing: resolveTiming(template, input.timing, input.kubernetesVersion),
    random: seededRandom(((input.seed ?? 1) ^ hashString(name)) >>> 0),
    steps: [],
    timeline: [],
    lastChangeT: 0,
    blocked: undefined,
    rollbackFailed: false,
    everBlockedOnPorts: false,
    rolledOut: false,
    samples: [],
    rolledOutHash: '',
  };
  const start = resolveStart(input.start, scenario, 'DaemonSet', resolved.nodes);
  const actions = scenarioScript(w, scenario, fileKey, previousKey, start);
  w.rolledOut = w.pods.length > 0 && rolloutComplete(daemonSetStatus(w.ds, w.nodes, w.pods, w.t));
  w.rolledOutHash = w.ds.hash;
  for (;;) {
    for (const a of actions.filter((x) => x.t <= w.t)) {
      if (a.kind === 'user') w.timeline.push({ t: w.t, kind: 'user', message: a.message });
      a.apply(w);
      actions.splice(actions.indexOf(a), 1);
    }
    if (w.samples.length === 0) sample(w); // before the controller's first action, after the user's at t = 0
    recordFailures(w);
    settle(w);
    trackRolledOut(w);
    sample(w);
    const next = nextEventTime(w, actions);
    if (next === Infinity || next > HORIZON_SECONDS) break;
    w.t = next;
  }
  return buildPlan(w, scenario, resolved, namespace, hostPorts, start);
}

function buildPlan(
  w: World,
  scenario: DaemonSetScenario,
  resolved: ResolvedDaemonSet,
  namespace: string,
  hostPorts: string[],
  start: Start,
): DaemonSetPlan {
  const status = daemonSetStatus(w.ds, w.nodes, w.pods, w.t);
  const updateRevision = revisionName(w, w.ds.hash);
  const n = status.desiredNumberScheduled;
  const allUpdated = rolloutComplete(status);
  let condition: string;
  let message: string;
  if (w.rollbackFailed) {
    condition = 'RollbackFailed';
    message = `kubectl rollout undo failed: only ${updateRevision} is left (revisionHistoryLimit ${resolved.revisionHistoryLimit}); the DaemonSet keeps its template.`;
  } else if (allUpdated) {
    condition = 'Complete';
    message = `${n === 1 ? 'The 1 node runs' : `All ${n} nodes run`} revision ${updateRevision} and ${n === 1 ? 'its pod is' : 'their pods are'} available (kubectl rollout status: successfully rolled out).`;
  } else if (resolved.updateStrategy === 'OnDelete' && status.numberAvailable === n) {
    condition = 'WaitingForPodDeletion';
    message = `OnDelete: ${status.updatedNumberScheduled} of ${n} nodes run ${updateRevision}; the others change only when you delete their pod.`;
  } else {
    condition = 'Stalled';
    const ports = w.everBlockedOnPorts
      ? ` The surge pods cannot be scheduled beside the old ones: host port ${hostPorts.map((p) => p.split('/').pop()).join(', ')} is taken, and the old pod is deleted only once the new one is available.`
      : '';
    message = `${status.updatedNumberScheduled} of ${n} nodes updated, ${status.numberAvailable} of ${n} available; the controller waits for pods that do not become available.${ports} A DaemonSet has no progress deadline: it waits forever.`;
  }
  const started = startNote(start, 'DaemonSet');
  const notes = [
    ...(started ? [started] : []),
    HASH_DISCLAIMER,
    `Pod names end in 5 characters from a seeded generator; the cluster picks random ones.`,
    ...timingNotes(w.timing),
  ];
  if (scenario.name === 'node-removed') {
    notes.push(
      `Assumed: the pod garbage collector force-deletes the pod of a deleted node ${w.timing.orphanPodGcSeconds} s after the node (podgc gcOrphaned: ${POD_GC_QUARANTINE_SECONDS}–${POD_GC_QUARANTINE_SECONDS + POD_GC_CHECK_PERIOD_SECONDS} s, quarantineTime ${POD_GC_QUARANTINE_SECONDS} s after the pass every ${POD_GC_CHECK_PERIOD_SECONDS} s that first sees it); change it in the what-if (pod GC; --pod-gc-seconds S).`,
    );
  }
  notes.push(
    `Nodes are simulated: ${nodesText(resolved.nodes)} that ${resolved.nodes === 1 ? 'matches' : 'match'} the pod (it ${resolved.placement}); change the count in the what-if (nodes; --nodes N).`,
  );
  if (scenario.name !== 'create') notes.push('The previous revision is simulated (same template, marked as previous).');
  notes.push(
    'Which nodes go first is an assumption (node order); the controller iterates its nodes in random order. How many at a time is exact.',
  );
  const byNode = new Map<string, { name: string; revision: string }[]>();
  for (const p of [...w.pods].filter((x) => !isTerminating(x)).sort((a, b) => a.createdAt - b.createdAt)) {
    byNode.set(p.node, [...(byNode.get(p.node) ?? []), { name: p.name, revision: revisionName(w, p.hash) }]);
  }
  return {
    kind: 'DaemonSet',
    name: w.ds.name,
    namespace,
    scenario,
    ...planInputs(start, undefined),
    resolved,
    updateRevision,
    revisions: [...w.history]
      .sort((a, b) => a.revision - b.revision)
      .map((h) => ({ name: h.name, revision: h.revision })),
    nodes: w.nodes.map((node) => ({ name: node, pods: byNode.get(node) ?? [] })),
    steps: w.steps,
    samples: w.samples,
    timeline: w.timeline,
    outcome: { complete: allUpdated && !w.rollbackFailed, durationSeconds: w.lastChangeT, condition, message },
    notes,
  };
}
