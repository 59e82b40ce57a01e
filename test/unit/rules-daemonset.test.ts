/**
 * DaemonSet rules: fixture tables, each case a manifest and the exact findings of the rule under test as
 * [rule, line, covered text]. API-server checks name their Go function (pkg/apis/apps/validation/validation.go).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lintSeen, ruleTable, MAIN, y } from '../support/lint';
import type { RuleCase } from '../support/lint';
import { lintFile } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';

/** A valid DaemonSet; `spec` lines go between `spec:` and `template:` (line 7 on, after the selector). */
const ds = (spec: string[] = [], opts: { api?: string; pod?: string[]; container?: string[]; labels?: string } = {}) =>
  y(
    `apiVersion: ${opts.api ?? 'apps/v1'}`,
    'kind: DaemonSet',
    'metadata:',
    '  name: node-exporter',
    'spec:',
    '  selector: {matchLabels: {app: ne}}',
    ...spec,
    '  template:',
    `    metadata: {labels: ${opts.labels ?? '{app: ne}'}}`,
    '    spec:',
    ...(opts.pod ?? []),
    '      containers:',
    '        - name: ne',
    '          image: prom/node-exporter',
    ...(opts.container ?? []),
  );

const errors = (rule: string, cases: RuleCase[]) => ruleTable(rule, cases, { severity: () => 'error' });
const strategy = (...lines: string[]) => ['  updateStrategy:', ...lines];

// ValidateRollingUpdateDaemonSet: "may not be set when maxUnavailable is non-zero"; maxUnavailable defaults to 1
// (SetDefaults_DaemonSet).
errors('daemonset-surge-and-unavailable', [
  {
    name: 'only maxSurge: 1 (maxUnavailable defaults to 1)',
    files: ds(strategy('    rollingUpdate:', '      maxSurge: 1')),
    expect: [['daemonset-surge-and-unavailable', 9, '1']],
  },
  {
    name: 'both written non-zero',
    files: ds(strategy('    rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}')),
    expect: [['daemonset-surge-and-unavailable', 8, '25%']],
  },
  {
    name: '"1%" is non-zero as written',
    files: ds(strategy('    rollingUpdate: {maxSurge: "1%", maxUnavailable: "1%"}')),
    expect: [['daemonset-surge-and-unavailable', 8, '"1%"']],
  },
  {
    name: 'maxUnavailable: null is defaulted to 1',
    files: ds(strategy('    rollingUpdate:', '      maxSurge: 1', '      maxUnavailable:')),
    expect: [['daemonset-surge-and-unavailable', 9, '1']],
  },
  {
    name: 'surge with maxUnavailable: 0',
    files: ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}')),
    expect: [],
  },
  {
    name: 'surge with maxUnavailable: "0%"',
    files: ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: "0%"}')),
    expect: [],
  },
  {
    name: 'maxSurge 0 with the default maxUnavailable',
    files: ds(strategy('    rollingUpdate: {maxSurge: 0}')),
    expect: [],
  },
  {
    name: 'OnDelete skips the rollingUpdate checks',
    files: ds(strategy('    type: OnDelete', '    rollingUpdate: {maxSurge: 1}')),
    expect: [],
  },
  {
    name: 'explicit RollingUpdate type',
    files: ds(strategy('    type: RollingUpdate', '    rollingUpdate: {maxSurge: 2}')),
    expect: [['daemonset-surge-and-unavailable', 9, '2']],
  },
  {
    name: 'invalid maxSurge is another rule’s business',
    files: ds(strategy('    rollingUpdate: {maxSurge: "x"}')),
    expect: [],
  },
  {
    name: 'not a DaemonSet',
    files: ds(strategy('    rollingUpdate: {maxSurge: 1}')).replace('kind: DaemonSet', 'kind: Deployment'),
    expect: [],
  },
]);

test('daemonset-surge-and-unavailable quick fix adds maxUnavailable: 0 (or sets it)', () => {
  for (const [text, expected] of [
    [ds(strategy('    rollingUpdate:', '      maxSurge: 1')), '      maxSurge: 1\n      maxUnavailable: 0\n'],
    [
      ds(strategy('    rollingUpdate:', '      maxSurge: 1', '      maxUnavailable: 2')),
      '      maxSurge: 1\n      maxUnavailable: 0\n',
    ],
  ] as const) {
    const index = new WorkspaceIndex();
    index.update(MAIN, text);
    const finding = lintFile(index.get(MAIN)!, index).find((f) => f.rule === 'daemonset-surge-and-unavailable');
    const fix = (finding?.data as { fixes: { edits: { span: [number, number]; newText: string }[] }[] }).fixes[0];
    const edit = fix.edits[0];
    const fixed = text.slice(0, edit.span[0]) + edit.newText + text.slice(edit.span[1]);
    assert.ok(fixed.includes(expected), fixed);
    assert.deepEqual(
      lintSeen(fixed).filter((s) => s.rule === 'daemonset-surge-and-unavailable'),
      [],
    );
  }
});

