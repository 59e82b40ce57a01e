/**
 * One `UpdateStatefulSet` pass of the StatefulSet controller (kubernetes-controllers.md §5.3–5.5),
 * over in-memory pods whose state is a set of timestamps (see ../timing.ts).
 */
import { getScaledValueFromIntOrPercent, valueOrDefault, type IntOrString } from '../intstr';
import { statefulPodName } from '../naming';
import { secondsReadyToAvailable } from '../timing';
import { Flag, PodIndex, type IndexContext } from './podIndex';

export interface StatefulPod {
  ordinal: number;
  name: string;
  /** ControllerRevision name (the `controller-revision-hash` label). */
  revision: string;
  createdAt: number;
  runningAt: number;
  /** Infinity = never Ready. */
  readyAt: number;
  /** Ready ends at this time (crash loop, or node lost + grace period). Infinity = never. */
  notReadyAt: number;
  /** Set once the pod has a deletionTimestamp. */
  deletedAt?: number;
  /** When the deleted pod object disappears (Infinity: never confirmed, e.g. its node is lost). */
  goneAt?: number;
}

export interface StatefulSetModel {
  name: string;
  replicas: number;
  startOrdinal: number;
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  updateStrategy: 'RollingUpdate' | 'OnDelete';
  /** `spec.updateStrategy.rollingUpdate` present (it is defaulted only when the type was empty, §1). */
  rollingUpdateSet: boolean;
  partition: number;
  /** `rollingUpdate.maxUnavailable`; when set the MaxUnavailableStatefulSet path is used (feature gate assumed on). */
  maxUnavailable: IntOrString | null;
  minReadySeconds: number;
  currentRevision: string;
  updateRevision: string;
  /** `status.currentReplicas` from the last sync (used for re-created pods when rollingUpdate is nil). */
  currentReplicas: number;
}

export interface StatefulEffects {
  /** Returns false when the API server rejected the pod (FailedCreate): the sync stops there, as on any error. */
  create(pod: Pick<StatefulPod, 'ordinal' | 'name' | 'revision'>): boolean | void;
  /** `reason`: `update` = deleted by the rolling update, `delete` = scale-down. */
  delete(pod: StatefulPod, reason: 'update' | 'delete'): void;
}

export const isTerminating = (p: StatefulPod): boolean => p.deletedAt !== undefined;
const isRunning = (p: StatefulPod, now: number): boolean => now >= p.runningAt;
export const isReady = (p: StatefulPod, now: number): boolean => now >= p.readyAt && now < p.notReadyAt;
/** `isRunningAndReady` */
const runningAndReady = (p: StatefulPod, now: number): boolean => isRunning(p, now) && isReady(p, now);
/** `isHealthy`: Running, Ready and not terminating. */
export const isHealthy = (p: StatefulPod, now: number): boolean => runningAndReady(p, now) && !isTerminating(p);
/** `isRunningAndAvailable` with the strict minReadySeconds rule (§2.2). */
export const isAvailable = (p: StatefulPod, now: number, minReadySeconds: number): boolean =>
  runningAndReady(p, now) && now >= p.readyAt + secondsReadyToAvailable(minReadySeconds);
/** Master's `isUnavailable` (PR #130909): not healthy, or not yet available for minReadySeconds. */
export const isUnavailable = (p: StatefulPod, now: number, minReadySeconds: number): boolean =>
  !isHealthy(p, now) || !isAvailable(p, now, minReadySeconds);

/** `getStatefulSetMaxUnavailable`: default 1, percentages round DOWN, at least 1 (§5.4b). */
export function statefulSetMaxUnavailable(maxUnavailable: IntOrString | null | undefined, replicas: number): number {
  return Math.max(1, getScaledValueFromIntOrPercent(valueOrDefault(maxUnavailable, 1), replicas, false));
}

/**
 * `newVersionedStatefulSetPod`: current revision below the partition (Go precedence exactly as written), else update.
 */
export function revisionForNewPod(set: StatefulSetModel, ordinal: number): string {
  const useCurrent =
    (set.updateStrategy === 'RollingUpdate' &&
      !set.rollingUpdateSet &&
      ordinal < set.startOrdinal + set.currentReplicas) ||
    (set.rollingUpdateSet && ordinal < set.startOrdinal + set.partition);
  return useCurrent ? set.currentRevision : set.updateRevision;
}

