/** Suppression comments, kube-linter annotations and unused-suppression reports: one table. */
import { ruleTable } from '../support/lint';
import type { RuleCase } from '../support/lint';
import { workloadYaml } from '../support/manifests';

const RULES = new Set([
  'missing-selector',
  'invalid-value',
  'removed-api-version',
  'selector-mismatch',
  'missing-readiness-probe',
  'unused-suppression',
]);

/**
 * A Deployment with a negative replicas count (invalid-value, line 6 + offset) and no selector (missing-selector on
 * `spec`).
 */
const deploy = (before: string[] = [], meta: string[] = [], spec: string[] = []) =>
  workloadYaml({
    before,
    meta,
    spec: [...spec, '  replicas: -1'],
    labels: '{app: web}',
    podFlow: '{containers: [{name: a}]}',
  });

const cases: RuleCase[] = [
  {
    name: 'no suppression',
    files: deploy(),
    expect: [
      ['missing-selector', 5, 'spec'],
      ['invalid-value', 6, '-1'],
    ],
  },
  {
    name: 'disable-next-line with a reason',
    files: deploy([], [], ['  # rollout-lens-disable-next-line invalid-value -- scaled to zero by a script']),
    expect: [['missing-selector', 5, 'spec']],
  },
  {
    name: 'disable-next-line skips blank and comment lines',
    files: deploy([], [], ['  # rollout-lens-disable-next-line invalid-value', '', '  # why: the script']),
    expect: [['missing-selector', 5, 'spec']],
  },
  {
    name: 'disable-next-line with two rules',
    files: deploy([], ['# rollout-lens-disable-next-line missing-selector, invalid-value']),
    expect: [['invalid-value', 7, '-1']],
  },
  {
    name: 'disable-next-line without rules silences every rule on that line',
    files: deploy([], [], ['  # rollout-lens-disable-next-line']),
    expect: [['missing-selector', 5, 'spec']],
  },
  {
    name: 'disable for the rest of the document',
    files: deploy(['# rollout-lens-disable invalid-value, missing-selector -- legacy file']) + '---\n' + deploy(),
    expect: [
      ['missing-selector', 16, 'spec'],
      ['invalid-value', 17, '-1'],
    ],
  },
  {
    name: 'disable in the middle of a document covers what follows only',
    files: deploy([], [], ['  # rollout-lens-disable missing-selector']),
    expect: [
      ['missing-selector', 5, 'spec'],
      ['unused-suppression', 6, '# rollout-lens-disable missing-selector'],
      ['invalid-value', 7, '-1'],
    ],
  },
  {
    name: 'unused: the rule does not fire on the next line',
    files: deploy([], [], ['  # rollout-lens-disable-next-line selector-mismatch -- no longer needed']),
    expect: [
      ['missing-selector', 5, 'spec'],
      ['unused-suppression', 6, '# rollout-lens-disable-next-line selector-mismatch -- no longer needed'],
      ['invalid-value', 7, '-1'],
    ],
  },
  {
    name: 'unknown rule id is reported',
    files: deploy([], [], ['  # rollout-lens-disable-next-line invalid-valu']),
    expect: [
      ['missing-selector', 5, 'spec'],
      ['unused-suppression', 6, '# rollout-lens-disable-next-line invalid-valu'],
      ['invalid-value', 7, '-1'],
    ],
  },
  {
    name: 'a # inside a quoted string is not a directive',
    files: deploy([], ['  annotations: {note: "# rollout-lens-disable invalid-value"}']),
    expect: [
      ['missing-selector', 6, 'spec'],
      ['invalid-value', 7, '-1'],
    ],
  },
  {
    name: 'trailing comment on a line',
    files: deploy().replace(
      '  replicas: -1',
      '  replicas: -1\n  minReadySeconds: 0 # rollout-lens-disable-next-line invalid-value',
    ),
    expect: [
      ['missing-selector', 5, 'spec'],
      ['invalid-value', 6, '-1'],
      ['unused-suppression', 7, '# rollout-lens-disable-next-line invalid-value'],
    ],
  },
  {
    name: 'kube-linter annotation maps to our rule',
    files: deploy([], ['  annotations:', '    ignore-check.kube-linter.io/no-extensions-v1beta: "legacy"']).replace(
      'apps/v1',
      'extensions/v1beta1',
    ),
    expect: [['invalid-value', 8, '-1']],
  },
  {
    name: 'kube-linter ignore-all',
    files: deploy([], ['  annotations:', '    kube-linter.io/ignore-all: "yes"']),
    expect: [],
  },
  {
    name: 'kube-linter annotation for an unmapped check: no effect, not reported',
    files: deploy([], ['  annotations: {ignore-check.kube-linter.io/unset-cpu-requirements: "x"}']),
    expect: [
      ['missing-selector', 6, 'spec'],
      ['invalid-value', 7, '-1'],
    ],
  },
  {
    name: 'kube-linter no-readiness-probe silences our opt-in rule',
    files: deploy(
      [],
      ['  annotations: {ignore-check.kube-linter.io/no-readiness-probe: "worker"}'],
      ['  selector: {matchLabels: {app: web}}'],
    ).replace('  replicas: -1\n', ''),
    options: { rules: { 'missing-readiness-probe': 'warning' } },
    expect: [],
  },
  {
    name: 'unused-suppression can be turned off',
    files: deploy([], [], ['  # rollout-lens-disable-next-line selector-mismatch']),
    options: { rules: { 'unused-suppression': 'off' } },
    expect: [
      ['missing-selector', 5, 'spec'],
      ['invalid-value', 7, '-1'],
    ],
  },
];

ruleTable('suppression', cases, { rules: RULES });
