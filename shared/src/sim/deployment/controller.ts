/**
 * One `syncDeployment` pass of the Deployment controller (kubernetes-controllers.md §4.1–4.10),
 * over an in-memory list of ReplicaSets. Side effects go through `ControllerEnv`, so the same code
 * runs inside the simulator and against the unit-test vectors.
 */
import {
  REVISION_ANNOTATION,
  type Condition,
  type DeploymentModel,
  type DeploymentStatusModel,
  type ReplicaSetModel,
} from './model';
import {
  byCreationTimestamp,
  bySizeNewer,
  bySizeOlder,
  calculateStatusCounts,
  condition,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  desiredReplicasAnnotation,
  filterActive,
  findActiveOrLatest,
  findNewReplicaSet,
  getCondition,
  getProportion,
  hasProgressDeadline,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  newReplicaSetAnnotationsMayChange,
  oldPodsRunning,
  removeCondition,
  replicaSetsToCleanUp,
  replicasAnnotationsNeedUpdate,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sumAvailable,
  sumSpec,
} from './util';

/** The revision-history annotation limit the controller passes to SetNewReplicaSetAnnotations. */
const REVISION_HISTORY_LIMIT_CHARS = 2000;

export interface ControllerEnv {
  now: number;
  /** A new, not yet stored RS for the Deployment's current template (name, templateKey, timestamps). */
  buildNewReplicaSet(d: DeploymentModel, rsList: ReplicaSetModel[]): ReplicaSetModel;
  /** A `ScalingReplicaSet` event: the RS's spec changed from `from` to `to`. */
  onScale(rs: ReplicaSetModel, from: number, to: number): void;
  /** `cleanupDeployment` deleted this RS. */
  onDelete(rs: ReplicaSetModel): void;
  /** Phases of the pods still present, per RS name (for Recreate's `oldPodsRunning`). */
  podPhases(): ReadonlyMap<string, readonly string[]>;
}

export interface ControllerState {
  d: DeploymentModel;
  rsList: ReplicaSetModel[];
  /** Number of API writes so far; a sync that writes nothing means the controller is idle. */
  writes: number;
}

// ---------------------------------------------------------------- scaling primitives (sync.go)

/** `scaleReplicaSet`: sets replicas and the desired/max annotations; records an event if the size changed. */
function scaleReplicaSet(s: ControllerState, env: ControllerEnv, rs: ReplicaSetModel, newScale: number): boolean {
  const from = rs.specReplicas;
  const max = s.d.replicas + maxSurge(s.d);
  const sizeNeedsUpdate = from !== newScale;
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs.annotations, s.d.replicas, max)) return false;
  rs.specReplicas = newScale;
  setReplicasAnnotations(rs.annotations, s.d.replicas, max);
  s.writes++;
  if (sizeNeedsUpdate) env.onScale(rs, from, newScale);
  return sizeNeedsUpdate;
}

export function scaleReplicaSetAndRecordEvent(
  s: ControllerState,
  env: ControllerEnv,
  rs: ReplicaSetModel,
  newScale: number,
): boolean {
  return rs.specReplicas === newScale ? false : scaleReplicaSet(s, env, rs, newScale);
}

// ---------------------------------------------------------------- new / old RS (§4.2)

function setDeploymentRevision(d: DeploymentModel, revision: string | undefined): boolean {
  if (revision === undefined || d.annotations[REVISION_ANNOTATION] === revision) return false;
  d.annotations[REVISION_ANNOTATION] = revision;
  return true;
}

const subject = (d: DeploymentModel, newRS: ReplicaSetModel | undefined): string =>
  newRS ? `ReplicaSet "${newRS.name}"` : `Deployment "${d.name}"`;

/** `existing` = `findNewReplicaSet(d.templateKey, s.rsList)`, found once by the caller. */
function getNewReplicaSet(
  s: ControllerState,
  env: ControllerEnv,
  oldRSs: ReplicaSetModel[],
  existing: ReplicaSetModel | undefined,
  create: boolean,
): ReplicaSetModel | undefined {
  const { d } = s;
  const newRevision = String(maxRevision(oldRSs) + 1);
  if (existing) {
    // The controller updates a copy of the annotations; skip the copy when nothing in it could change.
    let annotations = existing.annotations;
    let changed = false;
    if (newReplicaSetAnnotationsMayChange(d, existing.annotations, newRevision)) {
      annotations = { ...existing.annotations };
      changed = setNewReplicaSetAnnotations(d, annotations, newRevision, true, REVISION_HISTORY_LIMIT_CHARS);
    }
    if (changed || existing.minReadySeconds !== d.minReadySeconds) {
      existing.annotations = annotations;
      existing.minReadySeconds = d.minReadySeconds;
      s.writes++;
      return existing;
    }
    let needsUpdate = setDeploymentRevision(d, existing.annotations[REVISION_ANNOTATION]);
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      setCondition(
        d.status,
        condition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${existing.name}"`, env.now),
      );
      needsUpdate = true;
    }
    if (needsUpdate) s.writes++;
    return existing;
  }
  if (!create) return undefined;
  const created = env.buildNewReplicaSet(d, s.rsList);
  created.specReplicas = newRSNewReplicas(d, [...oldRSs, created], created);
  setNewReplicaSetAnnotations(d, created.annotations, newRevision, false, REVISION_HISTORY_LIMIT_CHARS);
  s.rsList.push(created);
  s.writes++;
  if (created.specReplicas > 0) env.onScale(created, 0, created.specReplicas);
  setDeploymentRevision(d, newRevision);
  if (hasProgressDeadline(d)) {
    setCondition(
      d.status,
      condition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.name}"`, env.now),
    );
  }
  return created;
}

