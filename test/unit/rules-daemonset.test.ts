/**
 * DaemonSet rules: fixture tables, each case a manifest and the exact findings of the rule under test as
 * [rule, line, covered text]. API-server checks name their Go function (pkg/apis/apps/validation/validation.go).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
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

// ValidateRollingUpdateDaemonSet: "may not be set when maxUnavailable is non-zero"; maxUnavailable defaults to 1 (SetDefaults_DaemonSet).
errors('daemonset-surge-and-unavailable', [
  { name: 'only maxSurge: 1 (maxUnavailable defaults to 1)', files: ds(strategy('    rollingUpdate:', '      maxSurge: 1')), expect: [['daemonset-surge-and-unavailable', 9, '1']] },
  { name: 'both written non-zero', files: ds(strategy('    rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}')), expect: [['daemonset-surge-and-unavailable', 8, '25%']] },
  { name: '"1%" is non-zero as written', files: ds(strategy('    rollingUpdate: {maxSurge: "1%", maxUnavailable: "1%"}')), expect: [['daemonset-surge-and-unavailable', 8, '"1%"']] },
  { name: 'maxUnavailable: null is defaulted to 1', files: ds(strategy('    rollingUpdate:', '      maxSurge: 1', '      maxUnavailable:')), expect: [['daemonset-surge-and-unavailable', 9, '1']] },
  { name: 'surge with maxUnavailable: 0', files: ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}')), expect: [] },
  { name: 'surge with maxUnavailable: "0%"', files: ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: "0%"}')), expect: [] },
  { name: 'maxSurge 0 with the default maxUnavailable', files: ds(strategy('    rollingUpdate: {maxSurge: 0}')), expect: [] },
  { name: 'OnDelete skips the rollingUpdate checks', files: ds(strategy('    type: OnDelete', '    rollingUpdate: {maxSurge: 1}')), expect: [] },
  { name: 'explicit RollingUpdate type', files: ds(strategy('    type: RollingUpdate', '    rollingUpdate: {maxSurge: 2}')), expect: [['daemonset-surge-and-unavailable', 9, '2']] },
  { name: 'invalid maxSurge is another rule’s business', files: ds(strategy('    rollingUpdate: {maxSurge: "x"}')), expect: [] },
  { name: 'not a DaemonSet', files: ds(strategy('    rollingUpdate: {maxSurge: 1}')).replace('kind: DaemonSet', 'kind: Deployment'), expect: [] },
]);

test('daemonset-surge-and-unavailable quick fix adds maxUnavailable: 0 (or sets it)', () => {
  for (const [text, expected] of [
    [ds(strategy('    rollingUpdate:', '      maxSurge: 1')), '      maxSurge: 1\n      maxUnavailable: 0\n'],
    [ds(strategy('    rollingUpdate:', '      maxSurge: 1', '      maxUnavailable: 2')), '      maxSurge: 1\n      maxUnavailable: 0\n'],
  ] as const) {
    const index = new WorkspaceIndex();
    index.update(MAIN, text);
    const finding = lintFile(index.get(MAIN)!, index).find((f) => f.rule === 'daemonset-surge-and-unavailable');
    const fix = (finding?.data as { fixes: { edits: { span: [number, number]; newText: string }[] }[] }).fixes[0];
    const edit = fix.edits[0];
    const fixed = text.slice(0, edit.span[0]) + edit.newText + text.slice(edit.span[1]);
    assert.ok(fixed.includes(expected), fixed);
    assert.deepEqual(lintSeen(fixed).filter((s) => s.rule === 'daemonset-surge-and-unavailable'), []);
  }
});

ruleTable(
  'daemonset-surge-host-port',
  [
    {
      name: 'hostPort with maxSurge 1',
      files: ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}'), { container: ['          ports:', '            - {containerPort: 9100, hostPort: 9100}'] }),
      expect: [['daemonset-surge-host-port', 8, '1']],
    },
    {
      name: 'hostNetwork: every containerPort is a host port',
      files: ds(strategy('    rollingUpdate: {maxSurge: 10%, maxUnavailable: 0}'), { pod: ['      hostNetwork: true'], container: ['          ports: [{containerPort: 9100}]'] }),
      expect: [['daemonset-surge-host-port', 8, '10%']],
    },
    {
      name: 'no surge: the old pod is gone before the new one starts',
      files: ds(strategy('    rollingUpdate: {maxUnavailable: 1}'), { pod: ['      hostNetwork: true'], container: ['          ports: [{containerPort: 9100}]'] }),
      expect: [],
    },
    {
      name: 'surge without host ports',
      files: ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}'), { container: ['          ports: [{containerPort: 9100}]'] }),
      expect: [],
    },
    {
      name: 'OnDelete',
      files: ds(strategy('    type: OnDelete'), { pod: ['      hostNetwork: true'], container: ['          ports: [{containerPort: 9100}]'] }),
      expect: [],
    },
  ],
  { severity: () => 'warning' },
);

test('daemonset-surge-host-port points at the port in related information', () => {
  const text = ds(strategy('    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}'), { container: ['          ports:', '            - {containerPort: 9100, hostPort: 9100}'] });
  const index = new WorkspaceIndex();
  index.update(MAIN, text);
  const finding = lintFile(index.get(MAIN)!, index).find((f) => f.rule === 'daemonset-surge-host-port');
  assert.ok(finding);
  assert.equal(finding.related?.length, 1);
  const r = finding.related![0];
  assert.equal(text.slice(r.span[0], r.span[1]), 'hostPort');
  assert.match(finding.message, /hostPort 9100/);
});
