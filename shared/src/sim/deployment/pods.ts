/**
 * Pods of the simulated ReplicaSets, tracked as cohorts (pods created together share every
 * timestamp), so a 10,000-replica rollout costs a handful of objects instead of 10,000.
 * Times come from the timing module; this file only applies the ReplicaSet controller's rules
 * (kubernetes-controllers.md §2.3): active pods, readiness/availability, and victim order on scale-down.
 */
import { secondsReadyToAvailable } from '../timing';

export interface Cohort {
  rs: string;
  count: number;
  createdAt: number;
  runningAt: number;
  /** Infinity = never Ready. */
  readyAt: number;
  /** Infinity = never fails; at this time the pod turns NotReady for good (crash loop). */
  failAt: number;
}

export interface Terminating {
  rs: string;
  count: number;
  goneAt: number;
}

export interface RsCounts {
  replicas: number;
  ready: number;
  available: number;
}

const isReady = (c: Cohort, t: number): boolean => t >= c.readyAt && t < c.failAt;
const isAvailable = (c: Cohort, t: number, minReadySeconds: number): boolean =>
  isReady(c, t) && t >= c.readyAt + secondsReadyToAvailable(minReadySeconds);

/** RS status as the ReplicaSet controller computes it (`calculateStatus`). */
export function countCohorts(cohorts: readonly Cohort[], t: number, minReadySeconds: number): RsCounts {
  let replicas = 0;
  let ready = 0;
  let available = 0;
  for (const c of cohorts) {
    replicas += c.count;
    if (isReady(c, t)) ready += c.count;
    if (isAvailable(c, t, minReadySeconds)) available += c.count;
  }
  return { replicas, ready, available };
}

/**
 * `ActivePodsWithRanks` order, earliest = deleted first: Pending before Running, not-ready before
 * ready, ready for a shorter time first, crash-looping (restarted) first, newer first.
 */
function deletionRank(c: Cohort, t: number): number[] {
  const running = t >= c.runningAt ? 1 : 0;
  const ready = isReady(c, t) ? 1 : 0;
  const readySince = ready ? -c.readyAt : 0;
  const restarted = t >= c.failAt ? 0 : 1;
  return [running, ready, readySince, restarted, -c.createdAt];
}

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Removes `n` pods from the cohorts in victim order; returns the remaining cohorts and the victims' count per cohort.
 */
export function pickVictims(cohorts: readonly Cohort[], n: number, t: number): { kept: Cohort[]; removed: number } {
  const order = [...cohorts].sort((a, b) => compareRanks(deletionRank(a, t), deletionRank(b, t)));
  let left = n;
  const kept: Cohort[] = [];
  for (const c of order) {
    const take = Math.min(left, c.count);
    left -= take;
    if (c.count > take) kept.push({ ...c, count: c.count - take });
  }
  return { kept, removed: n - left };
}

/** 0 = available for good, 1 = crash-looping for good, 2 = not settled (mergeSettled's classification). */
const settledKind = (c: Cohort, t: number, minReadySeconds: number): number =>
  c.failAt === Infinity && isAvailable(c, t, minReadySeconds) ? 0 : t >= c.failAt ? 1 : 2;

/**
 * Pods in a final state (available for good, or crash-looping for good) merge into one cohort per state,
 * first the available, then the failed cohort, then the others in their order. Returns `cohorts` itself
 * (no copy) when they are already in that form, which is the common case on every sync.
 */
export function mergeSettled(cohorts: readonly Cohort[], t: number, minReadySeconds: number): readonly Cohort[] {
  let previous = -1;
  let alreadyMerged = true;
  for (const c of cohorts) {
    const kind = settledKind(c, t, minReadySeconds);
    if (kind < previous || (kind === previous && kind < 2)) {
      alreadyMerged = false;
      break;
    }
    previous = kind;
  }
  if (alreadyMerged) return cohorts;
  const out: Cohort[] = [];
  let stable: Cohort | undefined;
  let failed: Cohort | undefined;
  for (const c of cohorts) {
    const settledAvailable = c.failAt === Infinity && isAvailable(c, t, minReadySeconds);
    const settledFailed = t >= c.failAt;
    if (settledAvailable)
      stable = stable ? { ...stable, count: stable.count + c.count, readyAt: Math.max(stable.readyAt, c.readyAt) } : c;
    else if (settledFailed) failed = failed ? { ...failed, count: failed.count + c.count } : c;
    else out.push(c);
  }
  return [...(stable ? [stable] : []), ...(failed ? [failed] : []), ...out];
}

/** The next moment a cohort's readiness or availability changes after `t`, or Infinity. */
export function nextCohortChange(c: Cohort, t: number, minReadySeconds: number): number {
  let m = Infinity;
  const available = c.readyAt + secondsReadyToAvailable(minReadySeconds);
  if (c.readyAt > t && c.readyAt < m) m = c.readyAt;
  if (available > t && available < m) m = available;
  if (c.failAt > t && c.failAt < m) m = c.failAt;
  return m;
}
