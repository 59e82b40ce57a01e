import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeploymentPlan, StatefulSetPlan } from '../../shared/src/sim/types';
import { buildViewModel, formatAge, formatDuration, pvcStateAt, rowAtTime } from '../../shared/src/preview/viewModel';
import { previewText } from '../support/preview';
import { simulate } from '../../shared/src/sim';
import { toSimulation, intOrStringFromInput } from '../../shared/src/preview/whatIf';

const counts = (old: number, nw: number, available: number) => ({
  old,
  new: nw,
  available,
  total: old + nw,
  terminating: 0,
});

/** A tiny hand-written plan: the view model must not depend on the simulator's internals. */
const deploymentPlan: DeploymentPlan = {
  kind: 'Deployment',
  name: 'web',
  namespace: 'default',
  scenario: { name: 'update' },
  resolved: {
    replicas: 10,
    strategy: 'RollingUpdate',
    maxSurge: 3,
    maxUnavailable: 2,
    minReadySeconds: 0,
    progressDeadlineSeconds: 600,
    revisionHistoryLimit: 10,
    explanations: ['maxSurge 25% of 10 → 3, rounded up', 'maxUnavailable 25% of 10 → 2, rounded down'],
  },
  replicaSets: [
    { role: 'old', name: 'web-aaa', revision: 1, podTemplateHash: 'aaa', examplePodNames: ['web-aaa-1'], exists: true },
    { role: 'new', name: 'web-bbb', revision: 2, podTemplateHash: 'bbb', examplePodNames: ['web-bbb-1'], exists: true },
  ],
  steps: [
    {
      t: 0,
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-bbb from 0 to 3',
      replicaSet: 'new',
      replicaSetName: 'web-bbb',
      from: 0,
      to: 3,
      pods: counts(10, 3, 10),
    },
    {
      t: 0,
      reason: 'ScalingReplicaSet',
      message: 'Scaled down replica set web-aaa from 10 to 8',
      replicaSet: 'old',
      replicaSetName: 'web-aaa',
      from: 10,
      to: 8,
      pods: counts(8, 3, 8),
    },
    {
      t: 45,
      reason: 'ScalingReplicaSet',
      message: 'Scaled up replica set web-bbb from 3 to 10',
      replicaSet: 'new',
      replicaSetName: 'web-bbb',
      from: 3,
      to: 10,
      pods: counts(8, 10, 8),
    },
    {
      t: 130,
      reason: 'ScalingReplicaSet',
      message: 'Scaled down replica set web-aaa from 8 to 0',
      replicaSet: 'old',
      replicaSetName: 'web-aaa',
      from: 8,
      to: 0,
      pods: counts(0, 10, 10),
    },
  ],
  timeline: [
    { t: 0, kind: 'user', message: 'kubectl apply: pod template changed' },
    {
      t: 700,
      kind: 'condition',
      message: 'Progressing=False ProgressDeadlineExceeded: ReplicaSet "web-bbb" has timed out progressing.',
    },
  ],
  outcome: { complete: true, durationSeconds: 130, condition: 'NewReplicaSetAvailable', message: 'done' },
  notes: [],
};

test('deployment plan → rows worded like kubectl describe events, events before steps at one instant', () => {
  const vm = buildViewModel(deploymentPlan);
  assert.deepEqual(
    vm.rows.map((r) => [r.age, r.type, r.reason, r.from, r.message, r.counts.join('/')]),
    [
      ['0s', 'Normal', 'UserAction', 'kubectl', 'kubectl apply: pod template changed', '10/0/10'],
      [
        '0s',
        'Normal',
        'ScalingReplicaSet',
        'deployment-controller',
        'Scaled up replica set web-bbb from 0 to 3',
        '10/3/10',
      ],
      [
        '0s',
        'Normal',
        'ScalingReplicaSet',
        'deployment-controller',
        'Scaled down replica set web-aaa from 10 to 8',
        '8/3/8',
      ],
      [
        '45s',
        'Normal',
        'ScalingReplicaSet',
        'deployment-controller',
        'Scaled up replica set web-bbb from 3 to 10',
        '8/10/8',
      ],
      [
        '2m10s',
        'Normal',
        'ScalingReplicaSet',
        'deployment-controller',
        'Scaled down replica set web-aaa from 8 to 0',
        '0/10/10',
      ],
      [
        '11m40s',
        'Warning',
        'ProgressDeadlineExceeded',
        'deployment-controller',
        'Progressing=False ProgressDeadlineExceeded: ReplicaSet "web-bbb" has timed out progressing.',
        '0/10/10',
      ],
    ],
  );
});