function getAllReplicaSetsAndSyncRevision(s: ControllerState, env: ControllerEnv, create: boolean) {
  // `findOldReplicaSets` + `getNewReplicaSet`, finding the new RS once.
  const existing = findNewReplicaSet(s.d.templateKey, s.rsList);
  const allOld = s.rsList.filter((rs) => rs !== existing);
  const newRS = getNewReplicaSet(s, env, allOld, existing, create);
  return { newRS, oldRSs: allOld };
}

const withNew = (oldRSs: ReplicaSetModel[], newRS: ReplicaSetModel | undefined): ReplicaSetModel[] =>
  newRS ? [...oldRSs, newRS] : oldRSs;

// ---------------------------------------------------------------- RollingUpdate (§4.4)

export function reconcileNewReplicaSet(
  s: ControllerState,
  env: ControllerEnv,
  allRSs: ReplicaSetModel[],
  newRS: ReplicaSetModel,
): boolean {
  const { d } = s;
  if (newRS.specReplicas === d.replicas) return false;
  if (newRS.specReplicas > d.replicas) return scaleReplicaSetAndRecordEvent(s, env, newRS, d.replicas);
  return scaleReplicaSetAndRecordEvent(s, env, newRS, newRSNewReplicas(d, allRSs, newRS));
}

/** Scales down old RSs with unavailable pods first (oldest first), at most `maxCleanupCount` pods in total. */
export function cleanupUnhealthyReplicas(
  s: ControllerState,
  env: ControllerEnv,
  oldRSs: ReplicaSetModel[],
  maxCleanupCount: number,
): number {
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= maxCleanupCount) break;
    if (rs.specReplicas === 0 || rs.specReplicas === rs.availableReplicas) continue;
    const n = Math.min(maxCleanupCount - total, rs.specReplicas - rs.availableReplicas);
    scaleReplicaSetAndRecordEvent(s, env, rs, rs.specReplicas - n);
    total += n;
  }
  return total;
}

/** Scales down old RSs (oldest first) as far as availability above `minAvailable` allows. */
export function scaleDownOldReplicaSetsForRollingUpdate(
  s: ControllerState,
  env: ControllerEnv,
  allRSs: ReplicaSetModel[],
  oldRSs: ReplicaSetModel[],
): number {
  const minAvailable = s.d.replicas - maxUnavailable(s.d);
  const available = sumAvailable(allRSs);
  if (available <= minAvailable) return 0;
  const want = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= want) break;
    if (rs.specReplicas === 0) continue;
    const n = Math.min(rs.specReplicas, want - total);
    scaleReplicaSetAndRecordEvent(s, env, rs, rs.specReplicas - n);
    total += n;
  }
  return total;
}

/**
 * `reconcileOldReplicaSets`: the scale-down budget is everything above minAvailable that is not
 * already unavailable in the new RS. Unhealthy old pods go first; they do not reduce availability.
 */
export function reconcileOldReplicaSets(
  s: ControllerState,
  env: ControllerEnv,
  allRSs: ReplicaSetModel[],
  activeOldRSs: ReplicaSetModel[],
  newRS: ReplicaSetModel,
): boolean {
  if (sumSpec(activeOldRSs) === 0) return false;
  const minAvailable = s.d.replicas - maxUnavailable(s.d);
  const newUnavailable = newRS.specReplicas - newRS.availableReplicas;
  const maxScaledDown = sumSpec(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const cleaned = cleanupUnhealthyReplicas(s, env, activeOldRSs, maxScaledDown);
  const scaled = scaleDownOldReplicaSetsForRollingUpdate(s, env, [...activeOldRSs, newRS], activeOldRSs);
  return cleaned + scaled > 0;
}

function rolloutRolling(s: ControllerState, env: ControllerEnv): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, env, true);
  const created = newRS as ReplicaSetModel;
  const allRSs = [...oldRSs, created];
  if (
    reconcileNewReplicaSet(s, env, allRSs, created) ||
    reconcileOldReplicaSets(s, env, allRSs, filterActive(oldRSs), created)
  ) {
    syncRolloutStatus(s, env, allRSs, created);
    return;
  }
  if (deploymentComplete(s.d, s.d.status)) cleanupDeployment(s, env, oldRSs);
  syncRolloutStatus(s, env, allRSs, created);
}