ruleTable(
  'daemonset-surge-host-port',
  [
    {
      name: 'hostPort with maxSurge 1',
      files: ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}'), {
        container: ['          ports:', '            - {containerPort: 9100, hostPort: 9100}'],
      }),
      expect: [['daemonset-surge-host-port', 8, '1']],
    },
    {
      name: 'hostNetwork: every containerPort is a host port',
      files: ds(strategy('    rollingUpdate: {maxSurge: 10%, maxUnavailable: 0}'), {
        pod: ['      hostNetwork: true'],
        container: ['          ports: [{containerPort: 9100}]'],
      }),
      expect: [['daemonset-surge-host-port', 8, '10%']],
    },
    {
      name: 'no surge: the old pod is gone before the new one starts',
      files: ds(strategy('    rollingUpdate: {maxUnavailable: 1}'), {
        pod: ['      hostNetwork: true'],
        container: ['          ports: [{containerPort: 9100}]'],
      }),
      expect: [],
    },
    {
      name: 'surge without host ports',
      files: ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}'), {
        container: ['          ports: [{containerPort: 9100}]'],
      }),
      expect: [],
    },
    {
      name: 'OnDelete',
      files: ds(strategy('    type: OnDelete'), {
        pod: ['      hostNetwork: true'],
        container: ['          ports: [{containerPort: 9100}]'],
      }),
      expect: [],
    },
  ],
  { severity: () => 'warning' },
);

test('daemonset-surge-host-port points at the port in related information', () => {
  const text = ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}'), {
    container: ['          ports:', '            - {containerPort: 9100, hostPort: 9100}'],
  });
  const index = new WorkspaceIndex();
  index.update(MAIN, text);
  const finding = lintFile(index.get(MAIN)!, index).find((f) => f.rule === 'daemonset-surge-host-port');
  assert.ok(finding);
  assert.equal(finding.related?.length, 1);
  const r = finding.related![0];
  assert.equal(text.slice(r.span[0], r.span[1]), 'hostPort');
  assert.match(finding.message, /hostPort 9100/);
});

// ------------------------------------------------ shared workload rules, extended to DaemonSets (kinds)

/** A DaemonSet without the default selector line (for selector cases). */
const bare = (lines: string[]) =>
  y('apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: agent', 'spec:', ...lines);
const TEMPLATE = [
  '  template:',
  '    metadata: {labels: {app: agent}}',
  '    spec:',
  '      containers: [{name: a, image: busybox}]',
];

// ValidateDaemonSetSpec: a nil selector does not match the template labels, an empty one is "invalid for daemonset".
errors('missing-selector', [
  { name: 'DaemonSet without selector', files: bare(TEMPLATE), expect: [['missing-selector', 5, 'spec']] },
  {
    name: 'DaemonSet with an empty selector',
    files: bare(['  selector: {}', ...TEMPLATE]),
    expect: [['missing-selector', 6, 'selector']],
  },
  {
    name: 'DaemonSet with a selector',
    files: bare(['  selector: {matchLabels: {app: agent}}', ...TEMPLATE]),
    expect: [],
  },
]);

errors('selector-mismatch', [
  {
    name: 'DaemonSet selector does not match the template labels',
    files: bare(['  selector: {matchLabels: {app: other}}', ...TEMPLATE]),
    expect: [['selector-mismatch', 6, 'app: other']],
  },
]);

// ValidateRollingUpdateDaemonSet: IsNotMoreThan100Percent on BOTH fields (a Deployment's maxSurge may exceed 100%).
errors('invalid-int-or-percent', [
  {
    name: 'DaemonSet maxSurge over 100%',
    files: ds(strategy('    rollingUpdate: {maxSurge: 150%, maxUnavailable: 0}')),
    expect: [['invalid-int-or-percent', 8, '150%']],
  },
  {
    name: 'DaemonSet maxUnavailable over 100%',
    files: ds(strategy('    rollingUpdate: {maxUnavailable: 101%}')),
    expect: [['invalid-int-or-percent', 8, '101%']],
  },
  {
    name: 'DaemonSet quoted number',
    files: ds(strategy('    rollingUpdate: {maxUnavailable: "2"}')),
    expect: [['invalid-int-or-percent', 8, '"2"']],
  },
  {
    name: 'DaemonSet OnDelete skips the checks',
    files: ds(strategy('    type: OnDelete', '    rollingUpdate: {maxUnavailable: 101%}')),
    expect: [],
  },
  { name: 'DaemonSet 100% is fine', files: ds(strategy('    rollingUpdate: {maxUnavailable: 100%}')), expect: [] },
]);

