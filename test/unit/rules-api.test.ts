/**
 * API-server parity rules: fixture tables, each case a workspace and the exact findings of the
 * rule under test as [rule, line, covered text]. Positive and negative cases per rule.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintSeen, ruleTable, MAIN, y } from '../support/lint';
import type { RuleCase } from '../support/lint';
import { lintFile } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';
import { containers, serviceYaml, workloadYaml } from '../support/manifests';

/** API-server parity rules are errors unless a case configures another severity. */
const table = (rule: string, cases: RuleCase[]) =>
  ruleTable(rule, cases, { severity: (c) => c.options?.rules?.[rule] ?? 'error' });

/** A valid Deployment; `spec` lines go between `spec:` and `template:` (line 6 on). */
const deploy = (spec: string[] = [], opts: { name?: string; api?: string; labels?: string; pod?: string[] } = {}) =>
  workloadYaml({ ...opts, spec, labels: opts.labels ?? '{app: web}' });
const SEL = '  selector: {matchLabels: {app: web}}';

const sts = (spec: string[] = [], opts: { name?: string; api?: string; pod?: string[] } = {}) =>
  workloadYaml({
    ...opts,
    kind: 'StatefulSet',
    name: opts.name ?? 'db',
    spec: ['  serviceName: db', ...spec],
    labels: '{app: db}',
    containers: containers('postgres'),
  });
const STS_SEL = '  selector: {matchLabels: {app: db}}';

const svc = (spec: string[], name = 'web') => serviceYaml(spec, { name });

table('missing-selector', [
  { name: 'Deployment without selector', files: deploy([]), expect: [['missing-selector', 5, 'spec']] },
  { name: 'StatefulSet without selector', files: sts([]), expect: [['missing-selector', 5, 'spec']] },
  { name: 'empty selector map', files: deploy(['  selector: {}']), expect: [['missing-selector', 6, 'selector']] },
  {
    name: 'selector with empty matchLabels',
    files: deploy(['  selector:', '    matchLabels: {}']),
    expect: [['missing-selector', 6, 'selector']],
  },
  { name: 'selector present: silent', files: deploy([SEL]), expect: [] },
  {
    name: 'matchExpressions only: silent',
    files: deploy(['  selector: {matchExpressions: [{key: app, operator: In, values: [web]}]}']),
    expect: [],
  },
  {
    name: 'removed apiVersion: left to removed-api-version',
    files: deploy([], { api: 'extensions/v1beta1' }),
    expect: [],
  },
  { name: 'Service: not checked', files: svc(['  ports: [{port: 80}]']), expect: [] },
  {
    name: 'spec is a string: no crash, silent',
    files: y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: x}', 'spec: oops'),
    expect: [],
  },
]);

table('selector-mismatch', [
  {
    name: 'matchLabels value differs',
    files: deploy(['  selector: {matchLabels: {app: wbe}}']),
    expect: [['selector-mismatch', 6, 'app: wbe']],
  },
  {
    name: 'second matchLabels key missing from the template',
    files: deploy(['  selector:', '    matchLabels:', '      app: web', '      tier: front']),
    expect: [['selector-mismatch', 9, 'tier: front']],
  },
  {
    name: 'matchExpressions In fails',
    files: deploy(['  selector:', '    matchExpressions:', '      - {key: app, operator: In, values: [api]}']),
    expect: [['selector-mismatch', 8, '{key: app, operator: In, values: [api]}']],
  },
  {
    name: 'matchExpressions DoesNotExist fails',
    files: deploy(['  selector:', '    matchExpressions:', '      - {key: app, operator: DoesNotExist}']),
    expect: [['selector-mismatch', 8, '{key: app, operator: DoesNotExist}']],
  },
  {
    name: 'template has no labels',
    files: deploy([SEL], { labels: '{}' }),
    expect: [['selector-mismatch', 6, 'app: web']],
  },
  {
    name: 'numbers and strings compare as text',
    files: deploy(['  selector: {matchLabels: {v: "1"}}'], { labels: '{v: 1}' }),
    expect: [],
  },
  {
    name: 'subset of template labels: silent',
    files: deploy([SEL], { labels: '{app: web, tier: front}' }),
    expect: [],
  },
  {
    name: 'StatefulSet',
    files: sts(['  selector: {matchLabels: {app: dbx}}']),
    expect: [['selector-mismatch', 7, 'app: dbx']],
  },
  {
    name: 'unknown operator: not judged',
    files: deploy(['  selector: {matchExpressions: [{key: app, operator: Like, values: [w]}]}']),
    expect: [],
  },
]);

