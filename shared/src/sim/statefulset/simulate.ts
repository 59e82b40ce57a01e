/**
 * StatefulSet rollout simulation: `syncStatefulSet` driven by the same kind of event loop as the
 * Deployment simulator (sync until idle, then jump to the next pod-state change or user action).
 * Identity and DNS follow kubernetes-controllers.md §3.3; PVC retention §5.7.
 */
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec, Service } from 'kubernetes-types/core/v1';
import { IntOrStringError, resolveIntOrPercent } from '../intstr';
import {
  controllerRevisionName,
  HASH_DISCLAIMER,
  persistentVolumeClaimName,
  podFqdn,
  srvName,
  statefulPodName,
} from '../naming';
import {
  resolveTiming,
  scenarioHealth,
  timingNotes,
  secondsToGone,
  secondsToReady,
  type PodHealth,
  type TimingModel,
} from '../timing';
import {
  SimulationError,
  type Overrides,
  type ResolvedStatefulSet,
  type Scenario,
  type SimulationInput,
  type SrvRecord,
  type StatefulSetPlan,
  type StatefulSetStep,
  type TimelineEvent,
  type Autoscaler,
  type PodCounts,
} from '../types';
import { previousTemplateOf, templateKey } from '../template';
import { rejectedPlanEnd, statefulSetRejection } from '../validation';
import { autoscaledReplicas, clusterNotes, planInputs, HEALTHY_START, resolveStart, type Start } from '../start';
import {
  getStatefulSetRevisions,
  indexContext,
  isAvailable,
  syncStatefulSet,
  type RevisionModel,
  type StatefulPod,
  type StatefulSetModel,
} from './controller';
import { Flag, PodIndex, type IndexContext } from './podIndex';

const HORIZON_SECONDS = 7 * 24 * 3600;
const MAX_SYNCS_PER_INSTANT = 10000;
/**
 * Largest StatefulSet simulated (pods are tracked one by one and the plan has a step per pod action; the CodeLens
 * simulates on every edit): beyond it the simulation is refused with a clear message, never a stalled server.
 */
export const MAX_STATEFULSET_PODS = 10_000;
export const MAX_UNAVAILABLE_GATE_NOTE =
  'rollingUpdate.maxUnavailable needs the MaxUnavailableStatefulSet feature gate (alpha and off by default through Kubernetes 1.34, beta and on by default from 1.35); simulated as enabled.';

/** apps/v1 StatefulSet defaults plus overrides, with explanations (§1). */
export function resolveStatefulSet(s: StatefulSet, o: Overrides = {}, autoscaler?: Autoscaler): ResolvedStatefulSet {
  const spec = s.spec;
  const scaled = autoscaler ? autoscaledReplicas(autoscaler, o.replicas) : undefined;
  const replicas = scaled?.replicas ?? o.replicas ?? spec?.replicas ?? 1;
  const podManagementPolicy =
    o.podManagementPolicy ?? (spec?.podManagementPolicy === 'Parallel' ? 'Parallel' : 'OrderedReady');
  const updateStrategy = spec?.updateStrategy?.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate';
  const partition = o.partition ?? spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
  const rawMaxUnavailable = o.maxUnavailable ?? spec?.updateStrategy?.rollingUpdate?.maxUnavailable;
  const explanations = [
    scaled?.explanation ??
      `replicas ${replicas}${spec?.replicas === undefined && o.replicas === undefined ? ' (default)' : ''}`,
    `podManagementPolicy ${podManagementPolicy}: ${podManagementPolicy === 'OrderedReady' ? 'one pod at a time, each waits for its predecessors to be Running and Ready' : 'pods are created and deleted all at once'}`,
    updateStrategy === 'OnDelete'
      ? 'updateStrategy OnDelete: pods get the new template only when you delete them'
      : `updateStrategy RollingUpdate: pods from the highest ordinal down to index ${partition} (partition) are replaced one at a time`,
  ];
  let maxUnavailable: number | null = null;
  if (rawMaxUnavailable !== undefined && updateStrategy === 'RollingUpdate') {
    try {
      const r = resolveIntOrPercent('maxUnavailable', rawMaxUnavailable, replicas, false);
      maxUnavailable = Math.max(1, r.value);
      explanations.push(
        `${r.explanation}${r.value < 1 ? ', raised to 1' : ''} (feature gate MaxUnavailableStatefulSet)`,
      );
      // updateStatefulSetAfterInvariantEstablished: up to maxUnavailable pods are replaced at once.
      if (maxUnavailable > 1)
        explanations[2] = `updateStrategy RollingUpdate: pods from the highest ordinal down to index ${partition} (partition) are replaced up to ${maxUnavailable} at a time (maxUnavailable)`;
    } catch (e) {
      throw e instanceof IntOrStringError
        ? new SimulationError(`invalid rollingUpdate.maxUnavailable: ${e.message}`)
        : e;
    }
  }
  const policy = spec?.persistentVolumeClaimRetentionPolicy;
  const whenScaled = policy?.whenScaled === 'Delete' ? 'Delete' : 'Retain';
  const whenDeleted = policy?.whenDeleted === 'Delete' ? 'Delete' : 'Retain';
  explanations.push(`PVC retention whenScaled ${whenScaled}, whenDeleted ${whenDeleted}`);
  return {
    replicas,
    podManagementPolicy,
    updateStrategy,
    partition,
    maxUnavailable,
    minReadySeconds: o.minReadySeconds ?? spec?.minReadySeconds ?? 0,
    startOrdinal: spec?.ordinals?.start ?? 0,
    whenScaled,
    whenDeleted,
    explanations,
  };
}

