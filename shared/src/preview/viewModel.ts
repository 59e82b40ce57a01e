/**
 * Plan → what the preview panel shows: summary sentences, step rows worded like `kubectl describe`
 * events, chart series (pods per revision and available pods over time), and the names the
 * controllers create. The webview only renders this model; every string in it is inserted as text.
 *
 * Pure: no vscode, no DOM, no Node. Imports only types from the simulator.
 */
import type { DaemonSetPlan, DeploymentPlan, Plan, ScenarioName, StatefulSetPlan } from '../sim/types';
import { buildPodGridSource, type PodGridSource } from './podGrid';
import { nodesText } from '../sim/daemonset/simulate';

export interface Summary {
  /** e.g. `RollingUpdate` or `RollingUpdate, OrderedReady`. */
  strategy: string;
  /** The resolved numbers with the arithmetic spelled out (`maxSurge 25% of 10 → 3, rounded up`). */
  arithmetic: string[];
  /** `between 8 and 13 pods`. */
  bounds: string;
  /** `~45 s` plus how it compares with progressDeadlineSeconds. */
  duration: string;
  outcome: string;
  complete: boolean;
  notes: string[];
}

export interface Row {
  t: number;
  /** `45s`, `2m5s` (kubectl's age format). */
  age: string;
  type: 'Normal' | 'Warning';
  reason: string;
  from: string;
  message: string;
  /** Values of the chart series after this row (the chart's table equivalent). */
  counts: number[];
}

export interface Series {
  key: string;
  label: string;
  /** Step function: x (seconds) and y (pods) pairs, x non-decreasing. */
  points: Array<[number, number]>;
}

export interface Chart {
  tMax: number;
  yMax: number;
  series: Series[];
}

export interface ReplicaSetNames {
  role: 'old' | 'new';
  name: string;
  revision: number;
  pods: string[];
  exists: boolean;
}

export type PvcState = 'bound' | 'retained' | 're-attached' | 'deleted';

export interface StatefulPodNames {
  ordinal: number;
  name: string;
  hostname: string;
  fqdn: string;
  revision: string;
  pvcs: string[];
}

export type Names =
  | { kind: 'Deployment'; deployment: string; replicaSets: ReplicaSetNames[] }
  | {
      kind: 'StatefulSet';
      serviceName: string;
      pods: StatefulPodNames[];
      srv: Array<{ name: string; port: number; targets: string[] }>;
      /** PVC → state changes: the state from row `row` on (row -1 = before the first row). */
      pvcTimeline: Record<string, Array<{ row: number; state: PvcState }>>;
    }
  | {
      kind: 'DaemonSet';
      /** "runs on every node …" / "runs on the nodes that match …". */
      placement: string;
      /** ControllerRevisions at the end, oldest first. */
      revisions: Array<{ name: string; revision: number }>;
      /** Simulated nodes and the pods on them at the end. */
      nodes: Array<{ name: string; pods: Array<{ name: string; revision: string }> }>;
    };

export interface PreviewModel {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  name: string;
  namespace: string;
  scenario: ScenarioName;
  summary: Summary;
  rows: Row[];
  chart: Chart;
  names: Names;
  /** The pod-level view, expanded per row by `podGridAt` (podGrid.ts). */
  podGrid: PodGridSource;
  /** CodeLens text after `Preview rollout · `: `6 steps · ~45 s`. */
  lens: string;
}

/** kubectl's short duration: 45s, 2m5s, 1h3m. */
export function formatAge(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
}

/** `~45 s`, `~2 min 5 s`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `~${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `~${m} min ${s % 60} s` : `~${m} min`;
}

/**
 * Controller actions of a plan: Deployment `ScalingReplicaSet` steps (not the kubelet's `Unhealthy`
 * entries of fail-after), every StatefulSet pod create/delete/update.
 */
export function controllerSteps(plan: Plan): number {
  return plan.kind === 'Deployment'
    ? plan.steps.filter((s) => s.reason === 'ScalingReplicaSet').length
    : plan.steps.length;
}

/**
 * A StatefulSet or DaemonSet that stalls (they have no progress deadline): it never finishes, so no duration is shown.
 */
export function waitsForever(plan: Plan): boolean {
  return (
    plan.kind !== 'Deployment' &&
    !plan.outcome.complete &&
    (plan.outcome.condition === 'Stalled' || plan.outcome.condition === 'FailedCreate')
  );
}

