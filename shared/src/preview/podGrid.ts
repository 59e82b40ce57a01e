/**
 * The pod-level view of the preview: at any row of the timeline, every pod as a small cell grouped by
 * ReplicaSet (Deployment), listed by ordinal (StatefulSet) or by node (DaemonSet), with its revision and state — the
 * at-a-glance picture of Argo Rollouts' dashboard.
 *
 * The model carries a compact source (`PodGridSource`, size O(rows), not rows × pods); `podGridAt`
 * expands one row on demand (the webview calls it when the scrubber moves).
 *
 * What the cells can know: the plan gives pod counts per revision and the available (Deployment) or
 * Ready (StatefulSet) total after every row, and the StatefulSet pod of every controller action.
 * Which pods are the available ones is derived, not simulated: pods that existed longer become
 * available first (the controllers' pods start in creation order with the same timing model,
 * `sim/timing.ts`). Pods a row scales away are shown terminating on that row. Pods not yet
 * available are `starting` until a Warning row of the timeline (readiness probe failed, progress
 * deadline exceeded): from then on they are `failed`.
 *
 * Pure: no vscode, no DOM, no Node.
 */
import type { Plan } from '../sim/types';
import type { Row } from './viewModel';

export type PodState = 'available' | 'ready' | 'starting' | 'terminating' | 'failed';
export type PodRevision = 'old' | 'new';

/** One StatefulSet controller action, on the row that shows it. */
export interface StatefulDelta {
  row: number;
  pod: string;
  ordinal: number;
  action: 'create' | 'delete' | 'update';
  revision: PodRevision;
}

export type PodGridSource =
  | {
      kind: 'Deployment';
      /** `names`: the plan's example pod names of the group's ReplicaSets (newest first), for the first cells. */
      groups: Record<PodRevision, { label: string; names?: string[] }>;
      /** The pod-template-hash of the new ReplicaSet (simulated), for the names' caveat. */
      hash?: string;
    }
  | {
      /** DaemonSet: `ordinal` is the node's number (`node-3` → 3) and `pod` reads `<pod> on <node>`. */
      kind: 'StatefulSet' | 'DaemonSet';
      /** Pods before the first row (none for `create`). */
      initial: Array<{ pod: string; ordinal: number; revision: PodRevision }>;
      deltas: StatefulDelta[];
    };

export interface PodCell {
  name: string;
  revision: PodRevision;
  state: PodState;
}

export interface PodGroup {
  label: string;
  revision: PodRevision;
  cells: PodCell[];
  /** Pods beyond the cell limit (shown as `+N`), counted in `counts`. */
  more: number;
  /** Pods per state in this group (all of them, not only the shown cells). */
  counts: Partial<Record<PodState, number>>;
}

/** Cells per group shown at most (a 10,000-replica plan shows 200 cells and `+9,800`). */
export const MAX_CELLS_PER_GROUP = 200;

const POD_ORDINAL = /-(\d+)$/;

