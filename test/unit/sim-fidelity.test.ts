/**
 * Whole-rollout checks derived from the controller source (issue #12): each test drives a rollout and asserts
 * the event sequence. Go functions are cited per test.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { StatefulSet } from 'kubernetes-types/apps/v1';
import { simulate, type Scenario, type StatefulSetPlan } from '../../shared/src/sim';

function statefulSet(
  replicas: number,
  spec: Partial<NonNullable<StatefulSet['spec']>> = {},
  name = 'web',
): StatefulSet {
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
  simulate({
    workload: { kind: 'StatefulSet', value: s, namespace: 'default' },
    scenario,
    ...extra,
  }) as StatefulSetPlan;

const events = (plan: StatefulSetPlan) => plan.steps.map((s) => `${s.t} ${s.action} ${s.pod}`);

/** Pods not Ready (terminating, pending or missing) after each step: what a maxUnavailable budget bounds. */
const downAfterEachStep = (plan: StatefulSetPlan) => plan.steps.map((s) => plan.resolved.replicas - s.ready);

// ---------------------------------------------------------------- rolling update waits for its new pod

test('Parallel rolling update waits for the pod it just re-created (updateStatefulSet: a new replica is unavailable)', () => {
  // stateful_set_control.go updateStatefulSet: processReplica creates the missing ordinal, then the rolling loop
  // meets that same pod (not Running/Ready) first and returns; it never deletes web-1 in the same instant.
  const plan = sPlan(statefulSet(3, { podManagementPolicy: 'Parallel' }));
  assert.deepEqual(events(plan), [
    '0 update web-2',
    '2 create web-2',
    '4 update web-1',
    '6 create web-1',
    '8 update web-0',
    '10 create web-0',
  ]);
  assert.ok(Math.max(...downAfterEachStep(plan)) <= 1);
  assert.equal(plan.outcome.condition, 'Complete');
});

test('OrderedReady rolling update: one pod at a time, each replacement Ready before the next delete', () => {
  const plan = sPlan(statefulSet(3));
  assert.deepEqual(events(plan), [
    '0 update web-2',
    '2 create web-2',
    '4 update web-1',
    '6 create web-1',
    '8 update web-0',
    '10 create web-0',
  ]);
});

for (const policy of ['OrderedReady', 'Parallel'] as const) {
  test(`a broken image takes down one pod, not two (${policy})`, () => {
    const plan = sPlan(statefulSet(3, { podManagementPolicy: policy }), { name: 'fail' });
    assert.deepEqual(events(plan), ['0 update web-2', '2 create web-2']);
    assert.equal(Math.max(...downAfterEachStep(plan)), 1);
    assert.equal(plan.outcome.complete, false);
  });
}

for (const [maxUnavailable, budget] of [
  [1, 1],
  [2, 2],
  ['50%', 3],
] as const) {
  for (const policy of ['OrderedReady', 'Parallel'] as const) {
    test(`maxUnavailable ${maxUnavailable} (${policy}): never more than ${budget} pods down (updateStatefulSetAfterInvariantEstablished)`, () => {
      const set = statefulSet(6, {
        podManagementPolicy: policy,
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable } },
      });
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
  const plan = sPlan(
    statefulSet(4, {
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
    }),
  );
  assert.deepEqual(events(plan).slice(0, 4), ['0 update web-3', '0 update web-2', '2 create web-2', '2 create web-3']);
  assert.equal(events(plan)[4], '4 update web-1');
  // The arithmetic says so too (it said "replaced one at a time").
  assert.ok(plan.resolved.explanations.some((e) => /replaced up to 2 at a time \(maxUnavailable\)/.test(e)));
  const one = sPlan(statefulSet(4, { podManagementPolicy: 'Parallel' }));
  assert.ok(one.resolved.explanations.some((e) => /replaced one at a time/.test(e)));
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
        for (const s of plan.steps)
          assert.ok(
            replicas - s.ready <= budget,
            `${s.t}s ${s.action} ${s.pod}: ${replicas - s.ready} down > ${budget}`,
          );
        assert.ok(
          plan.steps.every((s) => s.total + (s.terminating ?? 0) <= replicas),
          'a StatefulSet never surges',
        );
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

// ---------------------------------------------------------------- pod lifecycle timing from the pod spec

import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Container, Service } from 'kubernetes-types/core/v1';
import { resolveTiming, secondsToGone, secondsToReady, timingNotes, type DeploymentPlan } from '../../shared/src/sim';

function deployment(
  replicas: number,
  spec: Partial<NonNullable<Deployment['spec']>> = {},
  container: Partial<Container> = {},
): Deployment {
  return {
    metadata: { name: 'api' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: { containers: [{ name: 'api', image: 'api:2', ...container }] },
      },
      ...spec,
    },
  };
}
const dPlan = (d: Deployment, scenario?: Scenario, extra: Partial<Parameters<typeof simulate>[0]> = {}) =>
  simulate({ workload: { kind: 'Deployment', value: d, namespace: 'default' }, scenario, ...extra }) as DeploymentPlan;