/** An object the API server rejects (`sim/validation.ts`): not simulated, so no steps, bounds or duration. */
export const isRejected = (plan: Plan): boolean => plan.outcome.condition === 'Rejected';

/** The CodeLens text: `6 steps · ~45 s` (controller steps, duration of the plan), or `rejected by the API server`. */
export function lensText(plan: Plan): string {
  if (isRejected(plan)) return 'rejected by the API server';
  const n = controllerSteps(plan);
  return `${n} step${n === 1 ? '' : 's'} · ${waitsForever(plan) ? 'waits forever' : formatDuration(plan.outcome.durationSeconds)}`;
}

export function buildViewModel(plan: Plan): PreviewModel {
  const base =
    plan.kind === 'Deployment'
      ? deploymentParts(plan)
      : plan.kind === 'StatefulSet'
        ? statefulSetParts(plan)
        : daemonSetParts(plan);
  if (isRejected(plan)) {
    // Nothing rolls out: no bounds or duration that would contradict the outcome.
    const none = 'none: the API server rejects the object, nothing rolls out';
    base.summary = { ...base.summary, bounds: none, duration: none };
  }
  return {
    kind: plan.kind,
    name: plan.name,
    namespace: plan.namespace,
    scenario: plan.scenario.name,
    ...base,
    podGrid: buildPodGridSource(plan, base.rows),
    lens: lensText(plan),
  };
}

type Parts = Pick<PreviewModel, 'summary' | 'rows' | 'chart' | 'names'>;

const WARNING_WORDS = /Failed|Exceeded|timed out|NotReady|lost|Unavailable|Warning/i;

/**
 * A readiness failure of the simulator (`5 new pods fail their readiness probe: …`, `web-2 fails its readiness probe:
 * …`).
 */
const READINESS_FAILURE = /^(.+?) (?:fails its|fail their) readiness probe: (.+)$/;

/**
 * The row of pods failing their readiness probe: like the kubelet's event in `kubectl describe`
 * (`Warning  Unhealthy  kubelet  Readiness probe failed: …`), here with the pods and what it did to availability.
 */
function unhealthyRow(t: number, message: string, counts: number[]): Row {
  const m = READINESS_FAILURE.exec(message);
  const text = m ? `Readiness probe failed on ${m[1]}: ${m[2]}` : `Readiness probe failed: ${message}`;
  return { t, age: formatAge(t), type: 'Warning', reason: 'Unhealthy', from: 'kubelet', message: text, counts };
}

/** Timeline events of a plan as rows (user actions, conditions, node events, pod failures). */
function eventRow(e: { t: number; kind: string; message: string }, counts: number[], controller: string): Row {
  if (e.kind === 'pods' && READINESS_FAILURE.test(e.message)) return unhealthyRow(e.t, e.message, counts);
  if (e.kind === AVAILABLE_KIND) {
    // Readiness is the kubelet's report; availability (minReadySeconds) the ReplicaSet or DaemonSet controller's.
    const ready = / Ready: ready \d/.test(e.message);
    const from = ready ? 'kubelet' : controller === 'deployment-controller' ? 'replicaset-controller' : controller;
    const reason = ready ? 'PodsReady' : 'PodsAvailable';
    return { t: e.t, age: formatAge(e.t), type: 'Normal', reason, from, message: e.message, counts };
  }
  const reason =
    e.kind === 'user'
      ? 'UserAction'
      : e.kind === 'condition'
        ? conditionReason(e.message)
        : e.kind === 'node'
          ? 'NodeNotReady'
          : 'PodStatus';
  const from =
    e.kind === 'user' ? 'kubectl' : e.kind === 'node' ? 'node-controller' : e.kind === 'pods' ? 'kubelet' : controller;
  return {
    t: e.t,
    age: formatAge(e.t),
    type: WARNING_WORDS.test(e.message) ? 'Warning' : 'Normal',
    reason,
    from,
    message: e.message,
    counts,
  };
}

/** `Progressing=True NewReplicaSetCreated: …` → `NewReplicaSetCreated`. */
function conditionReason(message: string): string {
  const m = /^\w+=\w+ (\w+):/.exec(message);
  return m ? (m[1] as string) : 'Condition';
}

