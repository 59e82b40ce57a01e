/** unknown-field and wrong-type (driven by the generated field catalog), hover, and the catalog's freshness. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ruleTable, MAIN, y } from '../support/lint';
import type { RuleCase } from '../support/lint';
import { lintFile } from '../../server/src/lint';
import { hoverAt } from '../../server/src/hover';
import { WorkspaceIndex } from '../../server/src/workspace';
import { suggestField } from '../../server/src/catalog';
import { containers, selectorLine, workloadYaml } from '../support/manifests';

const table = (rule: string, cases: RuleCase[]) => ruleTable(rule, cases);

const deploy = (spec: string[] = [], container: string[] = []) =>
  workloadYaml({
    spec: [selectorLine('{app: web}'), ...spec],
    labels: '{app: web}',
    containers: containers('nginx', ...container),
  });

table('unknown-field', [
  { name: 'minReadySecond', files: deploy(['  minReadySecond: 10']), expect: [['unknown-field', 7, 'minReadySecond']] },
  {
    name: 'editionHistoryLimit',
    files: deploy(['  editionHistoryLimit: 3']),
    expect: [['unknown-field', 7, 'editionHistoryLimit']],
  },
  {
    name: 'httpGrt in a probe',
    files: deploy([], ['          readinessProbe:', '            httpGrt: {path: /, port: 80}']),
    expect: [['unknown-field', 14, 'httpGrt']],
  },
  {
    name: 'replicas at the wrong level',
    files: deploy(['  template2: {}']).replace(
      '    metadata: {labels: {app: web}}\n',
      '    metadata: {labels: {app: web}}\n    replicas: 2\n',
    ),
    expect: [
      ['unknown-field', 7, 'template2'],
      ['unknown-field', 10, 'replicas'],
    ],
    options: { kubernetesVersion: '1.30' },
  },
  {
    name: 'known fields everywhere',
    files: deploy(
      ['  replicas: 2', '  minReadySeconds: 5', '  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1}}'],
      ['          ports: [{containerPort: 80, name: http}]', '          resources: {limits: {cpu: 1, memory: 1Gi}}'],
    ),
    expect: [],
  },
  {
    name: 'labels and annotations are free-form',
    files: deploy().replace('  name: web\n', '  name: web\n  labels: {anything: x}\n  annotations: {x.io/y: z}\n'),
    expect: [],
  },
  { name: 'status is not checked', files: deploy() + 'status: {replicas: 1, whatever: 2}\n', expect: [] },
  {
    name: 'Service spec',
    files: y(
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: s}',
      'spec:',
      '  selectr: {app: web}',
      '  ports: [{port: 80, targtPort: 8080}]',
    ),
    expect: [
      ['unknown-field', 5, 'selectr'],
      ['unknown-field', 6, 'targtPort'],
    ],
  },
  {
    name: 'removed apiVersions are not checked',
    files: deploy(['  rollbackTo: {revision: 1}']).replace('apps/v1', 'extensions/v1beta1'),
    expect: [],
  },
  {
    name: 'other kinds are not checked',
    files: y('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}', 'dta: {}'),
    expect: [],
  },
  {
    name: 'merge keys are not fields',
    files: y(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: &m {name: web}',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata:',
      '      <<: *m',
      '      labels: {app: web}',
      '    spec: {containers: [{name: a}]}',
    ),
    expect: [],
  },
]);

table('wrong-type', [
  {
    name: 'periodSeconds: "5"',
    files: deploy([], ['          readinessProbe: {periodSeconds: "5", tcpSocket: {port: 80}}']),
    expect: [['wrong-type', 13, '"5"']],
  },
  { name: 'replicas: "3"', files: deploy(['  replicas: "3"']), expect: [['wrong-type', 7, '"3"']] },
  {
    name: 'a number where a string goes: env value',
    files: deploy([], ['          env: [{name: PORT, value: 8080}]']),
    expect: [['wrong-type', 13, '8080']],
  },
  {
    name: 'a boolean label value',
    files: deploy().replace('{labels: {app: web}}', '{labels: {app: web, canary: true}}'),
    expect: [['wrong-type', 8, 'true']],
  },
  {
    name: 'a map where a list goes',
    files: deploy([], ['          ports: {containerPort: 80}']),
    expect: [['wrong-type', 13, '{containerPort: 80}']],
  },
  {
    name: 'a string where a map goes',
    files: deploy(['  strategy: Recreate']),
    expect: [['wrong-type', 7, 'Recreate']],
  },
  {
    name: 'quantities may be numbers',
    files: deploy([], ['          resources: {requests: {cpu: 0.5, memory: 512Mi}}']),
    expect: [],
  },
  {
    name: 'int-or-string accepts both',
    files: deploy(
      ['  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 25%}}'],
      ['          readinessProbe: {httpGet: {port: http}}'],
    ),
    expect: [],
  },
  { name: 'null is absent', files: deploy(['  replicas:', '  strategy:']), expect: [] },
  { name: 'quoted boolean', files: deploy([], ['          stdin: "true"']), expect: [['wrong-type', 13, '"true"']] },
]);

test('did you mean: suggestions for the issue examples', () => {
  assert.equal(suggestField('DeploymentSpec', 'minReadySecond'), 'minReadySeconds');
  assert.equal(suggestField('HTTPGetAction', 'paht'), 'path');
  assert.equal(suggestField('Probe', 'httpGrt'), 'httpGet');
  assert.equal(suggestField('DeploymentSpec', 'editionHistoryLimit'), 'revisionHistoryLimit');
  assert.equal(suggestField('DeploymentSpec', 'zzz'), undefined);
});

test('unknown-field messages say where a field at the wrong level belongs', () => {
  const text = deploy().replace(
    '    metadata: {labels: {app: web}}\n',
    '    metadata: {labels: {app: web}}\n    replicas: 2\n',
  );
  const index = new WorkspaceIndex();
  const file = index.update(MAIN, text).file;
  const msg =
    lintFile(file, index, { kubernetesVersion: '1.30' }).find((f) => f.rule === 'unknown-field')?.message ?? '';
  assert.match(msg, /belongs one level up, in DeploymentSpec/);
});

// The catalog has every supported version: Pod-level resources exist from 1.32 (1.31, without a source of its own,
// accepts the fields of 1.30 and 1.32), hostnameOverride from 1.34, a container's restartPolicy from 1.28.
const NEWER = deploy(
  ['  minReadySecond: 10'],
  ['      resources: {limits: {cpu: "1"}}', '      hostnameOverride: web-0', '      zzzTotallyUnknown: 1'],
);
table('unknown-field', [
  {
    name: 'default target (the newest, 1.34): the fields of 1.34',
    files: NEWER,
    expect: [
      ['unknown-field', 7, 'minReadySecond'],
      ['unknown-field', 16, 'zzzTotallyUnknown'],
    ],
  },
  {
    name: 'target 1.31: the fields of 1.30 and 1.32',
    files: NEWER,
    expect: [
      ['unknown-field', 7, 'minReadySecond'],
      ['unknown-field', 15, 'hostnameOverride'],
      ['unknown-field', 16, 'zzzTotallyUnknown'],
    ],
    options: { kubernetesVersion: '1.31' },
  },
  {
    name: 'target 1.30: every field added since',
    files: NEWER,
    expect: [
      ['unknown-field', 7, 'minReadySecond'],
      ['unknown-field', 14, 'resources'],
      ['unknown-field', 15, 'hostnameOverride'],
      ['unknown-field', 16, 'zzzTotallyUnknown'],
    ],
    options: { kubernetesVersion: '1.30' },
  },
  {
    name: 'target 1.34: a misplaced field',
    files: deploy().replace(
      '    metadata: {labels: {app: web}}\n',
      '    metadata: {labels: {app: web}}\n    replicas: 2\n',
    ),
    expect: [['unknown-field', 9, 'replicas']],
    options: { kubernetesVersion: '1.34' },
  },
  {
    name: 'target 1.27: a sidecar restartPolicy (added in 1.28)',
    files: deploy([], ['          restartPolicy: Always']),
    expect: [['unknown-field', 13, 'restartPolicy']],
    options: { kubernetesVersion: '1.27' },
  },
  {
    name: 'target 1.27: claim template resources (ResourceRequirements then, VolumeResourceRequirements from 1.29)',
    files: y(
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: db}',
      'spec:',
      '  volumeClaimTemplates:',
      '    - metadata: {name: data}',
      '      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}',
    ),
    expect: [],
    options: { kubernetesVersion: '1.27' },
  },
  {
    name: 'target 1.28: a sidecar restartPolicy',
    files: deploy([], ['          restartPolicy: Always']),
    expect: [],
    options: { kubernetesVersion: '1.28' },
  },
]);

test('unknown-field names the version that added a field', () => {
  const index = new WorkspaceIndex();
  const file = index.update(MAIN, NEWER).file;
  const messages = lintFile(file, index, { kubernetesVersion: '1.30' })
    .filter((f) => f.rule === 'unknown-field')
    .map((f) => f.message);
  assert.match(
    messages[1] ?? '',
    /"resources" in PodSpec .* in Kubernetes 1\.30 \(added in 1\.32\).*Target 1\.32 or newer/,
  );
  assert.match(messages[2] ?? '', /"hostnameOverride" .* \(added in 1\.34\)/);
  assert.doesNotMatch(messages[3] ?? '', /added in/);
});

function hover(text: string, needle: string, nth = 0): string | undefined {
  const index = new WorkspaceIndex();
  const file = index.update(MAIN, text).file;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  return hoverAt(file, at + 1)?.markdown;
}

const HOVERS: [name: string, text: string, needle: string, expect: RegExp][] = [
  [
    'field doc',
    deploy(['  minReadySeconds: 5']),
    'minReadySeconds',
    /\*\*minReadySeconds\*\* · integer · `DeploymentSpec`\n\nMinimum number of seconds/,
  ],
  ['nested container field', deploy([], ['          imagePullPolicy: Always']), 'imagePullPolicy', /`Container`/],
  [
    'maxSurge arithmetic',
    deploy(['  replicas: 3', '  strategy: {rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}']),
    'maxSurge',
    /25% of 3 = 0\.75, rounded up → 1 pod[\s\S]*25% of 3 = 0\.75, rounded down → 0 pods[\s\S]*at most \*\*4\*\* pods in total, at least \*\*3\*\* available/,
  ],
  [
    'maxUnavailable defaults',
    deploy(['  replicas: 10', '  strategy:', '    rollingUpdate:', '      maxUnavailable: 1']),
    'maxUnavailable',
    /maxSurge: 25% of 10 = 2\.5, rounded up → 3 pods \(default 25%\)[\s\S]*at most \*\*13\*\*[\s\S]*at least \*\*9\*\*/,
  ],
  [
    'both round to 0',
    deploy(['  replicas: 1', '  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 10%}}']),
    'maxSurge',
    /controller allows 1 unavailable pod/,
  ],
  [
    'partition',
    y(
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: db}',
      'spec:',
      '  replicas: 5',
      '  updateStrategy:',
      '    rollingUpdate:',
      '      partition: 3',
    ),
    'partition',
    /ordinals 3–4 \(\*\*2\*\* pods\); ordinals 0–2 \(3\) stay/,
  ],
  [
    'unknown field',
    deploy(['  minReadySecond: 5']),
    'minReadySecond',
    /not a field of `DeploymentSpec` \(Kubernetes 1\.34 API\)/,
  ],
  ['the version shown', deploy(['  minReadySeconds: 5']), 'minReadySeconds', /· Kubernetes 1\.34 API$/],
];
for (const [name, text, needle, expect] of HOVERS) {
  test(`hover: ${name}`, () => assert.match(hover(text, needle) ?? '(none)', expect));
}