/** The compact grid source of a plan; `rows` are the view model's rows of the same plan. */
export function buildPodGridSource(plan: Plan, rows: readonly Row[]): PodGridSource {
  if (plan.kind === 'Deployment') {
    const label = (role: PodRevision): string => {
      const rs = plan.replicaSets.find((r) => r.role === role);
      return rs ? `${role} ReplicaSet ${rs.name} (revision ${rs.revision})` : `${role} ReplicaSet`;
    };
    // Example names of the role's ReplicaSets that still exist, newest first (the ones with pods come first).
    const names = (role: PodRevision): string[] =>
      plan.replicaSets
        .filter((r) => r.role === role && r.exists)
        .reverse()
        .flatMap((r) => r.examplePodNames);
    const hash = plan.replicaSets.find((r) => r.role === 'new')?.podTemplateHash;
    return {
      kind: 'Deployment',
      groups: { old: { label: label('old'), names: names('old') }, new: { label: label('new'), names: names('new') } },
      ...(hash ? { hash } : {}),
    };
  }
  const revisionOf = (r: string): PodRevision => (r === plan.updateRevision ? 'new' : 'old');
  if (plan.kind === 'DaemonSet') return daemonSetGridSource(plan, rows, revisionOf);
  const ordinalOf = (pod: string): number => Number(POD_ORDINAL.exec(pod)?.[1] ?? 0);
  // The controller actions appear as SuccessfulCreate / SuccessfulDelete rows, in plan order.
  const deltas: StatefulDelta[] = [];
  let s = 0;
  rows.forEach((r, i) => {
    const step = plan.steps[s];
    if (!step || r.from !== 'statefulset-controller' || !/^Successful(Create|Delete)$/.test(r.reason) || r.t !== step.t)
      return;
    deltas.push({
      row: i,
      pod: step.pod,
      ordinal: ordinalOf(step.pod),
      action: step.action,
      revision: revisionOf(step.revision),
    });
    s++;
  });
  const firstAction = new Map<string, string>();
  for (const st of plan.steps) if (!firstAction.has(st.pod)) firstAction.set(st.pod, st.action);
  const names = [...new Set([...plan.pods.map((p) => p.name), ...firstAction.keys()])];
  const initial =
    plan.scenario.name === 'create'
      ? []
      : names
          .filter((n) => firstAction.get(n) !== 'create')
          .map((pod) => ({ pod, ordinal: ordinalOf(pod), revision: 'old' as PodRevision })) // as the chart: older than the update
          .sort((a, b) => a.ordinal - b.ordinal);
  return { kind: 'StatefulSet', initial, deltas };
}

/** DaemonSet: the controller's pod actions by node; pods before the first row from the steps and the final nodes. */
function daemonSetGridSource(
  plan: Extract<Plan, { kind: 'DaemonSet' }>,
  rows: readonly Row[],
  revisionOf: (r: string) => PodRevision,
): PodGridSource {
  const nodeNumber = (node: string): number => Number(POD_ORDINAL.exec(node)?.[1] ?? 0);
  const label = (pod: string, node: string): string => `${pod} on ${node}`;
  const deltas: StatefulDelta[] = [];
  let s = 0;
  rows.forEach((r, i) => {
    const step = plan.steps[s];
    if (!step || r.from !== 'daemonset-controller' || !/^Successful(Create|Delete)$/.test(r.reason) || r.t !== step.t)
      return;
    deltas.push({
      row: i,
      pod: label(step.pod, step.node),
      ordinal: nodeNumber(step.node),
      action: step.action,
      revision: revisionOf(step.revision),
    });
    s++;
  });
  const created = new Set(plan.steps.filter((st) => st.action === 'create').map((st) => st.pod));
  const initial = new Map<string, { pod: string; ordinal: number; revision: PodRevision }>();
  for (const st of plan.steps) {
    if (st.action === 'delete' && !created.has(st.pod))
      initial.set(st.pod, {
        pod: label(st.pod, st.node),
        ordinal: nodeNumber(st.node),
        revision: revisionOf(st.revision),
      });
  }
  for (const node of plan.nodes) {
    for (const p of node.pods) {
      if (!created.has(p.name))
        initial.set(p.name, {
          pod: label(p.name, node.name),
          ordinal: nodeNumber(node.name),
          revision: revisionOf(p.revision),
        });
    }
  }
  return { kind: 'DaemonSet', initial: [...initial.values()].sort((a, b) => a.ordinal - b.ordinal), deltas };
}

/**
 * Whether a failure row (readiness probe failed, progress deadline exceeded, pod creation failed) is at or before
 * `row`: pods not available after it have failed. Other warnings (`Available=False MinimumReplicasUnavailable` while
 * new pods start) are not failures.
 */
function failedSince(rows: readonly Row[], row: number): boolean {
  for (let i = 0; i <= row && i < rows.length; i++) {
    const r = rows[i] as Row;
    if (r.type === 'Warning' && FAILURE.test(`${r.reason} ${r.message}`)) return true;
  }
  return false;
}
const FAILURE = /Unhealthy|readiness probe|ProgressDeadlineExceeded|FailedCreate|timed out/;

function group(label: string, revision: PodRevision, cells: PodCell[]): PodGroup {
  const counts: Partial<Record<PodState, number>> = {};
  for (const c of cells) counts[c.state] = (counts[c.state] ?? 0) + 1;
  const shown = cells.slice(0, MAX_CELLS_PER_GROUP);
  return { label, revision, cells: shown, more: cells.length - shown.length, counts };
}

