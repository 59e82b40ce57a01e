/**
 * `rollout-lens preview --format json` carries everything the text shows, in the documented shape:
 * every plan of a grid of scenarios validates against schemas/preview-plan.schema.json (ajv).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import { planToJson, simulate, type Scenario, type SimulationInput } from '../../shared/src/sim';

const SCHEMA = path.resolve(__dirname, '../../../schemas/preview-plan.schema.json');

const deployment = (spec: Partial<NonNullable<Deployment['spec']>> = {}): Deployment => ({
  metadata: { name: 'api' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'api' } },
    template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'api:2' }] } },
    ...spec,
  },
});
const statefulSet = (spec: Partial<NonNullable<StatefulSet['spec']>> = {}): StatefulSet => ({
  metadata: { name: 'db' },
  spec: {
    replicas: 3,
    serviceName: 'db',
    selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'db:2' }] } },
    volumeClaimTemplates: [{ metadata: { name: 'data' } }],
    ...spec,
  },
});

const daemonSet = (spec: Partial<NonNullable<DaemonSet['spec']>> = {}): DaemonSet => ({
  metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:2' }] } },
    ...spec,
  },
});

/** The cluster what-ifs every scenario is also run with (a scenario or kind that refuses one is skipped). */
const CLUSTER_INPUTS: Pick<SimulationInput, 'start' | 'autoscaler'>[] = [
  {},
  { start: { updatedPods: 1, unreadyOldPods: 1 } },
  { start: { olderReplicaSets: 1 } },
  { autoscaler: { name: 'hpa', minReplicas: 2, maxReplicas: 6 } },
];

const SCENARIOS: Scenario[] = [
  { name: 'create' },
  { name: 'update' },
  { name: 'scale', replicas: 5 },
  { name: 'scale', replicas: 6, atSecond: 3 },
  { name: 'fail' },
  { name: 'fail-after', seconds: 5 },
  { name: 'pause', afterNewPods: 1, resumeAfterSeconds: 10 },
  { name: 'rollback' },
  { name: 'rollback', afterSeconds: 2 },
  { name: 'node-failure', ordinal: 0, forceDeleteAfterSeconds: 100 },
  { name: 'node-added' },
  { name: 'node-removed', atSecond: 3 },
];

test('every plan JSON validates against schemas/preview-plan.schema.json and carries timeline, notes and counts', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
  let checked = 0;
  const workloads = [
    { kind: 'Deployment' as const, value: deployment() },
    { kind: 'Deployment' as const, value: deployment({ revisionHistoryLimit: 0, strategy: { type: 'Recreate' } }) },
    {
      kind: 'Deployment' as const,
      value: deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
    },
    { kind: 'StatefulSet' as const, value: statefulSet() },
    {
      kind: 'StatefulSet' as const,
      value: statefulSet({
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
      }),
    },
    { kind: 'DaemonSet' as const, value: daemonSet() },
    {
      kind: 'DaemonSet' as const,
      value: daemonSet({ updateStrategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }),
    },
    // rejected by the API server (maxUnavailable defaults to 1 beside maxSurge 1): the plan has the same shape
    { kind: 'DaemonSet' as const, value: daemonSet({ updateStrategy: { rollingUpdate: { maxSurge: 1 } } }) },
  ];
  const kinds = new Set<string>();
  for (const w of workloads) {
    for (const scenario of SCENARIOS) {
      for (const extra of CLUSTER_INPUTS) {
        let plan;
        try {
          plan = simulate({ workload: { ...w, namespace: 'default' } as never, scenario, ...extra });
        } catch {
          continue; // scenario or starting state not applicable to the kind (SimulationError)
        }
        const json = JSON.parse(JSON.stringify(planToJson(plan))) as Record<string, unknown>;
        const what = `${w.kind} ${scenario.name} ${JSON.stringify(extra)}`;
        assert.ok(validate(json), `${what}: ${ajv.errorsText(validate.errors)}`);
        assert.deepEqual(json.timeline, plan.timeline);
        assert.deepEqual(json.notes, plan.notes);
        assert.equal((json.outcome as { message: string }).message, plan.outcome.message);
        // The cluster what-ifs are echoed when they were used (an object the API server rejects is not simulated).
        const simulated = plan.outcome.condition !== 'Rejected';
        if (extra.start && simulated)
          assert.deepEqual(
            json.start,
            { updatedPods: 0, unreadyOldPods: 0, olderReplicaSets: 0, ...extra.start },
            what,
          );
        if (extra.autoscaler && simulated && w.kind !== 'DaemonSet')
          assert.deepEqual(json.autoscaler, extra.autoscaler, what);
        kinds.add(`${w.kind} ${Object.keys(extra).join()}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 100, `${checked} plans checked`);
  assert.equal(kinds.size, 8, [...kinds].join('; ')); // every kind with every cluster input (DaemonSets: no HPA)
  const s = planToJson(simulate({ workload: { kind: 'StatefulSet', value: statefulSet(), namespace: 'default' } }));
  assert.equal(s.kind, 'StatefulSet');
  if (s.kind === 'StatefulSet') {
    assert.equal(s.resolved.currentRevision, s.resolved.updateRevision, 'the update completed');
    assert.deepEqual(s.steps[0], {
      ...s.steps[0],
      action: 'update',
      pod: 'db-2',
      terminating: 1,
      updated: 0,
      total: 2,
    });
  }
  const d = planToJson(
    simulate({
      workload: { kind: 'Deployment', value: deployment({ revisionHistoryLimit: 0 }), namespace: 'default' },
    }),
  );
  if (d.kind === 'Deployment')
    assert.deepEqual(
      d.replicaSets.map((r) => [r.role, r.exists]),
      [
        ['old', false],
        ['new', true],
      ],
    );
});
