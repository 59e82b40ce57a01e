/**
 * Pure helpers of `pkg/controller/deployment/util/deployment_util.go` and `controller_utils.go`
 * (kubernetes-controllers.md §2.4, §3.1, §4.2–4.7, §4.10).
 */
import { templateKey } from '../template';
import { getScaledValueFromIntOrPercent, roundHalfAwayFromZero, valueOrDefault, type IntOrString } from '../intstr';
import {
  DESIRED_REPLICAS_ANNOTATION,
  LAST_APPLIED_ANNOTATION,
  MAX_INT32,
  MAX_REPLICAS_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
  type Annotations,
  type Condition,
  type DeploymentModel,
  type DeploymentStatusModel,
  type ReplicaSetModel,
} from './model';

// ---------------------------------------------------------------- templates

export function equalIgnoreHash(t1: unknown, t2: unknown): boolean {
  return templateKey(t1) === templateKey(t2);
}

// ---------------------------------------------------------------- ordering

/** `ReplicaSetsByCreationTimestamp`: ascending time (zero time first), tie → ascending name. */
export function byCreationTimestamp(a: ReplicaSetModel, b: ReplicaSetModel): number {
  const ta = a.creationTimestamp ?? -Infinity;
  const tb = b.creationTimestamp ?? -Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** `ReplicaSetsBySizeOlder`: larger first, tie → older first. */
export const bySizeOlder = (a: ReplicaSetModel, b: ReplicaSetModel): number =>
  a.specReplicas !== b.specReplicas ? b.specReplicas - a.specReplicas : byCreationTimestamp(a, b);

/** `ReplicaSetsBySizeNewer`: larger first, tie → newer first. */
export const bySizeNewer = (a: ReplicaSetModel, b: ReplicaSetModel): number =>
  a.specReplicas !== b.specReplicas ? b.specReplicas - a.specReplicas : byCreationTimestamp(b, a);

/** Revision number from the annotation; missing = 0, unparsable = undefined. */
export function revisionOf(rs: { annotations: Annotations }): number | undefined {
  const v = rs.annotations[REVISION_ANNOTATION];
  if (v === undefined || v === '') return 0;
  if (v === lastRevision.text) return lastRevision.value;
  const value = /^[0-9]+$/.test(v) ? Number(v) : undefined;
  lastRevision = { text: v, value };
  return value;
}

/** The last revision annotation parsed (the controller reads the same few on every sync). */
let lastRevision: { text: string | undefined; value: number | undefined } = { text: undefined, value: undefined };

/** `ReplicaSetsByRevision`: ascending revision; equal or unparsable → by creation timestamp. */
export function byRevision(a: ReplicaSetModel, b: ReplicaSetModel): number {
  const ra = revisionOf(a);
  const rb = revisionOf(b);
  if (ra === undefined || rb === undefined || ra === rb) return byCreationTimestamp(a, b);
  return ra - rb;
}

export const filterActive = (list: ReplicaSetModel[]): ReplicaSetModel[] => list.filter((rs) => rs.specReplicas > 0);

export function sumSpec(list: ReplicaSetModel[]): number {
  let n = 0;
  for (const rs of list) n += rs.specReplicas;
  return n;
}
export function sumStatus(list: ReplicaSetModel[]): number {
  let n = 0;
  for (const rs of list) n += rs.statusReplicas;
  return n;
}
export function sumAvailable(list: ReplicaSetModel[]): number {
  let n = 0;
  for (const rs of list) n += rs.availableReplicas;
  return n;
}
export function sumReady(list: ReplicaSetModel[]): number {
  let n = 0;
  for (const rs of list) n += rs.readyReplicas;
  return n;
}

// ---------------------------------------------------------------- new / old ReplicaSets

/** `FindNewReplicaSet`: the oldest RS whose template equals the Deployment's (ignoring the hash label). */
export function findNewReplicaSet(
  templateKeyOfDeployment: string,
  rsList: ReplicaSetModel[],
): ReplicaSetModel | undefined {
  // The first match of a stable sort by creation timestamp = the minimum, earliest in the list on ties.
  let found: ReplicaSetModel | undefined;
  for (const rs of rsList) {
    if (rs.templateKey === templateKeyOfDeployment && (found === undefined || byCreationTimestamp(rs, found) < 0))
      found = rs;
  }
  return found;
}

/** `FindOldReplicaSets` → `{ allOld, required }` (required = old RSs with replicas). */
export function findOldReplicaSets(
  templateKeyOfDeployment: string,
  rsList: ReplicaSetModel[],
): { allOld: ReplicaSetModel[]; required: ReplicaSetModel[] } {
  const newRS = findNewReplicaSet(templateKeyOfDeployment, rsList);
  const allOld = rsList.filter((rs) => rs !== newRS);
  return { allOld, required: allOld.filter((rs) => rs.specReplicas !== 0) };
}

/** `MaxRevision` over the given RSs (unparsable skipped, missing = 0). */
export function maxRevision(list: ReplicaSetModel[]): number {
  return list.reduce((m, rs) => Math.max(m, revisionOf(rs) ?? 0), 0);
}

// ---------------------------------------------------------------- fenceposts

/** `ResolveFenceposts` (§4.3): surge rounds up, unavailable down, both 0 → unavailable 1. Throws on bad values. */
export function resolveFenceposts(
  maxSurge: IntOrString | null | undefined,
  maxUnavailable: IntOrString | null | undefined,
  desired: number,
): Readonly<{ surge: number; unavailable: number }> {
  // The controller asks for the same strategy on every sync: remember the last answer (inputs are strings/numbers).
  const last = lastFenceposts;
  if (last && last.maxSurge === maxSurge && last.maxUnavailable === maxUnavailable && last.desired === desired)
    return last.result;
  const surge = getScaledValueFromIntOrPercent(valueOrDefault(maxSurge, 0), desired, true);
  const unavailable = getScaledValueFromIntOrPercent(valueOrDefault(maxUnavailable, 0), desired, false);
  const result = Object.freeze(surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable });
  lastFenceposts = { maxSurge, maxUnavailable, desired, result };
  return result;
}