type TimelineEntry = { t: number; kind: string; message: string };

/** The `kind` of the rows `availabilityEvents` adds (not a simulator timeline kind). */
const AVAILABLE_KIND = 'available';
type Sample = { t: number; pods: { old: number; new: number; available: number } };

/**
 * Pods becoming available between controller actions (after minReadySeconds, or a scale's new pods): one row per
 * sample whose available count rose at an instant without a controller step, merged with the timeline (by time).
 * Its counts are the sample's. Decreases are readiness failures, which have their own rows.
 */
function availabilityEvents(
  samples: readonly Sample[],
  stepTimes: ReadonlySet<number>,
  minReadySeconds: number,
  /** StatefulSet samples count Ready pods (its chart's third series), not available ones. */
  ready = false,
): Array<TimelineEntry & { counts: number[] }> {
  const out: Array<TimelineEntry & { counts: number[] }> = [];
  for (let i = 1; i < samples.length; i++) {
    const [before, now] = [samples[i - 1] as Sample, samples[i] as Sample];
    const gained = now.pods.available - before.pods.available;
    if (gained <= 0 || stepTimes.has(now.t)) continue;
    const why = minReadySeconds > 0 ? `Ready for more than minReadySeconds ${minReadySeconds} s` : 'Ready';
    const is = gained === 1 ? 'pod is' : 'pods are';
    out.push({
      t: now.t,
      kind: AVAILABLE_KIND,
      message: ready
        ? `${gained} ${is} Ready: ready ${before.pods.available} → ${now.pods.available}`
        : `${gained} ${is} available (${why}): available ${before.pods.available} → ${now.pods.available}`,
      counts: [now.pods.old, now.pods.new, now.pods.available],
    });
  }
  return out;
}

/**
 * The pods becoming available (StatefulSet: Ready) between controller actions, from the plan's samples: the
 * panel's `PodsAvailable`/`PodsReady` rows and the lines of the CLI's Timeline.
 */
export function availabilityOf(plan: Plan): Array<TimelineEntry & { counts: number[] }> {
  const stepTimes = new Set(plan.steps.map((s) => s.t));
  return plan.kind === 'StatefulSet'
    ? availabilityEvents(plan.samples ?? [], stepTimes, 0, true)
    : availabilityEvents(plan.samples ?? [], stepTimes, plan.resolved.minReadySeconds);
}

/** The plan's timeline with `availabilityOf` merged in by time (what the CLI's Timeline prints). */
export function timelineWithAvailability(plan: Plan): TimelineEntry[] {
  return withAvailability(plan.timeline, availabilityOf(plan));
}

/** Timeline events plus availability rows, by time; at one instant the pods become available before the conditions. */
function withAvailability(
  timeline: readonly TimelineEntry[],
  available: ReadonlyArray<TimelineEntry & { counts: number[] }>,
): TimelineEntry[] {
  const rank = (e: TimelineEntry): number => (e.kind === AVAILABLE_KIND ? 0 : 1);
  return [...timeline, ...available]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.t - b.e.t || rank(a.e) - rank(b.e) || a.i - b.i)
    .map((x) => x.e);
}

/** Step-function chart series from samples (pod counts whenever they changed), ending at `tEnd`. */
function seriesFromSamples(keys: readonly [string, string][], samples: readonly Sample[], tEnd: number): Series[] {
  return keys.map(([key, label], k) => {
    const points: Array<[number, number]> = [];
    let last: number | undefined;
    for (const sample of samples) {
      const v = [sample.pods.old, sample.pods.new, sample.pods.available][k] ?? 0;
      if (last === undefined) points.push([sample.t, v]);
      else if (v !== last) points.push([sample.t, last], [sample.t, v]);
      last = v;
    }
    points.push([tEnd, last ?? 0]);
    return { key, label, points };
  });
}

/**
 * Merges controller steps and timeline events by time; at one instant, events come first except conditions,
 * which follow the steps of that instant. An event row
 * shows the counts of the row before it, unless `eventCounts` says the event changed them.
 */
