/** `rollout-lens preview` through a fake CliIo. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import * as path from 'node:path';
import { runPreview, type PreviewIo } from '../../server/src/cli/preview';
import type { CliIo } from '../../server/src/cli/io';
import { cli, REPO } from '../support/cliIo';

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
  assert.deepEqual(Object.keys(json), [
    'kind',
    'name',
    'namespace',
    'resolved',
    'replicaSets',
    'steps',
    'samples',
    'scenario',
    'timeline',
    'notes',
    'outcome',
  ]);
  const { explanations, ...resolved } = json.resolved;
  assert.deepEqual(resolved, {
    replicas: 3,
    strategy: 'RollingUpdate',
    maxSurge: 1,
    maxUnavailable: 0,
    minReadySeconds: 0,
    progressDeadlineSeconds: 600,
    revisionHistoryLimit: 10,
  });
  assert.ok(explanations.length > 0);
  assert.deepEqual(Object.keys(json.steps[0]), ['t', 'reason', 'message', 'replicaSet', 'from', 'to', 'pods']);
  assert.deepEqual(Object.keys(json.steps[0].pods), ['old', 'new', 'available', 'total', 'terminating']);
  assert.deepEqual(Object.keys(json.replicaSets[0]), ['role', 'name', 'revision', 'exists', 'examplePodNames']);
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
  for (const argv of [
    [],
    ['--format', 'xml', 'd.yaml'],
    ['--scenario', 'scale', 'd.yaml'],
    ['--bogus', 'd.yaml'],
    ['missing.yaml'],
    ['--scenario', 'node-failure', 'd.yaml'],
  ]) {
    const { io, out } = fakeIo({ 'd.yaml': DEPLOYMENT });
    assert.equal(await runPreview(argv, io), 2, argv.join(' '));
    assert.match(out.stderr, /^rollout-lens preview: [^\n]+\n$/);
  }
});

// ---------------------------------------------------------------- Services from other files

const STATEFULSET_ONLY = STATEFULSET.split('---')[0] as string;
const HEADLESS = `apiVersion: v1
kind: Service
metadata: {name: kubia}
spec: {clusterIP: None, ports: [{name: http, port: 80}]}
`;

/** A fake io with a directory lister like `nodeFileSystem.listYamlFiles` (recursive, sorted; [] for a file). */
function fakeDirIo(files: Record<string, string>) {
  const { io, out } = fakeIo(files);
  const listed: string[] = [];
  const dirIo: PreviewIo = {
    ...io,
    listYamlFiles: async (dir) => {
      listed.push(dir);
      const prefix = dir === '.' ? '' : `${dir.replace(/\/$/, '')}/`;
      return Object.keys(files)
        .filter((f) => f.startsWith(prefix) && f !== dir)
        .sort();
    },
  };
  return { io: dirIo, out, listed };
}

test('Services come from the other YAML files of the same directory (same namespace, not subdirectories)', async () => {
  const { io, out } = fakeDirIo({
    'k8s/sts.yaml': STATEFULSET_ONLY,
    'k8s/svc.yaml': HEADLESS,
    'k8s/other-ns.yaml': HEADLESS.replace('{name: kubia}', '{name: kubia, namespace: other}').replace(
      'port: 80',
      'port: 81',
    ),
    'k8s/sub/deeper.yaml': HEADLESS.replace('port: 80', 'port: 82'),
  });
  assert.equal(await runPreview(['--format', 'json', 'k8s/sts.yaml'], io), 0, out.stderr);
  const json = JSON.parse(out.stdout);
  assert.deepEqual(
    json.srv.map((s: { port: number }) => s.port),
    [80],
  );
  const text = fakeDirIo({ 'k8s/sts.yaml': STATEFULSET_ONLY, 'k8s/svc.yaml': HEADLESS });
  assert.equal(await runPreview(['k8s/sts.yaml'], text.io), 0);
  assert.doesNotMatch(text.out.stdout, /No Service/);
  assert.match(text.out.stdout, /_http\._tcp\.kubia\.default\.svc\.cluster\.local → port 80/);
  // The text shows the SRV targets the JSON carries (the pods' DNS names behind a headless Service).
  assert.match(text.out.stdout, /→ port 80: kubia-0\.kubia\.default\.svc\.cluster\.local, kubia-1\.kubia/);
});

