/**
 * Issue #11, rules users of kube-linter / kube-score / Polaris expect: probe ports, mutable image tags, replicas under
 * an HPA, PDBs that block drains, HPAs and PDBs that act on nothing. Fixture tables, positive and negative; each case
 * names the Kubernetes function whose behaviour decides it. Then the related information and the quick fixes.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintFile } from '../../server/src/lint';
import { applyEdits, quickFixes } from '../../server/src/codeActions';
import { WorkspaceIndex } from '../../server/src/workspace';
import { goTable, MAIN, y } from '../support/lint';
import type { GoCase } from '../support/lint';
import { containers, objectYaml, selectorLine, workloadYaml } from '../support/manifests';

type Case = GoCase;
const table = (rule: string, cases: readonly Case[]) => goTable(rule, [rule], cases);

/** A Deployment `web` (labels app=web) whose one container gets `container` lines. */
const deploy = (
  opts: { kind?: string; name?: string; ns?: string; spec?: string[]; container?: string[]; pod?: string[] } = {},
) =>
  workloadYaml({
    kind: opts.kind,
    name: opts.name,
    namespace: opts.ns,
    spec: [...(opts.spec ?? []), selectorLine('{app: web}')],
    labels: '{app: web, tier: front}',
    pod: opts.pod,
    containers: containers('nginx:1.27', ...(opts.container ?? [])),
  });

const hpa = (target: string, opts: { ns?: string; min?: number; max?: number; apiVersion?: string } = {}) =>
  objectYaml({
    api: opts.apiVersion ?? 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    name: 'web-hpa',
    namespace: opts.ns,
    spec: [
      `  scaleTargetRef: ${target}`,
      ...(opts.min !== undefined ? [`  minReplicas: ${opts.min}`] : []),
      `  maxReplicas: ${opts.max ?? 10}`,
    ],
  });

const pdb = (spec: string[], apiVersion = 'policy/v1') =>
  objectYaml({ api: apiVersion, kind: 'PodDisruptionBudget', name: 'web-pdb', spec });

const doc = (...docs: string[]) => docs.join('---\n');
const PORTS = '          ports: [{name: http, containerPort: 8080}]';
const PROBE = 'ResolveContainerPort (pkg/probe), doProbe (pkg/kubelet/prober/worker.go)';

table('probe-port-not-exposed', [
  {
    name: 'a readiness port name the container does not declare',
    go: PROBE,
    files: deploy({ container: [PORTS, '          readinessProbe: {httpGet: {path: /, port: htpp}}'] }),
    expect: [['probe-port-not-exposed', 14, 'htpp', 'warning']],
  },
  {
    name: 'a declared port name',
    go: PROBE,
    files: deploy({ container: [PORTS, '          readinessProbe: {httpGet: {path: /, port: http}}'] }),
    expect: [],
  },
  {
    name: 'a name declared by another container only (the kubelet looks in the probed one)',
    go: PROBE,
    files: deploy({
      container: [
        '          livenessProbe: {tcpSocket: {port: http}}',
        '        - name: proxy',
        '          image: envoy:1.30',
        PORTS,
      ],
    }),
    expect: [['probe-port-not-exposed', 13, 'http', 'warning']],
  },
  {
    name: 'a number that the only declared port is not',
    go: PROBE,
    files: deploy({ container: [PORTS, '          startupProbe: {tcpSocket: {port: 8081}}'] }),
    expect: [['probe-port-not-exposed', 14, '8081', 'warning']],
  },
  {
    name: 'a number another container of the pod declares (same network namespace)',
    go: PROBE,
    files: deploy({
      container: [
        PORTS,
        '          readinessProbe: {httpGet: {port: 9090}}',
        '        - name: metrics',
        '          image: exporter:2',
        '          ports: [{containerPort: 9090}]',
      ],
    }),
    expect: [],
  },
  {
    name: 'a number on a container with several ports (an undeclared health port, ingress-nginx 10254)',
    go: PROBE,
    files: deploy({
      container: [
        '          ports: [{containerPort: 80}, {containerPort: 443}]',
        '          readinessProbe: {httpGet: {port: 10254}}',
      ],
    }),
    expect: [],
  },
  {
    name: 'a number on a container without ports',
    go: PROBE,
    files: deploy({ container: ['          readinessProbe: {httpGet: {port: 8080}}'] }),
    expect: [],
  },
  {
    name: 'a probe with its own host',
    go: PROBE,
    files: deploy({ container: [PORTS, '          readinessProbe: {httpGet: {host: db.local, port: db}}'] }),
    expect: [],
  },
  {
    name: 'a grpc probe port',
    go: PROBE,
    files: deploy({ container: [PORTS, '          livenessProbe: {grpc: {port: 9000}}'] }),
    expect: [['probe-port-not-exposed', 14, '9000', 'warning']],
  },
  {
    name: 'a quoted number is invalid-pod-template, not this rule',
    go: 'ValidatePortNumOrName',
    files: deploy({ container: [PORTS, '          readinessProbe: {httpGet: {port: "8081"}}'] }),
    expect: [],
  },
  {
    name: 'a StatefulSet sidecar (restartable init container) is probed too',
    go: PROBE,
    files: deploy({
      kind: 'StatefulSet',
      spec: ['  serviceName: web'],
      pod: [
        '      initContainers:',
        '        - name: sidecar',
        '          image: envoy:1.30',
        '          restartPolicy: Always',
        '          ports: [{name: admin, containerPort: 9901}]',
        '          readinessProbe: {httpGet: {port: admn}}',
      ],
    }),
    expect: [['probe-port-not-exposed', 16, 'admn', 'warning']],
  },
]);

