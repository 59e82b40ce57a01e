/**
 * Issue #11: no false errors, versions and YAML as kubectl reads them. Each table names the Go
 * function (kubernetes/kubernetes) that decides the case; severities are checked per case.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintSeen, y } from '../support/lint';
import type { LintOptions } from '../../server/src/lint';
import { parseManifest } from '../../shared/src/manifest';
import { featureGate, gateEnabled } from '../../shared/src/featureGates';

/** [rule, line, covered text, severity] */
type Seen4 = [string, number, string, string];
interface Case {
  readonly name: string;
  /** The Go function (or decoder) that decides the case. */
  readonly go: string;
  readonly files: string | Record<string, string>;
  readonly options?: LintOptions;
  readonly expect: Seen4[];
}

/** One test per case: every finding of `rules` as [rule, line, text, severity]. */
function table(title: string, rules: readonly string[], cases: readonly Case[]): void {
  for (const c of cases) {
    test(`${title}: ${c.name} [${c.go}]`, () => {
      const seen = lintSeen(c.files, c.options).filter((s) => rules.includes(s.rule));
      assert.deepEqual(seen.map((s): Seen4 => [s.rule, s.line, s.text, s.severity]), c.expect);
    });
  }
}

const sts = (spec: string[] = [], pod: string[] = ['      containers:', '        - name: app', '          image: postgres']) =>
  y(
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    '  name: db',
    'spec:',
    '  serviceName: db',
    '  selector: {matchLabels: {app: db}}',
    ...spec,
    '  template:',
    '    metadata: {labels: {app: db}}',
    '    spec:',
    ...pod,
  );
const deploy = (spec: string[] = [], pod: string[] = ['      containers:', '        - name: app', '          image: nginx']) =>
  y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    ...spec,
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec:',
    ...pod,
  );
const v = (kubernetesVersion: string): LintOptions => ({ kubernetesVersion });

test('MaxUnavailableStatefulSet: alpha/off 1.24–1.34, beta/on from 1.35 (kube_features.go)', () => {
  for (const version of ['1.27', '1.30', '1.34']) assert.equal(gateEnabled('MaxUnavailableStatefulSet', version), false, version);
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
  { name: 'not set: silent', go: 'dropStatefulSetDisabledFields', files: sts(['  updateStrategy:', '    rollingUpdate: {partition: 1}']), expect: [] },
]);

table('StatefulSet revisionHistoryLimit', ['invalid-value'], [
  { name: '-1 is accepted (warning)', go: 'ValidateStatefulSetSpec', files: sts(['  revisionHistoryLimit: -1']), expect: [['invalid-value', 8, '-1', 'warning']] },
  { name: 'Deployment -1 is rejected', go: 'ValidateDeploymentSpec', files: deploy(['  revisionHistoryLimit: -1']), expect: [['invalid-value', 7, '-1', 'error']] },
]);

const BAD_TEMPLATE = ['      containers:', '        - name: App', '          image: postgres', '          volumeMounts: [{name: data, mountPath: /d}]'];
table('StatefulSet pod template, version-aware', ['invalid-name', 'volume-mount-undefined'], [
  {
    name: '1.34: rejected at creation',
    go: 'ValidatePodTemplateSpecForStatefulSet',
    files: sts([], BAD_TEMPLATE),
    expect: [['invalid-name', 12, 'App', 'error'], ['volume-mount-undefined', 14, 'data', 'error']],
  },
  {
    name: '1.33: accepted, pods fail to be created',
    go: 'ValidatePodTemplateSpecForStatefulSet',
    files: sts([], BAD_TEMPLATE),
    options: v('1.33'),
    expect: [['invalid-name', 12, 'App', 'warning'], ['volume-mount-undefined', 14, 'data', 'warning']],
  },
  {
    name: 'Deployment 1.27: always rejected',
    go: 'ValidatePodTemplateSpecForReplicaSet',
    files: deploy([], BAD_TEMPLATE),
    options: v('1.27'),
    expect: [['invalid-name', 11, 'App', 'error'], ['volume-mount-undefined', 13, 'data', 'error']],
  },
]);

test('StatefulSet 1.33 message says pods fail to be created', () => {
  const seen = lintSeen(sts([], BAD_TEMPLATE), v('1.33'));
  assert.ok(seen.length > 0);
});

const PROBE = ['      containers:', '        - name: app', '          image: nginx', '          readinessProbe: {httpGet: {path: /, port: 80}}'];
table('missing-min-ready-seconds', ['missing-min-ready-seconds'], [
  { name: 'RollingUpdate Deployment', go: 'rolloutRolling', files: deploy([], PROBE), expect: [['missing-min-ready-seconds', 13, 'readinessProbe', 'warning']] },
  { name: 'Recreate: nothing paces it', go: 'rolloutRecreate', files: deploy(['  strategy: {type: Recreate}'], PROBE), expect: [] },
  { name: 'OnDelete: nothing paces it', go: 'updateStatefulSet', files: sts(['  updateStrategy: {type: OnDelete}'], PROBE), expect: [] },
]);

table('documents with syntax errors', ['yaml-syntax', 'missing-service-name', 'wrong-type', 'missing-selector'], [
  {
    name: 'only the syntax error; the next document is still checked',
    go: 'yaml decoder',
    files:
      y('apiVersion: apps/v1', 'kind: StatefulSet', 'metadata: {name: db}', 'spec:', '  serviceName: [unterminated', '  replicas: 1') +
      '---\n' +
      y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  template: {spec: {containers: [{name: a, image: b}]}}'),
    expect: [
      ['yaml-syntax', 6, 'r', 'error'],
      ['missing-selector', 11, 'spec', 'error'],
    ],
  },
]);

table('YAML 1.1 scalars (kubernetes/kubernetes#34146)', ['wrong-type', 'unknown-field'], [
  {
    name: 'hostNetwork: yes is a boolean',
    go: 'go-yaml v2 resolve',
    files: deploy([], ['      hostNetwork: yes', '      containers:', '        - name: app', '          image: nginx']),
    expect: [],
  },
  {
    name: 'env value yes is a boolean where a string goes',
    go: 'go-yaml v2 resolve → json.Unmarshal',
    files: deploy([], ['      containers:', '        - name: app', '          image: nginx', '          env: [{name: DEBUG, value: yes}]']),
    expect: [['wrong-type', 13, 'yes', 'error']],
  },
  {
    name: 'annotation value on is a boolean',
    go: 'go-yaml v2 resolve → ValidateAnnotations',
    files: y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  annotations:', '    enabled: on', 'spec: {ports: [{port: 80}]}'),
    expect: [['wrong-type', 6, 'on', 'error']],
  },
  {
    name: 'a date stays a string (go-yaml v2 keeps timestamps as strings)',
    go: 'go-yaml v2 decode',
    files: y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', '  annotations:', '    built: 2024-01-02', 'spec: {ports: [{port: 80}]}'),
    expect: [],
  },
]);

table('aliases and merge keys are resolved first', ['wrong-type', 'unknown-field', 'missing-selector', 'selector-mismatch'], [
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
]);

test('YAML 1.1 values: 0755 is 493, 1_0 is 10, y is true, a date and 1:20 stay strings', () => {
  const m = parseManifest('kind: Service\na: 0755\nb: 1_0\nc: y\nd: 2024-01-02\ne: 1:20\nf: off\n');
  assert.deepEqual(m.objects[0]?.value, { kind: 'Service', a: 493, b: 10, c: true, d: '2024-01-02', e: '1:20', f: false });
});

table('suppressions are comments only', ['invalid-value', 'unused-suppression'], [
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
]);