test('--services points at another file or directory; unreadable --services exits 2', async () => {
  const files = {
    'app/sts.yaml': STATEFULSET_ONLY,
    'app/svc.yaml': HEADLESS.replace('port: 80', 'port: 81'),
    'net/a/svc.yaml': HEADLESS,
    'net/one.yaml': HEADLESS.replace('port: 80', 'port: 83'),
  };
  const dir = fakeDirIo(files);
  assert.equal(await runPreview(['--format', 'json', '--services', 'net', 'app/sts.yaml'], dir.io), 0, dir.out.stderr);
  assert.deepEqual(
    JSON.parse(dir.out.stdout).srv.map((s: { port: number }) => s.port),
    [83],
    'the nearest Service under net/ (net/one.yaml before net/a/, as the linter and the panel pick it), not the sibling',
  );
  const file = fakeDirIo(files);
  assert.equal(
    await runPreview(['--format', 'json', '--services', 'net/one.yaml', 'app/sts.yaml'], file.io),
    0,
    file.out.stderr,
  );
  assert.deepEqual(
    JSON.parse(file.out.stdout).srv.map((s: { port: number }) => s.port),
    [83],
  );
  const missing = fakeDirIo(files);
  assert.equal(await runPreview(['--services', 'nowhere', 'app/sts.yaml'], missing.io), 2);
  assert.equal(missing.out.stderr, 'rollout-lens preview: --services: cannot read nowhere: ENOENT\n');
});