const IMAGE = 'SetDefaults_Container (pull policy), getNewReplicaSet template hash (pkg/controller/deployment)';
const image = (ref: string, kind = 'Deployment') =>
  y(
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata: {name: web}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    '      containers:',
    `        - {name: app, image: ${ref}}`,
  );
const imageCases: [string, string, boolean][] = [
  ['no tag', 'nginx', true],
  [':latest', 'nginx:latest', true],
  ['a registry port is not a tag', 'registry.local:5000/team/app', true],
  ['a version tag', 'nginx:1.27.2', false],
  ['a registry port and a tag', 'registry.local:5000/team/app:2.1', false],
  ['a digest', 'nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', false],
  [
    'latest pinned by digest',
    'nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    false,
  ],
  ['a placeholder', '${IMAGE}', false],
];
table('image-mutable-tag', [
  ...imageCases.map(([name, ref, found]): Case => ({
    name,
    go: IMAGE,
    files: image(ref),
    expect: found ? [['image-mutable-tag', 10, ref, 'warning']] : [],
  })),
  {
    name: 'a Job is not rolled out',
    go: IMAGE,
    files: image('nginx', 'Job').replace('apps/v1', 'batch/v1'),
    expect: [],
  },
]);

const HPA = 'reconcileAutoscaler (pkg/controller/podautoscaler/horizontal.go)';
table('replicas-with-hpa', [
  {
    name: 'replicas and an HPA in the same file',
    go: HPA,
    files: doc(deploy({ spec: ['  replicas: 3'] }), hpa('{apiVersion: apps/v1, kind: Deployment, name: web}')),
    expect: [['replicas-with-hpa', 6, 'replicas: 3', 'warning']],
  },
  {
    name: 'an HPA in another file of the folder, autoscaling/v1',
    go: HPA,
    files: {
      [MAIN]: deploy({ spec: ['  replicas: 2'] }),
      'file:///ws/hpa.yaml': hpa('{kind: Deployment, name: web}', { apiVersion: 'autoscaling/v1' }),
    },
    expect: [['replicas-with-hpa', 6, 'replicas: 2', 'warning']],
  },
  {
    name: 'no replicas written',
    go: HPA,
    files: doc(deploy(), hpa('{kind: Deployment, name: web}')),
    expect: [],
  },
  {
    name: 'the HPA is in another namespace',
    go: HPA,
    files: doc(deploy({ spec: ['  replicas: 3'] }), hpa('{kind: Deployment, name: web}', { ns: 'other' })),
    expect: [],
  },
  {
    name: 'the HPA targets a StatefulSet of that name',
    go: HPA,
    files: doc(deploy({ spec: ['  replicas: 3'] }), hpa('{kind: StatefulSet, name: web}')),
    expect: [],
  },
  {
    name: 'the HPA targets a custom resource group',
    go: HPA,
    files: doc(
      deploy({ spec: ['  replicas: 3'] }),
      hpa('{apiVersion: argoproj.io/v1alpha1, kind: Deployment, name: web}'),
    ),
    expect: [],
  },
  {
    name: 'a same-named Deployment nearer to the HPA is its target, not this one',
    go: `${HPA}; nearest candidate (server/src/nearest.ts)`,
    files: {
      'file:///ws/b/main.yaml': deploy({ spec: ['  replicas: 3'] }),
      'file:///ws/a/web.yaml': deploy({ spec: ['  replicas: 3'] }),
      'file:///ws/a/hpa.yaml': hpa('{kind: Deployment, name: web}'),
    },
    target: 'file:///ws/b/main.yaml',
    expect: [],
  },
  {
    name: '… and that nearer one is flagged',
    go: `${HPA}; nearest candidate (server/src/nearest.ts)`,
    files: {
      'file:///ws/b/web.yaml': deploy({ spec: ['  replicas: 3'] }),
      'file:///ws/a/main.yaml': deploy({ spec: ['  replicas: 3'] }),
      'file:///ws/a/hpa.yaml': hpa('{kind: Deployment, name: web}'),
    },
    target: 'file:///ws/a/main.yaml',
    expect: [['replicas-with-hpa', 6, 'replicas: 3', 'warning']],
  },
]);