const template = (container: Partial<Container>, grace?: number) => ({
  spec: {
    ...(grace !== undefined ? { terminationGracePeriodSeconds: grace } : {}),
    containers: [{ name: 'c', image: 'i', ...container }],
  },
});

test('termination time follows killContainer: preStop (bounded by the grace period), then SIGTERM with at least 2 s', () => {
  const cases: [Partial<Container>, number | undefined, number][] = [
    [{}, undefined, 2], // no hook: the app exits (assumed 2 s)
    [{ lifecycle: { preStop: { sleep: { seconds: 15 } } } }, undefined, 17], // sleep is exact
    // The hook is cut at the grace period, then the 2 s minimum.
    [{ lifecycle: { preStop: { sleep: { seconds: 60 } } } }, 30, 32],
    [{ lifecycle: { preStop: { exec: { command: ['drain'] } } } }, undefined, 7], // exec: ASSUMED 5 s
    [{}, 1, 2], // a grace period below 2 s still gets minimumGracePeriodInSeconds
  ];
  for (const [container, grace, gone] of cases) {
    assert.equal(secondsToGone(resolveTiming(template(container, grace))), gone, JSON.stringify([container, grace]));
  }
  assert.match(
    timingNotes(resolveTiming(template({ lifecycle: { preStop: { httpGet: { port: 80 } } } }))).join(' '),
    /assumed to take 5 s/,
  );
});

test('startupProbe gates readiness; readiness initialDelaySeconds counts from container start (prober worker doProbe)', () => {
  const cases: [Partial<Container>, number][] = [
    [{}, 2],
    [{ readinessProbe: { initialDelaySeconds: 5, httpGet: { port: 80 } } }, 7],
    [{ startupProbe: { initialDelaySeconds: 20, httpGet: { port: 80 } } }, 22],
    // readiness probes at 5, 15, 25 …: the first after the startup probe passed (20 s) is at 25 s.
    [
      {
        startupProbe: { initialDelaySeconds: 20, httpGet: { port: 80 } },
        readinessProbe: { initialDelaySeconds: 5, httpGet: { port: 80 } },
      },
      27,
    ],
  ];
  for (const [container, ready] of cases)
    assert.equal(secondsToReady(resolveTiming(template(container))), ready, JSON.stringify(container));
  const notes = timingNotes(
    resolveTiming(
      template({
        startupProbe: { initialDelaySeconds: 10, periodSeconds: 5, failureThreshold: 6, httpGet: { port: 80 } },
      }),
    ),
  );
  assert.match(notes.join(' '), /within 40 s/);
});

test('every assumed duration is a note and can be overridden (image pull, container start)', () => {
  const plan = dPlan(deployment(1), undefined, { timing: { imagePullSeconds: 30 } });
  assert.match(plan.notes.join('\n'), /image pull 30 s, container start 2 s/);
  assert.equal(plan.steps.length, 2);
  assert.equal(
    plan.outcome.durationSeconds,
    32,
    'the new pod is Ready 32 s after creation, then the old one is scaled down',
  );
});

test('Recreate waits for the old pods to be gone (recreate.go oldPodsRunning): preStop sleep 15 s → new pods at 17 s', () => {
  const plan = dPlan(
    deployment(2, { strategy: { type: 'Recreate' } }, { lifecycle: { preStop: { sleep: { seconds: 15 } } } }),
  );
  assert.deepEqual(
    plan.steps.map((s) => `${s.t} ${s.replicaSet} ${s.to}`),
    ['0 old 0', '17 new 2'],
  );
});