// ---------------------------------------------------------------- Recreate (§4.5)

export function scaleDownOldReplicaSetsForRecreate(
  s: ControllerState,
  env: ControllerEnv,
  activeOldRSs: ReplicaSetModel[],
): boolean {
  let scaled = false;
  for (const rs of activeOldRSs) {
    if (rs.specReplicas === 0) continue;
    if (scaleReplicaSetAndRecordEvent(s, env, rs, 0)) scaled = true;
  }
  return scaled;
}

function rolloutRecreate(s: ControllerState, env: ControllerEnv): void {
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, env, false);
  if (
    scaleDownOldReplicaSetsForRecreate(s, env, filterActive(oldRSs)) ||
    oldPodsRunning(newRS, oldRSs, env.podPhases())
  ) {
    syncRolloutStatus(s, env, withNew(oldRSs, newRS), newRS);
    return;
  }
  if (!newRS) ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, env, true));
  const created = newRS as ReplicaSetModel;
  scaleReplicaSetAndRecordEvent(s, env, created, s.d.replicas);
  if (deploymentComplete(s.d, s.d.status)) cleanupDeployment(s, env, oldRSs);
  syncRolloutStatus(s, env, [...oldRSs, created], created);
}

// ---------------------------------------------------------------- scaling events (§4.6)

function isScalingEvent(s: ControllerState, env: ControllerEnv): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, env, false);
  const isScaled = (rs: ReplicaSetModel): boolean => {
    if (rs.specReplicas <= 0) return false;
    const desired = desiredReplicasAnnotation(rs);
    return desired !== undefined && desired !== s.d.replicas;
  };
  return oldRSs.some(isScaled) || (newRS !== undefined && isScaled(newRS));
}

/** `scale`: one active RS gets everything; a saturated new RS kills the old; otherwise proportional. */
export function scale(
  s: ControllerState,
  env: ControllerEnv,
  newRS: ReplicaSetModel | undefined,
  oldRSs: ReplicaSetModel[],
): void {
  const { d } = s;
  const only = findActiveOrLatest(newRS, oldRSs);
  if (only) {
    if (only.specReplicas !== d.replicas) scaleReplicaSetAndRecordEvent(s, env, only, d.replicas);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActive(oldRSs)) scaleReplicaSetAndRecordEvent(s, env, old, 0);
    return;
  }
  if (d.strategy.type !== 'RollingUpdate') return;
  const active = filterActive(withNew(oldRSs, newRS));
  const allowed = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowed - sumSpec(active);
  if (toAdd > 0) active.sort(bySizeNewer);
  if (toAdd < 0) active.sort(bySizeOlder);
  let added = 0;
  const sizes = active.map((rs) => {
    if (toAdd === 0) return rs.specReplicas;
    const p = getProportion(rs, d, toAdd, added);
    added += p;
    return rs.specReplicas + p;
  });
  // Leftovers (rounding) go to the largest RS, the first after sorting.
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0] + (toAdd - added));
  active.forEach((rs, i) => scaleReplicaSet(s, env, rs, sizes[i]));
}

/** `sync`: used for scaling events and while paused; status without Progressing logic. */
function syncScaleOnly(s: ControllerState, env: ControllerEnv): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(s, env, false);
  scale(s, env, newRS, oldRSs);
  if (s.d.paused) cleanupDeployment(s, env, oldRSs);
  writeStatus(s, calculateStatusCounts(withNew(oldRSs, newRS), newRS, s.d));
}

// ---------------------------------------------------------------- cleanup (§4.10) and status (§4.7)

export function cleanupDeployment(s: ControllerState, env: ControllerEnv, oldRSs: ReplicaSetModel[]): void {
  for (const rs of replicaSetsToCleanUp(oldRSs, s.d.revisionHistoryLimit)) {
    rs.deleted = true;
    s.rsList = s.rsList.filter((x) => x !== rs);
    s.writes++;
    env.onDelete(rs);
  }
}

/** Numbers compared as JSON would (non-finite numbers all serialize as `null`; -0 as `0`). */
const sameNumber = (a: number, b: number): boolean => a === b || (!Number.isFinite(a) && !Number.isFinite(b));