test('rollout-lens preview examples/kubia-statefulset.yaml finds the headless Service of examples/ (real file system)', async () => {
  const r = await cli(['preview', path.join(REPO, 'examples/kubia-statefulset.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /No Service/);
  assert.match(r.stdout, /SRV records:\n  _http\._tcp\.kubia\.default\.svc\.cluster\.local/);
});

// ---------------------------------------------------------------- fail-after through the CLI

test('preview --fail-after 5 examples/deployment-no-min-ready.yaml shows the new pods failing after the rollout', async () => {
  const r = await cli([
    'preview',
    '--scenario',
    'fail-after',
    '--fail-after',
    '5',
    path.join(REPO, 'examples/deployment-no-min-ready.yaml'),
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Unhealthy +\d+ new pods fail their readiness probe: available \d+ → 0/);
  assert.match(r.stdout, /\(NewReplicaSetAvailable\): .*completed at \d+s, but the new version then failed everywhere/);
  const json = await cli([
    'preview',
    '--format',
    'json',
    '--fail-after',
    '5',
    path.join(REPO, 'examples/deployment-no-min-ready.yaml'),
  ]);
  const last = JSON.parse(json.stdout).steps.at(-1);
  assert.equal(last.reason, 'Unhealthy');
  assert.equal(last.pods.available, 0);
});

// ---------------------------------------------------------------- scenario flags

test('--pause-after K pauses once the new ReplicaSet has K pods (implies --scenario pause)', async () => {
  const { io, out } = fakeIo({ 'd.yaml': DEPLOYMENT });
  assert.equal(await runPreview(['--format', 'json', '--pause-after', '2', 'd.yaml'], io), 0, out.stderr);
  const json = JSON.parse(out.stdout);
  assert.deepEqual(
    json.steps.map((s: { replicaSet: string; to: number }) => `${s.replicaSet} ${s.to}`),
    ['new 1', 'old 2', 'new 2'],
  );
  assert.equal(json.outcome.condition, 'DeploymentPaused');
  const text = fakeIo({ 'd.yaml': DEPLOYMENT });
  assert.equal(await runPreview(['--scenario', 'pause', 'd.yaml'], text.io), 0);
  assert.match(text.out.stdout, /kubectl rollout pause \(new replica set has 1 pod\)/, 'default K = 1');
});

test('--ordinal N and --force-delete-after S (imply node-failure); the default ordinal is spec.ordinals.start', async () => {
  const a = fakeIo({ 's.yaml': STATEFULSET });
  assert.equal(
    await runPreview(['--format', 'json', '--ordinal', '0', '--force-delete-after', '400', 's.yaml'], a.io),
    0,
    a.out.stderr,
  );
  assert.deepEqual(
    JSON.parse(a.out.stdout).steps.map(
      (s: { t: number; action: string; pod: string }) => `${s.t} ${s.action} ${s.pod}`,
    ),
    ['400 delete kubia-0', '400 create kubia-0'],
  );
  const b = fakeIo({ 's.yaml': STATEFULSET.replace('  replicas: 2\n', '  replicas: 2\n  ordinals: {start: 3}\n') });
  assert.equal(await runPreview(['--force-delete-after', '60', 's.yaml'], b.io), 0, b.out.stderr);
  assert.match(b.out.stdout, /0s  node of kubia-3 lost/);
  assert.match(b.out.stdout, /60s +delete +kubia-3/);
  const c = fakeIo({ 's.yaml': STATEFULSET });
  assert.equal(await runPreview(['--scenario', 'node-failure', '--ordinal', '1', 's.yaml'], c.io), 0);
  assert.match(c.out.stdout, /node of kubia-1 lost/);
});

test('scenario flags: wrong scenario, two scenarios, bad numbers exit 2 with one line', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['--scenario', 'fail', '--pause-after', '2', 'd.yaml'],
      /--pause-after only applies to the pause scenario \(got --scenario fail\)/,
    ],
    [['--pause-after', '2', '--ordinal', '1', 'd.yaml'], /--pause-after and --ordinal belong to different scenarios/],
    [['--ordinal', '-1', 'd.yaml'], /--ordinal must be a non-negative integer/],
    [['--force-delete-after', 'soon', 'd.yaml'], /--force-delete-after must be a non-negative integer/],
    [['--ordinal', '1', 'd.yaml'], /node-failure scenario applies to StatefulSets only/],
    [['--scenario', 'fail-after', 'd.yaml'], /needs --fail-after S/],
  ];
  for (const [argv, message] of cases) {
    const { io, out } = fakeIo({ 'd.yaml': DEPLOYMENT });
    assert.equal(await runPreview(argv, io), 2, argv.join(' '));
    assert.match(out.stderr, /^rollout-lens preview: [^\n]+\n$/);
    assert.match(out.stderr, message, argv.join(' '));
  }
});

test('--scale-at, --resume-after, --rollback-at reach the timed scenarios; what-if overrides as flags', async () => {
  const run = async (files: Record<string, string>, argv: string[]) => {
    const { io, out } = fakeIo(files);
    assert.equal(await runPreview(['--format', 'json', ...argv], io), 0, out.stderr);
    return JSON.parse(out.stdout);
  };
  const scaled = await run({ 'd.yaml': DEPLOYMENT }, ['--replicas', '9', '--scale-at', '3', 'd.yaml']);
  assert.deepEqual(scaled.scenario, { name: 'scale', replicas: 9, atSecond: 3 });
  assert.ok(
    scaled.timeline.some(
      (e: { t: number; message: string }) => e.t === 3 && e.message === 'kubectl scale --replicas=9',
    ),
  );
  const resumed = await run({ 'd.yaml': DEPLOYMENT }, ['--resume-after', '30', 'd.yaml']);
  assert.ok(resumed.timeline.some((e: { message: string }) => e.message === 'kubectl rollout resume'));
  assert.equal(resumed.outcome.complete, true);
  const undone = await run({ 'd.yaml': DEPLOYMENT }, ['--rollback-at', '2', 'd.yaml']);
  assert.deepEqual(undone.scenario, { name: 'rollback', afterSeconds: 2 });
  const o = await run({ 'd.yaml': DEPLOYMENT }, [
    '--max-surge',
    '0',
    '--max-unavailable',
    '50%',
    '--min-ready-seconds',
    '5',
    'd.yaml',
  ]);
  assert.deepEqual([o.resolved.maxSurge, o.resolved.minReadySeconds], [0, 5]);
  const rejected = await run({ 'd.yaml': DEPLOYMENT }, ['--max-surge', '0', '--max-unavailable', '0', 'd.yaml']);
  assert.equal(rejected.outcome.condition, 'Rejected');
  // The text of a rejected object is its reason: no empty event tables, no "not complete after 0s".
  const text = fakeIo({ 'd.yaml': DEPLOYMENT });
  assert.equal(await runPreview(['--max-surge', '0', '--max-unavailable', '0', 'd.yaml'], text.io), 0);
  assert.match(text.out.stdout, /^Outcome: Rejected by the API server: spec\.strategy\.rollingUpdate\.maxUnavailable/m);
  assert.doesNotMatch(text.out.stdout, /Events|after 0s/);
  const s = await run({ 's.yaml': STATEFULSET }, ['--partition', '1', '--pod-management-policy', 'Parallel', 's.yaml']);
  assert.deepEqual(
    [s.resolved.partition, s.resolved.podManagementPolicy, s.outcome.condition],
    [1, 'Parallel', 'Partitioned'],
  );
  const bad = fakeIo({ 'd.yaml': DEPLOYMENT });
  assert.equal(await runPreview(['--max-surge', 'lots', 'd.yaml'], bad.io), 2);
  assert.match(bad.out.stderr, /--max-surge must be a non-negative integer or a percentage/);
});

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: ne}}
  updateStrategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: ne}}
    spec:
      nodeSelector: {kubernetes.io/os: linux}
      containers: [{name: ne, image: prom/node-exporter}]