table('rolling-update-all-zero', [
  {
    name: 'both 0',
    files: deploy([SEL, '  strategy:', '    rollingUpdate:', '      maxSurge: 0', '      maxUnavailable: 0']),
    expect: [['rolling-update-all-zero', 8, 'rollingUpdate']],
  },
  {
    name: '0% and 0',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: 0%, maxUnavailable: 0}']),
    expect: [['rolling-update-all-zero', 8, 'rollingUpdate']],
  },
  {
    name: 'quoted "0%" both',
    files: deploy([SEL, '  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: "0%", maxUnavailable: "0%"}}']),
    expect: [['rolling-update-all-zero', 7, 'rollingUpdate']],
  },
  {
    name: 'one of them missing (defaults to 25%)',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: 0}']),
    expect: [],
  },
  {
    name: 'surge 1',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}']),
    expect: [],
  },
  {
    name: '10% that rounds to 0 is accepted',
    files: deploy([SEL, '  replicas: 2', '  strategy:', '    rollingUpdate: {maxSurge: 10%, maxUnavailable: 0}']),
    expect: [],
  },
  {
    name: 'Recreate: not a rolling update',
    files: deploy([SEL, '  strategy: {type: Recreate, rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}']),
    expect: [],
  },
  {
    name: 'StatefulSet maxUnavailable 0 (1.35: MaxUnavailableStatefulSet on by default)',
    files: sts([STS_SEL, '  updateStrategy:', '    rollingUpdate: {maxUnavailable: 0}']),
    options: { kubernetesVersion: '1.35' },
    expect: [['rolling-update-all-zero', 9, '0']],
  },
  {
    name: 'StatefulSet partition only',
    files: sts([STS_SEL, '  updateStrategy:', '    rollingUpdate: {partition: 0}']),
    expect: [],
  },
]);

table('recreate-with-rolling-update', [
  {
    name: 'Recreate with rollingUpdate',
    files: deploy([SEL, '  strategy:', '    type: Recreate', '    rollingUpdate:', '      maxSurge: 1']),
    expect: [['recreate-with-rolling-update', 9, 'rollingUpdate']],
  },
  {
    name: 'Recreate with rollingUpdate: {}',
    files: deploy([SEL, '  strategy: {type: Recreate, rollingUpdate: {}}']),
    expect: [['recreate-with-rolling-update', 7, 'rollingUpdate']],
  },
  {
    name: 'Recreate with rollingUpdate: null is accepted',
    files: deploy([SEL, '  strategy:', '    type: Recreate', '    rollingUpdate:']),
    expect: [],
  },
  { name: 'Recreate alone', files: deploy([SEL, '  strategy: {type: Recreate}']), expect: [] },
  {
    name: 'RollingUpdate with rollingUpdate',
    files: deploy([SEL, '  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}']),
    expect: [],
  },
  {
    name: 'StatefulSet OnDelete with rollingUpdate',
    files: sts([STS_SEL, '  updateStrategy:', '    type: OnDelete', '    rollingUpdate: {partition: 1}']),
    expect: [['recreate-with-rolling-update', 10, 'rollingUpdate']],
  },
]);

table('progress-deadline-not-greater', [
  {
    name: 'equal',
    files: deploy([SEL, '  minReadySeconds: 30', '  progressDeadlineSeconds: 30']),
    expect: [['progress-deadline-not-greater', 8, '30']],
  },
  {
    name: 'lower',
    files: deploy([SEL, '  progressDeadlineSeconds: 10', '  minReadySeconds: 60']),
    expect: [['progress-deadline-not-greater', 7, '10']],
  },
  {
    name: '0 with the default minReadySeconds 0',
    files: deploy([SEL, '  progressDeadlineSeconds: 0']),
    expect: [['progress-deadline-not-greater', 7, '0']],
  },
  { name: 'greater', files: deploy([SEL, '  minReadySeconds: 30', '  progressDeadlineSeconds: 31']), expect: [] },
  {
    name: 'only minReadySeconds 900: the deadline defaults to 600 first (SetDefaults_Deployment), then rejected',
    files: deploy([SEL, '  minReadySeconds: 900']),
    expect: [['progress-deadline-not-greater', 7, '900']],
  },
  {
    name: 'a string: wrong-type business',
    files: deploy([SEL, '  progressDeadlineSeconds: "10"', '  minReadySeconds: 60']),
    expect: [],
  },
  { name: 'StatefulSet: no such field checked', files: sts([STS_SEL, '  minReadySeconds: 30']), expect: [] },
]);

