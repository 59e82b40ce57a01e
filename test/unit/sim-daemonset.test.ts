/**
 * DaemonSet simulator: one test per controller behaviour, each naming the Go function it reproduces
 * (kubernetes pkg/controller/daemon, v1.34: daemon_controller.go, update.go, util/daemonset_util.go),
 * fast-check properties of the rolling update, and every corpus DaemonSet in every scenario.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import type { DaemonSet } from 'kubernetes-types/apps/v1';
import {
  planToJson,
  SimulationError,
  simulate,
  simulateDaemonSet,
  type DaemonSetPlan,
  type DaemonSetScenario,
  type Overrides,
} from '../../shared/src/sim';
import {
  cleanupHistory,
  constructHistory,
  daemonSetStatus,
  rollingUpdate,
  syncNodes,
  updatedDesiredNodeCounts,
  type DaemonEffects,
  type DaemonPod,
  type DaemonSetModel,
} from '../../shared/src/sim/daemonset/controller';
import { resolveDaemonSet } from '../../shared/src/sim/daemonset/simulate';
import { corpusFiles } from '../support/corpus';
import { buildViewModel, lensText } from '../../shared/src/preview/viewModel';

type Spec = Partial<NonNullable<DaemonSet['spec']>>;

function daemonSet(spec: Spec = {}, podSpec: Record<string, unknown> = {}): DaemonSet {
  return {
    metadata: { name: 'node-exporter' },
    spec: {
      selector: { matchLabels: { app: 'node-exporter' } },
      template: {
        metadata: { labels: { app: 'node-exporter' } },
        spec: { containers: [{ name: 'ne', image: 'prom/node-exporter:v1.8.0' }], ...podSpec },
      },
      ...spec,
    },
  };
}

const surge = (maxSurge: number | string, maxUnavailable: number | string = 0): Spec => ({
  updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
});
const unavailable = (maxUnavailable: number | string): Spec => ({
  updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } },
});

function plan(ds: DaemonSet, scenario?: DaemonSetScenario, overrides?: Overrides): DaemonSetPlan {
  return simulateDaemonSet({
    workload: { kind: 'DaemonSet', value: ds, namespace: 'monitoring' },
    scenario,
    overrides,
  });
}

/** `12s delete node-1 (old)`: one line per step; `old`/`new` by the step's revision vs the final template's. */
const trace = (p: DaemonSetPlan) =>
  p.steps.map((s) => `${s.t}s ${s.action} ${s.node} ${s.revision === p.updateRevision ? 'new' : 'old'}`);

// ------------------------------------------------ resolving (SetDefaults_DaemonSet, UnavailableCount, SurgeCount)

test('SetDefaults_DaemonSet: maxUnavailable 1, maxSurge 0, revisionHistoryLimit 10; 3 nodes by default', () => {
  const r = resolveDaemonSet(daemonSet());
  assert.deepEqual(
    [r.nodes, r.updateStrategy, r.maxUnavailable, r.maxSurge, r.revisionHistoryLimit],
    [3, 'RollingUpdate', 1, 0, 10],
  );
  assert.match(r.explanations.join('\n'), /maxUnavailable 1 \(absolute number\) \(default\)/);
});

test('UnavailableCount / SurgeCount round percentages UP against the nodes that should run the pod', () => {
  const table: [Spec, number, number, number][] = [
    // spec, nodes, maxUnavailable, maxSurge
    [unavailable('10%'), 3, 1, 0],
    [unavailable('50%'), 5, 3, 0],
    [unavailable('34%'), 3, 2, 0],
    [surge('1%'), 200, 0, 2],
    [surge('25%'), 10, 0, 3],
    [surge(2), 10, 0, 2],
  ];
  for (const [spec, nodes, mu, ms] of table) {
    const r = resolveDaemonSet(daemonSet(spec), { nodes });
    assert.deepEqual([r.maxUnavailable, r.maxSurge], [mu, ms], JSON.stringify(spec));
  }
});