/** What a pod index needs from this module; it reads the StatefulSet's revisions live. */
export function indexContext(
  set: Pick<StatefulSetModel, 'updateRevision' | 'currentRevision' | 'minReadySeconds'>,
): IndexContext {
  return {
    get updateRevision() {
      return set.updateRevision;
    },
    get currentRevision() {
      return set.currentRevision;
    },
    get minReadySeconds() {
      return set.minReadySeconds;
    },
    isUnavailable,
    isRunningAndReady: runningAndReady,
  };
}

/** An index over a plain list of pods (unit tests and the Go vectors). */
export function indexOf(set: StatefulSetModel, pods: readonly StatefulPod[], now: number): PodIndex {
  const index = new PodIndex(
    set.startOrdinal,
    Math.max(set.replicas, ...pods.map((p) => p.ordinal - set.startOrdinal + 1), 1),
  );
  const ctx = indexContext(set);
  for (const p of pods) index.put(p, now, ctx);
  return index;
}

/**
 * One `updateStatefulSet` pass (`pkg/controller/statefulset/stateful_set_control.go`, kubernetes-controllers.md
 * §5.3–5.4). Returns whether it wrote anything. `fx.create`/`fx.delete` must update `pods` before they
 * return: as in the Go code, a pod created in this pass is in `replicas` when the rolling update runs, and it
 * is unavailable, so the rolling update waits for it (and, with maxUnavailable, counts it against the budget).
 *
 * OrderedReady (monotonic) creates or deletes one pod per sync and waits for Running+Ready+Available;
 * Parallel creates every missing replica and deletes every condemned pod at once. The rolling update then
 * replaces pods from the highest index down to the partition.
 */
export function syncStatefulSet(set: StatefulSetModel, pods: PodIndex, now: number, fx: StatefulEffects): boolean {
  const monotonic = set.podManagementPolicy !== 'Parallel';
  const n = set.replicas;
  pods.grow(n);
  const end = pods.capacity;
  // `firstUnavailablePod`: the first replica that is missing (a new, not yet created pod object) or
  // unavailable, else the lowest-ordinal unavailable condemned pod. Computed before phase 1, as in Go.
  const firstMissing = pods.first(Flag.Present, 0, n, false);
  const firstUnavailableReplica = pods.first(Flag.Unavailable, 0, n);
  let firstUnavailable = minIndex(firstMissing, firstUnavailableReplica);
  if (firstUnavailable < 0) firstUnavailable = pods.first(Flag.Unavailable, n, end);
  let wrote = false;

  // Phase 1 (`processReplica`), ascending index. Monotonic: every replica before the first missing one must be
  // Running, Ready and Available (not terminating); only that first missing one is created.
  if (monotonic) {
    if (firstUnavailable >= 0 && firstUnavailable < n) {
      if (firstUnavailable !== firstMissing) return false;
      return createAt(set, pods, firstMissing, fx);
    }
  } else {
    for (let i = firstMissing; i >= 0; i = pods.first(Flag.Present, i + 1, n, false)) {
      // slowStartBatch stops at the first batch with an error; the sync returns the error.
      if (!createAt(set, pods, i, fx)) return wrote;
      wrote = true;
    }
  }
  // Phase 3 (`processCondemned`): condemned pods, highest ordinal first.
  if (monotonic) {
    const c = pods.last(Flag.Present, n, end);
    if (c >= 0) {
      const pod = pods.at(c) as StatefulPod;
      if (isTerminating(pod)) return false;
      if (c !== firstUnavailable && !isAvailable(pod, now, set.minReadySeconds)) return false;
      fx.delete(pod, 'delete');
      return true;
    }
  } else {
    for (let c = pods.last(Flag.Live, n, end); c >= 0; c = pods.last(Flag.Live, n, c)) {
      fx.delete(pods.at(c) as StatefulPod, 'delete');
      wrote = true;
    }
  }
  if (set.updateStrategy === 'OnDelete') return wrote;
  if (set.maxUnavailable !== null) return rollIndexedWithMaxUnavailable(set, pods, now, fx) || wrote;
  // §5.4a: from the highest index down to the partition, delete the first outdated pod, but stop at the first
  // unavailable one — including a pod created above in this same pass (master semantics: `isUnavailable`).
  const outdated = pods.last(Flag.Outdated, set.partition, n);
  const unavailable = pods.last(Flag.Unavailable, set.partition, n);
  if (outdated >= 0 && outdated >= unavailable) {
    fx.delete(pods.at(outdated) as StatefulPod, 'update');
    return true;
  }
  return wrote;
}