let lastFenceposts:
  | {
      maxSurge: IntOrString | null | undefined;
      maxUnavailable: IntOrString | null | undefined;
      desired: number;
      result: Readonly<{ surge: number; unavailable: number }>;
    }
  | undefined;

type StrategyView = Pick<DeploymentModel, 'replicas' | 'strategy'>;

export function maxUnavailable(d: StrategyView): number {
  if (d.strategy.type !== 'RollingUpdate' || d.replicas === 0) return 0;
  return Math.min(
    resolveFenceposts(d.strategy.maxSurge, d.strategy.maxUnavailable, d.replicas).unavailable,
    d.replicas,
  );
}

export function maxSurge(d: StrategyView): number {
  if (d.strategy.type !== 'RollingUpdate') return 0;
  return resolveFenceposts(d.strategy.maxSurge, d.strategy.maxUnavailable, d.replicas).surge;
}

export function minAvailable(d: StrategyView): number {
  return d.strategy.type !== 'RollingUpdate' ? 0 : d.replicas - maxUnavailable(d);
}

/** `NewRSNewReplicas` (§4.4): how far the new RS may grow now. */
export function newRSNewReplicas(d: StrategyView, allRSs: ReplicaSetModel[], newRS: ReplicaSetModel): number {
  if (d.strategy.type === 'Recreate') return d.replicas;
  const surge = getScaledValueFromIntOrPercent(d.strategy.maxSurge, d.replicas, true);
  const current = sumSpec(allRSs);
  const maxTotal = d.replicas + surge;
  if (current >= maxTotal) return newRS.specReplicas;
  return newRS.specReplicas + Math.min(maxTotal - current, d.replicas - newRS.specReplicas);
}

// ---------------------------------------------------------------- annotations

const ANNOTATIONS_NOT_COPIED = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
]);

export function replicasAnnotationsNeedUpdate(annotations: Annotations | null, desired: number, max: number): boolean {
  return (
    annotations?.[DESIRED_REPLICAS_ANNOTATION] !== String(desired) ||
    annotations?.[MAX_REPLICAS_ANNOTATION] !== String(max)
  );
}

