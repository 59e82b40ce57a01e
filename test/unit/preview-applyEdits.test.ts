import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifest, isWorkload } from '../../shared/src/manifest';
import { applyTextEdits, buildApplyEdits } from '../../shared/src/preview/applyEdits';
import type { WhatIf } from '../../shared/src/preview/whatIf';

function apply(text: string, w: WhatIf): { out: string; written: string[]; skipped: string[] } {
  const o = parseManifest(text).objects.find(isWorkload);
  assert.ok(o);
  const plan = buildApplyEdits(text, o.node, o.kind as 'Deployment' | 'StatefulSet', w);
  const out = applyTextEdits(text, plan.edits);
  assert.equal(parseManifest(out).syntaxErrors.length, 0, `valid YAML after the edit:\n${out}`);
  return { out, written: plan.written, skipped: plan.skipped };
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: app
          image: web:1
`;

test('apply edits (data-driven): replace in place, insert missing keys and parent maps at sibling indentation', () => {
  const cases: Array<[string, string, WhatIf, string]> = [
    [
      'replace replicas',
      DEPLOYMENT,
      { scenario: 'update', replicas: 5 },
      DEPLOYMENT.replace('replicas: 3', 'replicas: 5'),
    ],
    [
      'insert strategy.rollingUpdate with both fields under spec',
      DEPLOYMENT,
      { scenario: 'update', maxSurge: '25%', maxUnavailable: '0' },
      DEPLOYMENT.replace(
        'spec:\n  replicas: 3',
        'spec:\n  strategy:\n    rollingUpdate:\n      maxSurge: 25%\n      maxUnavailable: 0\n  replicas: 3',
      ),
    ],
    [
      'insert minReadySeconds',
      DEPLOYMENT,
      { scenario: 'update', minReadySeconds: 10 },
      DEPLOYMENT.replace('spec:\n  replicas: 3', 'spec:\n  minReadySeconds: 10\n  replicas: 3'),
    ],
    [
      'keeps quoting style of the existing value',
      DEPLOYMENT.replace('  replicas: 3', '  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxSurge: "1"'),
      { scenario: 'update', maxSurge: '30%' },
      DEPLOYMENT.replace('  replicas: 3', '  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxSurge: "30%"'),
    ],
    [
      'adds into an existing rollingUpdate map (4-space document)',
      'kind: Deployment\napiVersion: apps/v1\nmetadata:\n    name: w\nspec:\n    strategy:\n        rollingUpdate:\n            maxSurge: 1\n',
      { scenario: 'update', maxUnavailable: '2' },
      'kind: Deployment\napiVersion: apps/v1\nmetadata:\n    name: w\nspec:\n    strategy:\n        rollingUpdate:\n            maxUnavailable: 2\n            maxSurge: 1\n',
    ],
    [
      'flow map',
      'kind: Deployment\napiVersion: apps/v1\nmetadata: {name: w}\nspec:\n  strategy:\n    rollingUpdate: {maxSurge: 1}\n',
      { scenario: 'update', maxUnavailable: '2' },
      'kind: Deployment\napiVersion: apps/v1\nmetadata: {name: w}\nspec:\n  strategy:\n    rollingUpdate: {maxSurge: 1, maxUnavailable: 2}\n',
    ],
    [
      'empty parent key',
      'kind: Deployment\napiVersion: apps/v1\nmetadata:\n  name: w\nspec:\n  strategy:\n  replicas: 1\n',
      { scenario: 'update', maxSurge: '2' },
      'kind: Deployment\napiVersion: apps/v1\nmetadata:\n  name: w\nspec:\n  strategy:\n    rollingUpdate:\n      maxSurge: 2\n  replicas: 1\n',
    ],
    [
      'StatefulSet: partition, maxUnavailable, podManagementPolicy under updateStrategy / spec',
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kubia\nspec:\n  serviceName: kubia\n  replicas: 2\n',
      { scenario: 'update', partition: 1, podManagementPolicy: 'Parallel', replicas: 3 },
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kubia\nspec:\n  updateStrategy:\n    rollingUpdate:\n      partition: 1\n  podManagementPolicy: Parallel\n  serviceName: kubia\n  replicas: 3\n',
    ],
    [
      'CRLF line endings are kept',
      DEPLOYMENT.replace(/\n/g, '\r\n'),
      { scenario: 'update', minReadySeconds: 5 },
      DEPLOYMENT.replace('spec:\n  replicas: 3', 'spec:\n  minReadySeconds: 5\n  replicas: 3').replace(/\n/g, '\r\n'),
    ],
  ];
  for (const [name, text, w, want] of cases) assert.equal(apply(text, w).out, want, name);
});

test('fields that do not exist for the kind are skipped, not written', () => {
  const r = apply('apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  replicas: 2\n', {
    scenario: 'update',
    maxSurge: '1',
  });
  assert.deepEqual(r.skipped, ['maxSurge']);
  assert.deepEqual(r.written, []);
});

test('written values re-parse to the what-if numbers', () => {
  const { out } = apply(DEPLOYMENT, {
    scenario: 'update',
    replicas: 10,
    maxSurge: '25%',
    maxUnavailable: '1',
    minReadySeconds: 7,
  });
  const v = parseManifest(out).objects[0]?.value as {
    spec: {
      replicas: number;
      minReadySeconds: number;
      strategy: { rollingUpdate: { maxSurge: unknown; maxUnavailable: unknown } };
    };
  };
  assert.equal(v.spec.replicas, 10);
  assert.equal(v.spec.minReadySeconds, 7);
  assert.equal(v.spec.strategy.rollingUpdate.maxSurge, '25%');
  assert.equal(v.spec.strategy.rollingUpdate.maxUnavailable, 1);
});