test('deployment plan → step-function chart series starting from the state before the first step', () => {
  const vm = buildViewModel(deploymentPlan);
  const byKey = Object.fromEntries(vm.chart.series.map((s) => [s.key, s.points]));
  assert.deepEqual(byKey.old, [
    [0, 10],
    [0, 10],
    [0, 8],
    [130, 8],
    [130, 0],
    [700, 0],
  ]);
  assert.deepEqual(byKey.new, [
    [0, 0],
    [0, 0],
    [0, 3],
    [45, 3],
    [45, 10],
    [700, 10],
  ]);
  assert.deepEqual(byKey.available, [
    [0, 10],
    [0, 10],
    [0, 8],
    [130, 8],
    [130, 10],
    [700, 10],
  ]);
  assert.equal(vm.chart.yMax, 10);
  assert.equal(vm.chart.tMax, 700);
  for (const s of vm.chart.series)
    for (let i = 1; i < s.points.length; i++)
      assert.ok((s.points[i] as number[])[0]! >= (s.points[i - 1] as number[])[0]!, `${s.key} x is monotonic`);
});

test('summary strings: arithmetic, bounds, duration vs progressDeadlineSeconds, CodeLens text', () => {
  const vm = buildViewModel(deploymentPlan);
  assert.deepEqual(vm.summary.arithmetic, [
    'maxSurge 25% of 10 → 3, rounded up',
    'maxUnavailable 25% of 10 → 2, rounded down',
  ]);
  assert.equal(vm.summary.bounds, 'between 8 and 13 pods');
  assert.match(vm.summary.duration, /^~2 min 10 s — within progressDeadlineSeconds 600 s \(22%\)/);
  assert.equal(vm.lens, '4 steps · ~2 min 10 s');
  assert.equal(vm.names.kind, 'Deployment');
});

const statefulPlan: StatefulSetPlan = {
  kind: 'StatefulSet',
  name: 'kubia',
  namespace: 'default',
  scenario: { name: 'update' },
  serviceName: 'kubia',
  resolved: {
    replicas: 2,
    podManagementPolicy: 'OrderedReady',
    updateStrategy: 'RollingUpdate',
    partition: 0,
    maxUnavailable: null,
    minReadySeconds: 0,
    startOrdinal: 0,
    whenScaled: 'Retain',
    whenDeleted: 'Retain',
    explanations: [],
  },
  currentRevision: 'kubia-old',
  updateRevision: 'kubia-new',
  pods: [0, 1].map((i) => ({
    ordinal: i,
    name: `kubia-${i}`,
    hostname: `kubia-${i}`,
    fqdn: `kubia-${i}.kubia.default.svc.cluster.local`,
    pvcs: [`data-kubia-${i}`],
    revision: 'kubia-new',
  })),
  srv: [],
  steps: [
    { t: 0, action: 'update', pod: 'kubia-1', revision: 'kubia-new', ready: 1, total: 1, terminating: 0 },
    { t: 2, action: 'create', pod: 'kubia-1', revision: 'kubia-new', ready: 1, total: 2, terminating: 0 },
    { t: 15, action: 'update', pod: 'kubia-0', revision: 'kubia-new', ready: 1, total: 1, terminating: 0 },
    { t: 17, action: 'create', pod: 'kubia-0', revision: 'kubia-new', ready: 1, total: 2, terminating: 0 },
  ],
  retainedPvcs: [],
  timeline: [],
  outcome: { complete: true, durationSeconds: 27, condition: 'Complete', message: 'ok' },
  notes: [],
};