interface World {
  t: number;
  set: StatefulSetModel;
  /** Every pod object that exists (terminating ones too), by replica index. */
  pods: PodIndex;
  /** Pod state changes still to come, earliest first (a pod may be queued at several times). */
  queue: EventQueue;
  /** PVC name → owning ordinal; PVCs exist until deleted here. */
  pvcs: Map<string, number>;
  revisions: RevisionModel[];
  templates: Map<string, { template: PodTemplateSpec; health: PodHealth }>;
  /** Revision name → template key. */
  revisionTemplates: Map<string, string>;
  timing: TimingModel;
  claimTemplates: string[];
  whenScaled: 'Retain' | 'Delete';
  steps: StatefulSetStep[];
  timeline: TimelineEvent[];
  lastChangeT: number;
  /** Ordinal whose node is lost (its pods never become Ready and are never confirmed gone). */
  lostOrdinal: number | undefined;
  revisionHistoryLimit: number;
  /** `kubectl rollout undo` found no previous revision (rollback scenario). */
  rollbackFailed?: boolean;
  /** Pod names the API server rejected (FailedCreate), with the reason; the controller retries forever. */
  failedCreates: Map<string, string>;
  samples: { t: number; pods: PodCounts }[];
}

/** A binary min-heap of (time, pod): when each pod's state changes next. */
class EventQueue {
  private readonly times: number[] = [];
  private readonly pods: StatefulPod[] = [];

  push(t: number, pod: StatefulPod): void {
    if (!Number.isFinite(t)) return;
    let i = this.times.length;
    this.times.push(t);
    this.pods.push(pod);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((this.times[parent] as number) <= t) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peek(): number {
    return this.times.length > 0 ? (this.times[0] as number) : Infinity;
  }

  /** Removes and returns every pod queued at or before `t` (each once). */
  popUntil(t: number): StatefulPod[] {
    const out = new Set<StatefulPod>();
    while (this.times.length > 0 && (this.times[0] as number) <= t) {
      out.add(this.pods[0] as StatefulPod);
      const lastT = this.times.pop() as number;
      const lastP = this.pods.pop() as StatefulPod;
      if (this.times.length === 0) break;
      this.times[0] = lastT;
      this.pods[0] = lastP;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.times.length && (this.times[l] as number) < (this.times[m] as number)) m = l;
        if (r < this.times.length && (this.times[r] as number) < (this.times[m] as number)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return [...out];
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b] as number, this.times[a] as number];
    [this.pods[a], this.pods[b]] = [this.pods[b] as StatefulPod, this.pods[a] as StatefulPod];
  }
}

const contexts = new WeakMap<World, IndexContext>();
const ctx = (w: World): IndexContext =>
  contexts.get(w) ?? (contexts.set(w, indexContext(w.set)), contexts.get(w) as IndexContext);

/** Queues every future moment at which `pod` changes state. */
function schedule(w: World, pod: StatefulPod): void {
  const avail = w.set.minReadySeconds === 0 ? 0 : w.set.minReadySeconds + 1;
  for (const x of [pod.runningAt, pod.readyAt, pod.readyAt + avail, pod.notReadyAt, pod.goneAt ?? Infinity]) {
    if (x > w.t) w.queue.push(x, pod);
  }
}

