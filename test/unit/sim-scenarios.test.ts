/** Scenario and property tests of the rollout simulator. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import {
  resolveIntOrPercent,
  simulate,
  type DeploymentPlan,
  type Scenario,
  type StatefulSetPlan,
} from '../../shared/src/sim';

function deployment(replicas: number, spec: Partial<NonNullable<Deployment['spec']>> = {}): Deployment {
  return {
    metadata: { name: 'kubia' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'kubia' } },
      template: {
        metadata: { labels: { app: 'kubia' } },
        spec: { containers: [{ name: 'kubia', image: 'luksa/kubia:v2' }] },
      },
      ...spec,
    },
  };
}

function statefulSet(replicas: number, spec: Partial<NonNullable<StatefulSet['spec']>> = {}): StatefulSet {
  return {
    metadata: { name: 'kubia' },
    spec: {
      replicas,
      serviceName: 'kubia',
      selector: { matchLabels: { app: 'kubia' } },
      template: {
        metadata: { labels: { app: 'kubia' } },
        spec: { containers: [{ name: 'kubia', image: 'luksa/kubia-pet' }] },
      },
      volumeClaimTemplates: [{ metadata: { name: 'data' } }],
      ...spec,
    },
  };
}

const dPlan = (d: Deployment, scenario?: Scenario) =>
  simulate({ workload: { kind: 'Deployment', value: d, namespace: 'default' }, scenario }) as DeploymentPlan;
const sPlan = (s: StatefulSet, scenario?: Scenario) =>
  simulate({
    workload: { kind: 'StatefulSet', value: s, namespace: 'default' },
    scenario,
    services: [{ metadata: { name: 'kubia' }, spec: { clusterIP: 'None', ports: [{ name: 'http', port: 80 }] } }],
  }) as StatefulSetPlan;

test('resolveIntOrPercent explains the rounding', () => {
  assert.deepEqual(resolveIntOrPercent('maxSurge', '25%', 10, true), {
    value: 3,
    explanation: 'maxSurge 25% of 10 → 3, rounded up',
  });
  assert.equal(
    resolveIntOrPercent('maxUnavailable', '25%', 10, false).explanation,
    'maxUnavailable 25% of 10 → 2, rounded down',
  );
});

test('default rolling update of 3 replicas follows the documented trace', () => {
  const plan = dPlan(deployment(3));
  assert.deepEqual(
    plan.steps.map((s) => `${s.replicaSet} ${s.from}->${s.to}`),
    ['new 0->1', 'old 3->2', 'new 1->2', 'old 2->1', 'new 2->3', 'old 1->0'],
  );
  assert.match(plan.steps[0]!.message, /^Scaled up replica set kubia-[bcdfghjklmnpqrstvwxz2456789]{1,10} from 0 to 1$/);
  assert.equal(plan.outcome.condition, 'NewReplicaSetAvailable');
  assert.ok(plan.outcome.complete);
});

test('fail: stall after the first batch, ProgressDeadlineExceeded once the 600 s deadline has passed', () => {
  const plan = dPlan(deployment(10), { name: 'fail' });
  assert.deepEqual(
    plan.steps.map((s) => `${s.replicaSet} ${s.to}`),
    ['new 3', 'old 8', 'new 5'],
  );
  assert.equal(plan.outcome.condition, 'ProgressDeadlineExceeded');
  assert.equal(plan.outcome.complete, false);
  // lastUpdateTime 0 + 600 < now is strict; the controller re-checks 1 s after the deadline (requeueStuckDeployment).
  assert.equal(plan.outcome.durationSeconds, 601);
});

test('fail-after: minReadySeconds > S stops the bad version after the first batch; 0 lets it roll everywhere', () => {
  const guarded = dPlan(deployment(10, { minReadySeconds: 10 }), { name: 'fail-after', seconds: 5 });
  assert.equal(Math.max(...guarded.steps.filter((s) => s.replicaSet === 'new').map((s) => s.to)), 5);
  assert.equal(guarded.outcome.condition, 'ProgressDeadlineExceeded');
  const unguarded = dPlan(deployment(10), { name: 'fail-after', seconds: 5 });
  assert.equal(unguarded.steps.at(-1)!.pods.old, 0);
  assert.equal(unguarded.outcome.condition, 'NewReplicaSetAvailable');
});

test('fail-after S with minReadySeconds 0: rolls out everywhere, then the new pods fail; the condition stays NewReplicaSetAvailable', () => {
  const plan = dPlan(deployment(10), { name: 'fail-after', seconds: 5 });
  const scaling = plan.steps.filter((s) => s.reason === 'ScalingReplicaSet');
  const unhealthy = plan.steps.filter((s) => s.reason === 'Unhealthy');
  assert.equal(scaling.at(-1)!.pods.old, 0);
  const completedAt = scaling.at(-1)!.t;
  assert.ok(unhealthy.length > 0, 'the failures are steps, so charts see them');
  for (const s of unhealthy) {
    assert.ok(s.t > completedAt);
    assert.equal(s.replicaSet, 'new');
    assert.equal(s.from, s.to, 'no scaling');
    assert.match(s.message, /^\d+ new pods? fails? (their|its) readiness probe: available \d+ → \d+$/);
  }
  // Each batch fails S seconds after it became Ready; the available count falls to 0.
  assert.deepEqual(
    unhealthy.map((s) => s.t),
    [7, 9],
  );
  assert.deepEqual(
    unhealthy.map((s) => s.pods.available),
    [5, 0],
  );
  assert.deepEqual(plan.steps.at(-1)!.pods, { old: 0, new: 10, available: 0, total: 10, terminating: 0 });
  const failures = plan.timeline.filter((e) => e.kind === 'pods').map((e) => `${e.t} ${e.message}`);
  assert.deepEqual(failures, [
    '7 5 new pods fail their readiness probe: available 10 → 5',
    '9 5 new pods fail their readiness probe: available 5 → 0',
  ]);
  assert.ok(plan.timeline.some((e) => e.t === 7 && e.message.startsWith('Available=False MinimumReplicasUnavailable')));
  assert.equal(plan.outcome.condition, 'NewReplicaSetAvailable');
  assert.equal(plan.outcome.complete, true);
  assert.equal(plan.outcome.durationSeconds, 9);
  assert.match(plan.outcome.message, /completed at 4s, but the new version then failed everywhere/);
  assert.match(plan.outcome.message, /still reports Progressing=True NewReplicaSetAvailable/);
  const noDeadline = dPlan(deployment(10, { progressDeadlineSeconds: 2147483647 }), { name: 'fail-after', seconds: 5 });
  assert.equal(noDeadline.outcome.condition, null);
  assert.match(noDeadline.outcome.message, /^The rollout completed at 4s, but the new version then failed everywhere/);
});

test('fail-after S with minReadySeconds > S: stalls after the first batch; the failures are shown but nothing scales', () => {
  const plan = dPlan(deployment(10, { minReadySeconds: 10 }), { name: 'fail-after', seconds: 5 });
  const scaling = plan.steps.filter((s) => s.reason === 'ScalingReplicaSet');
  assert.deepEqual(
    scaling.map((s) => `${s.t} ${s.replicaSet} ${s.to}`),
    ['0 new 3', '0 old 8', '0 new 5'],
  );
  assert.deepEqual(
    plan.steps.filter((s) => s.reason === 'Unhealthy').map((s) => `${s.t} ${s.pods.available}`),
    ['7 8'],
  );
  assert.equal(plan.outcome.condition, 'ProgressDeadlineExceeded');
  assert.equal(plan.outcome.complete, false);
  assert.match(
    plan.outcome.message,
    /5 new pods failed the readiness probe 5s after becoming Ready, before minReadySeconds \(10\) made them available/,
  );
});

test('StatefulSet steps: ready and total exclude terminating pods (like the Deployment PodCounts)', () => {
  const update = sPlan(statefulSet(2));
  assert.deepEqual(
    update.steps.map((s) => `${s.action} ${s.pod} ${s.ready}/${s.total}/${s.terminating}`),
    ['update kubia-1 1/1/1', 'create kubia-1 1/2/0', 'update kubia-0 1/1/1', 'create kubia-0 1/2/0'],
  );
  const down = sPlan(statefulSet(3), { name: 'scale', replicas: 1 });
  assert.deepEqual(
    down.steps.map((s) => `${s.action} ${s.pod} ${s.ready}/${s.total}/${s.terminating}`),
    ['delete kubia-2 2/2/1', 'delete kubia-1 1/1/1'],
  );
  const parallel = sPlan(statefulSet(3, { podManagementPolicy: 'Parallel' }), { name: 'scale', replicas: 0 });
  assert.deepEqual(
    parallel.steps.map((s) => `${s.ready}/${s.total}/${s.terminating}`),
    ['2/2/1', '1/1/2', '0/0/3'],
  );
});

test('StatefulSet fail-after: the crash-looping pods are on the timeline and the outcome says why it stalled', () => {
  const plan = sPlan(statefulSet(3), { name: 'fail-after', seconds: 5 });
  // kubia-2 is Ready at 4 s and fails at 9 s, while kubia-1 is being replaced.
  assert.deepEqual(
    plan.timeline.filter((e) => e.kind === 'pods').map((e) => `${e.t} ${e.message}`),
    [
      '9 kubia-2 fails its readiness probe: ready 2 → 1',
      '13 kubia-1 fails its readiness probe: ready 2 → 1',
      '17 kubia-0 fails its readiness probe: ready 1 → 0',
    ],
  );
  assert.equal(plan.outcome.condition, 'Stalled');
  assert.match(plan.outcome.message, /fail their readiness probe 5s after becoming Ready: 0 of 3 Ready/);
});

test('Recreate: old to 0, wait until the old pods are gone, then new to full size', () => {
  const plan = dPlan(deployment(3, { strategy: { type: 'Recreate' } }));
  assert.deepEqual(
    plan.steps.map((s) => `${s.t} ${s.replicaSet} ${s.from}->${s.to}`),
    ['0 old 3->0', '2 new 0->3'],
  );
});

test('rollback re-uses the previous ReplicaSet with a new revision', () => {
  const plan = dPlan(deployment(3), { name: 'rollback' });
  const reused = plan.replicaSets.find((r) => r.role === 'new')!;
  assert.equal(reused.revision, 3);
  assert.ok(plan.outcome.complete);
});

test('pause after the first new pod: canary stays', () => {
  const plan = dPlan(deployment(10, { strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }), {
    name: 'pause',
    afterNewPods: 1,
  });
  assert.deepEqual(
    plan.steps.map((s) => `${s.replicaSet} ${s.to}`),
    ['new 1'],
  );
  assert.equal(plan.outcome.condition, 'DeploymentPaused');
});

test('proportional scaling mid-rollout (doc example 10 → 15, old 8 / new 5 → 11 / 7)', () => {
  const plan = dPlan(deployment(10), { name: 'scale', replicas: 15, atSecond: 1 });
  const at1 = plan.steps.filter((s) => s.t === 1).map((s) => `${s.replicaSet} ${s.from}->${s.to}`);
  assert.deepEqual(at1, ['old 8->12', 'new 5->7']); // maxSurge of 15 is 4 (25% rounded up), so 19 allowed
  assert.ok(plan.outcome.complete);
});

test('10,000 replicas plan quickly', () => {
  const start = performance.now();
  dPlan(deployment(10000));
  assert.ok(performance.now() - start < 500);
});

test('kubia StatefulSet: names, FQDN, PVCs, SRV', () => {
  const plan = sPlan(statefulSet(2), { name: 'create' });
  assert.deepEqual(
    plan.pods.map((p) => p.name),
    ['kubia-0', 'kubia-1'],
  );
  assert.equal(plan.pods[0]!.fqdn, 'kubia-0.kubia.default.svc.cluster.local');
  assert.deepEqual(plan.pods[0]!.pvcs, ['data-kubia-0']);
  assert.equal(plan.srv[0]!.name, '_http._tcp.kubia.default.svc.cluster.local');
  assert.deepEqual(
    plan.steps.map((s) => `${s.t} ${s.action} ${s.pod}`),
    ['0 create kubia-0', '2 create kubia-1'],
  );
});

test('StatefulSet partition, OnDelete, scale down/up with retained PVCs, node failure', () => {
  const part = sPlan(statefulSet(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } }));
  assert.deepEqual(
    part.steps.filter((s) => s.action === 'update').map((s) => s.pod),
    ['kubia-2'],
  );
  assert.equal(part.outcome.condition, 'Partitioned');
  const onDelete = sPlan(statefulSet(3, { updateStrategy: { type: 'OnDelete' } }));
  assert.deepEqual(onDelete.steps, []);
  const down = sPlan(statefulSet(3), { name: 'scale', replicas: 1 });
  assert.deepEqual(
    down.steps.map((s) => `${s.action} ${s.pod}`),
    ['delete kubia-2', 'delete kubia-1'],
  );
  assert.deepEqual(down.retainedPvcs, ['data-kubia-1', 'data-kubia-2']);
  const up = sPlan(statefulSet(1), { name: 'scale', replicas: 2 });
  assert.deepEqual(up.pods[1]!.pvcs, ['data-kubia-1']);
  const lost = sPlan(statefulSet(2), { name: 'node-failure', ordinal: 1 });
  assert.deepEqual(lost.steps, [], 'never replaced until force-deleted');
  const forced = sPlan(statefulSet(2), { name: 'node-failure', ordinal: 1, forceDeleteAfterSeconds: 400 });
  assert.deepEqual(
    forced.steps.map((s) => `${s.t} ${s.action} ${s.pod}`),
    ['400 delete kubia-1', '400 create kubia-1'],
  );
});

test('property: rolling updates respect surge/unavailability bounds and finish on the new revision', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('0%', '10%', '25%', '50%')),
      fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom('0%', '10%', '25%', '50%')),
      fc.integer({ min: 0, max: 5 }),
      (replicas, maxSurge, maxUnavailable, minReadySeconds) => {
        const plan = dPlan(
          deployment(replicas, { minReadySeconds, strategy: { rollingUpdate: { maxSurge, maxUnavailable } } }),
        );
        const zero = (v: number | string) => v === 0 || v === '0%';
        if (zero(maxSurge) && zero(maxUnavailable)) {
          // ValidateRollingUpdateDeployment rejects both-zero literals: nothing is simulated.
          assert.equal(plan.outcome.condition, 'Rejected');
          assert.equal(plan.steps.length, 0);
          return;
        }
        const { maxSurge: surge, maxUnavailable: unavailable } = plan.resolved;
        for (const s of plan.steps) {
          assert.ok(s.pods.total <= replicas + surge, `total ${s.pods.total} > ${replicas}+${surge}`);
          assert.ok(
            s.pods.available >= replicas - unavailable,
            `available ${s.pods.available} < ${replicas}-${unavailable}`,
          );
        }
        assert.ok(plan.outcome.complete);
        assert.equal(plan.steps.at(-1)!.pods.old, 0);
      },
    ),
    { numRuns: 300, seed: 42 },
  );
});

test('property: StatefulSet ordinals are unique and PVCs are never deleted under Retain', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 0, max: 8 }),
      fc.constantFrom('OrderedReady' as const, 'Parallel' as const),
      (replicas, target, podManagementPolicy) => {
        const plan = sPlan(statefulSet(replicas, { podManagementPolicy }), { name: 'scale', replicas: target });
        const names = plan.pods.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        const pvcs = new Set([...plan.pods.flatMap((p) => p.pvcs), ...plan.retainedPvcs]);
        for (let i = 0; i < Math.max(replicas, target); i++) assert.ok(pvcs.has(`data-kubia-${i}`));
      },
    ),
    { numRuns: 200, seed: 7 },
  );
});