test('statefulset plan → pods per revision, describe-style rows, PVC retained → re-attached', () => {
  const vm = buildViewModel(statefulPlan);
  assert.deepEqual(
    vm.rows.map((r) => `${r.reason} ${r.message} ${r.counts.join('/')}`),
    [
      'SuccessfulDelete delete Pod kubia-1 in StatefulSet kubia successful (rolling update to kubia-new) 1/0/1',
      'SuccessfulCreate create Pod kubia-1 in StatefulSet kubia successful 1/1/1',
      'SuccessfulDelete delete Pod kubia-0 in StatefulSet kubia successful (rolling update to kubia-new) 0/1/1',
      'SuccessfulCreate create Pod kubia-0 in StatefulSet kubia successful 0/2/1',
    ],
  );
  assert.equal(vm.names.kind, 'StatefulSet');
  if (vm.names.kind !== 'StatefulSet') return;
  const tl = vm.names.pvcTimeline['data-kubia-1'];
  assert.deepEqual(
    [-1, 0, 1, 3].map((row) => pvcStateAt(tl, row)),
    ['bound', 'retained', 're-attached', 're-attached'],
  );
  // complete → everything Ready at the end of the chart
  const ready = vm.chart.series.find((s) => s.key === 'ready')!;
  assert.deepEqual(ready.points[ready.points.length - 1], [27, 2]);
});

test('formatting helpers (data-driven)', () => {
  const ages: Array<[number, string]> = [
    [0, '0s'],
    [59, '59s'],
    [119, '119s'],
    [120, '2m'],
    [125, '2m5s'],
    [3600, '1h'],
    [3720, '1h2m'],
  ];
  for (const [s, want] of ages) assert.equal(formatAge(s), want, `formatAge(${s})`);
  const durations: Array<[number, string]> = [
    [0, '~0 s'],
    [45, '~45 s'],
    [60, '~1 min'],
    [130, '~2 min 10 s'],
  ];
  for (const [s, want] of durations) assert.equal(formatDuration(s), want, `formatDuration(${s})`);
  const rows = buildViewModel(deploymentPlan).rows;
  const times: Array<[number, number]> = [
    [-1, 0],
    [0, 2],
    [44, 2],
    [45, 3],
    [1000, 5],
  ];
  for (const [t, want] of times) assert.equal(rowAtTime(rows, t), want, `rowAtTime(${t})`);
});

test('what-if → scenario + overrides (data-driven)', () => {
  const cases: Array<[Parameters<typeof toSimulation>[0], number, unknown, unknown, number]> = [
    [{ scenario: 'update' }, 3, { name: 'update' }, {}, 0],
    [
      { scenario: 'update', replicas: 10, maxSurge: '25%', maxUnavailable: '2' },
      3,
      { name: 'update' },
      { replicas: 10, maxSurge: '25%', maxUnavailable: 2 },
      0,
    ],
    [{ scenario: 'scale', scaleTo: '5' }, 3, { name: 'scale', replicas: 5 }, {}, 0],
    [{ scenario: 'scale', replicas: 5 }, 3, { name: 'scale', replicas: 10 }, { replicas: 5 }, 0],
    [{ scenario: 'scale' }, 3, { name: 'scale', replicas: 6 }, {}, 0],
    [{ scenario: 'fail-after' }, 1, { name: 'fail-after', seconds: 5 }, {}, 0],
    [{ scenario: 'update', maxSurge: 'lots' }, 1, { name: 'update' }, {}, 1],
    [{ scenario: 'update', replicas: -1 }, 1, { name: 'update' }, {}, 1],
  ];
  for (const [w, manifestReplicas, scenario, overrides, nErrors] of cases) {
    const r = toSimulation(w, manifestReplicas);
    assert.deepEqual(r.scenario, scenario, JSON.stringify(w));
    assert.deepEqual(r.overrides, overrides, JSON.stringify(w));
    assert.equal(r.errors.length, nErrors, JSON.stringify(w));
  }
  assert.deepEqual(['3', ' 25% ', 'x', '2.5', ''].map(intOrStringFromInput), [
    3,
    '25%',
    undefined,
    undefined,
    undefined,
  ]);
});

