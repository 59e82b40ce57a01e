/**
 * The Names list follows the scenario and the step (podGrid.ts `namesAt`): the pods that exist at a row, by state,
 * with an exact `+N more` when shortened (never a bare "…") and what is simulated next to the names.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import { simulate, type Scenario } from '../../shared/src/sim';
import { buildViewModel, type PreviewModel } from '../../shared/src/preview/viewModel';
import { moreText, namesAt, MAX_NAMES_PER_GROUP } from '../../shared/src/preview/podGrid';

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: app, image: `${app}:2` }] },
});
const deployment = (replicas: number): Deployment => ({
  metadata: { name: 'web' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: template('web') },
});
const statefulSet: StatefulSet = {
  metadata: { name: 'db' },
  spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') },
};
const model = (kind: 'Deployment' | 'StatefulSet', value: Deployment | StatefulSet, scenario: Scenario) =>
  buildViewModel(simulate({ workload: { kind, value, namespace: 'default' } as never, scenario }));

/** Every row: the names listed plus `more` are exactly the pods of the grid (live and terminating). */
function checkEveryRow(m: PreviewModel): void {
  for (let row = 0; row < m.rows.length; row++) {
    for (const g of namesAt(m.podGrid, m.rows, row)) {
      const total = Object.values(g.counts).reduce((a, b) => a + (b ?? 0), 0);
      assert.equal(g.pods.length + g.more, total, `row ${row} ${g.label}`);
      assert.ok(g.pods.length <= MAX_NAMES_PER_GROUP);
      const more = moreText(g);
      if (g.more > 0) assert.match(more, /^\+[\d,]+ more \(/, 'an exact count, with the states');
      else assert.equal(more, '');
      assert.ok(g.caveat.length > 0);
    }
  }
}

test('Deployment update: names per step by state, exact "+N more", the simulated hash said next to them', () => {
  const m = model('Deployment', deployment(20), { name: 'update' });
  checkEveryRow(m);
  const first = namesAt(m.podGrid, m.rows, 0);
  const old = first.find((g) => g.label.startsWith('old'));
  assert.ok(old && old.pods.length === 3, 'the three example names of the old ReplicaSet');
  assert.equal(moreText(old), '+17 more (17 running)');
  assert.match(old.caveat, /pod-template-hash \(\w+\) and the 5-character suffixes are simulated/);
  // The last row scales the old ReplicaSet to 0: its pods are listed terminating, the new ones running.
  const last = namesAt(m.podGrid, m.rows, m.rows.length - 1);
  assert.ok(last.find((g) => g.label.startsWith('old'))?.pods.every((p) => p.state === 'terminating'));
  assert.ok(last.find((g) => g.label.startsWith('new'))?.pods.every((p) => p.state === 'running'));
});

test('Deployment scale: the new pods start, then become available on their own row; no pod at an older revision', () => {
  const m = model('Deployment', deployment(3), { name: 'scale', replicas: 5 });
  checkEveryRow(m);
  const scaled = m.rows.findIndex((r) => r.reason === 'ScalingReplicaSet');
  const available = m.rows.findIndex((r) => r.reason === 'PodsAvailable');
  assert.ok(scaled >= 0 && available > scaled, 'a row shows the new pods becoming available');
  assert.deepEqual(m.rows[available]?.counts, [0, 5, 5]);
  const at = (row: number) => namesAt(m.podGrid, m.rows, row).find((g) => g.label.startsWith('new'));
  assert.deepEqual(at(scaled)?.counts, { running: 3, starting: 2 });
  assert.deepEqual(at(available)?.counts, { running: 5 });
  for (const r of m.rows) assert.equal(r.counts[0], 0, `no old pods (${r.message})`);
  const chartAvailable = m.chart.series.find((s) => s.key === 'available')?.points.at(-1);
  assert.equal(chartAvailable?.[1], 5, 'the chart ends with the 5 pods available');
});

test('StatefulSet update: the pod being replaced is listed terminating on its delete row, exact names', () => {
  const m = model('StatefulSet', statefulSet, { name: 'update' });
  checkEveryRow(m);
  const del = m.rows.findIndex((r) => r.reason === 'SuccessfulDelete');
  const [g] = namesAt(m.podGrid, m.rows, del);
  assert.deepEqual(
    g?.pods.map((p) => `${p.name} ${p.state}`),
    ['db-0 running', 'db-1 running', 'db-2 terminating'],
  );
  assert.match(g?.caveat ?? '', /pod names are exact; the revision hash is simulated/);
});

test('StatefulSet scale (Parallel): the new pods becoming Ready are rows of their own, from the plan samples', () => {
  const parallel: StatefulSet = { ...statefulSet, spec: { ...statefulSet.spec!, podManagementPolicy: 'Parallel' } };
  const m = model('StatefulSet', parallel, { name: 'scale', replicas: 5 });
  checkEveryRow(m);
  const ready = m.rows.filter((r) => r.reason === 'PodsReady');
  assert.deepEqual(
    ready.map((r) => `${r.age} ${r.from} ${r.message} ${r.counts.join('/')}`),
    ['2s kubelet 2 pods are Ready: ready 3 → 5 0/5/5'],
  );
  const [g] = namesAt(m.podGrid, m.rows, m.rows.indexOf(ready[0]!));
  assert.deepEqual(g?.counts, { running: 5 });
});

test('DaemonSet update: pods per step on their nodes by state, exact "+N more", what is simulated said next to them', () => {
  const daemonSet: DaemonSet = {
    metadata: { name: 'agent' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
  };
  const m = buildViewModel(
    simulate({
      workload: { kind: 'DaemonSet', value: daemonSet, namespace: 'default' },
      scenario: { name: 'update' },
      overrides: { nodes: 20 },
    }),
  );
  checkEveryRow(m);
  const first = namesAt(m.podGrid, m.rows, 0);
  assert.equal(first.length, 1);
  assert.equal(moreText(first[0]!), `+${20 - MAX_NAMES_PER_GROUP} more (${20 - MAX_NAMES_PER_GROUP} running)`);
  assert.match(first[0]!.caveat, /5-character suffixes and the revision hash are simulated/);
  // The delete row lists the old pod terminating on its node (shortened lists keep changing pods); the create row
  // the new one starting.
  const del = m.rows.findIndex((r) => r.reason === 'SuccessfulDelete');
  const create = m.rows.findIndex((r) => r.reason === 'SuccessfulCreate');
  const terminating = namesAt(m.podGrid, m.rows, del)[0]!.pods.filter((p) => p.state === 'terminating');
  assert.deepEqual(
    terminating.map((p) => p.name.replace(/-\w{5} /, '-xxxxx ')),
    ['agent-xxxxx on node-1'],
  );
  assert.equal(namesAt(m.podGrid, m.rows, create)[0]!.counts.starting, 1);
  assert.ok(
    namesAt(m.podGrid, m.rows, create)[0]!.pods.some((p) => p.state === 'starting' && / on node-1$/.test(p.name)),
  );
});