const PDB = 'getExpectedPodCount (pkg/controller/disruption/disruption.go)';
table('pdb-blocks-eviction', [
  {
    name: 'maxUnavailable: 0',
    go: PDB,
    files: doc(
      deploy({ spec: ['  replicas: 5'] }),
      pdb(['  maxUnavailable: 0', '  selector: {matchLabels: {app: web}}']),
    ),
    expect: [['pdb-blocks-eviction', 20, '0', 'warning']],
  },
  {
    name: 'maxUnavailable: "0%"',
    go: PDB,
    files: doc(deploy(), pdb(['  maxUnavailable: 0%', '  selector: {matchLabels: {app: web}}'])),
    expect: [['pdb-blocks-eviction', 19, '0%', 'warning']],
  },
  {
    name: 'maxUnavailable: 1',
    go: PDB,
    files: doc(deploy(), pdb(['  maxUnavailable: 1', '  selector: {matchLabels: {app: web}}'])),
    expect: [],
  },
  {
    name: 'minAvailable equal to replicas',
    go: PDB,
    files: doc(
      deploy({ spec: ['  replicas: 3'] }),
      pdb(['  minAvailable: 3', '  selector: {matchLabels: {app: web}}']),
    ),
    expect: [['pdb-blocks-eviction', 20, '3', 'warning']],
  },
  {
    name: 'minAvailable below replicas',
    go: PDB,
    files: doc(
      deploy({ spec: ['  replicas: 4'] }),
      pdb(['  minAvailable: 3', '  selector: {matchLabels: {app: web}}']),
    ),
    expect: [],
  },
  {
    name: 'minAvailable 1 with the default single replica',
    go: `${PDB}; SetDefaults_Deployment`,
    files: doc(deploy(), pdb(['  minAvailable: 1', '  selector: {matchLabels: {app: web}}'])),
    expect: [['pdb-blocks-eviction', 19, '1', 'warning']],
  },
  {
    name: 'minAvailable 67% of 3 rounds up to 3 (cockroachdb)',
    go: `${PDB}; GetScaledValueFromIntOrPercent (round up)`,
    files: doc(
      deploy({ spec: ['  replicas: 3'] }),
      pdb(['  minAvailable: 67%', '  selector: {matchLabels: {app: web}}']),
    ),
    expect: [['pdb-blocks-eviction', 20, '67%', 'warning']],
  },
  {
    name: 'minAvailable 50% of 3 is 2',
    go: `${PDB}; GetScaledValueFromIntOrPercent (round up)`,
    files: doc(
      deploy({ spec: ['  replicas: 3'] }),
      pdb(['  minAvailable: 50%', '  selector: {matchLabels: {app: web}}']),
    ),
    expect: [],
  },
  {
    name: 'minAvailable 100% of a DaemonSet',
    go: PDB,
    files: doc(deploy({ kind: 'DaemonSet' }), pdb(['  minAvailable: 100%', '  selector: {matchLabels: {app: web}}'])),
    expect: [['pdb-blocks-eviction', 19, '100%', 'warning']],
  },
  {
    name: 'an integer minAvailable of a DaemonSet (one pod per node: count unknown)',
    go: PDB,
    files: doc(deploy({ kind: 'DaemonSet' }), pdb(['  minAvailable: 2', '  selector: {matchLabels: {app: web}}'])),
    expect: [],
  },
  {
    name: 'minAvailable of two selected Deployments counts both',
    go: PDB,
    files: doc(
      deploy({ spec: ['  replicas: 2'] }),
      deploy({ name: 'web2', spec: ['  replicas: 2'] }),
      pdb(['  minAvailable: 3', '  selector: {matchLabels: {tier: front}}']),
    ),
    expect: [],
  },
  {
    name: 'minAvailable below the HPA maxReplicas',
    go: `${PDB}; ${HPA}`,
    files: doc(
      deploy(),
      hpa('{kind: Deployment, name: web}', { min: 2, max: 5 }),
      pdb(['  minAvailable: 3', '  selector: {matchLabels: {app: web}}']),
    ),
    expect: [],
  },
  {
    name: 'minAvailable equal to the HPA maxReplicas',
    go: `${PDB}; ${HPA}`,
    files: doc(
      deploy(),
      hpa('{kind: Deployment, name: web}', { min: 2, max: 5 }),
      pdb(['  minAvailable: 5', '  selector: {matchLabels: {app: web}}']),
    ),
    expect: [['pdb-blocks-eviction', 28, '5', 'warning']],
  },
  {
    name: 'matchExpressions select the pods',
    go: `${PDB}; LabelSelectorAsSelector`,
    files: doc(
      deploy(),
      pdb(['  maxUnavailable: 0', '  selector: {matchExpressions: [{key: tier, operator: In, values: [front]}]}']),
    ),
    expect: [['pdb-blocks-eviction', 19, '0', 'warning']],
  },
  {
    name: 'a selector that matches nothing',
    go: PDB,
    files: doc(deploy(), pdb(['  maxUnavailable: 0', '  selector: {matchLabels: {app: api}}'])),
    expect: [],
  },
]);

