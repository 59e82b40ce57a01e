/**
 * Whole-rollout checks derived from the controller source (issue #12): each test drives a rollout and asserts
 * the event sequence. Go functions are cited per test.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { simulate, type Scenario, type StatefulSetPlan } from '../../shared/src/sim';

function statefulSet(replicas: number, spec: Partial<NonNullable<StatefulSet['spec']>> = {}, name = 'web'): StatefulSet {
  return {
    metadata: { name },
    spec: {
      replicas,
      serviceName: 'web',
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'app:2' }] } },
      ...spec,
    },
  };
}

const sPlan = (s: StatefulSet, scenario?: Scenario, extra: Partial<Parameters<typeof simulate>[0]> = {}) =>
  simulate({ workload: { kind: 'StatefulSet', value: s, namespace: 'default' }, scenario, ...extra }) as StatefulSetPlan;

const events = (plan: StatefulSetPlan) => plan.steps.map((s) => `${s.t} ${s.action} ${s.pod}`);

/** Pods not Ready (terminating, pending or missing) after each step: what a maxUnavailable budget bounds. */
const downAfterEachStep = (plan: StatefulSetPlan) => plan.steps.map((s) => plan.resolved.replicas - s.ready);

// ---------------------------------------------------------------- rolling update waits for its new pod

test('Parallel rolling update waits for the pod it just re-created (updateStatefulSet: a new replica is unavailable)', () => {
  // stateful_set_control.go updateStatefulSet: processReplica creates the missing ordinal, then the rolling loop
  // meets that same pod (not Running/Ready) first and returns; it never deletes web-1 in the same instant.
  const plan = sPlan(statefulSet(3, { podManagementPolicy: 'Parallel' }));
  assert.deepEqual(events(plan), ['0 update web-2', '2 create web-2', '4 update web-1', '6 create web-1', '8 update web-0', '10 create web-0']);
  assert.ok(Math.max(...downAfterEachStep(plan)) <= 1);
  assert.equal(plan.outcome.condition, 'Complete');
});

test('OrderedReady rolling update: one pod at a time, each replacement Ready before the next delete', () => {
  const plan = sPlan(statefulSet(3));
  assert.deepEqual(events(plan), ['0 update web-2', '2 create web-2', '4 update web-1', '6 create web-1', '8 update web-0', '10 create web-0']);
});

for (const policy of ['OrderedReady', 'Parallel'] as const) {
  test(`a broken image takes down one pod, not two (${policy})`, () => {
    const plan = sPlan(statefulSet(3, { podManagementPolicy: policy }), { name: 'fail' });
    assert.deepEqual(events(plan), ['0 update web-2', '2 create web-2']);
    assert.equal(Math.max(...downAfterEachStep(plan)), 1);
    assert.equal(plan.outcome.complete, false);
  });
}

for (const [maxUnavailable, budget] of [[1, 1], [2, 2], ['50%', 3]] as const) {
  for (const policy of ['OrderedReady', 'Parallel'] as const) {
    test(`maxUnavailable ${maxUnavailable} (${policy}): never more than ${budget} pods down (updateStatefulSetAfterInvariantEstablished)`, () => {
      const set = statefulSet(6, { podManagementPolicy: policy, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } } });
      const plan = sPlan(set);
      const down = downAfterEachStep(plan);
      assert.ok(Math.max(...down) <= budget, `down per step ${down.join(',')}`);
      assert.equal(Math.max(...down), budget, 'the budget is used');
      assert.equal(plan.outcome.condition, 'Complete');
      const broken = sPlan(set, { name: 'fail' });
      assert.equal(Math.max(...downAfterEachStep(broken)), budget, 'a broken image takes down exactly the budget');
    });
  }
}

test('maxUnavailable 2, Parallel: the two first deletes happen together, their replacements before any third delete', () => {
  const plan = sPlan(statefulSet(4, { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }));
  assert.deepEqual(events(plan).slice(0, 4), ['0 update web-3', '0 update web-2', '2 create web-2', '2 create web-3']);
  assert.equal(events(plan)[4], '4 update web-1');
});

test('property: StatefulSet pods down never exceed the maxUnavailable budget at any step', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 5 }),
      fc.constantFrom('OrderedReady', 'Parallel'),
      fc.constantFrom<Scenario>({ name: 'update' }, { name: 'fail' }, { name: 'rollback', afterSeconds: 3 }),
      fc.integer({ min: 0, max: 3 }),
      (replicas, maxUnavailable, policy, scenario, partition) => {
        const set = statefulSet(replicas, {
          podManagementPolicy: policy as 'OrderedReady' | 'Parallel',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable, partition } },
        });
        const plan = sPlan(set, scenario);
        const budget = Math.max(1, Math.min(maxUnavailable, replicas));
        for (const s of plan.steps) assert.ok(replicas - s.ready <= budget, `${s.t}s ${s.action} ${s.pod}: ${replicas - s.ready} down > ${budget}`);
        assert.ok(plan.steps.every((s) => s.total + (s.terminating ?? 0) <= replicas), 'a StatefulSet never surges');
      },
    ),
    { numRuns: 150 },
  );
});

test('10,000-replica StatefulSet update finishes (pod index, no cubic membership tests)', () => {
  const start = Date.now();
  const plan = sPlan(statefulSet(10000, { podManagementPolicy: 'Parallel' }));
  assert.equal(plan.steps.length, 20000);
  assert.equal(plan.outcome.condition, 'Complete');
  assert.ok(Date.now() - start < 20000);
});
