/** `rollout-lens preview` through a fake CliIo. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { runPreview } from '../../server/src/cli/preview';
import type { CliIo } from '../../server/src/cli/io';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: kubia}
spec:
  replicas: 3
  selector: {matchLabels: {app: kubia}}
  template:
    metadata: {labels: {app: kubia}}
    spec: {containers: [{name: kubia, image: luksa/kubia:v2}]}
`;
const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kubia}
spec:
  replicas: 2
  serviceName: kubia
  selector: {matchLabels: {app: kubia}}
  template:
    metadata: {labels: {app: kubia}}
    spec: {containers: [{name: kubia, image: luksa/kubia-pet}]}
  volumeClaimTemplates: [{metadata: {name: data}}]
---
apiVersion: v1
kind: Service
metadata: {name: kubia}
spec: {clusterIP: None, ports: [{name: http, port: 80}]}
`;

function fakeIo(files: Record<string, string>) {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (s) => void (out.stdout += s),
    stderr: (s) => void (out.stderr += s),
    readFile: async (p) => {
      if (!(p in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return files[p] as string;
    },
  };
  return { io, out };
}

test('json for a Deployment follows the contract', async () => {
  const { io, out } = fakeIo({ 'd.yaml': DEPLOYMENT });
  assert.equal(await runPreview(['--format', 'json', 'd.yaml'], io), 0);
  const json = JSON.parse(out.stdout);
  assert.deepEqual(Object.keys(json), ['kind', 'name', 'namespace', 'resolved', 'replicaSets', 'steps', 'outcome']);
  assert.deepEqual(json.resolved, { replicas: 3, strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0, minReadySeconds: 0, progressDeadlineSeconds: 600 });
  assert.deepEqual(Object.keys(json.steps[0]), ['t', 'reason', 'message', 'replicaSet', 'from', 'to', 'pods']);
  assert.deepEqual(Object.keys(json.steps[0].pods), ['old', 'new', 'available', 'total']);
  assert.equal(json.outcome.condition, 'NewReplicaSetAvailable');
});

test('json for a StatefulSet with its Service, and text output', async () => {
  const { io, out } = fakeIo({ 's.yaml': STATEFULSET });
  assert.equal(await runPreview(['--format=json', '--scenario', 'create', 's.yaml'], io), 0);
  const json = JSON.parse(out.stdout);
  assert.equal(json.pods[0].fqdn, 'kubia-0.kubia.default.svc.cluster.local');
  assert.equal(json.srv[0].name, '_http._tcp.kubia.default.svc.cluster.local');
  const text = fakeIo({ 's.yaml': STATEFULSET });
  assert.equal(await runPreview(['--scenario', 'scale', '--replicas', '1', 's.yaml'], text.io), 0);
  assert.match(text.out.stdout, /Retained PVCs: data-kubia-1/);
});

test('several workloads: listed, exit 2; --object picks one', async () => {
  const files = { 'both.yaml': `${DEPLOYMENT}---\n${STATEFULSET}` };
  const a = fakeIo(files);
  assert.equal(await runPreview(['both.yaml'], a.io), 2);
  assert.match(a.out.stderr, /Deployment\/kubia, StatefulSet\/kubia/);
  const b = fakeIo(files);
  assert.equal(await runPreview(['--object', 'StatefulSet/kubia', '--fail-after', '5', 'both.yaml'], b.io), 0);
});

test('bad arguments and unreadable files exit 2 with one line on stderr', async () => {
  for (const argv of [[], ['--format', 'xml', 'd.yaml'], ['--scenario', 'scale', 'd.yaml'], ['--bogus', 'd.yaml'], ['missing.yaml'], ['--scenario', 'node-failure', 'd.yaml']]) {
    const { io, out } = fakeIo({ 'd.yaml': DEPLOYMENT });
    assert.equal(await runPreview(argv, io), 2, argv.join(' '));
    assert.match(out.stderr, /^rollout-lens preview: [^\n]+\n$/);
  }
});
