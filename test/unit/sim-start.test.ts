/**
 * What-if inputs about the cluster (shared/src/sim/start.ts): a starting state other than "every pod Ready at the
 * previous revision" (a rollout half-way, old pods not Ready, more than one old ReplicaSet) and a
 * HorizontalPodAutoscaler that owns the replica count. Whole rollouts, each asserting the controller behaviour the
 * Go function named in the test title decides.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import {
  simulate,
  SimulationError,
  type DaemonSetPlan,
  type DeploymentPlan,
  type Scenario,
  type SimulationInput,
  type StatefulSetPlan,
} from '../../shared/src/sim';

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: app, image: `${app}:2` }] },
});
const deployment = (spec: Partial<NonNullable<Deployment['spec']>> = {}): Deployment => ({
  metadata: { name: 'web' },
  spec: { replicas: 6, selector: { matchLabels: { app: 'web' } }, template: template('web'), ...spec },
});
const statefulSet = (spec: Partial<NonNullable<StatefulSet['spec']>> = {}): StatefulSet => ({
  metadata: { name: 'db' },
  spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db'), ...spec },
});
const daemonSet: DaemonSet = {
  metadata: { name: 'agent' },
  spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
};

type Extra = Omit<SimulationInput, 'workload'>;
const dep = (extra: Extra, value = deployment()) =>
  simulate({ workload: { kind: 'Deployment', value, namespace: 'default' }, ...extra }) as DeploymentPlan;
const sts = (extra: Extra, value = statefulSet()) =>
  simulate({ workload: { kind: 'StatefulSet', value, namespace: 'default' }, ...extra }) as StatefulSetPlan;
const ds = (extra: Extra) =>
  simulate({ workload: { kind: 'DaemonSet', value: daemonSet, namespace: 'default' }, ...extra }) as DaemonSetPlan;

const applied = (p: { timeline: { message: string }[] }) => p.timeline.some((e) => /kubectl apply/.test(e.message));

// ---------------------------------------------------------------- Deployment

test('half-way (rolling.go rolloutRolling → reconcileNewReplicaSet): the new ReplicaSet grows from its pods', () => {
  const p = dep({ start: { updatedPods: 2 } });
  assert.equal(applied(p), false, 'the template was applied before t = 0');
  const first = p.steps[0];
  assert.equal(first?.replicaSet, 'new');
  assert.equal(first?.from, 2, 'NewRSNewReplicas starts from the 2 pods already there');
  assert.equal(first?.to, 4, 'maxSurge 25% of 6 → 2');
  assert.deepEqual(
    p.replicaSets.map((r) => [r.role, r.revision]),
    [
      ['old', 1],
      ['new', 2],
    ],
  );
  assert.equal(p.outcome.condition, 'NewReplicaSetAvailable');
  assert.ok(p.outcome.durationSeconds <= dep({}).outcome.durationSeconds, 'the rest of a rollout is not longer');
  assert.match(p.notes[0] as string, /^Starting state \(what-if\): .* 2 pods are already at the new revision/);
  assert.deepEqual(p.start, { updatedPods: 2, unreadyOldPods: 0, olderReplicaSets: 0 });
});

test('unready old pods (rolling.go reconcileOldReplicaSets → cleanupUnhealthyReplicas): scaled down first', () => {
  const p = dep({ start: { unreadyOldPods: 2 } });
  // maxUnavailable 25% of 6 → 1: 5 must stay available, but only 4 are; the unhealthy old pods go at once anyway.
  const firstOld = p.steps.find((s) => s.replicaSet === 'old');
  assert.equal(firstOld?.t, 0);
  assert.equal(firstOld?.pods.available, 4, 'removing not-Ready pods costs no availability');
  for (const s of p.steps) assert.ok(s.pods.available >= 4, `available never drops below the start (${s.message})`);
  assert.match(p.notes[0] as string, /2 old pods are not Ready and stay so/);
});

test('older ReplicaSets (sync.go cleanup, rolling.go scaleDownOldReplicaSetsForRollingUpdate): oldest first', () => {
  const p = dep({ start: { olderReplicaSets: 1, updatedPods: 1 } });
  assert.deepEqual(
    p.replicaSets.map((r) => [r.role, r.revision]),
    [
      ['old', 1],
      ['old', 2],
      ['new', 3],
    ],
  );
  const [older, previous] = p.replicaSets;
  const downs = p.steps.filter((s) => s.replicaSet === 'old' && s.to < s.from && s.pods.available > 0);
  // The first scale-down paid from the availability budget hits the oldest ReplicaSet (ReplicaSetsByCreationTimestamp).
  const budgeted = downs.find((s) => s.t > 0);
  assert.equal(budgeted?.replicaSetName, older?.name);
  assert.ok(
    p.steps.findIndex((s) => s.replicaSetName === older?.name && s.to === 0) <
      p.steps.map((s) => s.replicaSetName).lastIndexOf(previous?.name ?? ''),
  );
  assert.equal(p.outcome.complete, true);
});

test('starting state under a progress deadline: Progressing ReplicaSetUpdated from t = 0, never already exceeded', () => {
  const p = dep({ start: { updatedPods: 3 }, scenario: { name: 'fail' } }, deployment({ progressDeadlineSeconds: 30 }));
  const exceeded = p.timeline.find((e) => /ProgressDeadlineExceeded/.test(e.message));
  assert.ok(exceeded && exceeded.t >= 30, `deadline counted from t = 0 (${exceeded?.t})`);
});

// ---------------------------------------------------------------- StatefulSet

test('half-way (stateful_set_control.go updateStatefulSet): the highest ordinals are updated, the next one is lower', () => {
  const p = sts({ start: { updatedPods: 1 } });
  assert.equal(applied(p), false);
  assert.deepEqual(
    p.steps.map((s) => `${s.action} ${s.pod}`),
    ['update db-1', 'create db-1', 'update db-0', 'create db-0'],
  );
  assert.equal(p.outcome.condition, 'Complete');
});

test('unready old pod, OrderedReady (updateStatefulSet: not running and ready + monotonic → wait): waits forever', () => {
  const p = sts({ start: { unreadyOldPods: 1 } });
  assert.equal(p.steps.length, 0);
  assert.equal(p.outcome.condition, 'Stalled');
  assert.match(p.outcome.message, /waits forever/);
});

test('unready old pod, Parallel (updateStatefulSet rolling loop): replaced in ordinal order like the others', () => {
  const p = sts({ start: { unreadyOldPods: 1 } }, statefulSet({ podManagementPolicy: 'Parallel' }));
  assert.deepEqual(
    p.steps.filter((s) => s.action === 'update').map((s) => s.pod),
    ['db-2', 'db-1', 'db-0'],
  );
  assert.equal(p.outcome.complete, true);
});

// ---------------------------------------------------------------- DaemonSet

test('half-way (update.go rollingUpdate): nodes that run the new pod are skipped', () => {
  const p = ds({ start: { updatedPods: 1 }, overrides: { nodes: 4 } });
  assert.deepEqual(
    p.steps.filter((s) => s.action === 'delete').map((s) => s.node),
    ['node-2', 'node-3', 'node-4'],
  );
  assert.equal(p.outcome.complete, true);
});

test('unready old pods (update.go rollingUpdate): deleted at once, outside the maxUnavailable budget', () => {
  const p = ds({ start: { unreadyOldPods: 2 }, overrides: { nodes: 4 } });
  const atZero = p.steps.filter((s) => s.t === 0 && s.action === 'delete');
  assert.deepEqual(
    atZero.map((s) => s.node),
    ['node-1', 'node-2'],
  );
  assert.ok(atZero.every((s) => /not available/.test(s.why)));
});

// ---------------------------------------------------------------- refusals (clear errors, never a crash)

test('a starting state the scenario or workload cannot have is a SimulationError with the reason', () => {
  const cases: [() => unknown, RegExp][] = [
    [() => dep({ scenario: { name: 'create' }, start: { updatedPods: 1 } }), /create scenario does not roll out/],
    [() => dep({ scenario: { name: 'scale', replicas: 3 }, start: { unreadyOldPods: 1 } }), /without an "at" second/],
    [() => dep({ start: { updatedPods: 7 } }), /7 updated pods but only 6 replicas/],
    [() => dep({ start: { updatedPods: 4, unreadyOldPods: 3 } }), /3 unready old pods but only 2 old pods/],
    [() => dep({ start: { updatedPods: 5, olderReplicaSets: 1 } }), /2 old ReplicaSets need at least one pod each/],
    [() => dep({ start: { updatedPods: -1 } }), /whole number/],
    [() => sts({ start: { olderReplicaSets: 1 } }), /only for Deployments/],
    [() => ds({ start: { updatedPods: 4 } }), /only 3 nodes/],
    [() => ds({ autoscaler: { name: 'h', minReplicas: 1, maxReplicas: 3 } }), /cannot scale a DaemonSet/],
  ];
  for (const [run, message] of cases)
    assert.throws(run, (e) => e instanceof SimulationError && message.test(e.message));
});

// ---------------------------------------------------------------- HorizontalPodAutoscaler

test('HPA (horizontal.go normalizeDesiredReplicas): the plan starts from minReplicas; spec.replicas is overwritten', () => {
  const hpa = { name: 'web', minReplicas: 2, maxReplicas: 5 };
  const p = dep({ autoscaler: hpa });
  assert.equal(p.resolved.replicas, 2);
  assert.match(p.resolved.explanations[0] as string, /HorizontalPodAutoscaler web minReplicas/);
  assert.match(
    p.notes[0] as string,
    /managed by HorizontalPodAutoscaler web .* spec\.replicas \(6\) .* is overwritten by the HPA/,
  );
  assert.deepEqual(p.autoscaler, hpa);
  // What-if: any count in range is used; outside it the HPA's bound wins, and the explanation says so.
  assert.equal(dep({ autoscaler: hpa, overrides: { replicas: 4 } }).resolved.replicas, 4);
  const over = dep({ autoscaler: hpa, overrides: { replicas: 9 } });
  assert.equal(over.resolved.replicas, 5);
  assert.match(over.resolved.explanations[0] as string, /outside .* the HPA scales to 5/);
  const s = sts({ autoscaler: { name: 'db', minReplicas: 1, maxReplicas: 4 } }, statefulSet({ replicas: undefined }));
  assert.equal(s.resolved.replicas, 1);
  assert.match(s.notes[0] as string, /no spec\.replicas, as it should under an HPA/);
  assert.equal(s.pods.length, 1);
});

// ---------------------------------------------------------------- properties over starting states

const startArb = (replicas: number) =>
  fc
    .record({
      updatedPods: fc.integer({ min: 0, max: replicas }),
      unreadyOldPods: fc.integer({ min: 0, max: replicas }),
      olderReplicaSets: fc.integer({ min: 0, max: 2 }),
    })
    .map((s) => {
      const old = replicas - s.updatedPods;
      const olderReplicaSets = old >= s.olderReplicaSets + 1 ? s.olderReplicaSets : 0;
      return { updatedPods: s.updatedPods, unreadyOldPods: Math.min(s.unreadyOldPods, old), olderReplicaSets };
    });

test('property (Deployment, any starting state): never above replicas + maxSurge, never less available than the budget allows, complete = all new and available', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }).chain((replicas) => fc.tuple(fc.constant(replicas), startArb(replicas))),
      fc.constantFrom<number | string>(0, 1, 2, '25%', '50%'),
      fc.constantFrom<number | string>(1, 2, '25%', '50%'),
      fc.constantFrom<Scenario>({ name: 'update' }, { name: 'fail' }, { name: 'fail-after', seconds: 3 }),
      ([replicas, start], maxSurge, maxUnavailable, scenario) => {
        const p = dep(
          { scenario, start },
          deployment({ replicas, strategy: { rollingUpdate: { maxSurge, maxUnavailable } } }),
        );
        const { maxSurge: surge, maxUnavailable: unavailable } = p.resolved;
        const samples = p.samples ?? [];
        const initial = samples[0]?.pods.available ?? replicas;
        const floor = Math.min(initial, replicas - unavailable);
        for (const s of p.steps) {
          assert.ok(s.pods.total <= replicas + surge, `total ${s.pods.total} > ${replicas}+${surge}`);
          // The controller never makes availability worse than the budget (readiness failures are the pods').
          if (s.reason === 'ScalingReplicaSet')
            assert.ok(s.pods.available >= floor, `available ${s.pods.available} < ${floor} (${s.message})`);
        }
        // Complete: at some instant every pod was new and available (fail-after pods may fail later; the controller
        // keeps NewReplicaSetAvailable and the outcome message says so).
        const done = samples.some((x) => x.pods.old === 0 && x.pods.new === replicas && x.pods.available === replicas);
        if (p.outcome.complete) assert.ok(done, 'complete without every pod new and available');
        if (scenario.name === 'update') assert.ok(p.outcome.complete, 'a healthy template always completes');
      },
    ),
    { numRuns: 250, seed: 12 },
  );
});

test('property (StatefulSet, DaemonSet, any starting state): complete only with every pod at the update revision and available', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }).chain((n) =>
        fc.tuple(
          fc.constant(n),
          startArb(n).map((s) => ({ ...s, olderReplicaSets: 0 })),
        ),
      ),
      fc.constantFrom('OrderedReady' as const, 'Parallel' as const),
      fc.constantFrom<Scenario>({ name: 'update' }, { name: 'fail' }),
      fc.constantFrom(0, 5),
      ([n, start], podManagementPolicy, scenario, minReadySeconds) => {
        const s = sts({ scenario, start }, statefulSet({ replicas: n, podManagementPolicy, minReadySeconds }));
        // Available: the last sample (the end state) counts every pod new and available (minReadySeconds included).
        const end = (p: { samples?: { pods: { old: number; new: number; available: number } }[] }) => {
          const last = p.samples?.[p.samples.length - 1]?.pods;
          return last && [last.old, last.new, last.available];
        };
        if (s.outcome.complete) {
          assert.equal(s.pods.length, n);
          assert.ok(s.pods.every((p) => p.revision === s.updateRevision));
          assert.deepEqual(end(s), [0, n, n], 'StatefulSet complete: every pod new and available');
        }
        if (scenario.name === 'update' && start.unreadyOldPods === 0)
          assert.ok(s.outcome.complete, 'a healthy StatefulSet update completes');
        const d = ds({ scenario, start, overrides: { nodes: n, minReadySeconds } });
        if (d.outcome.complete) {
          assert.ok(d.nodes.every((node) => node.pods.length === 1 && node.pods[0]?.revision === d.updateRevision));
          assert.deepEqual(end(d), [0, n, n], 'DaemonSet complete: every node runs one new, available pod');
        }
        for (const step of d.steps)
          assert.ok(step.unavailableNodes <= Math.max(d.resolved.maxUnavailable, start.unreadyOldPods));
      },
    ),
    { numRuns: 150, seed: 5 },
  );
});
