import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyChange, configRefs, diffPaths } from '../../shared/src/preview/changeClassifier';

const deployment = (
  o: {
    replicas?: number;
    image?: string;
    maxSurge?: number;
    minReady?: number;
    label?: string;
    tmplLabel?: string;
    env?: unknown[];
    annotations?: Record<string, string>;
  } = {},
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { team: o.label ?? 'a' } },
  spec: {
    replicas: o.replicas ?? 3,
    minReadySeconds: o.minReady ?? 0,
    strategy: { rollingUpdate: { maxSurge: o.maxSurge ?? 1 } },
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: {
        labels: { app: 'web', ...(o.tmplLabel ? { track: o.tmplLabel } : {}) },
        ...(o.annotations ? { annotations: o.annotations } : {}),
      },
      spec: { containers: [{ name: 'app', image: o.image ?? 'web:1', ...(o.env ? { env: o.env } : {}) }] },
    },
  },
});

test('change classification (data-driven)', () => {
  const cases: Array<[string, unknown, unknown, string, string[], string[]]> = [
    ['no change', deployment(), deployment(), 'none', [], []],
    ['image → rollout', deployment(), deployment({ image: 'web:2' }), 'rollout', ['containers[0].image'], []],
    [
      'template label → rollout',
      deployment(),
      deployment({ tmplLabel: 'canary' }),
      'rollout',
      ['metadata.labels.track'],
      [],
    ],
    [
      'image + replicas → rollout, scaling named',
      deployment(),
      deployment({ image: 'web:2', replicas: 5 }),
      'rollout',
      ['containers[0].image'],
      ['spec.replicas'],
    ],
    ['replicas only → scale', deployment(), deployment({ replicas: 5 }), 'scale', [], ['spec.replicas']],
    [
      'replicas + object label (outside the template) → scale',
      deployment(),
      deployment({ replicas: 5, label: 'b' }),
      'scale',
      [],
      ['metadata.labels.team', 'spec.replicas'],
    ],
    [
      'strategy only → no rollout',
      deployment(),
      deployment({ maxSurge: 2 }),
      'no-rollout',
      [],
      ['spec.strategy.rollingUpdate.maxSurge'],
    ],
    [
      'minReadySeconds only → no rollout',
      deployment(),
      deployment({ minReady: 10 }),
      'no-rollout',
      [],
      ['spec.minReadySeconds'],
    ],
    [
      'object label only (outside the template) → no rollout',
      deployment(),
      deployment({ label: 'b' }),
      'no-rollout',
      [],
      ['metadata.labels.team'],
    ],
    ['not in baseline → new', undefined, deployment(), 'new', [], []],
  ];
  for (const [name, before, after, kind, templatePaths, otherPaths] of cases) {
    const r = classifyChange('Deployment', before, after);
    assert.equal(r.kind, kind, name);
    assert.deepEqual(r.templatePaths, templatePaths, name);
    assert.deepEqual(r.otherPaths, otherPaths, name);
  }
});

test('template paths are named relative to the pod template', () => {
  const r = classifyChange('Deployment', deployment(), deployment({ image: 'web:2' }));
  assert.deepEqual(r.templatePaths, ['containers[0].image']);
  assert.match(r.headline, /new ReplicaSet/);
});

test('StatefulSet wording and OnDelete', () => {
  const before = { spec: { replicas: 2, template: { spec: { containers: [{ image: 'a' }] } } } };
  const after = { spec: { replicas: 2, template: { spec: { containers: [{ image: 'b' }] } } } };
  assert.match(classifyChange('StatefulSet', before, after).headline, /controller revision and a rolling update/);
  const onDelete = { spec: { ...after.spec, updateStrategy: { type: 'OnDelete' } } };
  const r = classifyChange('StatefulSet', { spec: { ...before.spec, updateStrategy: { type: 'OnDelete' } } }, onDelete);
  assert.equal(r.kind, 'rollout');
  assert.match(r.headline, /OnDelete/);
});

test('ConfigMap/Secret references → "editing it alone will not roll out" + checksum fix', () => {
  const env = [
    { name: 'A', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'a' } } },
    { name: 'B', valueFrom: { secretKeyRef: { name: 'creds', key: 'b' } } },
  ];
  const r = classifyChange('Deployment', deployment({ env }), deployment({ env }));
  assert.deepEqual(r.configRefs, [
    { kind: 'ConfigMap', name: 'app-config' },
    { kind: 'Secret', name: 'creds' },
  ]);
  assert.ok(r.configAdvice);
  assert.match(r.configAdvice.text, /will not trigger a rollout/);
  assert.match(r.configAdvice.snippet, /checksum\/config-app-config:/);
  // already has a checksum annotation → no advice, refs still listed
  const withChecksum = classifyChange(
    'Deployment',
    deployment({ env }),
    deployment({ env, annotations: { 'checksum/config': 'abc' } }),
  );
  assert.equal(withChecksum.configAdvice, undefined);
  assert.equal(withChecksum.kind, 'rollout');
});

test('configRefs finds volumes, projected sources and envFrom (data-driven)', () => {
  const cases: Array<[unknown, string[]]> = [
    [
      { spec: { volumes: [{ configMap: { name: 'cm' } }, { secret: { secretName: 's' } }] } },
      ['ConfigMap cm', 'Secret s'],
    ],
    [
      { spec: { volumes: [{ projected: { sources: [{ configMap: { name: 'p1' } }, { secret: { name: 'p2' } }] } }] } },
      ['ConfigMap p1', 'Secret p2'],
    ],
    [
      {
        spec: {
          initContainers: [{ envFrom: [{ configMapRef: { name: 'i' } }] }],
          containers: [{ envFrom: [{ secretRef: { name: 'c' } }] }],
        },
      },
      ['ConfigMap i', 'Secret c'],
    ],
    [{ spec: { containers: [{ image: 'x' }] } }, []],
    [undefined, []],
  ];
  for (const [tpl, want] of cases)
    assert.deepEqual(
      configRefs(tpl).map((r) => `${r.kind} ${r.name}`),
      want,
    );
});

test('diffPaths quotes keys with dots', () => {
  assert.deepEqual(
    diffPaths({ labels: { 'app.kubernetes.io/name': 'a' } }, { labels: { 'app.kubernetes.io/name': 'b' } }),
    ['labels["app.kubernetes.io/name"]'],
  );
});