/** Records the pod counts when they changed (the plan's `samples`): live pods by revision, Ready ones, terminating. */
function sample(w: World): void {
  const totals = w.pods.totals;
  const live = totals[Flag.Live] as number;
  const updated = totals[Flag.Updated] as number;
  const ready = totals[Flag.ReadyLive] as number;
  const terminating = (totals[Flag.Present] as number) - live;
  const last = w.samples[w.samples.length - 1]?.pods;
  if (
    last &&
    last.new === updated &&
    last.total === live &&
    last.available === ready &&
    last.terminating === terminating
  )
    return;
  w.samples.push({ t: w.t, pods: { old: live - updated, new: updated, available: ready, total: live, terminating } });
}

/** Counts after a step: terminating pods (deletion timestamp set, not gone yet) are neither ready nor in `total`. */
function record(w: World, action: StatefulSetStep['action'], pod: string, revision: string): void {
  w.lastChangeT = w.t;
  const totals = w.pods.totals;
  const live = totals[Flag.Live] as number;
  const terminating = (totals[Flag.Present] as number) - live;
  w.steps.push({
    t: w.t,
    action,
    pod,
    revision,
    ready: totals[Flag.ReadyLive] as number,
    total: live,
    terminating,
    updated: totals[Flag.Updated] as number,
  });
}

function effects(w: World) {
  return {
    create: (p: Pick<StatefulPod, 'ordinal' | 'name' | 'revision'>): boolean => {
      const invalid = invalidPodNames(w, p);
      if (invalid !== undefined) {
        // The API server rejects the pod (or its claim): FailedCreate, and the controller retries with backoff.
        if (!w.failedCreates.has(p.name)) {
          w.failedCreates.set(p.name, invalid);
          w.timeline.push({
            t: w.t,
            kind: 'pods',
            message: `FailedCreate: create Pod ${p.name} in StatefulSet ${w.set.name} failed: ${invalid}`,
          });
          w.lastChangeT = w.t;
        }
        return false;
      }
      for (const c of w.claimTemplates) w.pvcs.set(persistentVolumeClaimName(c, w.set.name, p.ordinal), p.ordinal);
      const health = w.templates.get(w.revisionTemplates.get(p.revision) ?? '')?.health ?? { kind: 'healthy' };
      const readyAt = health.kind === 'never-ready' ? Infinity : w.t + secondsToReady(w.timing);
      const notReadyAt = health.kind === 'fail-after' ? readyAt + health.seconds : Infinity;
      const pod: StatefulPod = { ...p, createdAt: w.t, runningAt: w.t + w.timing.podStartSeconds, readyAt, notReadyAt };
      w.pods.put(pod, w.t, ctx(w));
      schedule(w, pod);
      record(w, 'create', p.name, p.revision);
      return true;
    },
    delete: (pod: StatefulPod, reason: 'update' | 'delete') => {
      pod.deletedAt = w.t;
      // A pod on a lost node is never confirmed gone: it stays Terminating until force-deleted.
      pod.goneAt = pod.ordinal === w.lostOrdinal ? Infinity : w.t + secondsToGone(w.timing);
      w.pods.refresh(pod, w.t, ctx(w));
      schedule(w, pod);
      record(w, reason, pod.name, reason === 'update' ? w.set.updateRevision : pod.revision);
    },
  };
}

/** DNS-1123 label: at most 63 characters (label values, hostnames). */
const MAX_LABEL_LENGTH = 63;
/** DNS-1123 subdomain: at most 253 characters (object names). */
const MAX_SUBDOMAIN_LENGTH = 253;

/**
 * Why the API server rejects this pod or its PVCs, or undefined. `ValidatePodCreate`: the
 * `controller-revision-hash` and `statefulset.kubernetes.io/pod-name` label values and `spec.hostname` (the pod
 * name) are DNS labels (≤ 63); PVC names (`<claim>-<pod>`) are DNS subdomains (≤ 253).
 */
function invalidPodNames(w: World, p: Pick<StatefulPod, 'ordinal' | 'name' | 'revision'>): string | undefined {
  if (p.revision.length > MAX_LABEL_LENGTH) {
    return `metadata.labels: Invalid value: "${p.revision}": must be no more than 63 characters (label controller-revision-hash = <StatefulSet name>-<hash>, ${p.revision.length} characters)`;
  }
  if (p.name.length > MAX_LABEL_LENGTH) {
    return `spec.hostname: Invalid value: "${p.name}": must be no more than 63 characters`;
  }
  for (const c of w.claimTemplates) {
    const pvc = persistentVolumeClaimName(c, w.set.name, p.ordinal);
    if (pvc.length > MAX_SUBDOMAIN_LENGTH)
      return `PersistentVolumeClaim "${pvc}": metadata.name: must be no more than 253 characters`;
  }
  return undefined;
}