table('invalid-int-or-percent', [
  {
    name: 'quoted number',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: "25"}']),
    expect: [['invalid-int-or-percent', 8, '"25"']],
  },
  {
    name: 'abc%',
    files: deploy([SEL, '  strategy:', '    rollingUpdate:', '      maxUnavailable: abc%']),
    expect: [['invalid-int-or-percent', 9, 'abc%']],
  },
  {
    name: 'maxUnavailable over 100%',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxUnavailable: 150%}']),
    expect: [['invalid-int-or-percent', 8, '150%']],
  },
  {
    name: 'maxSurge over 100% is allowed',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: 150%}']),
    expect: [],
  },
  {
    name: 'negative',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: -1}']),
    expect: [['invalid-int-or-percent', 8, '-1']],
  },
  {
    name: 'fraction',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: 1.5}']),
    expect: [['invalid-int-or-percent', 8, '1.5']],
  },
  {
    name: 'decimal percent',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: 2.5%}']),
    expect: [['invalid-int-or-percent', 8, '2.5%']],
  },
  {
    name: 'valid values',
    files: deploy([SEL, '  strategy:', '    rollingUpdate: {maxSurge: 1, maxUnavailable: "25%"}']),
    expect: [],
  },
  {
    name: 'null value is absent',
    files: deploy([SEL, '  strategy:', '    rollingUpdate:', '      maxSurge:']),
    expect: [],
  },
  {
    name: 'StatefulSet maxUnavailable "2" (1.35: gate on)',
    files: sts([STS_SEL, '  updateStrategy:', '    rollingUpdate: {maxUnavailable: "2"}']),
    options: { kubernetesVersion: '1.35' },
    expect: [['invalid-int-or-percent', 9, '"2"']],
  },
  {
    name: 'StatefulSet maxUnavailable "2" (1.34: dropped on create, dropStatefulSetDisabledFields)',
    files: sts([STS_SEL, '  updateStrategy:', '    rollingUpdate: {maxUnavailable: "2"}']),
    expect: [],
  },
]);

table('invalid-value', [
  { name: 'negative replicas', files: deploy([SEL, '  replicas: -1']), expect: [['invalid-value', 7, '-1']] },
  {
    name: 'negative revisionHistoryLimit',
    files: deploy([SEL, '  revisionHistoryLimit: -2']),
    expect: [['invalid-value', 7, '-2']],
  },
  { name: 'replicas 0 is fine', files: deploy([SEL, '  replicas: 0']), expect: [] },
  {
    name: 'bad strategy type',
    files: deploy([SEL, '  strategy: {type: BlueGreen}']),
    expect: [['invalid-value', 7, 'BlueGreen']],
  },
  {
    name: 'strategy type in the wrong case',
    files: deploy([SEL, '  strategy: {type: recreate}']),
    expect: [['invalid-value', 7, 'recreate']],
  },
  {
    name: 'bad podManagementPolicy',
    files: sts([STS_SEL, '  podManagementPolicy: Paralel']),
    expect: [['invalid-value', 8, 'Paralel']],
  },
  { name: 'good podManagementPolicy', files: sts([STS_SEL, '  podManagementPolicy: Parallel']), expect: [] },
  {
    name: 'StatefulSet updateStrategy Recreate',
    files: sts([STS_SEL, '  updateStrategy: {type: Recreate}']),
    expect: [['invalid-value', 8, 'Recreate']],
  },
  {
    name: 'negative partition',
    files: sts([STS_SEL, '  updateStrategy: {rollingUpdate: {partition: -1}}']),
    expect: [['invalid-value', 8, '-1']],
  },
  {
    name: 'retention policy',
    files: sts([STS_SEL, '  persistentVolumeClaimRetentionPolicy: {whenDeleted: Keep}']),
    expect: [['invalid-value', 8, 'Keep']],
  },
  {
    name: 'restartPolicy Never in a template',
    files: deploy([SEL], { pod: ['      restartPolicy: Never'] }),
    expect: [['invalid-value', 10, 'Never']],
  },
  { name: 'restartPolicy Always', files: deploy([SEL], { pod: ['      restartPolicy: Always'] }), expect: [] },
  {
    name: 'activeDeadlineSeconds in a template',
    files: sts([STS_SEL], { pod: ['      activeDeadlineSeconds: 30'] }),
    expect: [['invalid-value', 11, 'activeDeadlineSeconds']],
  },
  {
    name: 'Service type',
    files: svc(['  type: Nodeport', '  ports: [{port: 80}]']),
    expect: [['invalid-value', 6, 'Nodeport']],
  },
  {
    name: 'Service protocol lower case',
    files: svc(['  ports:', '    - port: 80', '      protocol: tcp']),
    expect: [['invalid-value', 8, 'tcp']],
  },
  {
    name: 'Service port out of range',
    files: svc(['  ports: [{port: 70000}]']),
    expect: [['invalid-value', 6, '70000']],
  },
  {
    name: 'valid Service',
    files: svc([
      '  type: NodePort',
      '  sessionAffinity: ClientIP',
      '  ports: [{port: 80, protocol: UDP, nodePort: 30080}]',
    ]),
    expect: [],
  },
  { name: 'replicas is a string: wrong-type business', files: deploy([SEL, '  replicas: "-1"']), expect: [] },
]);