function mergeRows<S extends { t: number }>(
  steps: readonly S[],
  events: readonly TimelineEntry[],
  stepRow: (s: S, i: number) => Row,
  initial: number[],
  controller: string,
  eventCounts: (e: TimelineEntry, counts: number[]) => number[] = (_e, counts) => counts,
): { rows: Row[]; stepRowIndex: number[] } {
  const rows: Row[] = [];
  const stepRowIndex: number[] = [];
  let counts = initial;
  let e = 0;
  const pushEvent = (): void => {
    const event = events[e++] as TimelineEntry;
    counts = eventCounts(event, counts);
    rows.push(eventRow(event, counts, controller));
  };
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i] as S;
    // At one instant the user's actions and pod events come before the controller's steps, the conditions it
    // writes after them (they report the sync's result: `NewReplicaSetAvailable` with the counts after the step).
    while (e < events.length) {
      const next = events[e] as TimelineEntry;
      if (next.t > s.t || (next.t === s.t && next.kind === 'condition')) break;
      pushEvent();
    }
    const row = stepRow(s, i);
    counts = row.counts;
    stepRowIndex.push(rows.length);
    rows.push(row);
  }
  while (e < events.length) pushEvent();
  return { rows, stepRowIndex };
}

/** Builds step-function series from per-row counts, starting at `initial` at t = 0. */
function seriesFrom(
  keys: readonly [string, string][],
  initial: number[],
  rows: readonly Row[],
  end: { t: number; counts: number[] },
): Series[] {
  return keys.map(([key, label], k) => {
    const points: Array<[number, number]> = [[0, initial[k] ?? 0]];
    let last = initial[k] ?? 0;
    for (const r of rows) {
      const v = r.counts[k] ?? 0;
      if (v === last) continue;
      points.push([r.t, last], [r.t, v]);
      last = v;
    }
    const endV = end.counts[k] ?? last;
    if (endV !== last) points.push([end.t, last], [end.t, endV]);
    else points.push([end.t, last]);
    return { key, label, points };
  });
}

function chartOf(series: Series[], tEnd: number): Chart {
  let yMax = 1;
  let tMax = Math.max(1, tEnd);
  for (const s of series)
    for (const [x, y] of s.points) {
      if (y > yMax) yMax = y;
      if (x > tMax) tMax = x;
    }
  return { tMax, yMax, series };
}

function durationSentence(seconds: number, deadline: number | null, complete: boolean): string {
  const d = formatDuration(seconds);
  if (deadline === null) return `${d}; no progressDeadlineSeconds: a stalled rollout is never reported as failed`;
  const ratio = seconds / deadline;
  const rel = complete
    ? ratio <= 1
      ? `within progressDeadlineSeconds ${deadline} s (${Math.round(ratio * 100)}%); the deadline counts time without progress`
      : `longer than progressDeadlineSeconds ${deadline} s, but the deadline counts only time without progress`
    : `did not complete: progressDeadlineSeconds ${deadline} s`;
  return `${d} — ${rel}`;
}

/** The duration line of a controller without a progress deadline (StatefulSet, DaemonSet): a stall waits forever. */
function noDeadlineDuration(plan: Plan, noDeadline: string, more = ''): string {
  const s = plan.outcome.durationSeconds;
  return waitsForever(plan)
    ? `waits forever: stalled since ${formatAge(s)} (${noDeadline})`
    : `${formatDuration(s)}; ${noDeadline}${more}: a stuck rollout waits forever`;
}

// ---------------------------------------------------------------- Deployment

const DEPLOYMENT_SERIES: readonly [string, string][] = [
  ['old', 'old ReplicaSet pods'],
  ['new', 'new ReplicaSet pods'],
  ['available', 'available pods'],
];