test('updatedDesiredNodeCounts: both 0 (rejected by the API server) falls back to maxUnavailable 1', () => {
  const ds: DaemonSetModel = {
    name: 'x',
    updateStrategy: 'RollingUpdate',
    maxUnavailable: '0%',
    maxSurge: 0,
    minReadySeconds: 0,
    hash: 'h',
  };
  assert.deepEqual(updatedDesiredNodeCounts(ds, 5), { maxSurge: 0, maxUnavailable: 1 });
  assert.deepEqual(updatedDesiredNodeCounts(ds, 0), { maxSurge: 0, maxUnavailable: 0 });
  assert.equal(resolveDaemonSet(daemonSet(surge(0, 0))).maxUnavailable, 1);
});

test('bad input is a SimulationError, never a crash: invalid IntOrString, node count, scale/pause/node-failure', () => {
  assert.throws(() => plan(daemonSet(unavailable('1'))), SimulationError);
  assert.throws(() => plan(daemonSet(), undefined, { nodes: -1 }), /nodes must be a whole number/);
  assert.throws(() => plan(daemonSet(), { name: 'scale', replicas: 3 }), /no replicas/);
  assert.throws(() => plan(daemonSet(), { name: 'pause', afterNewPods: 1 }), /Deployments only/);
  assert.throws(() => plan(daemonSet(), { name: 'node-failure', ordinal: 0 }), /node-removed/);
  const deployment = { metadata: { name: 'web' }, spec: { selector: {}, template: {} } };
  assert.throws(
    () =>
      simulate({
        workload: { kind: 'Deployment', value: deployment, namespace: 'default' },
        scenario: { name: 'node-added' },
      }),
    /applies to DaemonSets only/,
  );
});

// ---------------------------------------------------------------- rollingUpdate without surge

test('rollingUpdate (maxSurge 0) + podsShouldBeOnNode: old pod deleted, new pod only once the old object is gone', () => {
  const p = plan(daemonSet());
  // secondsToGone = 2 (shutdownSeconds), pod Ready 2 s after creation (no probe).
  assert.deepEqual(trace(p), [
    '0s delete node-1 old',
    '2s create node-1 new',
    '4s delete node-2 old',
    '6s create node-2 new',
    '8s delete node-3 old',
    '10s create node-3 new',
  ]);
  assert.ok(p.steps.every((s) => s.unavailableNodes <= 1 && s.surgeNodes === 0));
  assert.deepEqual([p.outcome.complete, p.outcome.condition, p.outcome.durationSeconds], [true, 'Complete', 12]);
  assert.match(p.steps[0].why, /within maxUnavailable/);
  assert.match(p.steps[1].why, /has none/);
});

test('rollingUpdate (maxSurge 0): up to maxUnavailable nodes at once ("40%" of 5 → 2)', () => {
  const p = plan(daemonSet(unavailable('40%')), undefined, { nodes: 5 });
  assert.deepEqual(trace(p).slice(0, 4), [
    '0s delete node-1 old',
    '0s delete node-2 old',
    '2s create node-1 new',
    '2s create node-2 new',
  ]);
  assert.equal(Math.max(...p.steps.map((s) => s.unavailableNodes)), 2);
});

test('rollingUpdate (maxSurge 0): old pods that are not available are deleted regardless of the budget', () => {
  const ds: DaemonSetModel = {
    name: 'ds',
    updateStrategy: 'RollingUpdate',
    maxUnavailable: 1,
    maxSurge: 0,
    minReadySeconds: 0,
    hash: 'new',
  };
  const pod = (name: string, node: string, readyAt: number): DaemonPod => ({
    name,
    node,
    hash: 'old',
    createdAt: 0,
    runningAt: 0,
    readyAt,
    notReadyAt: Infinity,
  });
  const pods = [pod('a', 'n1', Infinity), pod('b', 'n2', Infinity), pod('c', 'n3', 0), pod('d', 'n4', 0)];
  const deleted: string[] = [];
  const fx: DaemonEffects = {
    create: () => assert.fail('no create'),
    delete: (p, why) => deleted.push(`${p.name}:${why}`),
  };
  rollingUpdate(ds, ['n1', 'n2', 'n3', 'n4'], pods, 10, fx);
  assert.deepEqual(deleted, ['a:replace-unavailable', 'b:replace-unavailable']);
});