const SELECT = 'getPodsForPdb (pkg/controller/disruption/disruption.go), LabelSelectorAsSelector';
table('pdb-selects-nothing', [
  {
    name: 'policy/v1 without a selector selects no pod',
    go: SELECT,
    files: doc(deploy(), pdb(['  maxUnavailable: 1'])),
    expect: [['pdb-selects-nothing', 18, 'spec', 'information']],
  },
  {
    name: 'policy/v1 empty selector selects every pod of the namespace',
    go: SELECT,
    files: doc(deploy(), pdb(['  maxUnavailable: 1', '  selector: {}'])),
    expect: [],
  },
  {
    name: 'policy/v1beta1 empty selector selects none',
    go: SELECT,
    files: doc(deploy(), pdb(['  maxUnavailable: 1', '  selector: {}'], 'policy/v1beta1')),
    expect: [['pdb-selects-nothing', 20, 'selector', 'information']],
  },
  {
    name: 'a label no template has',
    go: SELECT,
    files: doc(deploy(), pdb(['  maxUnavailable: 1', '  selector: {matchLabels: {app: wbe}}'])),
    expect: [['pdb-selects-nothing', 20, 'selector', 'information']],
  },
  {
    name: 'the folder defines no pods (a chart elsewhere makes them)',
    go: SELECT,
    files: pdb(['  maxUnavailable: 1', '  selector: {matchLabels: {app: wbe}}']),
    expect: [],
  },
  {
    name: 'a custom resource carries the labels (an operator creates the pods)',
    go: SELECT,
    files: doc(
      deploy(),
      y('apiVersion: monitoring.coreos.com/v1', 'kind: Prometheus', 'metadata: {name: k8s, labels: {app: prom}}'),
      pdb(['  maxUnavailable: 1', '  selector: {matchLabels: {app: prom}}']),
    ),
    expect: [],
  },
]);

const TARGET = 'reconcileAutoscaler (FailedGetScale), ValidateCrossVersionObjectReference';
table('hpa-target-missing', [
  {
    name: 'no Deployment of that name',
    go: TARGET,
    files: doc(deploy(), hpa('{kind: Deployment, name: api}')),
    expect: [['hpa-target-missing', 19, 'api', 'information']],
  },
  {
    name: 'the target exists',
    go: TARGET,
    files: doc(deploy(), hpa('{kind: Deployment, name: web}')),
    expect: [],
  },
  {
    name: 'a kind slip: a StatefulSet target that is a Deployment',
    go: TARGET,
    files: doc(deploy(), hpa('{kind: StatefulSet, name: web}')),
    expect: [['hpa-target-missing', 19, 'web', 'information']],
  },
  {
    name: 'the target is in another namespace',
    go: TARGET,
    files: doc(deploy({ ns: 'prod' }), deploy({ name: 'other' }), hpa('{kind: Deployment, name: web}')),
    expect: [['hpa-target-missing', 33, 'web', 'information']],
  },
  {
    name: 'the folder defines no workloads',
    go: TARGET,
    files: hpa('{kind: Deployment, name: api}'),
    expect: [],
  },
]);