// ValidateRollingUpdateDaemonSet: "cannot be 0 when maxSurge is 0", after SetDefaults_DaemonSet (maxSurge 0).
errors('rolling-update-all-zero', [
  {
    name: 'DaemonSet only maxUnavailable: 0 (maxSurge defaults to 0)',
    files: ds(strategy('    rollingUpdate:', '      maxUnavailable: 0')),
    expect: [['rolling-update-all-zero', 9, '0']],
  },
  {
    name: 'DaemonSet both "0%"',
    files: ds(strategy('    rollingUpdate: {maxUnavailable: "0%", maxSurge: 0%}')),
    expect: [['rolling-update-all-zero', 8, '"0%"']],
  },
  {
    name: 'DaemonSet maxUnavailable 0 with maxSurge 1',
    files: ds(strategy('    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}')),
    expect: [],
  },
  { name: 'DaemonSet "1%" is not zero', files: ds(strategy('    rollingUpdate: {maxUnavailable: "1%"}')), expect: [] },
  {
    name: 'DaemonSet OnDelete',
    files: ds(strategy('    type: OnDelete', '    rollingUpdate: {maxUnavailable: 0}')),
    expect: [],
  },
  {
    name: 'DaemonSet rollingUpdate without maxUnavailable (defaults to 1)',
    files: ds(strategy('    rollingUpdate: {}')),
    expect: [],
  },
]);

// ValidateDaemonSetSpec: restartPolicy Always, no activeDeadlineSeconds, non-negative
// minReadySeconds/revisionHistoryLimit;
// ValidateDaemonSetUpdateStrategy: type RollingUpdate or OnDelete.
errors('invalid-value', [
  {
    name: 'DaemonSet restartPolicy OnFailure',
    files: ds([], { pod: ['      restartPolicy: OnFailure'] }),
    expect: [['invalid-value', 10, 'OnFailure']],
  },
  {
    name: 'DaemonSet activeDeadlineSeconds',
    files: ds([], { pod: ['      activeDeadlineSeconds: 60'] }),
    expect: [['invalid-value', 10, 'activeDeadlineSeconds']],
  },
  {
    name: 'DaemonSet updateStrategy type in the wrong case',
    files: ds(strategy('    type: onDelete')),
    expect: [['invalid-value', 8, 'onDelete']],
  },
  {
    name: 'DaemonSet negative minReadySeconds',
    files: ds(['  minReadySeconds: -1']),
    expect: [['invalid-value', 7, '-1']],
  },
  {
    name: 'DaemonSet podManagementPolicy is not a DaemonSet field (no enum check)',
    files: ds(['  revisionHistoryLimit: 0']),
    expect: [],
  },
]);

errors('invalid-name', [
  {
    name: 'DaemonSet names are DNS-1123 subdomains: dots are fine',
    files: ds().replace('name: node-exporter', 'name: node.exporter'),
    expect: [],
  },
  {
    name: 'DaemonSet upper-case name',
    files: ds().replace('name: node-exporter', 'name: NodeExporter'),
    expect: [['invalid-name', 4, 'NodeExporter']],
  },
]);

errors('removed-api-version', [
  {
    name: 'extensions/v1beta1 DaemonSet',
    files: ds([], { api: 'extensions/v1beta1' }),
    expect: [['removed-api-version', 1, 'extensions/v1beta1']],
  },
  {
    name: 'apps/v1beta2 DaemonSet',
    files: ds([], { api: 'apps/v1beta2' }),
    expect: [['removed-api-version', 1, 'apps/v1beta2']],
  },
]);

test('missing-min-ready-seconds on a DaemonSet says what happens to the nodes (the rule page has a DaemonSet section)', () => {
  const index = new WorkspaceIndex();
  index.update(MAIN, ds([], { container: ['          readinessProbe: {httpGet: {path: /, port: 9100}}'] }));
  const finding = lintFile(index.get(MAIN)!, index).find((f) => f.rule === 'missing-min-ready-seconds');
  assert.match(finding?.message ?? '', /DaemonSet "node-exporter" has no minReadySeconds/);
  assert.match(
    finding?.message ?? '',
    /replaces the pod on every node before it fails .*before the next node is updated/,
  );
  const page = readFileSync(path.resolve(__dirname, '../../../docs/rules/missing-min-ready-seconds.md'), 'utf8');
  assert.match(page, /^## DaemonSets$/m);
  assert.match(page, /IsPodAvailable\(pod, minReadySeconds\)/);
});