/** The pods at `row` (-1 = before the first row), grouped. */
export function podGridAt(src: PodGridSource, rows: readonly Row[], row: number): PodGroup[] {
  const r = Math.min(row, rows.length - 1);
  const failed = r >= 0 && failedSince(rows, r);
  const notAvailable: PodState = failed ? 'failed' : 'starting';
  if (src.kind === 'Deployment') {
    const counts = r >= 0 ? (rows[r] as Row).counts : (rows[0]?.counts ?? [0, 0, 0]);
    const before = r > 0 ? (rows[r - 1] as Row).counts : counts;
    const [old = 0, fresh = 0, available = 0] = counts;
    // Old pods ran before the rollout: they are the available ones first.
    const oldAvailable = Math.min(old, available);
    const newAvailable = Math.min(fresh, available - oldAvailable);
    const cellsOf = (role: PodRevision, n: number, avail: number, was: number): PodCell[] => {
      const known = src.groups[role].names ?? [];
      const name = (i: number): string => known[i] ?? `${role} pod ${i + 1}`;
      const cells: PodCell[] = [];
      for (let i = 0; i < n; i++)
        cells.push({ name: name(i), revision: role, state: i < avail ? 'available' : notAvailable });
      // Pods this row scaled away are shown terminating on it.
      for (let i = n; i < was; i++) cells.push({ name: name(i), revision: role, state: 'terminating' });
      return cells;
    };
    return [
      group(src.groups.old.label, 'old', cellsOf('old', old, oldAvailable, r > 0 ? (before[0] ?? 0) : old)),
      group(src.groups.new.label, 'new', cellsOf('new', fresh, newAvailable, r > 0 ? (before[1] ?? 0) : fresh)),
    ];
  }
  // StatefulSet: replay the controller actions up to `row`, oldest pods first for readiness.
  const pods = new Map<string, { ordinal: number; revision: PodRevision; since: number }>();
  let order = 0;
  for (const p of src.initial) pods.set(p.pod, { ordinal: p.ordinal, revision: p.revision, since: order++ });
  const terminating: StatefulDelta[] = [];
  for (const d of src.deltas) {
    if (d.row > r) break;
    if (d.action === 'create') pods.set(d.pod, { ordinal: d.ordinal, revision: d.revision, since: order++ });
    else {
      pods.delete(d.pod);
      if (d.row === r) terminating.push(d);
    }
  }
  const ready = r >= 0 ? ((rows[r] as Row).counts[2] ?? 0) : pods.size;
  const byAge = [...pods.entries()].sort((a, b) => a[1].since - b[1].since);
  const readySet = new Set(byAge.slice(0, ready).map(([name]) => name));
  const cells: Array<PodCell & { ordinal: number }> = [...pods.entries()].map(([name, p]) => ({
    name,
    ordinal: p.ordinal,
    revision: p.revision,
    state: readySet.has(name) ? (src.kind === 'DaemonSet' ? 'available' : 'ready') : notAvailable,
  }));
  for (const d of terminating)
    cells.push({
      name: d.pod,
      ordinal: d.ordinal,
      revision: d.action === 'update' ? 'old' : d.revision,
      state: 'terminating',
    });
  cells.sort((a, b) => a.ordinal - b.ordinal);
  return [
    group(
      src.kind === 'DaemonSet' ? 'pods by node' : 'pods by ordinal',
      'new',
      cells.map(({ ordinal: _o, ...c }) => c),
    ),
  ];
}

/** A pod's state in the Names list: running (Ready), starting (not Ready yet), not ready (failed), terminating. */
export type NameState = 'running' | 'starting' | 'not ready' | 'terminating';

const NAME_STATE: Readonly<Record<PodState, NameState>> = {
  available: 'running',
  ready: 'running',
  starting: 'starting',
  failed: 'not ready',
  terminating: 'terminating',
};
const NAME_STATE_ORDER: readonly NameState[] = ['running', 'starting', 'not ready', 'terminating'];

/** Names listed per group at most; the rest is an exact `+N more`. */
export const MAX_NAMES_PER_GROUP = 12;