/**
 * fail-after: pods whose readiness ends now (crash loop) go on the timeline, like the Deployment's `Unhealthy` entries.
 */
function recordFailures(w: World, changed: readonly StatefulPod[]): void {
  const failing = changed
    .filter(
      (p) =>
        p.notReadyAt === w.t && p.ordinal !== w.lostOrdinal && p.deletedAt === undefined && p.readyAt < p.notReadyAt,
    )
    .sort((a, b) => a.ordinal - b.ordinal);
  if (failing.length === 0) return;
  const after = w.pods.totals[Flag.ReadyLive] as number;
  const names = failing.map((p) => p.name).join(', ');
  w.timeline.push({
    t: w.t,
    kind: 'pods',
    message: `${names} ${failing.length === 1 ? 'fails its' : 'fail their'} readiness probe: ready ${after + failing.length} → ${after}`,
  });
  w.lastChangeT = w.t;
}

/**
 * Applies the state changes due now: pods whose termination finished are removed (PVCs of scaled-down pods
 * go with them under whenScaled=Delete); the others are re-indexed. Returns the pods that changed.
 */
function advance(w: World): StatefulPod[] {
  const changed = w.queue.popUntil(w.t).filter((p) => w.pods.at(p.ordinal - w.set.startOrdinal) === p);
  const inRange = (o: number) => o >= w.set.startOrdinal && o < w.set.startOrdinal + w.set.replicas;
  for (const p of changed) {
    if ((p.goneAt ?? Infinity) <= w.t) {
      w.pods.remove(p);
      if (w.whenScaled === 'Delete' && !inRange(p.ordinal)) {
        for (const c of w.claimTemplates) w.pvcs.delete(persistentVolumeClaimName(c, w.set.name, p.ordinal));
      }
    } else {
      w.pods.refresh(p, w.t, ctx(w));
    }
  }
  return changed;
}

/** `updateStatefulSetStatus` + `completeRollingUpdate` (§5.5). */
function updateStatus(w: World): void {
  const totals = w.pods.totals;
  const ready = totals[Flag.Ready] as number;
  const updated = totals[Flag.Updated] as number;
  w.set.currentReplicas = totals[Flag.Current] as number;
  if (
    w.set.updateStrategy === 'RollingUpdate' &&
    updated === w.set.replicas &&
    ready === w.set.replicas &&
    w.pods.size === w.set.replicas
  ) {
    if (w.set.currentRevision !== w.set.updateRevision) {
      w.set.currentRevision = w.set.updateRevision;
      w.pods.refreshAll(w.t, ctx(w));
    }
    w.set.currentReplicas = updated;
  }
}

function settle(w: World): void {
  const fx = effects(w);
  for (let i = 0; i < MAX_SYNCS_PER_INSTANT; i++) {
    updateStatus(w);
    if (!syncStatefulSet(w.set, w.pods, w.t, fx)) return;
  }
  throw new SimulationError(`the StatefulSet controller did not settle at t=${w.t}s`);
}

function nextEventTime(w: World, actions: UserAction[]): number {
  let next = w.queue.peek();
  for (const a of actions) if (a.t > w.t && a.t < next) next = a.t;
  return next;
}

interface UserAction {
  t: number;
  message: string;
  /** Returns a replacement timeline message when the action did something else (e.g. `rollout undo` failed). */
  apply(w: World): string | void;
}

function setTemplate(w: World, key: string): void {
  const { revisions, update } = getStatefulSetRevisions(
    w.revisions,
    key,
    () => controllerRevisionName(w.set.name, w.templates.get(key)?.template),
    w.set.currentRevision || undefined,
  );
  w.revisions = revisions;
  w.revisionTemplates.set(update.name, key);
  w.set.updateRevision = update.name;
  if (!w.set.currentRevision) w.set.currentRevision = update.name;
  w.pods.refreshAll(w.t, ctx(w));
}

/**
 * Pods that exist before t = 0: all Ready, all on `key`'s revision — or, with a starting state, the highest
 * `updatedPods` ordinals already on `fileKey`'s revision (its rollout half-way: `fileKey` is applied, the
 * StatefulSet's currentRevision stays `key`'s) and the lowest `unreadyOldPods` old ordinals not Ready.
 */