table('invalid-name', [
  { name: 'upper case Deployment name', files: deploy([SEL], { name: 'Web' }), expect: [['invalid-name', 4, 'Web']] },
  { name: 'dotted Deployment name is a subdomain', files: deploy([SEL], { name: 'web.v2' }), expect: [] },
  { name: 'dotted StatefulSet name', files: sts([STS_SEL], { name: 'db.v2' }), expect: [['invalid-name', 4, 'db.v2']] },
  // 53 characters: a warning (the StatefulSet is accepted, its pods are not): rules-trust.test.ts.
  { name: 'StatefulSet name of 52 characters', files: sts([STS_SEL], { name: 'a'.repeat(52) }), expect: [] },
  { name: 'Deployment name of 60 characters is fine', files: deploy([SEL], { name: 'a'.repeat(60) }), expect: [] },
  {
    name: 'Service name starting with a digit',
    files: svc(['  ports: [{port: 80}]'], '1web'),
    expect: [['invalid-name', 4, '1web']],
  },
  {
    name: 'container name with underscore',
    files: deploy([SEL]).replace('name: app', 'name: my_app'),
    expect: [['invalid-name', 11, 'my_app']],
  },
  {
    name: 'container port name too long',
    files: deploy([SEL]).replace(
      'image: nginx',
      'image: nginx\n          ports: [{name: http-metrics-port, containerPort: 9090}]',
    ),
    expect: [['invalid-name', 13, 'http-metrics-port']],
  },
  {
    name: 'port name of digits only',
    files: deploy([SEL]).replace(
      'image: nginx',
      'image: nginx\n          ports: [{name: "8080", containerPort: 8080}]',
    ),
    expect: [['invalid-name', 13, '"8080"']],
  },
  {
    name: 'volume name',
    files: deploy([SEL], { pod: ['      volumes: [{name: Data, emptyDir: {}}]'] }),
    expect: [['invalid-name', 10, 'Data']],
  },
]);

table('headless-service-type', [
  {
    name: 'NodePort',
    files: svc(['  type: NodePort', '  clusterIP: None', '  ports: [{port: 80}]']),
    expect: [['headless-service-type', 7, 'None']],
  },
  {
    name: 'LoadBalancer',
    files: svc(['  clusterIP: None', '  type: LoadBalancer']),
    expect: [['headless-service-type', 6, 'None']],
  },
  { name: 'ClusterIP headless', files: svc(['  clusterIP: None', '  type: ClusterIP']), expect: [] },
  { name: 'NodePort with an IP', files: svc(['  type: NodePort', '  clusterIP: 10.0.0.1']), expect: [] },
]);

table('removed-api-version', [
  {
    name: 'extensions/v1beta1 Deployment',
    files: deploy([], { api: 'extensions/v1beta1' }),
    expect: [['removed-api-version', 1, 'extensions/v1beta1']],
  },
  {
    name: 'apps/v1beta2 Deployment',
    files: deploy([SEL], { api: 'apps/v1beta2' }),
    expect: [['removed-api-version', 1, 'apps/v1beta2']],
  },
  {
    name: 'apps/v1beta1 StatefulSet',
    files: sts([], { api: 'apps/v1beta1' }),
    expect: [['removed-api-version', 1, 'apps/v1beta1']],
  },
  { name: 'apps/v1', files: deploy([SEL]), expect: [] },
  {
    name: 'extensions/v1beta1 Ingress is not ours',
    files: y('apiVersion: extensions/v1beta1', 'kind: Ingress', 'metadata: {name: x}'),
    expect: [],
  },
  {
    name: 'a kubernetesVersion setting is honoured',
    files: deploy([], { api: 'apps/v1beta1' }),
    options: { kubernetesVersion: '1.27' },
    expect: [['removed-api-version', 1, 'apps/v1beta1']],
  },
]);

test('removed-api-version names the removal and the target version', () => {
  const index = lintSeen(deploy([], { api: 'apps/v1beta1' }), { kubernetesVersion: '1.29' });
  assert.ok(index.some((s) => s.rule === 'removed-api-version'));
});

test('missing-service-name: the message depends on kubernetesVersion', () => {
  const index = new WorkspaceIndex();
  const file = index.update(MAIN, sts([STS_SEL]).replace('  serviceName: db\n', '')).file;
  const message = (v: string) =>
    lintFile(file, index, { kubernetesVersion: v }).find((f) => f.rule === 'missing-service-name')?.message ?? '';
  assert.match(message('1.32'), /still lists it as required/);
  assert.match(message('1.33'), /Optional in the API since Kubernetes 1\.33/);
});