/** `SetReplicasAnnotations`; returns whether anything changed. */
export function setReplicasAnnotations(annotations: Annotations, desired: number, max: number): boolean {
  const changed = replicasAnnotationsNeedUpdate(annotations, desired, max);
  annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
  annotations[MAX_REPLICAS_ANNOTATION] = String(max);
  return changed;
}

/**
 * `SetNewReplicaSetAnnotations` (§4.2): copies Deployment annotations, bumps the revision, and moves a
 * re-used RS's previous revision into `revision-history` (oldest entries dropped beyond `historyLimitChars`).
 */
export function setNewReplicaSetAnnotations(
  d: Pick<DeploymentModel, 'annotations' | 'replicas' | 'strategy'>,
  rsAnnotations: Annotations,
  newRevision: string,
  exists: boolean,
  historyLimitChars: number,
): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.annotations)) {
    if (ANNOTATIONS_NOT_COPIED.has(k) || rsAnnotations[k] === v) continue;
    rsAnnotations[k] = v;
    changed = true;
  }
  const oldRevisionText = rsAnnotations[REVISION_ANNOTATION];
  const oldRevision =
    oldRevisionText === undefined || oldRevisionText === ''
      ? 0
      : /^[0-9]+$/.test(oldRevisionText)
        ? Number(oldRevisionText)
        : undefined;
  if (oldRevision === undefined) return false;
  if (oldRevision < Number(newRevision)) {
    rsAnnotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
    if (oldRevisionText !== undefined && oldRevisionText !== '') {
      const history = rsAnnotations[REVISION_HISTORY_ANNOTATION]
        ? rsAnnotations[REVISION_HISTORY_ANNOTATION].split(',')
        : [];
      history.push(oldRevisionText);
      while (history.length > 1 && history.join(',').length > historyLimitChars) history.shift();
      rsAnnotations[REVISION_HISTORY_ANNOTATION] = history.join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rsAnnotations, d.replicas, d.replicas + maxSurge(d))) changed = true;
  return changed;
}

/**
 * Whether `setNewReplicaSetAnnotations(d, a, newRevision, true, …)` would modify `a`: a copied Deployment
 * annotation differs, or the RS's (parsable) revision is below `newRevision`. Lets the controller skip
 * copying the annotations on every sync.
 */
export function newReplicaSetAnnotationsMayChange(
  d: Pick<DeploymentModel, 'annotations'>,
  a: Annotations,
  newRevision: string,
): boolean {
  for (const k of Object.keys(d.annotations))
    if (!ANNOTATIONS_NOT_COPIED.has(k) && a[k] !== d.annotations[k]) return true;
  const text = a[REVISION_ANNOTATION];
  const oldRevision = text === undefined || text === '' ? 0 : /^[0-9]+$/.test(text) ? Number(text) : undefined;
  return oldRevision !== undefined && oldRevision < Number(newRevision);
}

/** Go's `strconv.Atoi` on an annotation (v1.28 `getIntFromAnnotation`). */
function intAnnotation(annotations: Annotations, key: string): number | undefined {
  const v = annotations[key];
  return v !== undefined && /^[+-]?[0-9]+$/.test(v) ? Number(v) : undefined;
}

/**
 * Master's `getNonNegativeInt32FromAnnotation`: unsigned parse, ≤ MaxInt32. `error` mirrors Go's
 * strconv messages (`invalid syntax`, `value out of range`).
 */
export function getNonNegativeInt32FromAnnotation(
  annotations: Annotations | null,
  key: string,
): { value: number; valid: boolean; error?: string } {
  const v = annotations?.[key];
  if (v === undefined) return { value: 0, valid: false };
  if (!/^[0-9]+$/.test(v))
    return { value: 0, valid: false, error: `strconv.ParseUint: parsing "${v}": invalid syntax` };
  const n = Number(v);
  if (n > MAX_INT32) return { value: 0, valid: false, error: `strconv.ParseUint: parsing "${v}": value out of range` };
  return { value: n, valid: true };
}

/** The `desired-replicas` annotation of an RS (Atoi semantics), or undefined. */
export const desiredReplicasAnnotation = (rs: ReplicaSetModel): number | undefined =>
  intAnnotation(rs.annotations, DESIRED_REPLICAS_ANNOTATION);