function seedSteadyState(w: World, key: string, replicas: number, start: Start = HEALTHY_START, fileKey = key): void {
  setTemplate(w, key);
  const oldRevision = w.set.updateRevision;
  if (start.updatedPods > 0) setTemplate(w, fileKey);
  for (let i = 0; i < replicas; i++) {
    const ordinal = w.set.startOrdinal + i;
    for (const c of w.claimTemplates) w.pvcs.set(persistentVolumeClaimName(c, w.set.name, ordinal), ordinal);
    const updated = i >= replicas - start.updatedPods;
    const pod = {
      ordinal,
      name: statefulPodName(w.set.name, ordinal),
      revision: updated ? w.set.updateRevision : oldRevision,
      createdAt: -3600,
      runningAt: -3600,
      readyAt: i < start.unreadyOldPods ? Infinity : -3600,
      notReadyAt: Infinity,
    };
    w.pods.put(pod, w.t, ctx(w));
  }
  w.set.currentReplicas = replicas;
}

/**
 * Whether `kubectl rollout undo` finds the previous revision: `truncateHistory` (stateful_set_control.go) keeps the
 * current and update revisions and those of existing pods, plus the newest `revisionHistoryLimit` others.
 * Rollout history of one earlier revision exists only if it survived (kubectl: "no last revision to roll back to").
 */
function hasPreviousRevision(w: World, previousKey: string): boolean {
  const live = new Set([w.set.currentRevision, w.set.updateRevision]);
  for (const p of w.pods.all()) live.add(p.revision);
  const history = [...w.revisions].sort((a, b) => a.revision - b.revision).filter((r) => !live.has(r.name));
  const kept = new Set([
    ...live,
    ...history.slice(Math.max(0, history.length - w.revisionHistoryLimit)).map((r) => r.name),
  ]);
  return w.revisions.some((r) => r.templateKey === previousKey && kept.has(r.name));
}

function scenarioScript(
  w: World,
  scenario: Scenario,
  fileKey: string,
  previousKey: string,
  replicas: number,
  start: Start = HEALTHY_START,
): UserAction[] {
  // Half-way (starting state): the file's template was applied before t = 0.
  const rollout = (...later: UserAction[]): UserAction[] => {
    seedSteadyState(w, previousKey, replicas, start, fileKey);
    return start.updatedPods > 0 ? later : [apply, ...later];
  };
  const apply: UserAction = {
    t: 0,
    message: 'kubectl apply: pod template changed',
    apply: (x) => setTemplate(x, fileKey),
  };
  const scale = (n: number, t: number): UserAction => ({
    t,
    message: `kubectl scale --replicas=${n}`,
    apply: (x) => void (x.set.replicas = n),
  });
  switch (scenario.name) {
    case 'create':
      setTemplate(w, fileKey);
      return [];
    case 'scale':
      if (scenario.atSecond === undefined) {
        seedSteadyState(w, fileKey, replicas);
        return [scale(scenario.replicas, 0)];
      }
      return rollout(scale(scenario.replicas, scenario.atSecond));
    case 'rollback': {
      const undo = (t: number): UserAction => ({
        t,
        message: 'kubectl rollout undo: template of the previous revision restored',
        apply: (x) => {
          if (!hasPreviousRevision(x, previousKey)) {
            x.rollbackFailed = true;
            return `kubectl rollout undo: error: no last revision to roll back to (revisionHistoryLimit ${x.revisionHistoryLimit}: the previous ControllerRevision was deleted); nothing is rolled back`;
          }
          setTemplate(x, previousKey);
          return undefined;
        },
      });
      if (scenario.afterSeconds !== undefined) return rollout(undo(scenario.afterSeconds));
      setTemplate(w, previousKey);
      w.set.currentRevision = '';
      seedSteadyState(w, fileKey, replicas);
      return [undo(0)];
    }
    case 'node-failure':
      return nodeFailureScript(w, scenario, fileKey, replicas);
    case 'pause':
      throw new SimulationError(
        'StatefulSets cannot be paused; use updateStrategy.rollingUpdate.partition for a canary',
      );
    default:
      return rollout();
  }
}