const minIndex = (a: number, b: number): number => (a < 0 ? b : b < 0 ? a : Math.min(a, b));

/** Creates the replica at index `i`; false when the API server rejected it. */
function createAt(set: StatefulSetModel, pods: PodIndex, i: number, fx: StatefulEffects): boolean {
  const ordinal = pods.start + i;
  return (
    fx.create({ ordinal, name: statefulPodName(set.name, ordinal), revision: revisionForNewPod(set, ordinal) }) !==
    false
  );
}

/**
 * §5.4b `updateStatefulSetAfterInvariantEstablished`: count the unavailable replicas (a replica created in
 * this sync included); if more than maxUnavailable, wait; else delete up to `maxUnavailable − unavailable`
 * outdated pods, highest index first, none below the partition.
 */
function rollIndexedWithMaxUnavailable(
  set: StatefulSetModel,
  pods: PodIndex,
  now: number,
  fx: StatefulEffects,
): boolean {
  const maxUnavailable = statefulSetMaxUnavailable(set.maxUnavailable, set.replicas);
  const n = set.replicas;
  const missing = n - pods.count(Flag.Present, 0, n);
  const unavailable = pods.count(Flag.Unavailable, 0, n) + missing;
  if (unavailable > maxUnavailable) return false;
  let budget = maxUnavailable - unavailable;
  let wrote = false;
  for (
    let t = pods.last(Flag.Outdated, set.partition, n);
    t >= 0 && budget > 0;
    t = pods.last(Flag.Outdated, set.partition, t)
  ) {
    fx.delete(pods.at(t) as StatefulPod, 'update');
    budget--;
    wrote = true;
  }
  void now;
  return wrote;
}

/** §5.4b over a plain list of pods (the Go vector `...WithMaxUnavailableInOrderedModeVerifyInvariant`). */
export function rollWithMaxUnavailable(
  set: StatefulSetModel,
  replicas: readonly StatefulPod[],
  now: number,
  fx: StatefulEffects,
): boolean {
  const pods = indexOf(set, replicas, now);
  const ctx = indexContext(set);
  return rollIndexedWithMaxUnavailable(set, pods, now, {
    create: fx.create,
    delete: (p, reason) => {
      fx.delete(p, reason);
      p.deletedAt ??= now;
      pods.refresh(p, now, ctx);
    },
  });
}

/** §5.7: which owner references a PVC needs under the retention policy. */
export function claimOwnerRefs(
  whenScaled: 'Retain' | 'Delete',
  whenDeleted: 'Retain' | 'Delete',
  condemned: boolean,
): { podRef: boolean; setRef: boolean } {
  if (condemned && whenScaled === 'Delete') return { podRef: true, setRef: false };
  return { podRef: false, setRef: whenDeleted === 'Delete' };
}

/**
 * `getPersistentVolumeClaims` labels: claim template labels overlaid with the selector's matchLabels (selector wins).
 */
export function claimLabels(
  templateLabels: Record<string, string> | null | undefined,
  selectorMatchLabels: Record<string, string> | null | undefined,
): Record<string, string> | null {
  if (!templateLabels) return selectorMatchLabels ?? null;
  return { ...templateLabels, ...(selectorMatchLabels ?? {}) };
}

export interface RevisionModel {
  name: string;
  templateKey: string;
  revision: number;
}

/**
 * `getStatefulSetRevisions` (§5.2): the latest equal revision is reused (unchanged if it is the last one,
 * else its `.revision` is bumped: a rollback); otherwise a new revision is appended.
 */
export function getStatefulSetRevisions(
  revisions: RevisionModel[],
  templateKey: string,
  newName: () => string,
  statusCurrentRevision: string | undefined,
): { revisions: RevisionModel[]; current: RevisionModel; update: RevisionModel } {
  const sorted = [...revisions].sort((a, b) => a.revision - b.revision);
  const next = (sorted.at(-1)?.revision ?? 0) + 1;
  const equal = sorted.filter((r) => r.templateKey === templateKey).at(-1);
  let update: RevisionModel;
  let all = sorted;
  if (equal && equal === sorted.at(-1)) update = equal;
  else if (equal) {
    update = { ...equal, revision: next };
    all = sorted.map((r) => (r === equal ? update : r));
  } else {
    update = { name: newName(), templateKey, revision: next };
    all = [...sorted, update];
  }
  const current = all.find((r) => r.name === statusCurrentRevision) ?? update;
  return { revisions: all, current, update };
}
