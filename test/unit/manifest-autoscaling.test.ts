/**
 * HorizontalPodAutoscalers and PodDisruptionBudgets in the manifest model (parsed eagerly, typed accessors) and in
 * the workspace index (HPAs by target, PDBs by namespace, nearest first; other files see their changes).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  autoscalerSpec,
  autoscalerTargets,
  disruptionBudgetSpec,
  isEagerKind,
  isParsed,
  parseManifest,
} from '../../shared/src/manifest';
import type { K8sObject } from '../../shared/src/manifest';
import { WorkspaceIndex } from '../../server/src/workspace';
import { y } from '../support/lint';

const only = (text: string): K8sObject => {
  const objects = parseManifest(text).objects;
  assert.equal(objects.length, 1);
  return objects[0] as K8sObject;
};

const hpa = (apiVersion: string, ...spec: string[]) =>
  y(`apiVersion: ${apiVersion}`, 'kind: HorizontalPodAutoscaler', 'metadata: {name: h, namespace: prod}', ...spec);
const pdb = (apiVersion: string, ...spec: string[]) =>
  y(`apiVersion: ${apiVersion}`, 'kind: PodDisruptionBudget', 'metadata: {name: p}', ...spec);
const deployment = (name: string, namespace = 'prod', apiVersion = 'apps/v1') =>
  only(y(`apiVersion: ${apiVersion}`, 'kind: Deployment', `metadata: {name: ${name}, namespace: ${namespace}}`));

test('HPA and PDB documents are parsed eagerly, also inside lists', () => {
  for (const kind of ['HorizontalPodAutoscaler', 'PodDisruptionBudget', 'HorizontalPodAutoscalerList'])
    assert.ok(isEagerKind(kind), kind);
  const m = parseManifest(hpa('autoscaling/v2', 'spec: {maxReplicas: 3}') + '---\n' + pdb('policy/v1'));
  assert.deepEqual(
    m.objects.map((o) => [o.kind, isParsed(o)]),
    [
      ['HorizontalPodAutoscaler', true],
      ['PodDisruptionBudget', true],
    ],
  );
});

const autoscalers: [name: string, text: string, expected: ReturnType<typeof autoscalerSpec>][] = [
  [
    'autoscaling/v2 with every field',
    hpa(
      'autoscaling/v2',
      'spec:',
      '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}',
      '  minReplicas: 2',
      '  maxReplicas: 10',
    ),
    {
      target: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
      minReplicas: 2,
      minReplicasWritten: true,
      maxReplicas: 10,
    },
  ],
  [
    'autoscaling/v1: minReplicas defaults to 1 (SetDefaults_HorizontalPodAutoscaler)',
    hpa('autoscaling/v1', 'spec:', '  scaleTargetRef: {kind: StatefulSet, name: db}', '  maxReplicas: 4'),
    { target: { kind: 'StatefulSet', name: 'db' }, minReplicas: 1, minReplicasWritten: false, maxReplicas: 4 },
  ],
  [
    'no target, a quoted maxReplicas',
    hpa('autoscaling/v2', 'spec:', '  maxReplicas: "4"'),
    { target: undefined, minReplicas: 1, minReplicasWritten: false, maxReplicas: undefined },
  ],
  [
    'an empty target name is no target',
    hpa('autoscaling/v2', 'spec: {scaleTargetRef: {kind: Deployment, name: ""}, maxReplicas: 1}'),
    { target: undefined, minReplicas: 1, minReplicasWritten: false, maxReplicas: 1 },
  ],
  ['not an HPA group', hpa('example.com/v1'), undefined],
  [
    'no spec at all',
    hpa('autoscaling/v2'),
    { target: undefined, minReplicas: 1, minReplicasWritten: false, maxReplicas: undefined },
  ],
];

for (const [name, text, expected] of autoscalers) {
  test(`autoscalerSpec: ${name}`, () => assert.deepEqual(autoscalerSpec(only(text)), expected));
}

test('autoscalerTargets: kind, name, namespace and the reference group decide', () => {
  const ref = (r: string, ns = 'prod') =>
    only(
      y(
        'apiVersion: autoscaling/v2',
        'kind: HorizontalPodAutoscaler',
        `metadata: {name: h, namespace: ${ns}}`,
        `spec: {scaleTargetRef: ${r}, maxReplicas: 3}`,
      ),
    );
  const web = deployment('web');
  assert.equal(autoscalerTargets(ref('{apiVersion: apps/v1, kind: Deployment, name: web}'), web), true);
  assert.equal(autoscalerTargets(ref('{kind: Deployment, name: web}'), web), true, 'apiVersion is optional');
  assert.equal(
    autoscalerTargets(ref('{kind: Deployment, name: web}'), deployment('web', 'prod', 'apps/v1beta2')),
    true,
  );
  assert.equal(autoscalerTargets(ref('{kind: Deployment, name: web}', 'dev'), web), false, 'other namespace');
  assert.equal(autoscalerTargets(ref('{kind: StatefulSet, name: web}'), web), false, 'other kind');
  assert.equal(autoscalerTargets(ref('{kind: Deployment, name: api}'), web), false, 'other name');
  assert.equal(
    autoscalerTargets(ref('{apiVersion: argoproj.io/v1alpha1, kind: Deployment, name: web}'), web),
    false,
    'another group',
  );
  assert.equal(autoscalerTargets(web, web), false, 'not an HPA');
});

const budgets: [name: string, text: string, expected: ReturnType<typeof disruptionBudgetSpec>][] = [
  [
    'policy/v1 minAvailable',
    pdb('policy/v1', 'spec:', '  minAvailable: 2', '  selector: {matchLabels: {app: web}}'),
    { selector: { matchLabels: { app: 'web' } }, minAvailable: 2, maxUnavailable: undefined },
  ],
  [
    'policy/v1beta1 maxUnavailable as a percentage',
    pdb('policy/v1beta1', 'spec:', '  maxUnavailable: 10%'),
    { selector: undefined, minAvailable: undefined, maxUnavailable: '10%' },
  ],
  [
    'unreadable values are left out',
    pdb('policy/v1', 'spec: {minAvailable: [1], maxUnavailable: {a: 1}}'),
    { selector: undefined, minAvailable: undefined, maxUnavailable: undefined },
  ],
  ['another group', pdb('policy.example.com/v1'), undefined],
];
for (const [name, text, expected] of budgets) {
  test(`disruptionBudgetSpec: ${name}`, () => assert.deepEqual(disruptionBudgetSpec(only(text)), expected));
}

test('workspace index: HPAs by namespace and target name, nearest first; PDBs by namespace', () => {
  const index = new WorkspaceIndex();
  const target = 'spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3}';
  index.update('file:///ws/app/hpa.yaml', hpa('autoscaling/v2', target));
  index.update('file:///ws/other/deep/hpa.yaml', hpa('autoscaling/v2', target));
  index.update('file:///ws/app/pdb.yaml', pdb('policy/v1', 'spec: {maxUnavailable: 1}'));
  assert.deepEqual(
    index.autoscalersTargeting('prod', 'web', 'file:///ws/app/web.yaml').map((h) => h.uri),
    ['file:///ws/app/hpa.yaml', 'file:///ws/other/deep/hpa.yaml'],
  );
  assert.deepEqual(
    index.autoscalersTargeting('prod', 'web', 'file:///ws/other/deep/web.yaml').map((h) => h.uri),
    ['file:///ws/other/deep/hpa.yaml', 'file:///ws/app/hpa.yaml'],
  );
  assert.deepEqual(index.autoscalersTargeting('default', 'web', 'file:///ws/a.yaml'), []);
  assert.deepEqual(
    index.disruptionBudgetsIn('default').map((p) => p.object.name),
    ['p'],
  );
  assert.equal(index.remove('file:///ws/app/hpa.yaml'), true, 'removing an HPA changes what others see');
  assert.deepEqual(
    index.autoscalersTargeting('prod', 'web', 'file:///ws/app/web.yaml').map((h) => h.uri),
    ['file:///ws/other/deep/hpa.yaml'],
  );
  const edited = index.update('file:///ws/app/pdb.yaml', pdb('policy/v1', 'spec: {maxUnavailable: 0}'));
  assert.equal(edited.servicesChanged, true, 'a PDB edit refreshes other files');
  const moved = index.update('file:///ws/other/deep/hpa.yaml', '# gone\n');
  assert.equal(moved.servicesChanged, true);
  assert.deepEqual(index.autoscalersTargeting('prod', 'web', 'file:///ws/app/web.yaml'), []);
});

test('workspace index: a disk file holding only an HPA or a PDB is kept (keepUnseen: false)', () => {
  const index = new WorkspaceIndex();
  index.update(
    'file:///ws/hpa.yaml',
    hpa('autoscaling/v2', 'spec: {scaleTargetRef: {kind: Deployment, name: web}, maxReplicas: 3}'),
    { keepNodes: false, keepUnseen: false },
  );
  index.update('file:///ws/pdb.yaml', pdb('policy/v1'), { keepNodes: false, keepUnseen: false });
  assert.equal(index.autoscalersTargeting('prod', 'web', 'file:///ws/x.yaml').length, 1);
  assert.equal(index.disruptionBudgetsIn('default').length, 1);
});