test('fail: new pods never Ready — stalls at maxUnavailable nodes for good (no progress deadline, no condition)', () => {
  const p = plan(daemonSet(unavailable(2)), { name: 'fail' }, { nodes: 6 });
  assert.deepEqual(trace(p), [
    '0s delete node-1 old',
    '0s delete node-2 old',
    '2s create node-1 new',
    '2s create node-2 new',
  ]);
  assert.deepEqual([p.outcome.complete, p.outcome.condition], [false, 'Stalled']);
  assert.match(p.outcome.message, /no progress deadline/);
});

test('fail-after: new pods crash after Ready — the rollout continues until they fail, then stalls', () => {
  const p = plan(daemonSet(), { name: 'fail-after', seconds: 5 }, { nodes: 5 });
  assert.equal(p.outcome.complete, false);
  assert.ok(p.timeline.some((e) => e.kind === 'pods' && /fails its readiness probe/.test(e.message)));
  // node-1's new pod is Ready at 4 s and fails at 9 s: node-3 (deleted at 8 s) is the last one touched.
  assert.equal(p.steps.filter((s) => s.action === 'delete').length, 3);
});

test('pod timing from the pod spec (timing.ts, as for the other kinds): preStop and the grace period delay the new pod, startupProbe its readiness', () => {
  const containers = (preStopSeconds: number) => [
    {
      name: 'ne',
      image: 'prom/node-exporter:v1.8.0',
      lifecycle: { preStop: { sleep: { seconds: preStopSeconds } } },
      startupProbe: { tcpSocket: { port: 9100 }, initialDelaySeconds: 20, periodSeconds: 5 },
    },
  ];
  // killContainer: preStop sleep 15 s, then SIGTERM (app exits after 2 s) → the old pod object is gone after 17 s,
  // and only then does manage create the new pod (podsShouldBeOnNode); started (Ready, no readinessProbe) at
  // 2 s + startupProbe initialDelaySeconds 20 = 22 s after creation.
  const p = plan(daemonSet({}, { terminationGracePeriodSeconds: 30, containers: containers(15) }));
  assert.deepEqual(trace(p), [
    '0s delete node-1 old',
    '17s create node-1 new',
    '39s delete node-2 old',
    '56s create node-2 new',
    '78s delete node-3 old',
    '95s create node-3 new',
  ]);
  assert.deepEqual([p.outcome.complete, p.outcome.durationSeconds], [true, 117]);
  assert.ok(p.notes.some((n) => /Ready 22 s after it is created and gone 17 s after it is deleted/.test(n)));
  // The grace period bounds the hook: 60 s of sleep, 30 s grace → 30 s, then at least 2 s for SIGTERM.
  const bounded = plan(daemonSet({}, { terminationGracePeriodSeconds: 30, containers: containers(60) }));
  assert.deepEqual(trace(bounded).slice(0, 2), ['0s delete node-1 old', '32s create node-1 new']);
  // Surge: the old pod goes once the new one is available (22 s); its 17 s shutdown ends the rollout.
  const surged = plan(daemonSet(surge(1), { terminationGracePeriodSeconds: 30, containers: containers(15) }));
  assert.deepEqual(trace(surged).slice(0, 3), [
    '0s create node-1 new',
    '22s delete node-1 old',
    '22s create node-2 new',
  ]);
  assert.equal(surged.outcome.durationSeconds, 66 + 17);
});

// ---------------------------------------------------------------- rollingUpdate with surge

test('rollingUpdate (surge): new pod beside the old one, the old one deleted once the new one is available', () => {
  const p = plan(daemonSet(surge(1)));
  assert.deepEqual(trace(p), [
    '0s create node-1 new',
    '2s delete node-1 old',
    '2s create node-2 new',
    '4s delete node-2 old',
    '4s create node-3 new',
    '6s delete node-3 old',
  ]);
  assert.ok(p.steps.every((s) => s.unavailableNodes === 0 && s.surgeNodes <= 1));
  // updateDaemonSetStatus counts the oldest pod of each node: complete only once node-3's old pod is gone (6 s + 2 s).
  assert.deepEqual([p.outcome.complete, p.outcome.durationSeconds], [true, 8]);
});