test('a StatefulSet re-creates an ordinal only after the old pod is gone (preStop + grace)', () => {
  const plan = sPlan(
    statefulSet(2, {
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 10,
          containers: [{ name: 'app', image: 'app:2', lifecycle: { preStop: { sleep: { seconds: 20 } } } }],
        },
      },
    }),
  );
  // preStop 20 s is cut at the 10 s grace period, then SIGTERM gets the 2 s minimum: gone at 12 s.
  assert.deepEqual(events(plan).slice(0, 3), ['0 update web-1', '12 create web-1', '14 update web-0']);
});

test('node-monitor-grace-period: 50 s from Kubernetes 1.32, 40 s before; eviction 300 s later', () => {
  const ss = statefulSet(2);
  const at = (version: string) =>
    sPlan(ss, { name: 'node-failure', ordinal: 0 }, { kubernetesVersion: version }).timeline.map(
      (e) => `${e.t} ${e.message.split(' ').slice(0, 3).join(' ')}`,
    );
  assert.deepEqual(at('1.34').slice(1, 3), ['50 web-0 marked NotReady', '350 web-0 evicted (deletionTimestamp']);
  assert.deepEqual(at('1.31').slice(1, 3), ['40 web-0 marked NotReady', '340 web-0 evicted (deletionTimestamp']);
});

// ---------------------------------------------------------------- completion includes minReadySeconds

test('complete only when the last pod is available for minReadySeconds; the duration includes that wait', () => {
  const s = sPlan(statefulSet(1, { minReadySeconds: 10 }), { name: 'create' });
  assert.equal(s.steps.at(-1)!.t, 0);
  assert.equal(s.outcome.durationSeconds, 13, 'created at 0, Ready at 2, available after 10 s more (strict)');
  assert.match(s.outcome.message, /^The 1 pod runs revision .* and is Ready and available/);
  const d = dPlan(deployment(1, { minReadySeconds: 10, progressDeadlineSeconds: 2147483647 }), { name: 'create' });
  assert.equal(d.outcome.durationSeconds, 13);
});

// ---------------------------------------------------------------- rollback needs history

test('revisionHistoryLimit 0: kubectl rollout undo fails, nothing is rolled back (Deployment and StatefulSet)', () => {
  const d = dPlan(deployment(3, { revisionHistoryLimit: 0 }), { name: 'rollback' });
  assert.equal(d.steps.length, 0);
  assert.equal(d.outcome.condition, 'RollbackFailed');
  assert.match(d.timeline[0]!.message, /no rollout history found for deployment "api"/);
  // With history the same scenario rolls back.
  assert.ok(dPlan(deployment(3), { name: 'rollback' }).steps.length > 0);
  // During the rollout the old ReplicaSet still has pods, so it is not cleaned up and undo works.
  assert.notEqual(
    dPlan(deployment(3, { revisionHistoryLimit: 0 }), { name: 'rollback', afterSeconds: 1 }).outcome.condition,
    'RollbackFailed',
  );
  const s = sPlan(statefulSet(3, { revisionHistoryLimit: 0 }), { name: 'rollback' });
  assert.equal(s.steps.length, 0);
  assert.equal(s.outcome.condition, 'RollbackFailed');
  assert.match(s.timeline[0]!.message, /no last revision to roll back to/);
  assert.equal(sPlan(statefulSet(3), { name: 'rollback' }).outcome.condition, 'Complete');
  // Mid-rollout the previous revision is still the current one (truncateHistory keeps it): undo works.
  assert.equal(
    sPlan(statefulSet(3, { revisionHistoryLimit: 0 }), { name: 'rollback', afterSeconds: 1 }).outcome.condition,
    'Complete',
  );
});

// ---------------------------------------------------------------- names and objects the API server rejects

test('a StatefulSet name too long for the controller-revision-hash label: FailedCreate, stalled', () => {
  const name = 'a'.repeat(55);
  const plan = sPlan(statefulSet(2, {}, name), { name: 'create' });
  assert.equal(plan.steps.length, 0);
  assert.equal(plan.outcome.condition, 'FailedCreate');
  assert.equal(plan.outcome.complete, false);
  assert.match(plan.timeline[0]!.message, /^FailedCreate: create Pod a{55}-0 .*must be no more than 63 characters/);
  assert.equal(sPlan(statefulSet(2, {}, 'a'.repeat(40)), { name: 'create' }).outcome.condition, 'Complete');
});