test('hover: the fields of the target version, named', () => {
  const text = deploy([], ['          restartPolicy: Always']);
  const at = text.indexOf('restartPolicy') + 1;
  const file = new WorkspaceIndex().update(MAIN, text).file;
  assert.match(hoverAt(file, at, '1.27')?.markdown ?? '', /not a field of `Container` \(Kubernetes 1\.27 API\)/);
  assert.match(hoverAt(file, at, '1.27')?.markdown ?? '', /· Kubernetes 1\.27 API$/);
  assert.match(hoverAt(file, at, '1.28')?.markdown ?? '', /\*\*restartPolicy\*\* · string · `Container`/);
  assert.match(hoverAt(file, at, '1.31')?.markdown ?? '', /· Kubernetes 1\.31 API$/);
});

test('hover: nothing outside fields', () => {
  assert.equal(hover(deploy() + '# tail comment\n', '# tail'), undefined);
});

test('the generated catalog is up to date with its source', () => {
  const root = path.resolve(__dirname, '../../..');
  // offline: `npm run test:unit` cached the client-node releases before the tests (gen-catalog.mjs --fetch)
  const env = { ...process.env, ROLLOUT_LENS_CATALOG_OFFLINE: '1' };
  execFileSync(process.execPath, ['scripts/gen-catalog.mjs', '--check'], { cwd: root, stdio: 'pipe', env });
});