test('rollingUpdate (surge): minReadySeconds delays the old pod’s deletion (IsPodAvailable is strict)', () => {
  const p = plan(daemonSet({ ...surge(1), minReadySeconds: 10 }), undefined, { nodes: 2 });
  // Ready at 2 s, available at 2 + 10 + 1 = 13 s.
  assert.deepEqual(trace(p).slice(0, 3), ['0s create node-1 new', '13s delete node-1 old', '13s create node-2 new']);
});

test('rollingUpdate (surge): maxUnavailable is not read on the surge path', () => {
  const model = (maxUnavailable: number): DaemonSetModel => ({
    name: 'ds',
    updateStrategy: 'RollingUpdate',
    maxUnavailable,
    maxSurge: 1,
    minReadySeconds: 0,
    hash: 'new',
  });
  const pods: DaemonPod[] = ['n1', 'n2', 'n3', 'n4'].map((node) => ({
    name: `old-${node}`,
    node,
    hash: 'old',
    createdAt: 0,
    runningAt: 0,
    readyAt: 0,
    notReadyAt: Infinity,
  }));
  const writes = (maxUnavailable: number) => {
    const out: string[] = [];
    const fx: DaemonEffects = {
      create: (node, why) => out.push(`create ${node} ${why}`),
      delete: (p, why) => out.push(`delete ${p.name} ${why}`),
    };
    rollingUpdate(model(maxUnavailable), ['n1', 'n2', 'n3', 'n4'], pods, 10, fx);
    return out;
  };
  assert.deepEqual(writes(3), ['create n1 surge']);
  assert.deepEqual(writes(3), writes(0));
});

test('ValidateRollingUpdateDaemonSet: both non-zero (only maxSurge written) or both zero is rejected, not rolled out', () => {
  const cases: [Spec, Overrides | undefined, RegExp][] = [
    // maxUnavailable defaults to 1 (SetDefaults_DaemonSet): writing only maxSurge is the common mistake.
    [{ updateStrategy: { rollingUpdate: { maxSurge: 1 } } }, undefined, /maxSurge: Invalid value: 1: may not be set/],
    [surge(1, 3), undefined, /may not be set when maxUnavailable is non-zero/],
    [surge('1%', '1%'), undefined, /may not be set/],
    [unavailable(0), undefined, /maxUnavailable: Required value: cannot be 0 when maxSurge is 0/],
    [surge('0%', '0%'), undefined, /cannot be 0 when maxSurge is 0/],
    // what-ifs are validated like the manifest
    [daemonSet().spec as Spec, { maxSurge: 1 }, /may not be set/],
    [surge(1), { maxSurge: 0 }, /cannot be 0 when maxSurge is 0/],
  ];
  for (const [spec, overrides, reason] of cases) {
    const p = plan(daemonSet(spec), undefined, overrides);
    assert.equal(p.outcome.condition, 'Rejected', JSON.stringify(spec));
    assert.match(p.outcome.message, reason);
    assert.match(p.outcome.message, /Nothing is rolled out/);
    assert.deepEqual([p.steps.length, p.outcome.complete], [0, false]);
  }
  // Accepted: exactly one non-zero; OnDelete is not validated.
  for (const spec of [surge(1), surge('1%'), unavailable('10%'), { updateStrategy: { type: 'OnDelete' as const } }])
    assert.notEqual(plan(daemonSet(spec)).outcome.condition, 'Rejected', JSON.stringify(spec));
  // The panel and the CodeLens say so without bounds or a duration that would contradict it.
  const rejected = plan(daemonSet(surge(2, 1)));
  const m = buildViewModel(rejected);
  assert.match(m.summary.outcome, /Rejected by the API server/);
  assert.match(`${m.summary.bounds} ${m.summary.duration}`, /^none: .*nothing rolls out none: /);
  assert.equal(lensText(rejected), 'rejected by the API server');
});