`;

test('DaemonSet: json and text, --nodes N, node scenarios with --at; --nodes/--at misuse exits 2', async () => {
  const { io, out } = fakeIo({ 'ds.yaml': DAEMONSET });
  assert.equal(await runPreview(['--format', 'json', '--nodes', '5', 'ds.yaml'], io), 0);
  const json = JSON.parse(out.stdout);
  assert.deepEqual([json.kind, json.resolved.nodes, json.resolved.maxSurge, json.nodes.length], ['DaemonSet', 5, 1, 5]);
  assert.equal(json.steps.filter((s: { action: string }) => s.action === 'create').length, 5);
  const text = fakeIo({ 'ds.yaml': DAEMONSET });
  assert.equal(await runPreview(['--scenario', 'node-added', '--at', '3', 'ds.yaml'], text.io), 0);
  assert.match(text.out.stdout, /runs on the nodes that match nodeSelector kubernetes\.io\/os=linux/);
  assert.match(text.out.stdout, /node-4 joins the cluster/);
  for (const [args, message] of [
    [['--nodes', '5', 'd.yaml'], /--nodes applies to DaemonSets only/],
    [['--at', '3', 'ds.yaml'], /--at applies to the node-added and node-removed scenarios/],
    [['--scenario', 'scale', '--replicas', '2', 'ds.yaml'], /a DaemonSet has no replicas/],
  ] as const) {
    const bad = fakeIo({ 'ds.yaml': DAEMONSET, 'd.yaml': DEPLOYMENT });
    assert.equal(await runPreview([...args], bad.io), 2);
    assert.match(bad.out.stderr, message);
  }
});

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: kubia}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: kubia}
  minReplicas: 2
  maxReplicas: 5
`;

test('an HPA next to the workload owns its replicas: minReplicas, --replicas within range, --no-hpa', async () => {
  const { io, out } = fakeDirIo({ 'k8s/d.yaml': DEPLOYMENT, 'k8s/hpa.yaml': HPA });
  assert.equal(await runPreview(['--format', 'json', 'k8s/d.yaml'], io), 0, out.stderr);
  const json = JSON.parse(out.stdout);
  assert.equal(json.resolved.replicas, 2);
  assert.deepEqual(json.autoscaler, { name: 'kubia', minReplicas: 2, maxReplicas: 5 });
  assert.match(json.notes[0], /spec\.replicas \(3\) in the manifest is overwritten by the HPA/);
  const what = fakeDirIo({ 'k8s/d.yaml': DEPLOYMENT, 'k8s/hpa.yaml': HPA });
  assert.equal(await runPreview(['--format', 'json', '--replicas', '9', 'k8s/d.yaml'], what.io), 0);
  assert.equal(JSON.parse(what.out.stdout).resolved.replicas, 5, 'the HPA keeps replicas ≤ maxReplicas');
  const off = fakeDirIo({ 'k8s/d.yaml': DEPLOYMENT, 'k8s/hpa.yaml': HPA });
  assert.equal(await runPreview(['--format', 'json', '--no-hpa', 'k8s/d.yaml'], off.io), 0);
  assert.equal(JSON.parse(off.out.stdout).resolved.replicas, 3);
  // An HPA of another workload (or in the same file, for another kind) does not apply.
  const other = fakeIo({ 'd.yaml': `${DEPLOYMENT}---\n${HPA.replace('kind: Deployment', 'kind: StatefulSet')}` });
  assert.equal(await runPreview(['--format', 'json', 'd.yaml'], other.io), 0);
  assert.equal(JSON.parse(other.out.stdout).autoscaler, undefined);
});

