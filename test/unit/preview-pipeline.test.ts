/**
 * One preview pipeline: the panel's path (the language server's `rolloutLens/preview` request over its
 * workspace index) and `rollout-lens preview` give the same plan for the same folder. The example:
 * a StatefulSet `db` in sts.yaml with its headless Service in svc.yaml beside it (the panel used to say
 * `No Service "db" found`: its own parse saw only the open file).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeFileSystem } from '../../server/src/fileSystem';
import {
  CONTEXT_CHANGED_NOTIFICATION,
  PREVIEW_REQUEST,
  WORKLOAD_FILES_NOTIFICATION,
} from '../../shared/src/preview/protocol';
import type { PreviewParams, PreviewResult, WorkloadFilesParams } from '../../shared/src/preview/protocol';
import type { WhatIf } from '../../shared/src/preview/whatIf';
import { cli, tempFolder } from '../support/cliIo';
import { startTestServer } from '../support/lspPair';
import { y } from '../support/lint';

const STS = y(
  'apiVersion: apps/v1',
  'kind: StatefulSet',
  'metadata: {name: db}',
  'spec:',
  '  serviceName: db',
  '  replicas: 3',
  '  selector: {matchLabels: {app: db}}',
  '  template:',
  '    metadata: {labels: {app: db}}',
  '    spec: {containers: [{name: pg, image: postgres:16, ports: [{name: pg, containerPort: 5432}]}]}',
);
const SVC = y(
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: db}',
  'spec:',
  '  clusterIP: None',
  '  selector: {app: db}',
  '  ports: [{name: pg, port: 5432}]',
);

/** The same preview asked both ways: CLI flags, and the panel's what-if. */
const CASES: [name: string, flags: string[], whatIf: WhatIf][] = [
  ['update (default)', [], { scenario: 'update' }],
  ['create', ['--scenario', 'create'], { scenario: 'create' }],
  ['scale to 5', ['--scenario', 'scale', '--replicas', '5'], { scenario: 'scale', scaleTo: '5' }],
  ['replicas override', ['--replicas', '4'], { scenario: 'update', replicas: 4 }],
  [
    'node failure of ordinal 1, force-deleted after 60 s',
    ['--ordinal', '1', '--force-delete-after', '60'],
    { scenario: 'node-failure', nodeOrdinal: '1', forceDeleteAfterSeconds: '60' },
  ],
  ['fail after 5 s', ['--fail-after', '5'], { scenario: 'fail-after', failAfterSeconds: '5' }],
  [
    'Parallel, partition 1, minReadySeconds 10',
    ['--pod-management-policy', 'Parallel', '--partition', '1', '--min-ready-seconds', '10'],
    { scenario: 'update', podManagementPolicy: 'Parallel', partition: 1, minReadySeconds: 10 },
  ],
];

test('panel path (rolloutLens/preview) and rollout-lens preview: the same plan for the same folder', async (t) => {
  const dir = tempFolder({ 'sts.yaml': STS, 'svc.yaml': SVC }, t);
  const s = await startTestServer({ rootPath: dir, fileSystem: nodeFileSystem });
  t.after(() => s.dispose());
  const uri = pathToFileURL(path.join(dir, 'sts.yaml')).href;
  await s.open(uri, STS);
  for (const [name, flags, whatIf] of CASES) {
    const params: PreviewParams = { uri, offset: 0, whatIf, includePlan: true };
    const r = await s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, params);
    const c = await cli(['preview', '--format', 'json', ...flags, path.join(dir, 'sts.yaml')], dir);
    assert.equal(c.code, 0, `${name}: ${c.stderr}`);
    assert.ok(r?.plan, `${name}: the server answered with a plan`);
    assert.deepEqual(r.plan, JSON.parse(c.stdout), name);
    assert.equal(r.preview?.type, 'render', name);
  }
  // The governing Service of svc.yaml is seen: DNS names, no "No Service" note.
  const r = await s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, {
    uri,
    offset: 0,
    whatIf: { scenario: 'update' },
  } satisfies PreviewParams);
  const text = JSON.stringify(r?.preview);
  assert.doesNotMatch(text, /No Service "db"/);
  assert.match(text, /db-0\.db\.default\.svc\.cluster\.local/);
});

const HPA = y(
  'apiVersion: autoscaling/v2',
  'kind: HorizontalPodAutoscaler',
  'metadata: {name: db}',
  'spec:',
  '  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}',
  '  minReplicas: 2',
  '  maxReplicas: 6',
);