test('rollingUpdate (surge) with a hostPort (hostNetwork: every containerPort): the surge pod stays Pending, the rollout stalls', () => {
  const ports = {
    hostNetwork: true,
    containers: [{ name: 'ne', image: 'prom/node-exporter:v1.8.0', ports: [{ containerPort: 9100 }] }],
  };
  const p = plan(daemonSet(surge(1), ports));
  assert.deepEqual(trace(p), ['0s create node-1 new']);
  assert.match(p.steps[0].why, /Pending: its host port is taken/);
  assert.deepEqual([p.outcome.complete, p.outcome.condition], [false, 'Stalled']);
  assert.match(p.outcome.message, /host port 9100 is taken/);
  // Without surge the old pod is gone before the new one is created: no conflict.
  assert.equal(plan(daemonSet({}, ports)).outcome.complete, true);
});

test('updateDaemonSetStatus: only the oldest pod of a node counts, so a node with old + new pods is not updated', () => {
  const ds: DaemonSetModel = {
    name: 'ds',
    updateStrategy: 'RollingUpdate',
    maxUnavailable: 0,
    maxSurge: 1,
    minReadySeconds: 0,
    hash: 'new',
  };
  const old: DaemonPod = {
    name: 'a',
    node: 'n1',
    hash: 'old',
    createdAt: 0,
    runningAt: 0,
    readyAt: 0,
    notReadyAt: Infinity,
  };
  const fresh: DaemonPod = { ...old, name: 'b', hash: 'new', createdAt: 5, readyAt: 6 };
  assert.equal(daemonSetStatus(ds, ['n1'], [old, fresh], 10).updatedNumberScheduled, 0);
  assert.equal(daemonSetStatus(ds, ['n1'], [fresh], 10).updatedNumberScheduled, 1);
});

// ---------------------------------------------------------------- manage / syncNodes

test('create: syncNodes creates on every node at once, in slow-start batches 1, 2, 4 … of at most 250 per sync', () => {
  const p = plan(daemonSet(), { name: 'create' }, { nodes: 300 });
  assert.equal(p.steps.length, 300);
  assert.ok(p.steps.every((s) => s.t === 0 && s.action === 'create'));
  const batches: number[] = [];
  const fx: DaemonEffects = { create: (_n, _w, b) => batches.push(b), delete: () => undefined };
  syncNodes(
    [],
    Array.from({ length: 7 }, (_, i) => ({ node: `n${i}`, why: 'missing' as const })),
    fx,
  );
  assert.deepEqual(batches, [0, 1, 1, 2, 2, 2, 2]);
  batches.length = 0;
  syncNodes(
    [],
    Array.from({ length: 300 }, (_, i) => ({ node: `n${i}`, why: 'missing' as const })),
    fx,
  );
  assert.equal(batches.length, 250);
});

test('samples: the chart data starts before the first action and follows availability between actions', () => {
  const p = plan(daemonSet(), { name: 'create' });
  assert.deepEqual(
    p.samples.map((x) => [x.t, x.pods.new, x.pods.available]),
    [
      [0, 0, 0],
      [0, 3, 0],
      [2, 3, 3],
    ],
  );
  const failing = plan(daemonSet(), { name: 'fail-after', seconds: 5 });
  assert.deepEqual(failing.samples[0].pods, { old: 3, new: 0, available: 3, total: 3, terminating: 0 });
  assert.ok(failing.timeline.some((e) => /readiness probe: available 2 → 1$/.test(e.message)));
});

test('OnDelete: pods stay until deleted; a node that joins gets the new template', () => {
  const onDelete: Spec = { updateStrategy: { type: 'OnDelete' } };
  const upd = plan(daemonSet(onDelete));
  assert.deepEqual([upd.steps.length, upd.outcome.condition], [0, 'WaitingForPodDeletion']);
  const joined = plan(daemonSet(onDelete), { name: 'node-added', atSecond: 30 });
  assert.deepEqual(trace(joined), ['30s create node-4 new']);
  assert.deepEqual(
    joined.nodes.map((n) => n.pods.length),
    [1, 1, 1, 1],
  );
});

test('node-added in steady state: manage creates the pod on the new node only', () => {
  const p = plan(daemonSet(), { name: 'node-added' });
  assert.deepEqual(trace(p), ['0s create node-4 new']);
  assert.equal(p.resolved.nodes, 3);
  assert.equal(p.nodes.length, 4);
});