test('computePreview end to end on the kubia StatefulSet: names, FQDNs, PVCs, linter findings → scenario', () => {
  const text = [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    '  name: kubia',
    'spec:',
    '  serviceName: kubia',
    '  replicas: 2',
    '  selector:',
    '    matchLabels: {app: kubia}',
    '  template:',
    '    metadata:',
    '      labels: {app: kubia}',
    '    spec:',
    '      containers:',
    '        - name: kubia',
    '          image: luksa/kubia-pet',
    '  volumeClaimTemplates:',
    '    - metadata:',
    '        name: data',
    '      spec: {}',
    '',
  ].join('\n');
  const r = previewText({
    text,
    target: { kind: 'StatefulSet', name: 'kubia', docIndex: 0 },
    whatIf: { scenario: 'update' },
    findings: [{ code: 'missing-min-ready-seconds', message: 'm', line: 6, offset: text.indexOf('replicas') }],
  });
  assert.equal(r.payload.type, 'render');
  if (r.payload.type !== 'render' || !r.payload.model || r.payload.model.names.kind !== 'StatefulSet')
    return assert.fail('no StatefulSet model');
  const names = r.payload.model.names;
  assert.deepEqual(
    names.pods.map((p) => p.name),
    ['kubia-0', 'kubia-1'],
  );
  assert.equal(names.pods[0]?.fqdn, 'kubia-0.kubia.default.svc.cluster.local');
  assert.deepEqual(names.pods[0]?.pvcs, ['data-kubia-0']);
  assert.deepEqual(r.payload.findings, [
    { code: 'missing-min-ready-seconds', message: 'm', line: 6, scenario: 'fail-after' },
  ]);
  assert.equal(r.payload.manifest.replicas, '2');
  assert.equal(r.payload.change.kind, 'none');
});

// ---------------------------------------------------------------- pods failing their readiness probe (fail-after)

type DStep = DeploymentPlan['steps'][number];
const scaleStep = (t: number, replicaSet: 'old' | 'new', from: number, to: number, pods: DStep['pods']): DStep => ({
  t,
  reason: 'ScalingReplicaSet',
  message: `Scaled ${to > from ? 'up' : 'down'} replica set web-${replicaSet === 'new' ? 'bbb' : 'aaa'} from ${from} to ${to}`,
  replicaSet,
  replicaSetName: `web-${replicaSet === 'new' ? 'bbb' : 'aaa'}`,
  from,
  to,
  pods,
});
const unhealthyStep = (t: number, n: number, before: number, pods: DStep['pods']): DStep => ({
  t,
  reason: 'Unhealthy',
  message: `${n} new ${n === 1 ? 'pod fails its' : 'pods fail their'} readiness probe: available ${before} → ${pods.available}`,
  replicaSet: 'new',
  replicaSetName: 'web-bbb',
  from: 10,
  to: 10,
  pods,
});
/**
 * A Deployment plan with these steps; every `Unhealthy` step also appears on the timeline as a `pods` event, as the
 * simulator emits it.
 */
const withSteps = (
  steps: DStep[],
  complete: boolean,
  extraTimeline: DeploymentPlan['timeline'] = [],
): DeploymentPlan => ({
  ...deploymentPlan,
  scenario: { name: 'fail-after', seconds: 5 },
  steps,
  timeline: [
    ...steps
      .filter((s) => s.reason === 'Unhealthy')
      .map((s) => ({ t: s.t, kind: 'pods' as const, message: s.message })),
    ...extraTimeline,
  ].sort((a, b) => a.t - b.t),
  outcome: {
    complete,
    durationSeconds: steps.at(-1)?.t ?? 0,
    condition: complete ? 'NewReplicaSetAvailable' : 'ProgressDeadlineExceeded',
    message: 'm',
  },
});
const rolledOut = [scaleStep(0, 'new', 0, 10, counts(10, 10, 10)), scaleStep(4, 'old', 10, 0, counts(0, 10, 10))];