test('an HPA beside the workload: panel path and CLI both start from its minReplicas', async (t) => {
  const dir = tempFolder({ 'sts.yaml': STS, 'svc.yaml': SVC, 'hpa.yaml': HPA }, t);
  const s = await startTestServer({ rootPath: dir, fileSystem: nodeFileSystem });
  t.after(() => s.dispose());
  const uri = pathToFileURL(path.join(dir, 'sts.yaml')).href;
  await s.open(uri, STS);
  const params: PreviewParams = { uri, offset: 0, whatIf: { scenario: 'update' }, includePlan: true };
  const r = await s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, params);
  const c = await cli(['preview', '--format', 'json', path.join(dir, 'sts.yaml')], dir);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(r?.plan, JSON.parse(c.stdout));
  assert.match(JSON.stringify(r?.plan), /HorizontalPodAutoscaler/);
  assert.equal((r?.plan as { pods: unknown[] }).pods.length, 2, 'two pods: the HPA minimum, not spec.replicas 3');
});

test(
  'rolloutLens/contextChanged: an edit of the HPA in another file tells the client, and the preview follows it',
  { timeout: 30_000 },
  async (t) => {
    // The panel and the CodeLens of sts.yaml ask again on this notification (client/src/preview/register.ts).
    const dir = tempFolder({ 'sts.yaml': STS, 'svc.yaml': SVC, 'hpa.yaml': HPA }, t);
    const s = await startTestServer({ rootPath: dir, fileSystem: nodeFileSystem });
    t.after(() => s.dispose());
    let changes = 0;
    let waiting: (() => void) | undefined;
    s.client.onNotification(CONTEXT_CHANGED_NOTIFICATION, () => {
      changes++;
      waiting?.();
    });
    const sts = pathToFileURL(path.join(dir, 'sts.yaml')).href;
    const hpa = pathToFileURL(path.join(dir, 'hpa.yaml')).href;
    await s.open(sts, STS);
    const pods = async () => {
      const r = await s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, {
        uri: sts,
        offset: 0,
        whatIf: { scenario: 'update' },
        includePlan: true,
      } satisfies PreviewParams);
      return (r?.plan as { pods: unknown[] }).pods.length;
    };
    assert.equal(await pods(), 2, 'the HPA minimum');
    await s.open(hpa, HPA);
    const before = changes;
    const told = new Promise<void>((resolve) => (waiting = resolve));
    await s.change(hpa, HPA.replace('minReplicas: 2', 'minReplicas: 4'), 2);
    await told;
    assert.ok(changes > before, 'contextChanged after the HPA edit');
    assert.equal(await pods(), 4, 'the new minimum, asked again');
  },
);

test('rolloutLens/preview: workloads with CodeLens titles per scenario, targets by offset, Apply edits', async (t) => {
  const dir = tempFolder({ 'sts.yaml': STS, 'svc.yaml': SVC }, t);
  const s = await startTestServer({ rootPath: dir, fileSystem: nodeFileSystem });
  t.after(() => s.dispose());
  const uri = pathToFileURL(path.join(dir, 'sts.yaml')).href;
  await s.open(uri, STS, 7);
  const ask = (p: Omit<PreviewParams, 'uri'>) =>
    s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, { uri, ...p } satisfies PreviewParams);
  const db = { kind: 'StatefulSet', name: 'db', docIndex: 0 } as const;

  const lenses = await ask({ lenses: true });
  assert.equal(lenses?.version, 7);
  assert.deepEqual(
    lenses?.workloads.map((w) => [w.target.kind, w.target.name, w.span[0]]),
    [['StatefulSet', 'db', 0]],
  );
  assert.match(lenses?.workloads[0]?.lens ?? '', /^Preview rollout · \d+ steps? · /);
  assert.equal(lenses?.preview, undefined, 'no preview without a what-if');
  const failLens = await ask({ lenses: true, lensWhatIfs: [{ target: db, whatIf: { scenario: 'fail' } }] });
  assert.match(failLens?.workloads[0]?.lens ?? '', /^Preview rollout \(fail\) · /, 'the lens follows the panel');

  const list = await ask({});
  assert.equal(list?.workloads[0]?.lens, undefined, 'no simulation for a plain list');
  assert.equal(list?.target, undefined);
  assert.deepEqual((await ask({ offset: STS.indexOf('replicas') }))?.target, db);

  const apply = await ask({ target: db, apply: { scenario: 'update', replicas: 5 } });
  assert.deepEqual(apply?.apply?.written, ['spec.replicas: 5']);
  const edit = apply?.apply?.edits[0];
  assert.ok(edit);
  assert.equal(
    STS.slice(0, edit.start) + edit.newText + STS.slice(edit.end),
    STS.replace('replicas: 3', 'replicas: 5'),
  );

  const gone = await ask({ target: { ...db, name: 'nope', docIndex: 4 }, whatIf: { scenario: 'update' } });
  assert.equal(gone?.preview?.type, 'empty');
  const elsewhere = await s.client.sendRequest(PREVIEW_REQUEST, { uri: 'file:///elsewhere/x.yaml' });
  assert.equal(elsewhere, null);
});