test('node-removed: podgc gcOrphaned force-deletes the pod 40–60 s after its node (quarantineTime + gcCheckPeriod)', () => {
  const p = plan(daemonSet(), { name: 'node-removed' });
  assert.equal(p.steps.length, 0);
  assert.deepEqual(
    p.nodes.map((n) => n.name),
    ['node-1', 'node-2'],
  );
  assert.match(p.timeline[0].message, /node-3 is deleted .* 40–60s later .*simulated at 60s/);
  // The orphaned pod counts until the garbage collector removes it: at 60 s by default, at the what-if time otherwise.
  const goneAt = (q: DaemonSetPlan) => q.samples.find((s) => s.pods.total === 2)?.t;
  assert.equal(goneAt(p), 60);
  const early = simulate({
    workload: { kind: 'DaemonSet', value: daemonSet(), namespace: 'default' },
    scenario: { name: 'node-removed' },
    timing: { orphanPodGcSeconds: 40 },
  }) as DaemonSetPlan;
  assert.equal(goneAt(early), 40);
  const during = plan(daemonSet(surge(1)), { name: 'node-removed', atSecond: 1 });
  assert.equal(during.outcome.complete, true);
  // The garbage collector's deletion is on the timeline (no controller step shows it); it is not rollout progress.
  const gc = (q: DaemonSetPlan) =>
    q.timeline.filter((e) => /force-deleted by the pod garbage collector \(gcOrphaned\)/.test(e.message));
  assert.deepEqual(
    gc(p).map((e) => [e.t, e.kind]),
    [[60, 'node']],
  );
  assert.match(gc(p)[0]!.message, /^node-exporter-\w{5} \(node-3\) is force-deleted .*, 60s after its node$/);
  assert.deepEqual(
    gc(early).map((e) => e.t),
    [40],
  );
  assert.deepEqual(
    gc(during).map((e) => e.t),
    [61],
  );
  assert.equal(p.outcome.durationSeconds, 0, 'kubectl rollout status: complete at once (2 of 2 nodes)');
});

// ------------------------------------------------ history (constructHistory, cleanupHistory, kubectl rollout undo)

