/**
 * Issue #11: no false errors, versions and YAML as kubectl reads them. Each table names the Go
 * function (kubernetes/kubernetes) that decides the case; severities are checked per case.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { goTable, lintSeen, y } from '../support/lint';
import type { LintOptions } from '../../server/src/lint';
import { parseManifest } from '../../shared/src/manifest';
import { featureGate, gateEnabled } from '../../shared/src/featureGates';
import { containers, selectorLine, serviceYaml, workloadYaml } from '../support/manifests';

const table = goTable;

const sts = (spec: string[] = [], pod: string[] = containers('postgres')) =>
  workloadYaml({
    kind: 'StatefulSet',
    name: 'db',
    spec: ['  serviceName: db', selectorLine('{app: db}'), ...spec],
    labels: '{app: db}',
    containers: pod,
  });
const deploy = (spec: string[] = [], pod: string[] = containers('nginx')) =>
  workloadYaml({ spec: [selectorLine('{app: web}'), ...spec], labels: '{app: web}', containers: pod });
const v = (kubernetesVersion: string): LintOptions => ({ kubernetesVersion });

test('MaxUnavailableStatefulSet: alpha/off 1.24–1.34, beta/on from 1.35 (kube_features.go)', () => {
  for (const version of ['1.27', '1.30', '1.34'])
    assert.equal(gateEnabled('MaxUnavailableStatefulSet', version), false, version);
  assert.equal(gateEnabled('MaxUnavailableStatefulSet', '1.35'), true);
  assert.equal(featureGate('MaxUnavailableStatefulSet', '1.34')?.stage, 'alpha');
  assert.equal(featureGate('MaxUnavailableStatefulSet', '1.23'), undefined);
});

const MU = ['rolling-update-all-zero', 'invalid-int-or-percent', 'statefulset-max-unavailable-ignored'];
table('StatefulSet maxUnavailable', MU, [
  {
    name: '1.34: 0 is dropped, not rejected',
    go: 'dropStatefulSetDisabledFields',
    files: sts(['  updateStrategy:', '    rollingUpdate: {maxUnavailable: 0}']),
    expect: [['statefulset-max-unavailable-ignored', 9, 'maxUnavailable', 'warning']],
  },
  {
    name: '1.27: 2 is ignored',
    go: 'dropStatefulSetDisabledFields',
    files: sts(['  updateStrategy:', '    type: RollingUpdate', '    rollingUpdate:', '      maxUnavailable: 2']),
    options: v('1.27'),
    expect: [['statefulset-max-unavailable-ignored', 11, 'maxUnavailable', 'warning']],
  },
  {
    name: '1.35: 0 is rejected',
    go: 'validateRollingUpdateStatefulSet',
    files: sts(['  updateStrategy:', '    rollingUpdate: {maxUnavailable: 0}']),
    options: v('1.35'),
    expect: [['rolling-update-all-zero', 9, '0', 'error']],
  },
  {
    name: '1.35: 2 is honoured, silent',
    go: 'validateRollingUpdateStatefulSet',
    files: sts(['  updateStrategy:', '    rollingUpdate: {maxUnavailable: 2}']),
    options: v('1.35'),
    expect: [],
  },
  {
    name: 'not set: silent',
    go: 'dropStatefulSetDisabledFields',
    files: sts(['  updateStrategy:', '    rollingUpdate: {partition: 1}']),
    expect: [],
  },
]);

table(
  'StatefulSet revisionHistoryLimit',
  ['invalid-value'],
  [
    {
      name: '-1 is accepted (warning)',
      go: 'ValidateStatefulSetSpec',
      files: sts(['  revisionHistoryLimit: -1']),
      expect: [['invalid-value', 8, '-1', 'warning']],
    },
    {
      name: 'Deployment -1 is rejected',
      go: 'ValidateDeploymentSpec',
      files: deploy(['  revisionHistoryLimit: -1']),
      expect: [['invalid-value', 7, '-1', 'error']],
    },
  ],
);

const BAD_TEMPLATE = [
  '      containers:',
  '        - name: App',
  '          image: postgres',
  '          volumeMounts: [{name: data, mountPath: /d}]',
];
table(
  'StatefulSet pod template, version-aware',
  ['invalid-name', 'volume-mount-undefined'],
  [
    {
      name: '1.34: rejected at creation',
      go: 'ValidatePodTemplateSpecForStatefulSet',
      files: sts([], BAD_TEMPLATE),
      expect: [
        ['invalid-name', 12, 'App', 'error'],
        ['volume-mount-undefined', 14, 'data', 'error'],
      ],
    },
    {
      name: '1.33: accepted, pods fail to be created',
      go: 'ValidatePodTemplateSpecForStatefulSet',
      files: sts([], BAD_TEMPLATE),
      options: v('1.33'),
      expect: [
        ['invalid-name', 12, 'App', 'warning'],
        ['volume-mount-undefined', 14, 'data', 'warning'],
      ],
    },
    {
      name: 'Deployment 1.27: always rejected',
      go: 'ValidatePodTemplateSpecForReplicaSet',
      files: deploy([], BAD_TEMPLATE),
      options: v('1.27'),
      expect: [
        ['invalid-name', 11, 'App', 'error'],
        ['volume-mount-undefined', 13, 'data', 'error'],
      ],
    },
  ],
);

table(
  'StatefulSet name length',
  ['invalid-name'],
  [
    {
      name: '53 characters: accepted, the pods fail (controller-revision-hash label over 63)',
      go: 'ValidateStatefulSetName (NameIsDNSLabel) accepts; ValidateLabels rejects the pods',
      files: sts().replace('  name: db', `  name: ${'a'.repeat(53)}`),
      expect: [['invalid-name', 4, 'a'.repeat(53), 'warning']],
    },
    {
      name: '64 characters: rejected',
      go: 'ValidateStatefulSetName (NameIsDNSLabel)',
      files: sts().replace('  name: db', `  name: ${'a'.repeat(64)}`),
      expect: [['invalid-name', 4, 'a'.repeat(64), 'error']],
    },
    {
      name: 'a dot: rejected',
      go: 'ValidateStatefulSetName (NameIsDNSLabel)',
      files: sts().replace('  name: db', '  name: db.v1'),
      expect: [['invalid-name', 4, 'db.v1', 'error']],
    },
  ],
);

table(
  'StatefulSet serviceName, version-aware',
  ['invalid-name'],
  [
    {
      name: '1.33: an upper-case serviceName is rejected',
      go: 'ValidateStatefulSetSpec (serviceName: NameIsDNSLabel, kubernetes#130233)',
      files: sts().replace('  serviceName: db', '  serviceName: My_DB'),
      options: v('1.33'),
      expect: [['invalid-name', 6, 'My_DB', 'error']],
    },
    {
      name: '1.32: accepted, the pods fail (their subdomain must be a DNS label)',
      go: 'ValidateStatefulSetSpec (no serviceName check before 1.33) → ValidatePodSpec subdomain',
      files: sts().replace('  serviceName: db', '  serviceName: db.v1'),
      options: v('1.32'),
      expect: [['invalid-name', 6, 'db.v1', 'warning']],
    },
    {
      name: 'a DNS label is fine',
      go: 'ValidateStatefulSetSpec',
      files: sts().replace('  serviceName: db', '  serviceName: db-headless'),
      expect: [],
    },
  ],
);

table(
  'empty enum values are defaulted',
  ['invalid-value'],
  [
    {
      name: 'StatefulSet podManagementPolicy, updateStrategy.type, retention policy ""',
      go: 'SetDefaults_StatefulSet ("" becomes OrderedReady, RollingUpdate, Retain) → ValidateStatefulSetSpec',
      files: sts([
        '  podManagementPolicy: ""',
        '  updateStrategy: {type: ""}',
        '  persistentVolumeClaimRetentionPolicy: {whenDeleted: "", whenScaled: ""}',
      ]),
      expect: [],
    },
    {
      name: 'a wrong case is still rejected',
      go: 'ValidateStatefulSetSpec',
      files: sts(['  podManagementPolicy: parallel']),
      expect: [['invalid-value', 8, 'parallel', 'error']],
    },
  ],
);

test('StatefulSet 1.33 message says pods fail to be created', () => {
  const seen = lintSeen(sts([], BAD_TEMPLATE), v('1.33'));
  assert.ok(seen.length > 0);
});

const PROBE = [
  '      containers:',
  '        - name: app',
  '          image: nginx',
  '          readinessProbe: {httpGet: {path: /, port: 80}}',
];
table(
  'missing-min-ready-seconds',
  ['missing-min-ready-seconds'],
  [
    {
      name: 'RollingUpdate Deployment',
      go: 'rolloutRolling',
      files: deploy([], PROBE),
      expect: [['missing-min-ready-seconds', 13, 'readinessProbe', 'warning']],
    },
    {
      name: 'Recreate: nothing paces it',
      go: 'rolloutRecreate',
      files: deploy(['  strategy: {type: Recreate}'], PROBE),
      expect: [],
    },
    {
      name: 'OnDelete: nothing paces it',
      go: 'updateStatefulSet',
      files: sts(['  updateStrategy: {type: OnDelete}'], PROBE),
      expect: [],
    },
  ],
);

table(
  'documents with syntax errors',
  ['yaml-syntax', 'missing-service-name', 'wrong-type', 'missing-selector'],
  [
    {
      name: 'only the syntax error; the next document is still checked',
      go: 'yaml decoder',
      files:
        y(
          'apiVersion: apps/v1',
          'kind: StatefulSet',
          'metadata: {name: db}',
          'spec:',
          '  serviceName: [unterminated',
          '  replicas: 1',
        ) +
        '---\n' +
        y(
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: {name: web}',
          'spec:',
          '  template: {spec: {containers: [{name: a, image: b}]}}',
        ),
      expect: [
        ['yaml-syntax', 6, 'r', 'error'],
        ['missing-selector', 11, 'spec', 'error'],
      ],
    },
    {
      name: 'a repeated key is a warning: kubectl apply -f keeps the last value',
      go: 'sigs.k8s.io/yaml YAMLToJSON (go-yaml v2 non-strict setMapIndex)',
      files: y(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  replicas: 1',
        '  replicas: 2',
        '  selector: {matchLabels: {app: web}}',
        '  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: a, image: b}]}}',
      ),
      expect: [['yaml-syntax', 6, 'r', 'warning']],
    },
  ],
);

table(
  'YAML 1.1 scalars (kubernetes/kubernetes#34146)',
  ['wrong-type', 'unknown-field'],
  [
    {
      name: 'hostNetwork: yes is a boolean',
      go: 'go-yaml v2 resolve',
      files: deploy(
        [],
        ['      hostNetwork: yes', '      containers:', '        - name: app', '          image: nginx'],
      ),
      expect: [],
    },
    {
      name: 'env value yes is a boolean where a string goes',
      go: 'go-yaml v2 resolve → json.Unmarshal',
      files: deploy(
        [],
        [
          '      containers:',
          '        - name: app',
          '          image: nginx',
          '          env: [{name: DEBUG, value: yes}]',
        ],
      ),
      expect: [['wrong-type', 13, 'yes', 'error']],
    },
    {
      name: 'annotation value on is a boolean',
      go: 'go-yaml v2 resolve → ValidateAnnotations',
      files: y(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: web',
        '  annotations:',
        '    enabled: on',
        'spec: {ports: [{port: 80}]}',
      ),
      expect: [['wrong-type', 6, 'on', 'error']],
    },
    {
      name: 'a date stays a string (go-yaml v2 keeps timestamps as strings)',
      go: 'go-yaml v2 decode',
      files: y(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: web',
        '  annotations:',
        '    built: 2024-01-02',
        'spec: {ports: [{port: 80}]}',
      ),
      expect: [],
    },
  ],
);

table(
  'aliases and merge keys are resolved first',
  ['wrong-type', 'unknown-field', 'missing-selector', 'selector-mismatch'],
  [
    {
      name: 'image: *img',
      go: 'kubectl decoder (go-yaml v2 aliases)',
      files: y(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, annotations: {img: &img "nginx:1.27"}}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        '        - {name: app, image: *img}',
      ),
      expect: [],
    },
    {
      name: '<<: *defaults brings the selector',
      go: 'go-yaml v2 merge keys',
      files: y(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, labels: &labels {app: web}}',
        'spec:',
        '  <<: {selector: {matchLabels: *labels}}',
        '  template:',
        '    metadata: {labels: *labels}',
        '    spec:',
        '      containers: [{name: app, image: nginx}]',
      ),
      expect: [],
    },
    {
      name: 'merged fields are type-checked',
      go: 'go-yaml v2 merge keys → json.Unmarshal',
      files: y(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web}',
        'spec:',
        '  <<: &d {replicas: "3"}',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec: {containers: [{name: app, image: nginx}]}',
      ),
      expect: [['wrong-type', 5, '"3"', 'error']],
    },
  ],
);

test('YAML 1.1 values: 0755 is 493, 1_0 is 10, y is true, a date and 1:20 stay strings', () => {
  const m = parseManifest('kind: Service\na: 0755\nb: 1_0\nc: y\nd: 2024-01-02\ne: 1:20\nf: off\n');
  assert.deepEqual(m.objects[0]?.value, {
    kind: 'Service',
    a: 493,
    b: 10,
    c: true,
    d: '2024-01-02',
    e: '1:20',
    f: false,
  });
});

table(
  'suppressions are comments only',
  ['invalid-value', 'unused-suppression'],
  [
    {
      name: 'a directive inside a block scalar is not one',
      go: '—',
      files: deploy(
        ['  replicas: -1'],
        [
          '      containers:',
          '        - name: app',
          '          image: nginx',
          '          args:',
          '            - |',
          '              # rollout-lens-disable invalid-value',
          '              echo hi',
        ],
      ),
      expect: [['invalid-value', 7, '-1', 'error']],
    },
  ],
);

// ---------------------------------------------------------------------------------------------
// Rejections to catch

const svc = (spec: string[], meta: string[] = []) => serviceYaml(spec, { meta });
const pod = (...lines: string[]) => deploy([], ['      containers:', ...lines]);

table(
  'wrong-api-version',
  ['wrong-api-version', 'removed-api-version'],
  [
    {
      name: 'apiVersion v1 with kind Deployment',
      go: 'kubectl RESTMapper: no matches for kind',
      files: y('apiVersion: v1', 'kind: Deployment', 'metadata: {name: web}'),
      expect: [['wrong-api-version', 1, 'v1', 'error']],
    },
    {
      name: 'apps/v1 Service',
      go: 'kubectl RESTMapper',
      files: y('apiVersion: apps/v1', 'kind: Service', 'metadata: {name: web}'),
      expect: [['wrong-api-version', 1, 'apps/v1', 'error']],
    },
    {
      name: 'batch/v1 CronJob: silent',
      go: 'kubectl RESTMapper',
      files: y('apiVersion: batch/v1', 'kind: CronJob', 'metadata: {name: c}'),
      expect: [],
    },
    {
      name: 'removed apiVersion is removed-api-version only',
      go: 'kubectl RESTMapper',
      files: deploy().replace('apps/v1', 'extensions/v1beta1'),
      expect: [['removed-api-version', 1, 'extensions/v1beta1', 'error']],
    },
  ],
);

table(
  'invalid-label',
  ['invalid-label'],
  [
    {
      name: 'label value with a slash and one too long',
      go: 'IsValidLabelValue',
      files: deploy().replace(
        '  name: web\n',
        `  name: web\n  labels: {team: a/b, long: ${'x'.repeat(64)}, ok: "", k: v-1.0_a}\n`,
      ),
      expect: [
        ['invalid-label', 5, 'a/b', 'error'],
        ['invalid-label', 5, 'x'.repeat(64), 'error'],
      ],
    },
    {
      name: 'label key with two slashes and a bad prefix',
      go: 'IsQualifiedName',
      files: deploy().replace(
        '  name: web\n',
        '  name: web\n  labels: {a/b/c: x, Example.COM/x: y, app.kubernetes.io/name: web}\n',
      ),
      expect: [
        ['invalid-label', 5, 'a/b/c', 'error'],
        ['invalid-label', 5, 'Example.COM/x', 'error'],
      ],
    },
    {
      name: 'template label value ends with a dash',
      go: 'ValidatePodTemplateSpecForStatefulSet → ValidateLabels',
      files: sts().replace('labels: {app: db}}', 'labels: {app: db, v: 1.0-}}'),
      expect: [['invalid-label', 9, '1.0-', 'error']],
    },
    {
      name: 'matchExpressions: lower-case operator, In without values, Exists with values',
      go: 'ValidateLabelSelectorRequirement',
      files: deploy().replace(
        '  selector: {matchLabels: {app: web}}',
        '  selector:\n    matchLabels: {app: web}\n    matchExpressions:\n      - {key: a, operator: in, values: [x]}\n      - {key: b, operator: NotIn, values: []}\n      - {key: c, operator: Exists, values: [x]}',
      ),
      expect: [
        ['invalid-label', 9, 'in', 'error'],
        ['invalid-label', 10, '[]', 'error'],
        ['invalid-label', 11, '[x]', 'error'],
      ],
    },
    {
      name: 'Service selector value',
      go: 'ValidateService → ValidateLabels',
      files: svc(['  selector: {app: "web app"}', '  ports: [{port: 80}]']),
      expect: [['invalid-label', 6, '"web app"', 'error']],
    },
    { name: 'valid labels: silent', go: 'IsValidLabelValue', files: deploy(), expect: [] },
    {
      name: 'a placeholder filled in by a script is not judged',
      go: 'IsValidLabelValue',
      files: deploy().replace('  name: web\n', '  name: web\n  labels: {shard: "{{shard_label}}", v: "${VERSION}"}\n'),
      expect: [],
    },
  ],
);

const IPT = ['invalid-pod-template'];
table('invalid-pod-template', IPT, [
  {
    name: 'duplicate names across containers and init containers',
    go: 'validateInitContainers',
    files: deploy(
      [],
      [
        '      initContainers: [{name: app, image: busybox}]',
        '      containers:',
        '        - name: app',
        '          image: nginx',
      ],
    ),
    expect: [['invalid-pod-template', 12, 'app', 'error']],
  },
  {
    name: 'missing image',
    go: 'validateContainers',
    files: pod('        - name: app'),
    expect: [['invalid-pod-template', 11, 'app', 'error']],
  },
  {
    name: 'duplicate port names, port 0, port 70000',
    go: 'validateContainerPorts',
    files: pod(
      '        - name: app',
      '          image: nginx',
      '          ports: [{name: http, containerPort: 80}, {name: http, containerPort: 70000}, {containerPort: 0}]',
    ),
    expect: [
      ['invalid-pod-template', 13, 'http', 'error'],
      ['invalid-pod-template', 13, '70000', 'error'],
      ['invalid-pod-template', 13, '0', 'error'],
    ],
  },
  {
    name: 'duplicate mountPath',
    go: 'ValidateVolumeMounts',
    files: pod(
      '        - name: app',
      '          image: nginx',
      '          volumeMounts: [{name: a, mountPath: /d}, {name: b, mountPath: /d}]',
    ),
    expect: [['invalid-pod-template', 13, '/d', 'error']],
  },
  {
    name: 'probe without handler and with two',
    go: 'validateHandler',
    files: pod(
      '        - name: app',
      '          image: nginx',
      '          readinessProbe: {periodSeconds: 5}',
      '          livenessProbe: {exec: {command: [x]}, tcpSocket: {port: 80}}',
    ),
    expect: [
      ['invalid-pod-template', 13, 'readinessProbe', 'error'],
      ['invalid-pod-template', 14, 'tcpSocket', 'error'],
    ],
  },
  {
    name: 'liveness successThreshold 2; readiness 2 is fine',
    go: 'validateLivenessProbe',
    files: pod(
      '        - name: app',
      '          image: nginx',
      '          livenessProbe: {tcpSocket: {port: 80}, successThreshold: 2}',
      '          readinessProbe: {tcpSocket: {port: 80}, successThreshold: 2}',
    ),
    expect: [['invalid-pod-template', 13, '2', 'error']],
  },
  {
    name: 'quoted-number probe port; a named port is fine',
    go: 'ValidatePortNumOrName',
    files: pod(
      '        - name: app',
      '          image: nginx',
      '          ports: [{name: http, containerPort: 80}]',
      '          readinessProbe: {httpGet: {port: "8080"}}',
      '          livenessProbe: {httpGet: {port: http}}',
    ),
    expect: [['invalid-pod-template', 14, '"8080"', 'error']],
  },
  {
    name: 'probe on a plain init container; a sidecar may have one',
    go: 'validateInitContainers',
    files: deploy(
      [],
      [
        '      initContainers:',
        '        - {name: init, image: busybox, readinessProbe: {exec: {command: [x]}}}',
        '        - {name: side, image: envoy, restartPolicy: Always, readinessProbe: {exec: {command: [x]}}}',
        '      containers: [{name: app, image: nginx}]',
      ],
    ),
    expect: [['invalid-pod-template', 11, 'readinessProbe', 'error']],
  },
  {
    name: 'duplicate env name is a warning',
    go: 'GetWarningsForPodTemplate',
    files: pod(
      '        - name: app',
      '          image: nginx',
      '          env: [{name: A, value: "1"}, {name: A, value: "2"}]',
    ),
    expect: [['invalid-pod-template', 13, 'A', 'warning']],
  },
  {
    name: 'topologySpreadConstraints maxSkew 0 and a lower-case whenUnsatisfiable',
    go: 'validateTopologySpreadConstraints',
    files: deploy(
      [],
      [
        '      topologySpreadConstraints: [{maxSkew: 0, topologyKey: zone, whenUnsatisfiable: doNotSchedule}]',
        '      containers: [{name: app, image: nginx}]',
      ],
    ),
    expect: [
      ['invalid-pod-template', 10, '0', 'error'],
      ['invalid-pod-template', 10, 'doNotSchedule', 'error'],
    ],
  },
  {
    name: 'DaemonSet duplicate container names',
    go: 'validateContainers',
    files: y(
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: {name: d}',
      'spec:',
      '  selector: {matchLabels: {a: b}}',
      '  template:',
      '    metadata: {labels: {a: b}}',
      '    spec: {containers: [{name: x, image: i}, {name: x, image: i}]}',
    ),
    expect: [['invalid-pod-template', 8, 'x', 'error']],
  },
  {
    name: 'StatefulSet 1.33: warning (pods fail to be created)',
    go: 'ValidatePodTemplateSpecForStatefulSet',
    files: sts([], ['      containers: [{name: x}]']),
    options: v('1.33'),
    expect: [['invalid-pod-template', 11, 'x', 'warning']],
  },
  { name: 'a valid template: silent', go: 'ValidatePodSpec', files: deploy(), expect: [] },
]);

table(
  'invalid-service-port',
  ['invalid-service-port'],
  [
    {
      name: 'no ports',
      go: 'ValidateService',
      files: svc(['  selector: {app: web}']),
      expect: [['invalid-service-port', 5, 'spec', 'error']],
    },
    {
      name: 'headless without ports: fine',
      go: 'ValidateService',
      files: svc(['  clusterIP: None', '  selector: {app: web}']),
      expect: [],
    },
    {
      name: 'ExternalName without ports: fine',
      go: 'ValidateService',
      files: svc(['  type: ExternalName', '  externalName: example.com']),
      expect: [],
    },
    {
      name: 'port missing',
      go: 'validateServicePort',
      files: svc(['  ports: [{targetPort: 80}]']),
      expect: [['invalid-service-port', 6, '{targetPort: 80}', 'error']],
    },
    {
      name: 'two ports, one unnamed; duplicate port/protocol',
      go: 'ValidateService',
      files: svc(['  ports:', '    - {name: http, port: 80}', '    - {port: 80}']),
      expect: [
        ['invalid-service-port', 8, '{port: 80}', 'error'],
        ['invalid-service-port', 8, '80', 'error'],
      ],
    },
    {
      name: 'duplicate names',
      go: 'ValidateService',
      files: svc(['  ports:', '    - {name: http, port: 80}', '    - {name: http, port: 81}']),
      expect: [['invalid-service-port', 8, 'http', 'error']],
    },
    {
      name: 'quoted-number targetPort, bad name, out of range',
      go: 'validateServicePort → IsValidPortName',
      files: svc([
        '  ports:',
        '    - {name: a, port: 80, targetPort: "8080"}',
        '    - {name: b, port: 81, targetPort: my_port}',
        '    - {name: c, port: 82, targetPort: 70000}',
      ]),
      expect: [
        ['invalid-service-port', 7, '"8080"', 'error'],
        ['invalid-service-port', 8, 'my_port', 'error'],
        ['invalid-service-port', 9, '70000', 'error'],
      ],
    },
    {
      name: 'nodePort and externalTrafficPolicy on ClusterIP',
      go: 'ValidateService, validateServiceExternalTrafficPolicy',
      files: svc(['  externalTrafficPolicy: Local', '  ports:', '    - port: 80', '      nodePort: 30080']),
      expect: [
        ['invalid-service-port', 6, 'externalTrafficPolicy', 'error'],
        ['invalid-service-port', 9, 'nodePort', 'error'],
      ],
    },
    {
      name: 'externalTrafficPolicy with externalIPs or NodePort: fine',
      go: 'validateServiceExternalTrafficPolicy',
      files:
        svc(['  externalIPs: [1.2.3.4]', '  externalTrafficPolicy: Local', '  ports: [{port: 80}]']) +
        '---\n' +
        svc(['  type: NodePort', '  externalTrafficPolicy: Local', '  ports: [{port: 80, nodePort: 30080}]']),
      expect: [],
    },
  ],
);

table(
  'progress-deadline-not-greater (defaults)',
  ['progress-deadline-not-greater'],
  [
    {
      name: 'minReadySeconds 600 with the defaulted deadline',
      go: 'SetDefaults_Deployment + ValidateDeploymentSpec',
      files: deploy(['  minReadySeconds: 600']),
      expect: [['progress-deadline-not-greater', 7, '600', 'error']],
    },
    {
      name: 'minReadySeconds 599: fine',
      go: 'ValidateDeploymentSpec',
      files: deploy(['  minReadySeconds: 599']),
      expect: [],
    },
  ],
);

table(
  'YAML 1.1 integers',
  ['wrong-type'],
  [
    {
      name: 'replicas: 010 is 8',
      go: 'go-yaml v2 resolve (strconv.ParseInt base 0)',
      files: deploy(['  replicas: 010']),
      expect: [['wrong-type', 7, '010', 'warning']],
    },
    {
      name: 'replicas: 1_0 is 10',
      go: 'go-yaml v2 resolve',
      files: deploy(['  replicas: 1_0']),
      expect: [['wrong-type', 7, '1_0', 'warning']],
    },
    {
      name: 'defaultMode: 0644 is meant to be octal: silent',
      go: 'go-yaml v2 resolve',
      files: deploy(
        [],
        [
          '      volumes: [{name: c, configMap: {name: c, defaultMode: 0644}}]',
          '      containers: [{name: app, image: nginx}]',
        ],
      ),
      expect: [],
    },
    {
      name: 'replicas: 0 and 10: silent',
      go: 'go-yaml v2 resolve',
      files: deploy(['  replicas: 10', '  minReadySeconds: 0']),
      expect: [],
    },
  ],
);

table(
  'service-selector-no-match: namespace slip',
  ['service-selector-no-match'],
  [
    {
      name: 'pods only in another namespace',
      go: 'EndpointSlice controller (same namespace)',
      files: {
        'file:///ws/main.yaml': svc(['  selector: {app: web}', '  ports: [{port: 80}]'], ['  namespace: prod']),
        'file:///ws/deploy.yaml': deploy(),
      },
      expect: [['service-selector-no-match', 7, 'selector', 'warning']],
    },
  ],
);