/** `IsSaturated`: the new RS has all replicas, the matching desired annotation, and all available. */
export function isSaturated(d: Pick<DeploymentModel, 'replicas'>, rs: ReplicaSetModel | undefined): boolean {
  if (!rs) return false;
  return (
    rs.specReplicas === d.replicas &&
    intAnnotation(rs.annotations, DESIRED_REPLICAS_ANNOTATION) === d.replicas &&
    rs.availableReplicas === d.replicas
  );
}

// ---------------------------------------------------------------- proportional scaling

/**
 * `getReplicaSetFraction` as in current master (§4.6): a missing, invalid or 0 `max-replicas`
 * annotation falls back to `d.status.replicas`; if that is 0 too the fraction is 0.
 */
export function getReplicaSetFraction(
  rs: ReplicaSetModel,
  d: Pick<DeploymentModel, 'replicas' | 'strategy' | 'status'>,
): number {
  if (d.replicas === 0) return -rs.specReplicas;
  const deploymentMaxReplicas = d.replicas + maxSurge(d);
  const annotated = getNonNegativeInt32FromAnnotation(rs.annotations, MAX_REPLICAS_ANNOTATION);
  const base = annotated.valid && annotated.value > 0 ? annotated.value : d.status.replicas;
  if (base === 0) return 0;
  return roundHalfAwayFromZero((rs.specReplicas * deploymentMaxReplicas) / base) - rs.specReplicas;
}