function deploymentParts(plan: DeploymentPlan): Parts {
  const r = plan.resolved;
  const first = plan.steps[0];
  const initial = first
    ? [
        first.replicaSet === 'old' ? first.from : first.pods.old,
        first.replicaSet === 'new' ? first.from : first.pods.new,
        first.pods.available,
      ]
    : [0, 0, 0];
  // An `Unhealthy` step and its `pods` timeline event describe the same failure: one row (the step's, with counts).
  const unhealthy = new Set(plan.steps.filter((s) => s.reason === 'Unhealthy').map((s) => `${s.t} ${s.message}`));
  const samples = plan.samples ?? [];
  const available = availabilityOf(plan);
  const timeline = withAvailability(
    plan.timeline.filter((e) => !(e.kind === 'pods' && unhealthy.has(`${e.t} ${e.message}`))),
    available,
  );
  const { rows } = mergeRows(
    plan.steps,
    timeline,
    (s) => {
      const counts = [s.pods.old, s.pods.new, s.pods.available];
      if (s.reason === 'Unhealthy') return unhealthyRow(s.t, s.message, counts);
      return {
        t: s.t,
        age: formatAge(s.t),
        type: 'Normal',
        reason: s.reason,
        from: 'deployment-controller',
        message: s.message,
        counts,
      };
    },
    initial,
    'deployment-controller',
    (e, counts) => (e as { counts?: number[] }).counts ?? counts,
  );
  const last = plan.steps[plan.steps.length - 1];
  // The chart ends at full availability when the rollout completed (the last new pods may become available
  // after the last step), unless pods failed their readiness probe: then, as after a completed rollout whose
  // pods fail later (fail-after), availability is the last step's. Failed pods never come back.
  const endAvailable = last && plan.outcome.complete && unhealthy.size === 0 ? r.replicas : last?.pods.available;
  const endCounts = last ? [last.pods.old, last.pods.new, endAvailable ?? 0] : initial;
  const tEnd = Math.max(plan.outcome.durationSeconds, rows[rows.length - 1]?.t ?? 0, samples.at(-1)?.t ?? 0);
  // The chart follows the samples when the plan has them: availability also changes between controller actions.
  const series =
    samples.length > 0
      ? seriesFromSamples(DEPLOYMENT_SERIES, samples, tEnd)
      : seriesFrom(DEPLOYMENT_SERIES, initial, rows, { t: tEnd, counts: endCounts });
  const bounds =
    r.strategy === 'Recreate'
      ? `between 0 and ${r.replicas} pods (Recreate stops every old pod before creating new ones)`
      : `between ${Math.max(0, r.replicas - r.maxUnavailable)} and ${r.replicas + r.maxSurge} pods`;
  return {
    summary: {
      strategy: r.strategy,
      arithmetic: r.explanations,
      bounds,
      duration: durationSentence(plan.outcome.durationSeconds, r.progressDeadlineSeconds, plan.outcome.complete),
      ...outcomeSummary(plan),
    },
    rows,
    chart: chartOf(series, tEnd),
    names: {
      kind: 'Deployment',
      deployment: plan.name,
      replicaSets: plan.replicaSets.map((rs) => ({
        role: rs.role,
        name: rs.name,
        revision: rs.revision,
        pods: rs.examplePodNames,
        exists: rs.exists,
      })),
    },
  };
}

/** The outcome line, completeness and notes of any plan's summary. */
function outcomeSummary(plan: Plan): { outcome: string; complete: boolean; notes: string[] } {
  const o = plan.outcome;
  return { outcome: o.condition ? `${o.condition}: ${o.message}` : o.message, complete: o.complete, notes: plan.notes };
}

// ---------------------------------------------------------------- StatefulSet

