/**
 * One `syncDaemonSet` of the DaemonSet controller (kubernetes `pkg/controller/daemon`, v1.34), over in-memory
 * pods whose state is a set of timestamps (see ../timing.ts). Read from:
 * - `daemon_controller.go`: `syncDaemonSet` → `updateDaemonSet` = `manage` (`podsShouldBeOnNode` per node,
 *   then `syncNodes`) and, only when the expectations of the previous writes are satisfied, `rollingUpdate`;
 *   `updateDaemonSetStatus` (the oldest pod of each node decides ready/available/updated).
 * - `update.go`: `rollingUpdate` (the maxSurge == 0 path and the surge path), `findUpdatedPodsOnNode`,
 *   `updatedDesiredNodeCounts`, `constructHistory`, `cleanupHistory`.
 * - `util/daemonset_util.go`: `SurgeCount`, `UnavailableCount`, `AllowsSurge` (percentages rounded UP).
 *
 * The simulated cluster runs every controller write instantly, so "expectations satisfied" is modelled as: a
 * sync in which `manage` wrote nothing runs `rollingUpdate`; a sync in which it wrote returns, and the next
 * sync (same instant) continues. Go iterates `nodeToDaemonPods` (a map) in random order; the simulator takes
 * the nodes in node-list order, so WHICH nodes are picked first is an assumption, HOW MANY is the controller's.
 */
import { getScaledValueFromIntOrPercent, type IntOrString } from '../intstr';
import { secondsReadyToAvailable } from '../timing';

export interface DaemonPod {
  name: string;
  node: string;
  /** The `controller-revision-hash` label: the hash part of the ControllerRevision name. */
  hash: string;
  createdAt: number;
  runningAt: number;
  /** Infinity = never Ready. */
  readyAt: number;
  /** Ready ends at this time (crash loop). Infinity = never. */
  notReadyAt: number;
  /** Set once the pod has a deletionTimestamp. */
  deletedAt?: number;
}

export interface DaemonSetModel {
  name: string;
  updateStrategy: 'RollingUpdate' | 'OnDelete';
  /** Defaulted (`SetDefaults_DaemonSet`: 1). */
  maxUnavailable: IntOrString;
  /** Defaulted (`SetDefaults_DaemonSet`: 0). */
  maxSurge: IntOrString;
  minReadySeconds: number;
  /** Hash of the current ControllerRevision (`cur.Labels[DefaultDaemonSetUniqueLabelKey]`). */
  hash: string;
}

/** Why the controller created or deleted a pod (shown on the timeline). */
export type DaemonAction =
  | 'missing' // manage: the node should run a pod and has none (also after the old pod is gone)
  | 'surge' // rollingUpdate (surge): new pod beside the old one
  | 'replace-unavailable' // rollingUpdate: the old pod is not available, replaced regardless of the budget
  | 'rolling-update' // rollingUpdate (maxSurge 0): old available pod deleted within maxUnavailable
  | 'surge-done' // the new pod beside it is available: the old one is deleted
  | 'excess' // manage: more pods on the node than allowed
  | 'not-ready-old'; // manage (surge): the old pod is no longer Ready, the new one replaces it

export interface DaemonEffects {
  create(node: string, why: DaemonAction, batch: number): void;
  delete(pod: DaemonPod, why: DaemonAction): void;
}

/** `DaemonSetsController.burstReplicas` (`BurstReplicas = 250` in daemon_controller.go): creates/deletes per sync. */
export const BURST_REPLICAS = 250;
/** `controller.SlowStartInitialBatchSize`: creates go in batches 1, 2, 4, … (all in one sync). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

export const isTerminating = (p: DaemonPod): boolean => p.deletedAt !== undefined;
/** `podutil.IsPodReady`; a terminating pod counts as not Ready (the kubelet stops it). */
export const isReady = (p: DaemonPod, now: number): boolean =>
  !isTerminating(p) && now >= p.readyAt && now < p.notReadyAt;
/** `podutil.IsPodAvailable(pod, minReadySeconds, now)`: Ready for more than minReadySeconds (strict, §2.2). */
export const isAvailable = (p: DaemonPod, now: number, minReadySeconds: number): boolean =>
  isReady(p, now) && now >= p.readyAt + secondsReadyToAvailable(minReadySeconds);

/** `util.SurgeCount`: 0 for OnDelete, else maxSurge of `numberToSchedule`, rounded up. */
export function surgeCount(ds: Pick<DaemonSetModel, 'updateStrategy' | 'maxSurge'>, numberToSchedule: number): number {
  if (ds.updateStrategy !== 'RollingUpdate') return 0;
  return getScaledValueFromIntOrPercent(ds.maxSurge, numberToSchedule, true);
}