/** `GetProportion`: an RS's share of `toAdd`, bounded by what is still to distribute. */
export function getProportion(
  rs: ReplicaSetModel,
  d: Pick<DeploymentModel, 'replicas' | 'strategy' | 'status'>,
  toAdd: number,
  added: number,
): number {
  if (rs.specReplicas === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = getReplicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * `FindActiveOrLatest`: the only active RS, or (none active) the new RS / newest old RS; undefined when ≥2 are active.
 */
export function findActiveOrLatest(
  newRS: ReplicaSetModel | undefined,
  oldRSs: ReplicaSetModel[],
): ReplicaSetModel | undefined {
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActive(newRS ? [...newestFirst, newRS] : newestFirst);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

// ---------------------------------------------------------------- status and conditions

export const hasProgressDeadline = (d: Pick<DeploymentModel, 'progressDeadlineSeconds'>): boolean =>
  d.progressDeadlineSeconds !== null && d.progressDeadlineSeconds !== MAX_INT32;

export function getCondition(
  status: Pick<DeploymentStatusModel, 'conditions'>,
  type: Condition['type'],
): Condition | undefined {
  return status.conditions.find((c) => c.type === type);
}

/** `SetDeploymentCondition`: no-op for the same status+reason; keeps the transition time for the same status. */
export function setCondition(status: DeploymentStatusModel, c: Condition): void {
  const cur = getCondition(status, c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  const next = cur && cur.status === c.status ? { ...c, lastTransitionTime: cur.lastTransitionTime } : c;
  status.conditions = [...status.conditions.filter((x) => x.type !== c.type), next];
}

export function removeCondition(status: DeploymentStatusModel, type: Condition['type']): void {
  if (status.conditions.some((c) => c.type === type))
    status.conditions = status.conditions.filter((c) => c.type !== type);
}

type CompletionView = Pick<DeploymentModel, 'replicas' | 'generation'>;
type CountsView = Pick<
  DeploymentStatusModel,
  'replicas' | 'updatedReplicas' | 'availableReplicas' | 'observedGeneration'
>;

/** `DeploymentComplete` (§4.7). */
export function deploymentComplete(d: CompletionView, s: CountsView): boolean {
  return (
    s.updatedReplicas === d.replicas &&
    s.replicas === d.replicas &&
    s.availableReplicas === d.replicas &&
    s.observedGeneration >= d.generation
  );
}

type ProgressCounts = Pick<
  DeploymentStatusModel,
  'replicas' | 'updatedReplicas' | 'readyReplicas' | 'availableReplicas'
>;

/** `DeploymentProgressing`: more updated/ready/available pods, or fewer old pods, than the previous status. */
export function deploymentProgressing(old: ProgressCounts, s: ProgressCounts): boolean {
  return (
    s.updatedReplicas > old.updatedReplicas ||
    s.replicas - s.updatedReplicas < old.replicas - old.updatedReplicas ||
    s.readyReplicas > old.readyReplicas ||
    s.availableReplicas > old.availableReplicas
  );
}

/** `DeploymentTimedOut`: strict `lastUpdateTime + deadline < now`; sticky reasons short-circuit. */
export function deploymentTimedOut(
  d: Pick<DeploymentModel, 'progressDeadlineSeconds'>,
  s: Pick<DeploymentStatusModel, 'conditions'>,
  now: number,
): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(s, 'Progressing');
  if (!c) return false;
  if (c.reason === 'NewReplicaSetAvailable') return false;
  if (c.reason === 'ProgressDeadlineExceeded') return true;
  return c.lastUpdateTime + (d.progressDeadlineSeconds as number) < now;
}

/** `calculateStatus` (§4.7) without the conditions, which the callers set. */
export function calculateStatusCounts(
  allRSs: ReplicaSetModel[],
  newRS: ReplicaSetModel | undefined,
  d: DeploymentModel,
): DeploymentStatusModel {
  const available = sumAvailable(allRSs);
  const total = sumSpec(allRSs);
  const status: DeploymentStatusModel = {
    observedGeneration: d.generation,
    replicas: sumStatus(allRSs),
    updatedReplicas: newRS ? newRS.statusReplicas : 0,
    readyReplicas: sumReady(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    // A new array; the condition objects are shared (nothing mutates a condition once it is in a status).
    conditions: d.status.conditions.slice(),
  };
  const minimum = available >= d.replicas - maxUnavailable(d);
  const cur = getCondition(status, 'Available');
  // setCondition is a no-op for the same status and reason; skip building the condition then.
  if (
    cur &&
    cur.status === (minimum ? 'True' : 'False') &&
    cur.reason === (minimum ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable')
  )
    return status;
  if (minimum) {
    setCondition(
      status,
      condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', 0),
    );
  } else {
    setCondition(
      status,
      condition(
        'Available',
        'False',
        'MinimumReplicasUnavailable',
        'Deployment does not have minimum availability.',
        0,
      ),
    );
  }
  return status;
}

export function condition(
  type: Condition['type'],
  status: Condition['status'],
  reason: string,
  message: string,
  now: number,
): Condition {
  return { type, status, reason, message, lastUpdateTime: now, lastTransitionTime: now };
}

// ---------------------------------------------------------------- history cleanup

/**
 * `cleanupDeployment` (§4.10): which old RSs to delete. Only the `diff` lowest revisions are candidates,
 * and a candidate that still has pods is skipped, not replaced.
 */
export function replicaSetsToCleanUp(
  oldRSs: ReplicaSetModel[],
  revisionHistoryLimit: number | null,
): ReplicaSetModel[] {
  if (revisionHistoryLimit === null || revisionHistoryLimit === MAX_INT32) return [];
  const cleanable = oldRSs.filter((rs) => !rs.deleted);
  const diff = cleanable.length - revisionHistoryLimit;
  if (diff <= 0) return [];
  return [...cleanable]
    .sort(byRevision)
    .slice(0, diff)
    .filter((rs) => rs.statusReplicas === 0 && rs.specReplicas === 0 && rs.generation <= rs.observedGeneration);
}

// ---------------------------------------------------------------- Recreate

/** `oldPodsRunning` (§4.5): any old RS with status replicas, or any non-terminal pod outside the new RS. */
export function oldPodsRunning(
  newRS: ReplicaSetModel | undefined,
  oldRSs: ReplicaSetModel[],
  podPhasesByRS: ReadonlyMap<string, readonly string[]>,
): boolean {
  if (sumStatus(oldRSs) > 0) return true;
  for (const [rsName, phases] of podPhasesByRS) {
    if (newRS && rsName === newRS.name) continue;
    if (phases.some((p) => p !== 'Failed' && p !== 'Succeeded')) return true;
  }
  return false;
}
