/**
 * One `UpdateStatefulSet` pass of the StatefulSet controller (kubernetes-controllers.md §5.3–5.5),
 * over in-memory pods whose state is a set of timestamps (see ../timing.ts).
 */
import { getScaledValueFromIntOrPercent, valueOrDefault, type IntOrString } from '../intstr';
import { statefulPodName } from '../naming';
import { secondsReadyToAvailable } from '../timing';

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
  create(pod: Pick<StatefulPod, 'ordinal' | 'name' | 'revision'>): void;
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
const isUnavailable = (p: StatefulPod, now: number, minReadySeconds: number): boolean =>
  !isHealthy(p, now) || !isAvailable(p, now, minReadySeconds);

/** `getStatefulSetMaxUnavailable`: default 1, percentages round DOWN, at least 1 (§5.4b). */
export function statefulSetMaxUnavailable(maxUnavailable: IntOrString | null | undefined, replicas: number): number {
  return Math.max(1, getScaledValueFromIntOrPercent(valueOrDefault(maxUnavailable, 1), replicas, false));
}

/** `newVersionedStatefulSetPod`: current revision below the partition (Go precedence exactly as written), else update. */
export function revisionForNewPod(set: StatefulSetModel, ordinal: number): string {
  const useCurrent =
    (set.updateStrategy === 'RollingUpdate' && !set.rollingUpdateSet && ordinal < set.startOrdinal + set.currentReplicas) ||
    (set.rollingUpdateSet && ordinal < set.startOrdinal + set.partition);
  return useCurrent ? set.currentRevision : set.updateRevision;
}

/**
 * One sync. Returns whether it wrote anything. OrderedReady (monotonic) creates or deletes one pod per
 * sync and waits for Running+Ready+Available; Parallel does everything at once. The rolling update
 * then replaces pods from the highest index down to the partition.
 */
export function syncStatefulSet(set: StatefulSetModel, pods: readonly StatefulPod[], now: number, fx: StatefulEffects): boolean {
  const monotonic = set.podManagementPolicy !== 'Parallel';
  const start = set.startOrdinal;
  const end = start + set.replicas - 1;
  const replicas: (StatefulPod | undefined)[] = Array.from({ length: set.replicas }, () => undefined);
  const condemned: StatefulPod[] = [];
  for (const p of pods) {
    if (p.ordinal >= start && p.ordinal <= end) replicas[p.ordinal - start] = p;
    else if (p.ordinal >= 0) condemned.push(p);
  }
  condemned.sort((a, b) => b.ordinal - a.ordinal);
  const unhealthyInRange = replicas.find((p) => p !== undefined && !isHealthy(p, now));
  const firstUnhealthy = unhealthyInRange ?? [...condemned].reverse().find((p) => !isHealthy(p, now));
  let wrote = false;

  // Phase 1: in-range replicas, ascending ordinal.
  for (let i = 0; i < replicas.length; i++) {
    const pod = replicas[i];
    if (!pod) {
      const ordinal = start + i;
      fx.create({ ordinal, name: statefulPodName(set.name, ordinal), revision: revisionForNewPod(set, ordinal) });
      wrote = true;
      if (monotonic) return true;
      continue;
    }
    if (monotonic && (isTerminating(pod) || !runningAndReady(pod, now) || !isAvailable(pod, now, set.minReadySeconds))) return wrote;
  }
  // Phase 3: condemned pods, highest ordinal first.
  for (const pod of condemned) {
    if (isTerminating(pod)) {
      if (monotonic) return wrote;
      continue;
    }
    if (monotonic && pod !== firstUnhealthy && !isAvailable(pod, now, set.minReadySeconds)) return wrote;
    fx.delete(pod, 'delete');
    wrote = true;
    if (monotonic) return true;
  }
  if (set.updateStrategy === 'OnDelete') return wrote;
  const present = replicas.filter((p): p is StatefulPod => p !== undefined);
  if (set.maxUnavailable !== null) return rollWithMaxUnavailable(set, present, now, fx) || wrote;
  // §5.4a: one pod per sync, waiting for the replacement to be available (master semantics).
  for (let target = present.length - 1; target >= set.partition; target--) {
    const pod = present[target];
    if (pod.revision !== set.updateRevision && !isTerminating(pod)) {
      fx.delete(pod, 'update');
      return true;
    }
    if (isUnavailable(pod, now, set.minReadySeconds)) return wrote;
  }
  return wrote;
}

/** §5.4b: delete up to `maxUnavailable − unavailable` outdated pods at once, highest index first, none below the partition. */
export function rollWithMaxUnavailable(set: StatefulSetModel, replicas: readonly StatefulPod[], now: number, fx: StatefulEffects): boolean {
  const maxUnavailable = statefulSetMaxUnavailable(set.maxUnavailable, set.replicas);
  const unavailable = replicas.filter((p) => isUnavailable(p, now, set.minReadySeconds)).length;
  if (unavailable >= maxUnavailable) return false;
  let budget = maxUnavailable - unavailable;
  let wrote = false;
  for (let target = replicas.length - 1; target >= set.partition && budget > 0; target--) {
    const pod = replicas[target];
    if (pod.revision !== set.updateRevision && !isTerminating(pod)) {
      fx.delete(pod, 'update');
      budget--;
      wrote = true;
    }
  }
  return wrote;
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

/** `getPersistentVolumeClaims` labels: claim template labels overlaid with the selector's matchLabels (selector wins). */
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