function nodeFailureScript(
  w: World,
  scenario: Extract<Scenario, { name: 'node-failure' }>,
  fileKey: string,
  replicas: number,
): UserAction[] {
  seedSteadyState(w, fileKey, replicas);
  const pod = w.pods.at(scenario.ordinal - w.set.startOrdinal);
  if (!pod)
    throw new SimulationError(
      `no pod with ordinal ${scenario.ordinal} (ordinals ${w.set.startOrdinal}..${w.set.startOrdinal + replicas - 1})`,
    );
  const notReady = w.timing.nodeMonitorGracePeriodSeconds;
  const evicted = notReady + w.timing.tolerationSeconds;
  const actions: UserAction[] = [
    {
      t: 0,
      message: `node of ${pod.name} lost`,
      apply: (x) => {
        x.lostOrdinal = pod.ordinal;
        pod.notReadyAt = notReady;
        schedule(x, pod);
      },
    },
    { t: notReady, message: `${pod.name} marked NotReady by the node controller`, apply: () => undefined },
    {
      t: evicted,
      message: `${pod.name} evicted (deletionTimestamp set); it stays Terminating because its kubelet is unreachable`,
      apply: (x) => {
        if (x.pods.at(pod.ordinal - x.set.startOrdinal) !== pod) return;
        pod.deletedAt = x.t;
        pod.goneAt = Infinity;
        x.pods.refresh(pod, x.t, ctx(x));
      },
    },
  ];
  if (scenario.forceDeleteAfterSeconds !== undefined) {
    actions.push({
      t: scenario.forceDeleteAfterSeconds,
      message: `kubectl delete pod ${pod.name} --force: the controller may now create a replacement`,
      apply: (x) => {
        x.pods.remove(pod);
        x.lostOrdinal = undefined;
        record(x, 'delete', pod.name, pod.revision);
      },
    });
  }
  return actions;
}

/**
 * SRV records of the governing Service (kubernetes/dns specification §2.4), one per named port:
 * - headless: one target per ready endpoint, `<pod>.<svc>.<ns>.svc.<domain>`, with the endpoint's port — the
 *   Service's `targetPort` resolved against the pod's container ports (a name is looked up; unset = `port`; a
 *   name no container has: no record);
 * - with a cluster IP: the single target `<svc>.<ns>.svc.<domain>` and the Service's `port`.
 */