test('Unhealthy rows are Warning events from the kubelet, one row per failure (data-driven)', () => {
  const cases: Array<{ name: string; plan: DeploymentPlan | StatefulSetPlan; want: string[] }> = [
    {
      name: 'Deployment: completed, then every new pod fails (two batches)',
      plan: withSteps(
        [...rolledOut, unhealthyStep(7, 5, 10, counts(0, 10, 5)), unhealthyStep(9, 5, 5, counts(0, 10, 0))],
        true,
      ),
      want: [
        '4s Normal ScalingReplicaSet deployment-controller Scaled down replica set web-aaa from 10 to 0 0/10/10',
        '7s Warning Unhealthy kubelet Readiness probe failed on 5 new pods: available 10 → 5 0/10/5',
        '9s Warning Unhealthy kubelet Readiness probe failed on 5 new pods: available 5 → 0 0/10/0',
      ],
    },
    {
      name: 'Deployment: one pod, before minReadySeconds made it available; the condition the sync writes follows the failure',
      plan: withSteps([scaleStep(0, 'new', 0, 1, counts(3, 1, 3)), unhealthyStep(7, 1, 3, counts(3, 1, 3))], false, [
        {
          t: 7,
          kind: 'condition',
          message: 'Available=False MinimumReplicasUnavailable: Deployment does not have minimum availability.',
        },
      ]),
      want: [
        '0s Normal ScalingReplicaSet deployment-controller Scaled up replica set web-bbb from 0 to 1 3/1/3',
        '7s Warning Unhealthy kubelet Readiness probe failed on 1 new pod: available 3 → 3 3/1/3',
        '7s Warning MinimumReplicasUnavailable deployment-controller Available=False MinimumReplicasUnavailable: Deployment does not have minimum availability. 3/1/3',
      ],
    },
    {
      name: 'Deployment: an Unhealthy message in an unknown wording is kept after "Readiness probe failed:"',
      plan: withSteps(
        [...rolledOut, { ...unhealthyStep(7, 10, 10, counts(0, 10, 0)), message: 'web-bbb pods NotReady' }],
        true,
      ),
      want: [
        '4s Normal ScalingReplicaSet deployment-controller Scaled down replica set web-aaa from 10 to 0 0/10/10',
        '7s Warning Unhealthy kubelet Readiness probe failed: web-bbb pods NotReady 0/10/0',
      ],
    },
    {
      name: 'StatefulSet: pod failures are timeline events; the ready count drops until the next step',
      plan: {
        ...statefulPlan,
        scenario: { name: 'fail-after', seconds: 5 },
        timeline: [
          { t: 9, kind: 'pods', message: 'kubia-1 fails its readiness probe: ready 2 → 1' },
          { t: 20, kind: 'pods', message: 'kubia-0 fails its readiness probe: ready 1 → 0' },
        ],
        outcome: { complete: false, durationSeconds: 20, condition: 'Stalled', message: 'm' },
      },
      want: [
        '0s Normal SuccessfulDelete statefulset-controller delete Pod kubia-1 in StatefulSet kubia successful (rolling update to kubia-new) 1/0/1',
        '2s Normal SuccessfulCreate statefulset-controller create Pod kubia-1 in StatefulSet kubia successful 1/1/1',
        '9s Warning Unhealthy kubelet Readiness probe failed on kubia-1: ready 2 → 1 1/1/1',
        '15s Normal SuccessfulDelete statefulset-controller delete Pod kubia-0 in StatefulSet kubia successful (rolling update to kubia-new) 0/1/1',
        '17s Normal SuccessfulCreate statefulset-controller create Pod kubia-0 in StatefulSet kubia successful 0/2/1',
        '20s Warning Unhealthy kubelet Readiness probe failed on kubia-0: ready 1 → 0 0/2/0',
      ],
    },
  ];
  for (const c of cases) {
    const rows = buildViewModel(c.plan).rows.map(
      (r) => `${r.age} ${r.type} ${r.reason} ${r.from} ${r.message} ${r.counts.join('/')}`,
    );
    assert.deepEqual(rows.slice(-c.want.length), c.want, c.name);
    assert.equal(
      rows.filter((r) => / (PodStatus|Unhealthy) /.test(r)).length,
      c.want.filter((r) => / Unhealthy /.test(r)).length,
      `${c.name}: one row per failure`,
    );
  }
});