test('ControllerRevision names are <ds>-<hash>; pod names <ds>-<5 chars> in the Kubernetes alphabet', () => {
  const p = plan(daemonSet(), { name: 'create' });
  assert.match(p.updateRevision, /^node-exporter-[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
  for (const s of p.steps) assert.match(s.pod, /^node-exporter-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.ok(p.notes.some((n) => /Hashes in names/.test(n)));
});

test('constructHistory: a rollback re-uses the matching revision and raises its number; cleanupHistory keeps live ones', () => {
  const snap = (n: string) => () => ({ name: `ds-${n}`, hash: n });
  let h = constructHistory([], 'A', snap('a')).history;
  h = constructHistory(h, 'B', snap('b')).history;
  const back = constructHistory(h, 'A', snap('x'));
  assert.deepEqual(
    back.history.map((e) => `${e.name}:${e.revision}`),
    ['ds-a:3', 'ds-b:2'],
  );
  const live: DaemonPod[] = [
    { name: 'p', node: 'n', hash: 'b', createdAt: 0, runningAt: 0, readyAt: 0, notReadyAt: Infinity },
  ];
  assert.equal(cleanupHistory(back.history, 'ds-a', 0, live).length, 2);
  assert.equal(cleanupHistory(back.history, 'ds-a', 0, []).length, 1);
});

test('rollback: kubectl rollout undo restores the previous revision; revisionHistoryLimit 0 leaves one and it fails', () => {
  const ok = plan(daemonSet(), { name: 'rollback' });
  assert.equal(ok.outcome.complete, true);
  assert.deepEqual(
    ok.revisions.map((r) => r.revision),
    [2, 3],
  );
  assert.equal(ok.updateRevision, ok.revisions[1].name);
  const none = plan(daemonSet({ revisionHistoryLimit: 0 }), { name: 'rollback' });
  assert.deepEqual([none.outcome.complete, none.outcome.condition, none.steps.length], [false, 'RollbackFailed', 0]);
  assert.ok(none.timeline.some((e) => e.message.startsWith('error: no last revision to roll back to')));
  // Mid-rollout the previous revision still has live pods, so cleanupHistory kept it.
  assert.equal(
    plan(daemonSet({ revisionHistoryLimit: 0 }), { name: 'rollback', afterSeconds: 3 }).outcome.complete,
    true,
  );
});

test('planToJson: the DaemonSet contract', () => {
  const j = planToJson(plan(daemonSet(surge('50%')), undefined, { nodes: 4 }));
  // The same plan shape as the other controllers: timeline, notes, outcome message, per-step pods by revision/state.
  assert.deepEqual(Object.keys(j), [
    'kind',
    'name',
    'namespace',
    'resolved',
    'updateRevision',
    'revisions',
    'nodes',
    'steps',
    'samples',
    'scenario',
    'timeline',
    'notes',
    'outcome',
  ]);
  assert.deepEqual([j.resolved.nodes, j.resolved.maxSurge, j.resolved.maxUnavailable], [4, 2, 0]);
  assert.deepEqual(Object.keys(j.steps[0]), [
    't',
    'action',
    'node',
    'pod',
    'revision',
    'why',
    'pods',
    'unavailableNodes',
    'surgeNodes',
  ]);
  assert.deepEqual(j.steps[0].pods, { old: 4, new: 1, available: 4, total: 5, terminating: 0 });
  assert.ok(
    j.notes.some((n) => /a pod is Ready 2 s after it is created/.test(n)),
    'the timing model is stated',
  );
});

test('placement: nodeSelector and tolerations are shown as "runs on the nodes that match"', () => {
  const r = resolveDaemonSet(
    daemonSet({}, { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }] }),
  );
  assert.equal(r.placement, 'runs on the nodes that match nodeSelector kubernetes.io/os=linux; it tolerates any taint');
  assert.match(resolveDaemonSet(daemonSet()).placement, /^runs on every node whose taints it tolerates$/);
  const keyed = resolveDaemonSet(
    daemonSet(
      {},
      {
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
          { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoExecute' },
          { operator: 'Exists', effect: 'NoSchedule' },
        ],
      },
    ),
    { nodes: 1 },
  );
  assert.equal(
    keyed.placement,
    'runs on every node whose taints it tolerates; it tolerates node-role.kubernetes.io/control-plane:NoSchedule, ' +
      'dedicated=gpu:NoExecute, any taint with effect NoSchedule',
  );
  // One node: singular words in the arithmetic and the notes.
  assert.match(keyed.explanations.join('\n'), /^1 node \(simulated;/);
  assert.match(keyed.explanations.join('\n'), /deleted on up to 1 node at a time/);
  const p = plan(daemonSet(), undefined, { nodes: 1 });
  assert.ok(p.notes.some((n) => /^Nodes are simulated: 1 node that matches the pod/.test(n)));
  assert.match(buildViewModel(p).summary.bounds, /up to 1 node at a time has no available pod/);
});

test('panel view model: kubectl-style rows from the daemonset-controller, chart from the samples, nodes as names', () => {
  const p = plan(daemonSet(surge(1)), undefined, { nodes: 2 });
  const m = buildViewModel(p);
  assert.equal(m.kind, 'DaemonSet');
  const rows = m.rows.filter((r) => r.from === 'daemonset-controller' && r.reason.startsWith('Successful'));
  assert.deepEqual(
    rows.map((r) => r.reason),
    ['SuccessfulCreate', 'SuccessfulDelete', 'SuccessfulCreate', 'SuccessfulDelete'],
  );
  assert.match(
    rows[0].message,
    /^Created pod: node-exporter-\w{5} on node-1 \(surge: new pod beside the available old one\)$/,
  );
  assert.deepEqual(
    m.chart.series.map((s) => s.key),
    ['old', 'new', 'available'],
  );
  assert.deepEqual(m.chart.series[2].points.at(-1), [p.outcome.durationSeconds, 2]);
  assert.equal(m.summary.bounds, 'between 2 and 3 pods: up to 1 node runs the old and the new pod side by side');
  assert.ok(m.names.kind === 'DaemonSet' && m.names.nodes.length === 2 && m.names.revisions.length === 2);
  assert.equal(lensText(p), '4 steps · ~6 s');
});

// ---------------------------------------------------------------- properties

/** Live pods per node after every step, replayed from the steps (every node starts with its one old pod). */
function livePodsPerNode(p: DaemonSetPlan, nodes: number): number[] {
  const live = new Map<string, number>(Array.from({ length: nodes }, (_, i) => [`node-${i + 1}`, 1]));
  return p.steps.map((s) => {
    live.set(s.node, (live.get(s.node) ?? 0) + (s.action === 'create' ? 1 : -1));
    return Math.max(...live.values());
  });
}

const rolloutScenario = fc.constantFrom<DaemonSetScenario>(
  { name: 'update' },
  { name: 'fail' },
  { name: 'rollback', afterSeconds: 3 },
);
const intOrPercent = (min: number) =>
  fc.oneof(
    fc.integer({ min, max: 6 }),
    fc.integer({ min: Math.max(min, 1), max: 100 }).map((n) => `${n}%`),
  );

test('property: without surge, nodes made unavailable by the controller never exceed maxUnavailable', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 25 }),
      intOrPercent(1),
      fc.integer({ min: 0, max: 4 }),
      rolloutScenario,
      (nodes, mu, minReadySeconds, scenario) => {
        const p = plan(daemonSet({ ...unavailable(mu), minReadySeconds }), scenario, { nodes });
        for (const s of p.steps)
          assert.ok(
            s.unavailableNodes <= p.resolved.maxUnavailable,
            `${s.t}s: ${s.unavailableNodes} > ${p.resolved.maxUnavailable}`,
          );
        assert.ok(livePodsPerNode(p, nodes).every((n) => n <= 1));
      },
    ),
    { numRuns: 150 },
  );
});

