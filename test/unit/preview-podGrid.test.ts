import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildViewModel } from '../../shared/src/preview/viewModel';
import { maxPods, podGridAt, totalPoints, type PodGroup } from '../../shared/src/preview/podGrid';
import { planOfText } from '../support/preview';
import type { WhatIf } from '../../shared/src/preview/whatIf';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

function model(file: string, whatIf: WhatIf) {
  const r = planOfText(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'), whatIf);
  assert.ok(r.plan, r.error);
  return buildViewModel(r.plan);
}

/** A group as `label: states` with one letter per cell (a=available r=ready s=starting t=terminating f=failed). */
function picture(groups: PodGroup[]): string[] {
  return groups.map((g) => `${g.revision}:${g.cells.map((c) => c.state[0]).join('')}${g.more ? `+${g.more}` : ''}`);
}

test('deployment update: every row shows old + new pods (surge visible), scaled-away pods terminating', () => {
  const vm = model('kubia-deployment.yaml', { scenario: 'update', replicas: 4, maxSurge: '1', maxUnavailable: '0' });
  assert.equal(vm.podGrid.kind, 'Deployment');
  for (let i = 0; i < vm.rows.length; i++) {
    const row = vm.rows[i]!;
    const groups = podGridAt(vm.podGrid, vm.rows, i);
    const live = (g: PodGroup) => g.cells.filter((c) => c.state !== 'terminating').length;
    assert.equal(live(groups[0]!), row.counts[0], `old pods at row ${i}`);
    assert.equal(live(groups[1]!), row.counts[1], `new pods at row ${i}`);
    const available = groups.flatMap((g) => g.cells).filter((c) => c.state === 'available').length;
    assert.equal(available, row.counts[2], `available pods at row ${i}`);
  }
  assert.equal(maxPods(vm.rows), 5, 'replicas + maxSurge');
  const down = vm.rows.findIndex((r, i) => i > 0 && r.counts[0]! < vm.rows[i - 1]!.counts[0]!);
  assert.ok(down > 0);
  assert.ok(
    podGridAt(vm.podGrid, vm.rows, down)[0]!.cells.some((c) => c.state === 'terminating'),
    'a scale-down row shows terminating old pods',
  );
  // The last controller step (conditions it writes follow it at the same instant).
  const lastStep = vm.rows.map((r) => r.reason).lastIndexOf('ScalingReplicaSet');
  assert.deepEqual(picture(podGridAt(vm.podGrid, vm.rows, lastStep)), ['old:t', 'new:aaaa'], 'the last old pod goes');
});

test('deployment fail: new pods start, then fail after the Warning row; old pods stay available', () => {
  const vm = model('kubia-deployment.yaml', { scenario: 'fail' });
  const warn = vm.rows.findIndex((r) => r.type === 'Warning');
  assert.ok(warn > 0, 'the fail scenario has a Warning row');
  const before = podGridAt(vm.podGrid, vm.rows, warn - 1).flatMap((g) => g.cells);
  const after = podGridAt(vm.podGrid, vm.rows, warn).flatMap((g) => g.cells);
  assert.ok(before.some((c) => c.revision === 'new' && c.state === 'starting'));
  assert.ok(!before.some((c) => c.state === 'failed'));
  assert.ok(after.some((c) => c.revision === 'new' && c.state === 'failed'));
  assert.ok(after.filter((c) => c.revision === 'old').every((c) => c.state === 'available'));
});

test('statefulset update: pods by ordinal, the deleted pod terminating on its row, then back at the new revision', () => {
  const vm = model('kubia-statefulset.yaml', { scenario: 'update' });
  assert.equal(vm.podGrid.kind, 'StatefulSet');
  const first = podGridAt(vm.podGrid, vm.rows, 0)[0]!;
  assert.deepEqual(
    first.cells.map((c) => c.name),
    ['kubia-0', 'kubia-1'],
  );
  assert.ok(first.cells.every((c) => c.revision === 'old'));
  const del = vm.rows.findIndex((r) => r.reason === 'SuccessfulDelete');
  const atDelete = podGridAt(vm.podGrid, vm.rows, del)[0]!;
  assert.deepEqual(
    atDelete.cells.map((c) => `${c.name}:${c.state}`),
    ['kubia-0:ready', 'kubia-1:terminating'],
  );
  const last = podGridAt(vm.podGrid, vm.rows, vm.rows.length - 1)[0]!;
  assert.deepEqual(
    last.cells.map((c) => `${c.name}:${c.revision}`),
    ['kubia-0:new', 'kubia-1:new'],
  );
});

test('statefulset create: no pods before, one more per create row', () => {
  const vm = model('kubia-statefulset.yaml', { scenario: 'create', replicas: 3 });
  const creates = vm.rows.map((r, i) => [r, i] as const).filter(([r]) => r.reason === 'SuccessfulCreate');
  creates.forEach(([, i], k) => assert.equal(podGridAt(vm.podGrid, vm.rows, i)[0]!.cells.length, k + 1));
});

test('a huge Deployment shows a bounded number of cells and counts the rest', () => {
  const vm = model('kubia-deployment.yaml', { scenario: 'update', replicas: 5000 });
  const g = podGridAt(vm.podGrid, vm.rows, vm.rows.length - 1)[1]!;
  assert.equal(g.cells.length, 200);
  assert.equal(g.more, 4800);
  assert.equal(g.counts.available, 5000);
});

test('the all-pods series is old + new as a step function', () => {
  const vm = model('kubia-deployment.yaml', { scenario: 'update', replicas: 4, maxSurge: '1', maxUnavailable: '0' });
  const pts = totalPoints(vm.rows, vm.chart.tMax);
  assert.equal(Math.max(...pts.map((p) => p[1])), 5);
  assert.deepEqual(pts[0], [0, 4]);
});