/** `util.UnavailableCount`: 0 for OnDelete, else maxUnavailable of `numberToSchedule`, rounded up. */
export function unavailableCount(
  ds: Pick<DaemonSetModel, 'updateStrategy' | 'maxUnavailable'>,
  numberToSchedule: number,
): number {
  if (ds.updateStrategy !== 'RollingUpdate') return 0;
  return getScaledValueFromIntOrPercent(ds.maxUnavailable, numberToSchedule, true);
}

/** `util.AllowsSurge`: `SurgeCount(ds, 1) > 0`, so any non-zero maxSurge ("1%" too) allows a second pod per node. */
export const allowsSurge = (ds: Pick<DaemonSetModel, 'updateStrategy' | 'maxSurge'>): boolean => surgeCount(ds, 1) > 0;

/**
 * `updatedDesiredNodeCounts`: both numbers against the nodes that should run the pod; an impossible 0/0
 * (the API server rejects it, §ValidateRollingUpdateDaemonSet) falls back to maxUnavailable 1.
 */
export function updatedDesiredNodeCounts(
  ds: DaemonSetModel,
  desiredNumberScheduled: number,
): { maxSurge: number; maxUnavailable: number } {
  let maxUnavailable = unavailableCount(ds, desiredNumberScheduled);
  const maxSurge = surgeCount(ds, desiredNumberScheduled);
  if (desiredNumberScheduled > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** `podByCreationTimestampAndPhase` (all simulated pods are scheduled): oldest first, ties by name. */
export function byCreation(a: DaemonPod, b: DaemonPod): number {
  return a.createdAt !== b.createdAt ? a.createdAt - b.createdAt : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** `getNodesToDaemonPods`: pods grouped by node (terminating pods included), in node-list order then the rest. */
export function nodesToDaemonPods(pods: readonly DaemonPod[], nodes: readonly string[]): Map<string, DaemonPod[]> {
  const byNode = new Map<string, DaemonPod[]>();
  for (const n of nodes) byNode.set(n, []);
  for (const p of pods) {
    const list = byNode.get(p.node);
    if (list) list.push(p);
    else byNode.set(p.node, [p]);
  }
  for (const [n, list] of byNode) if (list.length === 0) byNode.delete(n);
  return byNode;
}

/**
 * `findUpdatedPodsOnNode`: the non-deleted new and old pod of a node; `ok` false when there are two of
 * either (the manage loop prunes them first).
 */
export function findUpdatedPodsOnNode(
  pods: readonly DaemonPod[],
  hash: string,
): { newPod?: DaemonPod; oldPod?: DaemonPod; ok: boolean } {
  let newPod: DaemonPod | undefined;
  let oldPod: DaemonPod | undefined;
  for (const p of pods) {
    if (isTerminating(p)) continue;
    if (p.hash === hash) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

/**
 * `podsShouldBeOnNode` for a node that should run the pod (every simulated node matches). A node with
 * no pod object at all needs one; a node whose only pod is terminating does NOT, unless surge is allowed
 * ("we need to have at least one non-deleted pod on the node"): without surge the replacement waits until
 * the old pod object is gone.
 */
export function podsShouldBeOnNode(
  ds: DaemonSetModel,
  daemonPods: readonly DaemonPod[] | undefined,
  now: number,
): { create: boolean; remove: { pod: DaemonPod; why: DaemonAction }[] } {
  if (daemonPods === undefined) return { create: true, remove: [] };
  // Restart policy Always: simulated pods never reach phase Failed/Succeeded, so none is deleted for that.
  const running = daemonPods.filter((p) => !isTerminating(p)).sort(byCreation);
  if (!allowsSurge(ds)) {
    return { create: false, remove: running.slice(1).map((pod) => ({ pod, why: 'excess' as const })) };
  }
  if (running.length <= 1) return { create: running.length === 0, remove: [] };
  // Surge: keep the oldest new and the oldest old pod; the old one goes once it is not Ready or the new one is
  // available.
  let oldestNew: DaemonPod | undefined;
  let oldestOld: DaemonPod | undefined;
  const remove: { pod: DaemonPod; why: DaemonAction }[] = [];
  for (const p of running) {
    if (p.hash === ds.hash && !oldestNew) oldestNew = p;
    else if (p.hash !== ds.hash && !oldestOld) oldestOld = p;
    else remove.push({ pod: p, why: 'excess' });
  }
  if (oldestNew && oldestOld) {
    if (!isReady(oldestOld, now)) remove.push({ pod: oldestOld, why: 'not-ready-old' });
    else if (isAvailable(oldestNew, now, ds.minReadySeconds)) remove.push({ pod: oldestOld, why: 'surge-done' });
  }
  return { create: false, remove };
}

/**
 * `syncNodes`: at most `BURST_REPLICAS` creates and deletes per sync; creates in slow-start batches
 * (1, 2, 4, …), every new pod labelled with the current hash (so OnDelete's new nodes get the new template).
 */
export function syncNodes(
  podsToDelete: readonly { pod: DaemonPod; why: DaemonAction }[],
  nodesNeedingPods: readonly { node: string; why: DaemonAction }[],
  fx: DaemonEffects,
): boolean {
  const createDiff = Math.min(nodesNeedingPods.length, BURST_REPLICAS);
  const deleteDiff = Math.min(podsToDelete.length, BURST_REPLICAS);
  let batch = 0;
  for (let pos = 0, size = Math.min(createDiff, SLOW_START_INITIAL_BATCH_SIZE); pos < createDiff;) {
    for (let i = pos; i < pos + size; i++) fx.create(nodesNeedingPods[i].node, nodesNeedingPods[i].why, batch);
    pos += size;
    size = Math.min(2 * size, createDiff - pos);
    batch++;
  }
  for (let i = 0; i < deleteDiff; i++) fx.delete(podsToDelete[i].pod, podsToDelete[i].why);
  return createDiff + deleteDiff > 0;
}

/** `manage`: every node of the node list through `podsShouldBeOnNode`, then `syncNodes`. Returns whether it wrote. */
export function manage(
  ds: DaemonSetModel,
  nodes: readonly string[],
  pods: readonly DaemonPod[],
  now: number,
  fx: DaemonEffects,
): boolean {
  const byNode = nodesToDaemonPods(pods, nodes);
  const create: { node: string; why: DaemonAction }[] = [];
  const remove: { pod: DaemonPod; why: DaemonAction }[] = [];
  for (const node of nodes) {
    const r = podsShouldBeOnNode(ds, byNode.get(node), now);
    if (r.create) create.push({ node, why: 'missing' });
    remove.push(...r.remove);
  }
  return syncNodes(remove, create, fx);
}

/**
 * `rollingUpdate` (update.go). Without surge: old pods that are not available are deleted regardless;
 * available old pods are deleted while the number of unavailable nodes (no pod, a terminating pod only,
 * an unavailable new pod, or both pods) stays below maxUnavailable. The replacement is created by `manage`
 * once the old pod object is gone. With surge: a new pod is created beside an available old pod on up to
 * maxSurge nodes (and at once where the old pod is unavailable); the old pod is deleted once the new one
 * is available. maxUnavailable is not read on the surge path.
 *
 * `nodes` is the node list; `pods` may include pods on nodes that left the list (they are still in
 * `nodeToDaemonPods`). Returns whether it wrote; `blocked` when the Go code would return an error.
 */
export function rollingUpdate(
  ds: DaemonSetModel,
  nodes: readonly string[],
  pods: readonly DaemonPod[],
  now: number,
  fx: DaemonEffects,
): { wrote: boolean; blocked?: string } {
  const byNode = nodesToDaemonPods(pods, nodes);
  for (const n of nodes) if (!byNode.has(n)) byNode.set(n, []);
  const { maxSurge, maxUnavailable } = updatedDesiredNodeCounts(ds, nodes.length);
  const available = (p: DaemonPod) => isAvailable(p, now, ds.minReadySeconds);
  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: DaemonPod[] = [];
    const candidates: DaemonPod[] = [];
    for (const [, nodePods] of byNode) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(nodePods, ds.hash);
      if (!ok || (!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod && !available(oldPod)) {
        allowed.push(oldPod);
        numUnavailable++;
      } else if (oldPod && numUnavailable < maxUnavailable) candidates.push(oldPod);
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    const toDelete = [
      ...allowed.map((pod) => ({ pod, why: 'replace-unavailable' as const })),
      ...candidates.slice(0, remaining).map((pod) => ({ pod, why: 'rolling-update' as const })),
    ];
    return { wrote: syncNodes(toDelete, [], fx) };
  }
  const oldToDelete: { pod: DaemonPod; why: DaemonAction }[] = [];
  const allowedNew: string[] = [];
  const candidateNew: string[] = [];
  let numSurge = 0;
  const inList = new Set(nodes);
  for (const [node, nodePods] of byNode) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(nodePods, ds.hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (!oldPod) continue;
    if (!newPod) {
      // `dsc.nodeLister.Get(nodeName)` fails for a node that left the cluster: the sync returns an error.
      if (!inList.has(node)) return { wrote: false, blocked: `node ${node} no longer exists` };
      if (!available(oldPod)) allowedNew.push(node);
      else if (numSurge < maxSurge) candidateNew.push(node);
      continue;
    }
    if (!available(newPod)) numSurge++;
    else oldToDelete.push({ pod: oldPod, why: 'surge-done' });
  }
  const remaining = Math.min(Math.max(0, maxSurge - numSurge), candidateNew.length);
  const create = [
    ...allowedNew.map((node) => ({ node, why: 'replace-unavailable' as const })),
    ...candidateNew.slice(0, remaining).map((node) => ({ node, why: 'surge' as const })),
  ];
  return { wrote: syncNodes(oldToDelete, create, fx) };
}

/** `syncDaemonSet` → `updateDaemonSet`: manage, then (expectations satisfied) the rolling update. */
export function syncDaemonSet(
  ds: DaemonSetModel,
  nodes: readonly string[],
  pods: readonly DaemonPod[],
  now: number,
  fx: DaemonEffects,
): { wrote: boolean; blocked?: string } {
  if (manage(ds, nodes, pods, now, fx)) return { wrote: true };
  if (ds.updateStrategy === 'OnDelete') return { wrote: false };
  return rollingUpdate(ds, nodes, pods, now, fx);
}

export interface DaemonSetStatus {
  desiredNumberScheduled: number;
  currentNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

/**
 * `updateDaemonSetStatus`: per node of the list, only the OLDEST pod (terminating ones included) counts
 * for ready/available/updated — so a surge rollout is complete only once the old pods are gone.
 */
export function daemonSetStatus(
  ds: DaemonSetModel,
  nodes: readonly string[],
  pods: readonly DaemonPod[],
  now: number,
): DaemonSetStatus {
  const byNode = nodesToDaemonPods(pods, nodes);
  const s: DaemonSetStatus = {
    desiredNumberScheduled: nodes.length,
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    numberReady: 0,
    updatedNumberScheduled: 0,
    numberAvailable: 0,
    numberUnavailable: 0,
  };
  for (const node of nodes) {
    const list = byNode.get(node);
    if (!list) continue;
    s.currentNumberScheduled++;
    const oldest = [...list].sort(byCreation)[0];
    if (isReady(oldest, now)) {
      s.numberReady++;
      if (isAvailable(oldest, now, ds.minReadySeconds)) s.numberAvailable++;
    }
    if (oldest.hash === ds.hash) s.updatedNumberScheduled++;
  }
  s.numberUnavailable = s.desiredNumberScheduled - s.numberAvailable;
  return s;
}

/** kubectl's `DaemonSetStatusViewer`: rolled out when every desired node has an updated, available pod. */
export function rolloutComplete(s: DaemonSetStatus): boolean {
  return s.updatedNumberScheduled >= s.desiredNumberScheduled && s.numberAvailable >= s.desiredNumberScheduled;
}

export interface HistoryEntry {
  /** `<ds>-<hash>` (`snapshot`: `ds.Name + "-" + ComputeHash(&template, collisionCount)`, not truncated). */
  name: string;
  hash: string;
  templateKey: string;
  revision: number;
}

/**
 * `constructHistory`: the history whose data matches the template is the current one (its revision is
 * raised to max(old)+1 when lower: a rollback); otherwise a new one is snapshotted with revision max(old)+1.
 */
export function constructHistory(
  history: readonly HistoryEntry[],
  templateKey: string,
  snapshot: () => { name: string; hash: string },
): { history: HistoryEntry[]; cur: HistoryEntry } {
  const old = history.filter((h) => h.templateKey !== templateKey);
  const next = old.reduce((m, h) => Math.max(m, h.revision), 0) + 1;
  const found = history.find((h) => h.templateKey === templateKey);
  if (!found) {
    const cur = { ...snapshot(), templateKey, revision: next };
    return { history: [...history, cur], cur };
  }
  const cur = found.revision < next ? { ...found, revision: next } : found;
  return { history: history.map((h) => (h === found ? cur : h)), cur };
}

/** `cleanupHistory`: beyond revisionHistoryLimit old revisions, delete the oldest ones no live pod uses. */
export function cleanupHistory(
  history: readonly HistoryEntry[],
  curName: string,
  limit: number,
  pods: readonly DaemonPod[],
): HistoryEntry[] {
  const old = history.filter((h) => h.name !== curName).sort((a, b) => a.revision - b.revision);
  let toKill = old.length - limit;
  if (toKill <= 0) return [...history];
  const liveHashes = new Set(pods.map((p) => p.hash));
  const killed = new Set<string>();
  for (const h of old) {
    if (toKill <= 0) break;
    if (liveHashes.has(h.hash)) continue;
    killed.add(h.name);
    toKill--;
  }
  return history.filter((h) => !killed.has(h.name));
}