test('property: with surge, at most maxSurge nodes run two pods and no node runs more than two', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 25 }),
      intOrPercent(1),
      fc.integer({ min: 0, max: 4 }),
      rolloutScenario,
      (nodes, ms, minReadySeconds, scenario) => {
        const p = plan(daemonSet({ ...surge(ms), minReadySeconds }), scenario, { nodes });
        for (const s of p.steps)
          assert.ok(s.surgeNodes <= p.resolved.maxSurge, `${s.t}s: ${s.surgeNodes} > ${p.resolved.maxSurge}`);
        assert.ok(livePodsPerNode(p, nodes).every((n) => n <= 2));
        if (scenario.name !== 'fail') assert.equal(p.outcome.complete, true);
      },
    ),
    { numRuns: 150 },
  );
});

// ---------------------------------------------------------------- corpus

test('every corpus DaemonSet previews in every scenario without an internal error', () => {
  const scenarios: DaemonSetScenario[] = [
    { name: 'create' },
    { name: 'update' },
    { name: 'fail' },
    { name: 'fail-after', seconds: 5 },
    { name: 'rollback' },
    { name: 'rollback', afterSeconds: 3 },
    { name: 'node-added', atSecond: 2 },
    { name: 'node-removed', atSecond: 2 },
  ];
  let daemonSets = 0;
  let refused = 0;
  assert.equal(
    simulate({ workload: { kind: 'DaemonSet', value: daemonSet(), namespace: 'default' } }).kind,
    'DaemonSet',
  );
  for (const file of corpusFiles()) {
    const text = readFileSync(file, 'utf8');
    if (!/^kind:\s*DaemonSet\b/m.test(text)) continue;
    for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
      if (!('toJS' in doc) || doc.errors.length > 0) continue;
      const value = doc.toJS({ maxAliasCount: 100 }) as DaemonSet | null;
      if (value?.kind !== 'DaemonSet') continue;
      daemonSets++;
      for (const scenario of scenarios) {
        try {
          const p = plan(value, scenario, { nodes: 4 });
          assert.equal(p.kind, 'DaemonSet');
          JSON.stringify(planToJson(p));
        } catch (e) {
          if (!(e instanceof SimulationError)) throw new Error(`${file} ${scenario.name}: ${(e as Error).stack}`);
          refused++;
        }
      }
    }
  }
  console.log(`corpus DaemonSets: ${daemonSets}, runs ${daemonSets * scenarios.length}, refused ${refused}`);
  assert.ok(daemonSets >= 10, `only ${daemonSets} DaemonSets in the corpus`);
});