test('objects the API server rejects are not simulated: the outcome is "rejected" with the reason', () => {
  const cases: [Deployment, RegExp][] = [
    [
      deployment(3, { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } }),
      /may not be 0 when `maxSurge` is 0/,
    ],
    [
      deployment(3, { minReadySeconds: 30, progressDeadlineSeconds: 30 }),
      /must be greater than minReadySeconds \(30\)/,
    ],
    [deployment(3, { minReadySeconds: 600 }), /progressDeadlineSeconds: Invalid value: 600/], // the defaulted 600
  ];
  for (const [d, reason] of cases) {
    const plan = dPlan(d);
    assert.equal(plan.outcome.condition, 'Rejected');
    assert.match(plan.outcome.message, reason);
    assert.equal(plan.steps.length, 0);
  }
  // Resolving to 0 through rounding is accepted (the controller then uses maxUnavailable 1).
  assert.notEqual(
    dPlan(deployment(3, { strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '10%' } } })).outcome.condition,
    'Rejected',
  );
  const s = sPlan(statefulSet(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } }));
  assert.equal(s.outcome.condition, 'Rejected');
});

// ---------------------------------------------------------------- DNS

test('DNS: no serviceName → no subdomain; headless SRV carries the resolved targetPort; ClusterIP SRV targets the Service', () => {
  const set = statefulSet(2, {
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'app:2', ports: [{ name: 'web', containerPort: 8080 }] }] },
    },
  });
  const headless: Service = {
    metadata: { name: 'web' },
    spec: {
      clusterIP: 'None',
      ports: [
        { name: 'http', port: 80, targetPort: 'web' },
        { name: 'metrics', port: 9090, targetPort: 9100 },
        // getEndpointPorts: FindPort fails for a name no container has, the port gets no endpoint, so no SRV record
        { name: 'admin', port: 9000, targetPort: 'admin' },
      ],
    },
  };
  const h = sPlan(set, { name: 'create' }, { services: [headless] });
  assert.deepEqual(
    h.srv.map((r) => [r.name, r.port, r.targets.length]),
    [
      ['_http._tcp.web.default.svc.cluster.local', 8080, 2],
      ['_metrics._tcp.web.default.svc.cluster.local', 9100, 2],
    ],
  );
  assert.equal(h.pods[0]!.fqdn, 'web-0.web.default.svc.cluster.local');
  const clusterIp: Service = {
    metadata: { name: 'web' },
    spec: { ports: [{ name: 'http', port: 80, targetPort: 'web' }] },
  };
  const c = sPlan(set, { name: 'create' }, { services: [clusterIp] });
  assert.deepEqual(c.srv, [
    { name: '_http._tcp.web.default.svc.cluster.local', port: 80, targets: ['web.default.svc.cluster.local'] },
  ]);
  assert.match(c.notes.join('\n'), /pod names above do not resolve/);
  const none = sPlan(
    { ...set, spec: { ...set.spec!, serviceName: undefined as unknown as string } },
    { name: 'create' },
  );
  assert.equal(none.pods[0]!.hostname, 'web-0');
  assert.equal(none.pods[0]!.fqdn, '');
  assert.match(none.notes.join('\n'), /no subdomain/);
});

// ---------------------------------------------------------------- the timeline never contradicts itself

import { buildViewModel, lensText } from '../../shared/src/preview/viewModel';

test('a stalled StatefulSet "waits forever" (CodeLens and summary), not a duration', () => {
  const plan = sPlan(statefulSet(3), { name: 'fail' });
  assert.match(lensText(plan), / · waits forever$/);
  assert.match(buildViewModel(plan).summary.duration, /^waits forever: stalled since 2s/);
  assert.doesNotMatch(lensText(sPlan(statefulSet(3))), /forever/);
});

test('a StatefulSet scale changes no revision: no pod is "at an older revision"', () => {
  const vm = buildViewModel(sPlan(statefulSet(2), { name: 'scale', replicas: 4 }));
  const older = vm.chart.series.find((s) => s.key === 'old');
  assert.ok(older && older.points.every(([, y]) => y === 0), JSON.stringify(older?.points));
});