test('replicas-with-hpa: related information on the HPA; the fix removes spec.replicas', () => {
  const files = {
    [MAIN]: deploy({ spec: ['  replicas: 3'] }),
    'file:///ws/hpa.yaml': hpa('{kind: Deployment, name: web}', { min: 2, max: 6 }),
  };
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) index.update(uri, text);
  const findings = lintFile(index.get(MAIN)!, index).filter((f) => f.rule === 'replicas-with-hpa');
  assert.equal(findings.length, 1);
  assert.match(
    findings[0]!.message,
    /HorizontalPodAutoscaler "web-hpa" in hpa\.yaml scales it \(minReplicas 2, maxReplicas 6\)/,
  );
  assert.deepEqual(
    findings[0]!.related?.map((r) => [r.uri, files['file:///ws/hpa.yaml'].slice(r.span[0], r.span[1])]),
    [['file:///ws/hpa.yaml', 'web']],
  );
  const [fix] = quickFixes(MAIN, findings);
  assert.ok(fix);
  assert.doesNotMatch(applyEdits(files[MAIN], fix.edits), /replicas/);
});

test('replicas-with-hpa: two HPAs equally near are both named and both related', () => {
  const files = {
    [MAIN]: deploy({ spec: ['  replicas: 3'] }),
    'file:///ws/hpa-cpu.yaml': hpa('{kind: Deployment, name: web}'),
    'file:///ws/hpa-gpu.yaml': hpa('{kind: Deployment, name: web}').replace('name: web-hpa', 'name: gpu-hpa'),
  };
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) index.update(uri, text);
  const [f] = lintFile(index.get(MAIN)!, index).filter((x) => x.rule === 'replicas-with-hpa');
  assert.match(
    f?.message ?? '',
    /2 HorizontalPodAutoscalers are equally near and all scale it: "web-hpa" \(hpa-cpu\.yaml\), "gpu-hpa" \(hpa-gpu\.yaml\)/,
  );
  assert.deepEqual(
    f?.related?.map((r) => r.uri),
    ['file:///ws/hpa-cpu.yaml', 'file:///ws/hpa-gpu.yaml'],
  );
});

test('pdb-blocks-eviction: related information on each selected workload', () => {
  const text = doc(
    deploy({ spec: ['  replicas: 2'] }),
    pdb(['  minAvailable: 2', '  selector: {matchLabels: {app: web}}']),
  );
  const index = new WorkspaceIndex();
  index.update(MAIN, text);
  const [f] = lintFile(index.get(MAIN)!, index).filter((x) => x.rule === 'pdb-blocks-eviction');
  assert.ok(f);
  assert.match(f.message, /minAvailable: 2 is at least the 2 pods it covers \(Deployment "web" runs 2\)/);
  assert.deepEqual(
    f.related?.map((r) => text.slice(r.span[0], r.span[1])),
    ['web'],
  );
});

const probeFixes: [name: string, container: string[], from: string, to: string][] = [
  ['a misspelt name', [PORTS, '          readinessProbe: {httpGet: {port: htpp}}'], 'port: htpp', 'port: http'],
  [
    'a number beside the only port',
    [PORTS, '          readinessProbe: {tcpSocket: {port: 8000}}'],
    'port: 8000',
    'port: 8080',
  ],
  [
    'a name on a container with one unnamed port',
    ['          ports: [{containerPort: 8080}]', '          readinessProbe: {httpGet: {port: web}}'],
    'port: web',
    'port: 8080',
  ],
];
for (const [name, container, from, to] of probeFixes) {
  test(`probe-port-not-exposed fix: ${name}`, () => {
    const text = deploy({ container });
    const index = new WorkspaceIndex();
    index.update(MAIN, text);
    const findings = lintFile(index.get(MAIN)!, index).filter((f) => f.rule === 'probe-port-not-exposed');
    const [fix] = quickFixes(MAIN, findings);
    assert.ok(fix, 'a fix');
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, text.replace(from, to));
    const after = new WorkspaceIndex();
    after.update(MAIN, fixed);
    assert.deepEqual(
      lintFile(after.get(MAIN)!, after).filter((f) => f.rule === 'probe-port-not-exposed'),
      [],
    );
  });
}

