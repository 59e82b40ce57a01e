/**
 * `rollout-lens preview --format json` carries everything the text shows, in the documented shape:
 * every plan of a grid of scenarios validates against schemas/preview-plan.schema.json (ajv).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import type { Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import { planToJson, simulate, type Scenario } from '../../shared/src/sim';

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
  ];
  for (const w of workloads) {
    for (const scenario of SCENARIOS) {
      let plan;
      try {
        plan = simulate({ workload: { ...w, namespace: 'default' } as never, scenario });
      } catch {
        continue; // scenario not applicable to the kind (SimulationError)
      }
      const json = JSON.parse(JSON.stringify(planToJson(plan))) as { timeline: unknown; notes: unknown };
      assert.ok(validate(json), `${w.kind} ${scenario.name}: ${ajv.errorsText(validate.errors)}`);
      assert.deepEqual(json.timeline, plan.timeline);
      assert.deepEqual(json.notes, plan.notes);
      checked++;
    }
  }
  assert.ok(checked >= 40, `${checked} plans checked`);
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