function statefulSetParts(plan: StatefulSetPlan): Parts {
  const r = plan.resolved;
  // Pods per revision: the update revision vs everything older (the simulated previous revision).
  const keys: [string, string][] = [
    ['old', 'pods at older revisions'],
    ['new', `pods at ${plan.updateRevision}`],
    ['ready', 'ready pods'],
  ];
  // Pods present before the first step: every pod whose first step is not a create (none for `create`).
  const firstAction = new Map<string, string>();
  for (const s of plan.steps) if (!firstAction.has(s.pod)) firstAction.set(s.pod, s.action);
  const allPods = [...new Set([...plan.pods.map((p) => p.name), ...firstAction.keys()])];
  const existingPods =
    plan.scenario.name === 'create' ? [] : allPods.filter((name) => firstAction.get(name) !== 'create');
  // A scale or a lost node changes no revision: the pods that exist before t = 0 are at the update revision.
  const unchanged =
    (plan.scenario.name === 'scale' && plan.scenario.atSecond === undefined) || plan.scenario.name === 'node-failure';
  const podRevision = new Map<string, string>(existingPods.map((name) => [name, unchanged ? plan.updateRevision : '']));
  const countsNow = (ready: number): number[] => {
    let atNew = 0;
    for (const v of podRevision.values()) if (v === plan.updateRevision) atNew++;
    return [podRevision.size - atNew, atNew, ready];
  };
  const initial = countsNow(existingPods.length);

  const readyRows = availabilityOf(plan);
  const { rows, stepRowIndex } = mergeRows(
    plan.steps,
    withAvailability(plan.timeline, readyRows),
    (s) => {
      if (s.action === 'create') podRevision.set(s.pod, s.revision);
      else podRevision.delete(s.pod);
      return {
        t: s.t,
        age: formatAge(s.t),
        type: 'Normal',
        reason: s.action === 'create' ? 'SuccessfulCreate' : 'SuccessfulDelete',
        from: 'statefulset-controller',
        message:
          s.action === 'create'
            ? `create Pod ${s.pod} in StatefulSet ${plan.name} successful`
            : s.action === 'update'
              ? `delete Pod ${s.pod} in StatefulSet ${plan.name} successful (rolling update to ${s.revision})`
              : `delete Pod ${s.pod} in StatefulSet ${plan.name} successful`,
        counts: countsNow(s.ready),
      };
    },
    initial,
    'statefulset-controller',
    // A pod failing its readiness probe (`… readiness probe: ready 2 → 1`) lowers the ready count until the next step.
    (e, counts) => {
      const fromSample = (e as { counts?: number[] }).counts;
      if (fromSample) return fromSample;
      const m = e.kind === 'pods' && READINESS_FAILURE.test(e.message) ? /ready (\d+) → (\d+)$/.exec(e.message) : null;
      return m ? [counts[0] ?? 0, counts[1] ?? 0, Number(m[2])] : counts;
    },
  );

  // PVC states as the scenario proceeds: bound → retained (pod gone, claim kept) → re-attached, or deleted.
  const pvcsOf = new Map(plan.pods.map((p) => [p.name, p.pvcs]));
  const retained = new Set(plan.retainedPvcs);
  const pvcTimeline: Record<string, Array<{ row: number; state: PvcState }>> = {};
  const setPvc = (pod: string, row: number, next: (pvc: string, prev: PvcState | undefined) => PvcState): void => {
    for (const pvc of pvcsOf.get(pod) ?? []) {
      const list = (pvcTimeline[pvc] ??= []);
      const prev = list[list.length - 1]?.state;
      const state = next(pvc, prev);
      if (state !== prev) list.push({ row, state });
    }
  };
  for (const name of existingPods) setPvc(name, -1, () => 'bound');
  plan.steps.forEach((s, i) => {
    const row = stepRowIndex[i] as number;
    if (s.action === 'create') setPvc(s.pod, row, (_pvc, prev) => (prev === 'retained' ? 're-attached' : 'bound'));
    else
      setPvc(s.pod, row, (pvc) =>
        s.action === 'update' || retained.has(pvc) || r.whenScaled === 'Retain' ? 'retained' : 'deleted',
      );
  });
  const last = rows[rows.length - 1];
  const tEnd = Math.max(plan.outcome.durationSeconds, last?.t ?? 0);
  const lastCounts = last ? last.counts : initial;
  // Complete: everything Ready at the end (pods become Ready after their create step), unless pods failed their
  // readiness probe.
  const failed = plan.timeline.some((e) => e.kind === 'pods' && READINESS_FAILURE.test(e.message));
  const endCounts =
    plan.outcome.complete && !failed
      ? [lastCounts[0] ?? 0, lastCounts[1] ?? 0, (lastCounts[0] ?? 0) + (lastCounts[1] ?? 0)]
      : lastCounts;
  const series = seriesFrom(keys, initial, rows, { t: tEnd, counts: endCounts });
  const maxUnavailable = r.maxUnavailable ?? 1;
  const bounds =
    r.podManagementPolicy === 'Parallel' && plan.scenario.name === 'create'
      ? `between 0 and ${r.replicas} pods (Parallel creates them all at once)`
      : `between ${Math.max(0, r.replicas - maxUnavailable)} and ${r.replicas} pods (a StatefulSet never surges: a pod is deleted before its replacement is created)`;
  return {
    summary: {
      strategy: `${r.updateStrategy}, ${r.podManagementPolicy}${r.updateStrategy === 'RollingUpdate' && r.partition > 0 ? `, partition ${r.partition}` : ''}`,
      arithmetic: r.explanations,
      bounds,
      duration: noDeadlineDuration(plan, 'StatefulSets have no progress deadline'),
      ...outcomeSummary(plan),
    },
    rows,
    chart: chartOf(series, tEnd),
    names: {
      kind: 'StatefulSet',
      serviceName: plan.serviceName,
      pods: plan.pods.map((p) => ({
        ordinal: p.ordinal,
        name: p.name,
        hostname: p.hostname,
        fqdn: p.fqdn,
        revision: p.revision,
        pvcs: p.pvcs,
      })),
      srv: plan.srv.map((s) => ({ name: s.name, port: s.port, targets: s.targets })),
      pvcTimeline,
    },
  };
}