test('starting-state flags: --updated-pods, --unready-old-pods, --older-replica-sets; bad ones exit 2', async () => {
  const { io, out } = fakeIo({ 'd.yaml': DEPLOYMENT });
  const args = ['--format', 'json', '--updated-pods', '1', '--unready-old-pods', '1', '--older-replica-sets', '1'];
  assert.equal(await runPreview([...args, 'd.yaml'], io), 0, out.stderr);
  const json = JSON.parse(out.stdout);
  assert.deepEqual(json.start, { updatedPods: 1, unreadyOldPods: 1, olderReplicaSets: 1 });
  assert.equal(json.replicaSets.length, 3);
  assert.equal(json.timeline[0]?.message.includes('kubectl apply'), false, 'half-way: applied before t = 0');
  const text = fakeIo({ 'd.yaml': DEPLOYMENT });
  assert.equal(await runPreview(['--updated-pods', '1', 'd.yaml'], text.io), 0);
  assert.match(text.out.stdout, /Note: Starting state \(what-if\): the rollout of the file's template is half-way/);
  const bad = fakeIo({ 'd.yaml': DEPLOYMENT });
  assert.equal(await runPreview(['--scenario', 'create', '--updated-pods', '1', 'd.yaml'], bad.io), 2);
  assert.match(bad.out.stderr, /starting state: the create scenario does not roll out the file's template/);
});

test('a stalled StatefulSet waits forever in the text outcome, not "after Ns"', async () => {
  const { io, out } = fakeIo({ 's.yaml': STATEFULSET });
  assert.equal(await runPreview(['--scenario', 'fail', 's.yaml'], io), 0);
  assert.match(out.stdout, /^Outcome: waits forever \(stalled at \d+s\) \(Stalled\)/m);
});

test('text: what is simulated in the names is said next to them (not only in the notes at the end)', async () => {
  const cases: [string, string, RegExp][] = [
    ['d.yaml', DEPLOYMENT, /^Replica sets:\n {2}\(the pod-template-hash and the 5-character suffixes are simulated/m],
    [
      's.yaml',
      STATEFULSET,
      /^Pods \(governing Service \w+\):\n {2}\(pod names are exact; the revision hash is simulated/m,
    ],
    [
      'n.yaml',
      DAEMONSET,
      /^Nodes \(the pod [^\n]*\):\n {2}\(the 5-character suffixes and the revision hash are simulated/m,
    ],
  ];
  for (const [file, text, heading] of cases) {
    const { io, out } = fakeIo({ [file]: text });
    assert.equal(await runPreview([file], io), 0, out.stderr);
    assert.match(out.stdout, heading, file);
  }
});

test('text: the Timeline shows the pods becoming available between controller actions (a scale, as the panel rows)', async () => {
  const dep = fakeIo({ 'd.yaml': DEPLOYMENT });
  assert.equal(await runPreview(['--scenario', 'scale', '--replicas', '6', 'd.yaml'], dep.io), 0, dep.out.stderr);
  assert.match(
    dep.out.stdout,
    /^Timeline:\n(?: {2}[^\n]*\n)*? {2}\d+s {2}\d+ pods are available \([^)]*\): available \d+ → 6$/m,
  );
  const sts = fakeIo({ 's.yaml': STATEFULSET });
  assert.equal(await runPreview(['--scenario', 'scale', '--replicas', '4', 's.yaml'], sts.io), 0, sts.out.stderr);
  assert.match(sts.out.stdout, /^ {2}\d+s {2}\d+ pods? (is|are) Ready: ready \d+ → 4$/m);
});

test('text: a rollback kubectl refuses (one ControllerRevision left) reads "rollback failed", not "not complete"', async () => {
  const text = DAEMONSET.replace('spec:\n  selector', 'spec:\n  revisionHistoryLimit: 0\n  selector');
  const { io, out } = fakeIo({ 'ds.yaml': text });
  assert.equal(await runPreview(['--scenario', 'rollback', 'ds.yaml'], io), 0, out.stderr);
  assert.match(out.stdout, /^ {2}0s {2}error: no last revision to roll back to/m);
  assert.match(out.stdout, /^Outcome: rollback failed at 0s \(RollbackFailed\): kubectl rollout undo failed/m);
});