const sameCondition = (a: Condition, b: Condition): boolean =>
  a.type === b.type &&
  a.status === b.status &&
  a.reason === b.reason &&
  a.message === b.message &&
  sameNumber(a.lastUpdateTime, b.lastUpdateTime) &&
  sameNumber(a.lastTransitionTime, b.lastTransitionTime);

/**
 * The controller's `reflect.DeepEqual(d.Status, newStatus)`: field by field, conditions in order. (This
 * runs on every sync; it replaced a `JSON.stringify` comparison with the same result for status objects,
 * which the simulator always builds with exactly these fields.)
 */
export function sameStatus(a: DeploymentStatusModel, b: DeploymentStatusModel): boolean {
  if (
    !sameNumber(a.observedGeneration, b.observedGeneration) ||
    !sameNumber(a.replicas, b.replicas) ||
    !sameNumber(a.updatedReplicas, b.updatedReplicas) ||
    !sameNumber(a.readyReplicas, b.readyReplicas) ||
    !sameNumber(a.availableReplicas, b.availableReplicas) ||
    !sameNumber(a.unavailableReplicas, b.unavailableReplicas) ||
    a.conditions.length !== b.conditions.length
  ) {
    return false;
  }
  for (let i = 0; i < a.conditions.length; i++)
    if (!sameCondition(a.conditions[i] as Condition, b.conditions[i] as Condition)) return false;
  return true;
}

function writeStatus(s: ControllerState, status: DeploymentStatusModel): void {
  if (sameStatus(status, s.d.status)) return;
  s.d.status = status;
  s.writes++;
}

/** `syncRolloutStatus`: counts plus the Progressing condition (complete / progressing / timed out). */
export function syncRolloutStatus(
  s: ControllerState,
  env: ControllerEnv,
  allRSs: ReplicaSetModel[],
  newRS: ReplicaSetModel | undefined,
): void {
  const { d } = s;
  const next = calculateStatusCounts(allRSs, newRS, d);
  if (!hasProgressDeadline(d)) removeCondition(next, 'Progressing');
  const cur = getCondition(d.status, 'Progressing');
  const isCompleteDeployment = next.replicas === next.updatedReplicas && cur?.reason === 'NewReplicaSetAvailable';
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const who = subject(d, newRS);
    if (deploymentComplete(d, next)) {
      setCondition(
        next,
        condition('Progressing', 'True', 'NewReplicaSetAvailable', `${who} has successfully progressed.`, env.now),
      );
    } else if (deploymentProgressing(d.status, next)) {
      const c = condition('Progressing', 'True', 'ReplicaSetUpdated', `${who} is progressing.`, env.now);
      if (cur?.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
      removeCondition(next, 'Progressing');
      next.conditions.push(c);
    } else if (deploymentTimedOut(d, next, env.now)) {
      setCondition(
        next,
        condition('Progressing', 'False', 'ProgressDeadlineExceeded', `${who} has timed out progressing.`, env.now),
      );
    }
  }
  removeCondition(next, 'ReplicaFailure');
  writeStatus(s, next);
}

/**
 * `requeueStuckDeployment`: seconds until the controller re-checks the deadline, or -1 for no requeue
 * (0 = immediately, rate limited). The controller enqueues after the returned value + 1 s.
 */
export function requeueStuckDeployment(d: DeploymentModel, next: DeploymentStatusModel, now: number): number {
  const cur = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !cur) return -1;
  if (deploymentComplete(d, next) || cur.reason === 'ProgressDeadlineExceeded') return -1;
  const after = cur.lastUpdateTime + (d.progressDeadlineSeconds as number) - now;
  return after < 1 ? 0 : after;
}

/** `checkPausedConditions` (§4.8): Progressing=Unknown DeploymentPaused/DeploymentResumed, never over a timeout. */
function checkPausedConditions(s: ControllerState, env: ControllerEnv): void {
  const { d } = s;
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === 'ProgressDeadlineExceeded') return;
  const pausedCondExists = cond?.reason === 'DeploymentPaused';
  if (d.paused && !pausedCondExists) {
    setCondition(d.status, condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', env.now));
    s.writes++;
  } else if (!d.paused && pausedCondExists) {
    setCondition(d.status, condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', env.now));
    s.writes++;
  }
}

/** `syncDeployment` (§4.1): at most one phase of work per call. */
export function syncDeployment(s: ControllerState, env: ControllerEnv): void {
  checkPausedConditions(s, env);
  if (s.d.paused || isScalingEvent(s, env)) {
    syncScaleOnly(s, env);
    return;
  }
  if (s.d.strategy.type === 'Recreate') rolloutRecreate(s, env);
  else rolloutRolling(s, env);
}