test('the chart ends at the availability after the last step when pods failed, at full availability when complete (data-driven)', () => {
  const end = (plan: DeploymentPlan | StatefulSetPlan, key: string) =>
    buildViewModel(plan)
      .chart.series.find((s) => s.key === key)!
      .points.at(-1);
  const cases: Array<[string, DeploymentPlan | StatefulSetPlan, string, [number, number]]> = [
    [
      'Deployment complete: pods become available after the last step',
      withSteps([scaleStep(0, 'old', 10, 0, counts(0, 0, 0)), scaleStep(2, 'new', 0, 10, counts(0, 10, 0))], true),
      'available',
      [2, 10],
    ],
    [
      'Deployment complete, then every new pod fails (fail-after)',
      withSteps(
        [...rolledOut, unhealthyStep(7, 5, 10, counts(0, 10, 5)), unhealthyStep(9, 5, 5, counts(0, 10, 0))],
        true,
      ),
      'available',
      [9, 0],
    ],
    [
      'Deployment complete, then half the new pods fail',
      withSteps([...rolledOut, unhealthyStep(7, 5, 10, counts(0, 10, 5))], true),
      'available',
      [7, 5],
    ],
    [
      'Deployment not complete (fail-after before minReadySeconds)',
      withSteps(
        [
          scaleStep(0, 'new', 0, 3, counts(10, 3, 10)),
          scaleStep(0, 'old', 10, 8, counts(8, 3, 8)),
          unhealthyStep(7, 3, 8, counts(8, 3, 8)),
        ],
        false,
      ),
      'available',
      [7, 8],
    ],
    ['StatefulSet complete', statefulPlan, 'ready', [27, 2]],
    [
      'StatefulSet fail-after: the last pod failure',
      {
        ...statefulPlan,
        timeline: [{ t: 20, kind: 'pods', message: 'kubia-0 fails its readiness probe: ready 1 → 0' }],
        outcome: { complete: false, durationSeconds: 20, condition: 'Stalled', message: 'm' },
      },
      'ready',
      [20, 0],
    ],
    [
      'StatefulSet reported complete although a pod failed: the failure wins',
      {
        ...statefulPlan,
        timeline: [{ t: 30, kind: 'pods', message: 'kubia-0 fails its readiness probe: ready 2 → 1' }],
        outcome: { complete: true, durationSeconds: 30, condition: 'Complete', message: 'm' },
      },
      'ready',
      [30, 1],
    ],
  ];
  for (const [name, plan, key, want] of cases) assert.deepEqual(end(plan, key), want, name);
});

test('fail-after end to end: simulate → view model (Deployment and StatefulSet)', () => {
  const web = {
    metadata: { name: 'web' },
    spec: {
      replicas: 10,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:2' }] } },
    },
  };
  const d = buildViewModel(
    simulate({
      workload: { kind: 'Deployment', value: web, namespace: 'default' },
      scenario: { name: 'fail-after', seconds: 5 },
    }),
  );
  assert.deepEqual(
    d.rows
      .filter((r) => r.reason === 'Unhealthy' || r.reason === 'PodStatus')
      .map((r) => `${r.type} ${r.from} ${r.message}`),
    [
      'Warning kubelet Readiness probe failed on 5 new pods: available 10 → 5',
      'Warning kubelet Readiness probe failed on 5 new pods: available 5 → 0',
    ],
  );
  assert.equal(d.chart.series.find((s) => s.key === 'available')!.points.at(-1)![1], 0);
  const db = {
    metadata: { name: 'db' },
    spec: {
      replicas: 3,
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:2' }] } },
    },
  };
  const s = buildViewModel(
    simulate({
      workload: { kind: 'StatefulSet', value: db, namespace: 'default' },
      scenario: { name: 'fail-after', seconds: 5 },
    }),
  );
  assert.deepEqual(
    s.rows.filter((r) => r.reason === 'Unhealthy').map((r) => `${r.type} ${r.from} ${r.counts[2]}`),
    ['Warning kubelet 1', 'Warning kubelet 1', 'Warning kubelet 0'],
  );
  assert.equal(s.chart.series.find((x) => x.key === 'ready')!.points.at(-1)![1], 0);
});