test('rolloutLens/workloadFiles: the server lists the files with workloads, and follows edits', async (t) => {
  const dir = tempFolder({ 'sts.yaml': STS, 'svc.yaml': SVC }, t);
  const lists: string[][] = [];
  let waiting: ((uris: string[]) => void) | undefined;
  const next = () => new Promise<string[]>((resolve) => (waiting = resolve));
  const s = await startTestServer({ rootPath: dir, fileSystem: nodeFileSystem, waitForIndex: false });
  t.after(() => s.dispose());
  const first = next();
  s.client.onNotification(WORKLOAD_FILES_NOTIFICATION, (p: WorkloadFilesParams) => {
    lists.push([...p.uris]);
    waiting?.([...p.uris]);
  });
  const sts = pathToFileURL(path.join(dir, 'sts.yaml')).href;
  const svc = pathToFileURL(path.join(dir, 'svc.yaml')).href;
  assert.deepEqual(await first, [sts], 'after indexing: the StatefulSet file only');
  const added = next();
  await s.open(svc, SVC + '---\n' + STS.replace('name: db', 'name: db2'));
  assert.deepEqual(await added, [sts, svc].sort(), 'a workload typed into svc.yaml');
  await s.open(sts, STS);
  const removed = next();
  await s.change(sts, SVC, 2);
  assert.deepEqual(await removed, [svc], 'the workload deleted from sts.yaml');
  assert.equal(lists.length, 3, 'sent only when the list changed');
});

test('the selected Kubernetes version reaches the plan: node-monitor-grace-period 40 s in 1.31, 50 s in 1.34 (panel = CLI)', async (t) => {
  // pkg/controller/nodelifecycle: --node-monitor-grace-period defaults to 50 s from 1.32 (40 s before): the pod of
  // the failed node turns NotReady that long after the node's last heartbeat (shared/src/sim/timing.ts).
  const dir = tempFolder({ 'sts.yaml': STS, 'svc.yaml': SVC }, t);
  const whatIf: WhatIf = { scenario: 'node-failure', nodeOrdinal: '1', forceDeleteAfterSeconds: '60' };
  const flags = ['--ordinal', '1', '--force-delete-after', '60'];
  const plans: Record<string, unknown> = {};
  for (const version of ['1.31', '1.34']) {
    const s = await startTestServer({
      rootPath: dir,
      fileSystem: nodeFileSystem,
      configuration: (section) => (section === 'rolloutLens' ? { kubernetesVersion: version } : null),
    });
    try {
      const uri = pathToFileURL(path.join(dir, 'sts.yaml')).href;
      await s.open(uri, STS);
      const params: PreviewParams = { uri, offset: 0, whatIf, includePlan: true };
      const r = await s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, params);
      const c = await cli(
        ['preview', '--format', 'json', '--kubernetes-version', version, ...flags, path.join(dir, 'sts.yaml')],
        dir,
      );
      assert.equal(c.code, 0, `${version}: ${c.stderr}`);
      assert.deepEqual(r?.plan, JSON.parse(c.stdout), `${version}: panel and CLI`);
      plans[version] = r?.plan;
    } finally {
      await s.dispose();
    }
  }
  const notReadyAt = (plan: unknown) =>
    (plan as { timeline: { t: number; message: string }[] }).timeline.find((e) => /marked NotReady/.test(e.message))?.t;
  assert.equal(notReadyAt(plans['1.31']), 40, 'the 1.31 node controller marks the pod NotReady after 40 s');
  assert.equal(notReadyAt(plans['1.34']), 50, 'the 1.34 node controller marks the pod NotReady after 50 s');
  assert.notDeepEqual(plans['1.31'], plans['1.34']);
  const bad = await cli(['preview', '--kubernetes-version', 'latest', path.join(dir, 'sts.yaml')], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--kubernetes-version must look like 1\.33 \(got "latest"\)/);
});