// ---------------------------------------------------------------- DaemonSet

const DAEMONSET_SERIES: readonly [string, string][] = [
  ['old', 'pods at older revisions'],
  ['new', 'pods at the new revision'],
  ['available', 'available pods'],
];

function daemonSetParts(plan: DaemonSetPlan): Parts {
  const r = plan.resolved;
  const countsOf = (p: { old: number; new: number; available: number }) => [p.old, p.new, p.available];
  const initial = plan.samples[0] ? countsOf(plan.samples[0].pods) : [0, 0, 0];
  // Rows show the counts right after each controller action (events: the counts of the row before).
  const available = availabilityOf(plan);
  const { rows } = mergeRows(
    plan.steps,
    withAvailability(plan.timeline, available),
    (s) => ({
      t: s.t,
      age: formatAge(s.t),
      type: 'Normal',
      reason: s.action === 'create' ? 'SuccessfulCreate' : 'SuccessfulDelete',
      from: 'daemonset-controller',
      message: `${s.action === 'create' ? 'Created' : 'Deleted'} pod: ${s.pod} on ${s.node} (${s.why})`,
      counts: countsOf(s.pods),
    }),
    initial,
    'daemonset-controller',
    (e, counts) => (e as { counts?: number[] }).counts ?? counts,
  );
  // The chart follows the samples: availability also changes between controller actions.
  const tEnd = Math.max(
    plan.outcome.durationSeconds,
    rows[rows.length - 1]?.t ?? 0,
    plan.samples[plan.samples.length - 1]?.t ?? 0,
  );
  const series = seriesFromSamples(DAEMONSET_SERIES, plan.samples, tEnd);
  const n = r.nodes;
  const bounds =
    r.updateStrategy === 'OnDelete'
      ? `${n} pods, one per node; OnDelete replaces a pod only when you delete it`
      : r.maxSurge > 0
        ? `between ${n} and ${n + r.maxSurge} pods: up to ${nodesText(r.maxSurge)} ${r.maxSurge === 1 ? 'runs' : 'run'} the old and the new pod side by side`
        : `between ${Math.max(0, n - r.maxUnavailable)} and ${n} available pods: up to ${nodesText(r.maxUnavailable)} at a time ${r.maxUnavailable === 1 ? 'has' : 'have'} no available pod`;
  const rollingText = r.maxSurge > 0 ? `, maxSurge ${r.maxSurge}` : `, maxUnavailable ${r.maxUnavailable}`;
  return {
    summary: {
      strategy: `${r.updateStrategy}${r.updateStrategy === 'RollingUpdate' ? rollingText : ''}, ${n} node${n === 1 ? '' : 's'}`,
      arithmetic: r.explanations,
      bounds,
      duration: noDeadlineDuration(plan, 'DaemonSets have no progress deadline', ' and no conditions'),
      ...outcomeSummary(plan),
    },
    rows,
    chart: chartOf(series, tEnd),
    names: {
      kind: 'DaemonSet',
      placement: r.placement,
      revisions: plan.revisions.map((x) => ({ name: x.name, revision: x.revision })),
      nodes: plan.nodes.map((node) => ({
        name: node.name,
        pods: node.pods.map((p) => ({ name: p.name, revision: p.revision })),
      })),
    },
  };
}

/** State of a PVC at row `row` (the last change at or before it). */
export function pvcStateAt(
  timeline: ReadonlyArray<{ row: number; state: PvcState }> | undefined,
  row: number,
): PvcState | undefined {
  let state: PvcState | undefined;
  for (const c of timeline ?? []) {
    if (c.row <= row) state = c.state;
    else break;
  }
  return state;
}

/** Index of the last row at or before time t (for the scrubber ↔ chart sync). */
export function rowAtTime(rows: readonly Row[], t: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  if (hi < 0 || (rows[0] as Row).t > t) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((rows[mid] as Row).t <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