export interface NameGroup {
  label: string;
  /** What in these names is simulated (next to the names, not only in the notes). */
  caveat: string;
  /** Pods listed, by state (running, starting, not ready, terminating). */
  pods: Array<{ name: string; state: NameState }>;
  /** Pods of the group that exist at the row but are not listed (exact). */
  more: number;
  /** Pods of the group per state (all of them). */
  counts: Partial<Record<NameState, number>>;
}

/** What in a kind's names is simulated, said next to the names (panel Names list, CLI tables). */
export function namesCaveat(kind: Plan['kind'], hash?: string): string {
  return kind === 'Deployment'
    ? `the pod-template-hash${hash ? ` (${hash})` : ''} and the 5-character suffixes are simulated: the cluster’s differ`
    : kind === 'StatefulSet'
      ? 'pod names are exact; the revision hash is simulated: the cluster’s differs'
      : 'the 5-character suffixes and the revision hash are simulated: the cluster’s differ';
}

/**
 * The Names list at `row`: the pods that exist (running, starting, not ready, terminating), per ReplicaSet role
 * (Deployment) or one group (StatefulSet, DaemonSet), with an exact `more` when shortened. Deployment pods have names
 * only for the plan's example pods of each ReplicaSet; the others are counted in `more`.
 */
export function namesAt(src: PodGridSource, rows: readonly Row[], row: number): NameGroup[] {
  const caveat = namesCaveat(src.kind, src.kind === 'Deployment' ? src.hash : undefined);
  return podGridAt(src, rows, row).map((g) => {
    const counts: Partial<Record<NameState, number>> = {};
    let total = 0;
    for (const [st, n] of Object.entries(g.counts) as Array<[PodState, number]>) {
      counts[NAME_STATE[st]] = (counts[NAME_STATE[st]] ?? 0) + n;
      total += n;
    }
    const known = src.kind === 'Deployment' ? new Set(src.groups[g.revision].names ?? []) : undefined;
    const named = g.cells
      .filter((c) => known === undefined || known.has(c.name))
      .map((c) => ({ name: c.name, state: NAME_STATE[c.state] }));
    // Shortened, the list keeps the pods that are changing (starting, not ready, terminating) before running ones,
    // so the pod a row is about is named; shown by state.
    const changing = (p: { state: NameState }) => (p.state === 'running' ? 1 : 0);
    const pods = named
      .sort((a, b) => changing(a) - changing(b))
      .slice(0, MAX_NAMES_PER_GROUP)
      .sort((a, b) => NAME_STATE_ORDER.indexOf(a.state) - NAME_STATE_ORDER.indexOf(b.state));
    return { label: g.label, caveat, pods, more: total - pods.length, counts };
  });
}

/** `+7 more (5 running, 2 starting)`: the exact rest of a shortened Names list; '' when nothing is left out. */
export function moreText(g: NameGroup): string {
  if (g.more <= 0) return '';
  const left: Partial<Record<NameState, number>> = { ...g.counts };
  for (const p of g.pods) left[p.state] = (left[p.state] ?? 0) - 1;
  const parts = NAME_STATE_ORDER.filter((st) => (left[st] ?? 0) > 0).map((st) => `${left[st]} ${st}`);
  return `+${g.more.toLocaleString('en-US')} more${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

/** The most pods at once over the whole timeline (old + new, not counting terminating ones): the chart's y-axis top. */
export function maxPods(rows: readonly Row[]): number {
  let max = 0;
  for (const r of rows) max = Math.max(max, (r.counts[0] ?? 0) + (r.counts[1] ?? 0));
  return max;
}

/** The `all pods` series (old + new per row) as step-function points, for the chart. */
export function totalPoints(rows: readonly Row[], tEnd: number): Array<[number, number]> {
  const first = rows[0];
  if (!first)
    return [
      [0, 0],
      [tEnd, 0],
    ];
  let last = (first.counts[0] ?? 0) + (first.counts[1] ?? 0);
  const points: Array<[number, number]> = [[0, last]];
  for (const r of rows) {
    const v = (r.counts[0] ?? 0) + (r.counts[1] ?? 0);
    if (v === last) continue;
    points.push([r.t, last], [r.t, v]);
    last = v;
  }
  points.push([Math.max(tEnd, points[points.length - 1]?.[0] ?? 0), last]);
  return points;
}