function srvRecords(
  service: Service | undefined,
  namespace: string,
  domain: string,
  fqdns: string[],
  template: PodTemplateSpec,
): SrvRecord[] {
  if (!service) return [];
  const svc = service.metadata?.name ?? '';
  const headless = service.spec?.clusterIP === 'None';
  const containerPorts = (template.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
  return (service.spec?.ports ?? [])
    .filter((p) => p.name)
    .map((p) => {
      const target = p.targetPort;
      const endpointPort =
        target === undefined
          ? p.port
          : typeof target === 'number'
            ? target
            : /^\d+$/.test(target)
              ? Number(target)
              : containerPorts.find((c) => c.name === target)?.containerPort;
      return {
        name: srvName(p.name as string, p.protocol ?? 'TCP', svc, namespace, domain),
        port: headless ? (endpointPort ?? p.port) : p.port,
        // A named targetPort no container has: the EndpointSlice controller skips the port (`getEndpointPorts`:
        // `podutil.FindPort` fails), so the headless Service has no SRV record for it.
        targets: headless ? (endpointPort === undefined ? [] : fqdns) : [`${svc}.${namespace}.svc.${domain}`],
      };
    })
    .filter((r) => r.targets.length > 0);
}

export function simulateStatefulSet(input: SimulationInput & { workload: { kind: 'StatefulSet' } }): StatefulSetPlan {
  const { value, namespace } = input.workload;
  const scenario = input.scenario ?? { name: 'update' };
  const name = value.metadata?.name ?? 'statefulset';
  const serviceName = value.spec?.serviceName ?? '';
  const rejection = statefulSetRejection(value, input.overrides);
  if (rejection !== undefined) {
    const resolved = resolveStatefulSet(
      { ...value, spec: { ...value.spec, updateStrategy: { type: 'RollingUpdate' } } as StatefulSet['spec'] },
      input.overrides,
    );
    return {
      kind: 'StatefulSet',
      name,
      namespace,
      scenario,
      serviceName,
      resolved,
      currentRevision: '',
      updateRevision: '',
      pods: [],
      srv: [],
      steps: [],
      retainedPvcs: [],
      ...rejectedPlanEnd(rejection, scenario.name),
    };
  }
  const resolved = resolveStatefulSet(value, input.overrides, input.autoscaler);
  const most = Math.max(resolved.replicas, scenario.name === 'scale' ? scenario.replicas : 0);
  if (most > MAX_STATEFULSET_PODS) {
    throw new SimulationError(
      `${most} replicas: the preview simulates StatefulSets of up to ${MAX_STATEFULSET_PODS} pods (one by one)`,
    );
  }
  const start = resolveStart(input.start, scenario, 'StatefulSet', resolved.replicas);
  const domain = input.clusterDomain ?? 'cluster.local';
  const template = value.spec?.template ?? {};
  const previousTemplate = previousTemplateOf(template);
  const fileKey = templateKey(template);
  const previousKey = templateKey(previousTemplate);
  const fileHealth = scenarioHealth(scenario);
  const w: World = {
    t: 0,
    set: {
      name,
      replicas: resolved.replicas,
      startOrdinal: resolved.startOrdinal,
      podManagementPolicy: resolved.podManagementPolicy,
      updateStrategy: resolved.updateStrategy,
      rollingUpdateSet:
        value.spec?.updateStrategy?.type === undefined ||
        value.spec.updateStrategy.rollingUpdate !== undefined ||
        input.overrides?.partition !== undefined,
      partition: resolved.partition,
      maxUnavailable: resolved.maxUnavailable,
      minReadySeconds: resolved.minReadySeconds,
      currentRevision: '',
      updateRevision: '',
      currentReplicas: 0,
    },
    pods: new PodIndex(resolved.startOrdinal, Math.max(64, resolved.replicas)),
    queue: new EventQueue(),
    pvcs: new Map(),
    revisions: [],
    templates: new Map([
      [previousKey, { template: previousTemplate, health: { kind: 'healthy' } }],
      [fileKey, { template, health: fileHealth }],
    ]),
    revisionTemplates: new Map(),
    timing: resolveTiming(template, input.timing, input.kubernetesVersion),
    claimTemplates: (value.spec?.volumeClaimTemplates ?? []).map((c) => c.metadata?.name ?? '').filter((n) => n !== ''),
    whenScaled: resolved.whenScaled,
    steps: [],
    timeline: [],
    lastChangeT: 0,
    lostOrdinal: undefined,
    revisionHistoryLimit: value.spec?.revisionHistoryLimit ?? 10,
    failedCreates: new Map(),
    samples: [],
  };
  const actions = scenarioScript(w, scenario, fileKey, previousKey, resolved.replicas, start);
  for (;;) {
    for (const a of actions.filter((x) => x.t <= w.t)) {
      const message = a.apply(w) ?? a.message;
      w.timeline.push({ t: w.t, kind: a.message.startsWith('kubectl') ? 'user' : 'node', message });
      actions.splice(actions.indexOf(a), 1);
    }
    if (w.samples.length === 0) sample(w); // before the controller's first action, after the user's at t = 0
    recordFailures(w, advance(w));
    settle(w);
    sample(w);
    const next = nextEventTime(w, actions);
    if (next === Infinity || next > HORIZON_SECONDS) break;
    w.t = next;
  }
  return buildPlan(w, input, scenario, resolved, namespace, serviceName, domain, start);
}

function buildPlan(
  w: World,
  input: SimulationInput,
  scenario: Scenario,
  resolved: ResolvedStatefulSet,
  namespace: string,
  serviceName: string,
  domain: string,
  start: Start,
): StatefulSetPlan {
  const all = [...w.pods.all()];
  const pods = all.map((p) => ({
    ordinal: p.ordinal,
    name: p.name,
    hostname: p.name,
    // Without serviceName the pod has no subdomain: a hostname, but no DNS name (§3.3).
    fqdn: serviceName ? podFqdn(p.name, serviceName, namespace, domain) : '',
    pvcs: w.claimTemplates.map((c) => persistentVolumeClaimName(c, w.set.name, p.ordinal)),
    revision: p.revision,
  }));
  const service = (input.services ?? []).find((s) => s.metadata?.name === serviceName);
  const manifestReplicas = (input.workload.value as StatefulSet).spec?.replicas;
  const notes = [
    ...clusterNotes(start, 'StatefulSet', input.autoscaler, resolved.replicas, manifestReplicas),
    HASH_DISCLAIMER,
    ...timingNotes(w.timing),
  ];
  if (resolved.maxUnavailable !== null) notes.push(MAX_UNAVAILABLE_GATE_NOTE);
  if (!serviceName)
    notes.push('No spec.serviceName: the pods get a hostname but no subdomain, so they have no per-pod DNS name.');
  else if (!service)
    notes.push(
      `No Service "${serviceName}" found: pod DNS names resolve only once a headless Service with that name selects the pods.`,
    );
  else if (service.spec?.clusterIP !== 'None') {
    notes.push(
      `Service "${serviceName}" has a cluster IP (not headless, clusterIP: None): the pod names above do not resolve; its SRV records point to ${serviceName}.${namespace}.svc.${domain}.`,
    );
  }
  if (scenario.name !== 'create') notes.push('The previous revision is simulated (same template, marked as previous).');
  const podNames = new Set(all.map((p) => p.name));
  const retainedPvcs = [...w.pvcs.entries()]
    .filter(([, ord]) => !podNames.has(statefulPodName(w.set.name, ord)))
    .map(([n]) => n)
    .sort();
  const mrs = w.set.minReadySeconds;
  // Complete = every pod at the update revision, Running, Ready and available for minReadySeconds.
  const allUpdated =
    all.length === w.set.replicas &&
    all.every((p) => p.revision === w.set.updateRevision && isAvailable(p, w.t, mrs) && p.deletedAt === undefined);
  const healthy = all.every((p) => isAvailable(p, w.t, mrs) && p.deletedAt === undefined);
  const partitioned =
    w.set.updateStrategy === 'RollingUpdate' && all.length === w.set.replicas && healthy && !allUpdated;
  let condition = allUpdated
    ? 'Complete'
    : partitioned
      ? w.set.partition > 0
        ? 'Partitioned'
        : 'Stalled'
      : w.set.updateStrategy === 'OnDelete' && healthy && all.length === w.set.replicas
        ? 'WaitingForPodDeletion'
        : 'Stalled';
  const n = w.set.replicas;
  const messages: Record<string, string> = {
    Complete: `${n === 1 ? 'The 1 pod runs' : `All ${n} pods run`} revision ${w.set.updateRevision} and ${n === 1 ? 'is' : 'are'} Ready${mrs > 0 ? ` and available (Ready for more than minReadySeconds ${mrs} s)` : ''}.`,
    Partitioned: `Pods below index ${w.set.partition} stay on revision ${w.set.currentRevision} (partition).`,
    WaitingForPodDeletion: 'OnDelete: pods get the new revision only when you delete them.',
    Stalled:
      'The controller waits forever for a pod that does not become Ready (StatefulSets have no progress deadline).',
  };
  if (
    condition === 'Stalled' &&
    scenario.name === 'fail-after' &&
    all.length > 0 &&
    all.every((p) => p.revision === w.set.updateRevision)
  ) {
    const ready = w.pods.totals[Flag.ReadyLive] as number;
    messages.Stalled = `Every pod was replaced with revision ${w.set.updateRevision}, but the new pods fail their readiness probe ${scenario.seconds}s after becoming Ready: ${ready} of ${n} Ready; status.currentRevision stays ${w.set.currentRevision}. The controller waits forever.`;
  }
  if (w.failedCreates.size > 0) {
    const [pod, reason] = [...w.failedCreates][0] as [string, string];
    condition = 'FailedCreate';
    messages.FailedCreate = `The API server rejects pod ${pod}: ${reason}. The controller retries with backoff (FailedCreate events) and waits forever; shorten the StatefulSet name.`;
  }
  if (w.rollbackFailed) {
    condition = 'RollbackFailed';
    messages.RollbackFailed = `kubectl rollout undo fails with "no last revision to roll back to": revisionHistoryLimit ${w.revisionHistoryLimit} deleted the previous ControllerRevision once the rollout completed. Nothing is rolled back; re-apply the previous manifest instead.`;
  }
  // Complete: the last pod became available (Ready + minReadySeconds), which is after its create step.
  const availableAt = (p: StatefulPod) => p.readyAt + (mrs === 0 ? 0 : mrs + 1);
  const durationSeconds =
    allUpdated && !w.rollbackFailed
      ? Math.max(w.lastChangeT, ...all.map((p) => Math.max(0, availableAt(p))))
      : w.rollbackFailed
        ? 0
        : w.lastChangeT;
  return {
    kind: 'StatefulSet',
    name: w.set.name,
    namespace,
    scenario,
    ...planInputs(start, input.autoscaler),
    serviceName,
    resolved,
    currentRevision: w.set.currentRevision,
    updateRevision: w.set.updateRevision,
    pods,
    srv: srvRecords(
      service,
      namespace,
      domain,
      pods.filter((p) => p.fqdn !== '').map((p) => p.fqdn),
      w.templates.get(w.revisionTemplates.get(w.set.updateRevision) ?? '')?.template ?? {},
    ),
    steps: w.steps,
    retainedPvcs,
    samples: w.samples,
    timeline: w.timeline,
    outcome: {
      complete: allUpdated && !w.rollbackFailed,
      durationSeconds,
      condition,
      message: messages[condition] as string,
    },
    notes,
  };
}