test('probe-port-not-exposed: no fix when several ports could be meant', () => {
  const text = deploy({
    container: [
      '          ports: [{name: http, containerPort: 8080}, {name: grpc, containerPort: 9090}]',
      '          readinessProbe: {httpGet: {port: metrics}}',
    ],
  });
  const index = new WorkspaceIndex();
  index.update(MAIN, text);
  const findings = lintFile(index.get(MAIN)!, index).filter((f) => f.rule === 'probe-port-not-exposed');
  assert.equal(findings.length, 1);
  assert.deepEqual(quickFixes(MAIN, findings), []);
});

const REMOVED = 'the deprecated API migration guide (removals in 1.25 and 1.26); RESTMapper "no matches for kind"';
table('removed-api-version', [
  {
    name: 'an autoscaling/v2beta2 HPA',
    go: REMOVED,
    files: hpa('{kind: Deployment, name: web}', { apiVersion: 'autoscaling/v2beta2' }),
    expect: [['removed-api-version', 1, 'autoscaling/v2beta2', 'error']],
  },
  {
    name: 'an autoscaling/v2beta1 HPA',
    go: REMOVED,
    files: hpa('{kind: Deployment, name: web}', { apiVersion: 'autoscaling/v2beta1' }),
    expect: [['removed-api-version', 1, 'autoscaling/v2beta1', 'error']],
  },
  {
    name: 'an autoscaling/v1 HPA is served',
    go: REMOVED,
    files: hpa('{kind: Deployment, name: web}', { apiVersion: 'autoscaling/v1' }),
    expect: [],
  },
  {
    name: 'a policy/v1beta1 PDB',
    go: REMOVED,
    files: pdb(['  maxUnavailable: 1'], 'policy/v1beta1'),
    expect: [['removed-api-version', 1, 'policy/v1beta1', 'error']],
  },
  {
    name: 'a batch/v1beta1 CronJob',
    go: REMOVED,
    files: y('apiVersion: batch/v1beta1', 'kind: CronJob', 'metadata: {name: c}', 'spec: {schedule: "@daily"}'),
    expect: [['removed-api-version', 1, 'batch/v1beta1', 'error']],
  },
]);

// Issue #15: unknown-field and wrong-type apply to DaemonSets (and to HPAs and PDBs), per target version.
const STRICT = "strict field validation (fieldmanager / the version's OpenAPI schema); json decoding into the Go type";
for (const rule of ['unknown-field', 'wrong-type']) {
  table(rule, [
    {
      name: 'a DaemonSet field typo',
      go: STRICT,
      files: deploy({ kind: 'DaemonSet', spec: ['  updateStrategy: {rollingUpdate: {maxSurg: 1}}'] }),
      expect: rule === 'unknown-field' ? [['unknown-field', 6, 'maxSurg', 'error']] : [],
    },
    {
      name: 'a DaemonSet quoted integer',
      go: STRICT,
      files: deploy({ kind: 'DaemonSet', spec: ['  minReadySeconds: "10"'] }),
      expect: rule === 'wrong-type' ? [['wrong-type', 6, '"10"', 'error']] : [],
    },
    {
      name: 'an HPA v2 metric field of v2beta2',
      go: STRICT,
      files: hpa('{kind: Deployment, name: web}').replace(
        '  maxReplicas: 10\n',
        '  maxReplicas: 10\n  metrics: [{type: Resource, resource: {name: cpu, targetAverageUtilization: 80}}]\n',
      ),
      expect: rule === 'unknown-field' ? [['unknown-field', 8, 'targetAverageUtilization', 'error']] : [],
    },
    {
      name: 'a PDB quoted integer is an int-or-string (fine)',
      go: STRICT,
      files: pdb(['  maxUnavailable: "1"', '  selector: {matchLabels: {app: web}}']),
      expect: [],
    },
    {
      name: 'a DaemonSet container field of 1.34 (restartPolicyRules) for a 1.33 target',
      go: STRICT,
      files: deploy({ kind: 'DaemonSet', container: ['          restartPolicyRules: []'] }),
      options: { kubernetesVersion: '1.33' },
      expect: rule === 'unknown-field' ? [['unknown-field', 13, 'restartPolicyRules', 'error']] : [],
    },
    {
      name: '… and for 1.34',
      go: STRICT,
      files: deploy({ kind: 'DaemonSet', container: ['          restartPolicyRules: []'] }),
      options: { kubernetesVersion: '1.34' },
      expect: [],
    },
  ]);
}
