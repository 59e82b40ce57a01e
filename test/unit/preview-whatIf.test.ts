/**
 * What-if controls → SimulationInput (scenario parameters, overrides, inline errors), baseline choice, CodeLens step
 * count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyGitShowError,
  LABEL_COMMITTED,
  LABEL_NOT_COMMITTED,
  LABEL_OPENED,
  selectBaseline,
  type GitLookup,
} from '../../shared/src/preview/baseline';
import { codeLensTitle, workloads } from '../../shared/src/preview/session';
import { indexText, previewText } from '../support/preview';
import { previewPlan } from '../../shared/src/preview/pipeline';
import { controllerSteps, lensText } from '../../shared/src/preview/viewModel';
import {
  paramsOf,
  sanitizeWhatIf,
  scenarioPart,
  toSimulation,
  type ManifestFacts,
  type WhatIf,
} from '../../shared/src/preview/whatIf';
import { sanitizePanelState } from '../../shared/src/preview/webviewMessages';
import type { Scenario } from '../../shared/src/sim/types';

const STS: ManifestFacts = { replicas: 3, startOrdinal: 0 };
const STS_FROM_5: ManifestFacts = { replicas: 2, startOrdinal: 5 };
const DEP: ManifestFacts = { replicas: 4 };

test('what-if → SimulationInput scenario, overrides, inline errors (table)', () => {
  // [what-if, manifest, scenario, overrides, fields with an error, effective parameters]
  const cases: Array<[WhatIf, ManifestFacts, Scenario, object, string[], object]> = [
    // defaults of every scenario parameter
    [{ scenario: 'fail-after' }, DEP, { name: 'fail-after', seconds: 5 }, {}, [], { failAfterSeconds: '5' }],
    [
      { scenario: 'pause' },
      DEP,
      { name: 'pause', afterNewPods: 1 },
      {},
      [],
      { pauseAfterNewPods: '1', resumeAfterSeconds: 'never' },
    ],
    [
      { scenario: 'node-failure' },
      STS,
      { name: 'node-failure', ordinal: 0 },
      {},
      [],
      { nodeOrdinal: '0', forceDeleteAfterSeconds: 'never' },
    ],
    [
      { scenario: 'node-failure' },
      STS_FROM_5,
      { name: 'node-failure', ordinal: 5 },
      {},
      [],
      { nodeOrdinal: '5', forceDeleteAfterSeconds: 'never' },
    ],
    [
      { scenario: 'scale' },
      DEP,
      { name: 'scale', replicas: 8 },
      {},
      [],
      { scaleTo: '8', scaleAtSecond: 'in steady state' },
    ],
    [
      { scenario: 'scale' },
      { replicas: 0 },
      { name: 'scale', replicas: 1 },
      {},
      [],
      { scaleTo: '1', scaleAtSecond: 'in steady state' },
    ],
    // typed values
    [
      { scenario: 'fail-after', failAfterSeconds: '30' },
      DEP,
      { name: 'fail-after', seconds: 30 },
      {},
      [],
      { failAfterSeconds: '30' },
    ],
    [
      { scenario: 'fail-after', failAfterSeconds: ' 0 ', minReadySeconds: 0 },
      DEP,
      { name: 'fail-after', seconds: 0 },
      { minReadySeconds: 0 },
      [],
      { failAfterSeconds: '0' },
    ],
    [
      { scenario: 'pause', pauseAfterNewPods: '3' },
      DEP,
      { name: 'pause', afterNewPods: 3 },
      {},
      [],
      { pauseAfterNewPods: '3', resumeAfterSeconds: 'never' },
    ],
    [
      { scenario: 'node-failure', nodeOrdinal: '2', forceDeleteAfterSeconds: '60' },
      STS,
      { name: 'node-failure', ordinal: 2, forceDeleteAfterSeconds: 60 },
      {},
      [],
      { nodeOrdinal: '2', forceDeleteAfterSeconds: '60' },
    ],
    [
      { scenario: 'node-failure', nodeOrdinal: '4', replicas: 5 },
      STS,
      { name: 'node-failure', ordinal: 4 },
      { replicas: 5 },
      [],
      { nodeOrdinal: '4', forceDeleteAfterSeconds: 'never' },
    ],
    [
      { scenario: 'scale', scaleTo: '12' },
      DEP,
      { name: 'scale', replicas: 12 },
      {},
      [],
      { scaleTo: '12', scaleAtSecond: 'in steady state' },
    ],
    [
      { scenario: 'scale', scaleTo: '0', replicas: 6 },
      DEP,
      { name: 'scale', replicas: 0 },
      { replicas: 6 },
      [],
      { scaleTo: '0', scaleAtSecond: 'in steady state' },
    ],
    [
      { scenario: 'scale', replicas: 6 },
      DEP,
      { name: 'scale', replicas: 12 },
      { replicas: 6 },
      [],
      { scaleTo: '12', scaleAtSecond: 'in steady state' },
    ],
    // empty = default
    [
      { scenario: 'fail-after', failAfterSeconds: '' },
      DEP,
      { name: 'fail-after', seconds: 5 },
      {},
      [],
      { failAfterSeconds: '5' },
    ],
    // invalid: reported by field, the default is used, never a throw
    [
      { scenario: 'fail-after', failAfterSeconds: '-1' },
      DEP,
      { name: 'fail-after', seconds: 5 },
      {},
      ['failAfterSeconds'],
      { failAfterSeconds: '5' },
    ],
    [
      { scenario: 'fail-after', failAfterSeconds: '2.5' },
      DEP,
      { name: 'fail-after', seconds: 5 },
      {},
      ['failAfterSeconds'],
      { failAfterSeconds: '5' },
    ],
    [
      { scenario: 'pause', pauseAfterNewPods: 'two' },
      DEP,
      { name: 'pause', afterNewPods: 1 },
      {},
      ['pauseAfterNewPods'],
      { pauseAfterNewPods: '1', resumeAfterSeconds: 'never' },
    ],
    [
      { scenario: 'node-failure', nodeOrdinal: '3' },
      STS,
      { name: 'node-failure', ordinal: 0 },
      {},
      ['nodeOrdinal'],
      { nodeOrdinal: '0', forceDeleteAfterSeconds: 'never' },
    ],
    [
      { scenario: 'node-failure', nodeOrdinal: '0' },
      STS_FROM_5,
      { name: 'node-failure', ordinal: 5 },
      {},
      ['nodeOrdinal'],
      { nodeOrdinal: '5', forceDeleteAfterSeconds: 'never' },
    ],
    [
      { scenario: 'node-failure', forceDeleteAfterSeconds: '1e3' },
      STS,
      { name: 'node-failure', ordinal: 0 },
      {},
      ['forceDeleteAfterSeconds'],
      { nodeOrdinal: '0', forceDeleteAfterSeconds: 'never' },
    ],
    [
      { scenario: 'scale', scaleTo: '<b>9</b>' },
      DEP,
      { name: 'scale', replicas: 8 },
      {},
      ['scaleTo'],
      { scaleTo: '8', scaleAtSecond: 'in steady state' },
    ],
    [
      { scenario: 'update', replicas: -1, minReadySeconds: 1.5, maxSurge: 'lots' },
      DEP,
      { name: 'update' },
      {},
      ['maxSurge', 'minReadySeconds', 'replicas'],
      {},
    ],
    // parameters of another scenario are kept but ignored
    [{ scenario: 'update', failAfterSeconds: 'x', scaleTo: '3' }, DEP, { name: 'update' }, {}, [], {}],
  ];
  for (const [w, facts, scenario, overrides, errorFields, effective] of cases) {
    const what = JSON.stringify(w);
    const r = toSimulation(w, facts);
    assert.deepEqual(r.scenario, scenario, what);
    assert.deepEqual(r.overrides, overrides, what);
    assert.deepEqual(Object.keys(r.fieldErrors).sort(), errorFields, what);
    assert.equal(r.errors.length, errorFields.length, what);
    assert.deepEqual(r.effective, effective, what);
  }
  const bad = toSimulation({ scenario: 'fail-after', failAfterSeconds: '-1' }, DEP).fieldErrors.failAfterSeconds;
  assert.equal(bad, 'fail after (seconds): "-1" is not a whole number ≥ 0 (using 5)');
  assert.match(
    toSimulation({ scenario: 'node-failure', nodeOrdinal: '3' }, STS).fieldErrors.nodeOrdinal ?? '',
    /ordinals 0–2\) \(using 0\)$/,
  );
});

test('each scenario shows only its own parameters', () => {
  assert.deepEqual(paramsOf('fail-after'), ['failAfterSeconds']);
  assert.deepEqual(paramsOf('pause'), ['pauseAfterNewPods', 'resumeAfterSeconds']);
  assert.deepEqual(paramsOf('node-failure'), ['nodeOrdinal', 'forceDeleteAfterSeconds']);
  assert.deepEqual(paramsOf('scale'), ['scaleTo', 'scaleAtSecond']);
  assert.deepEqual(paramsOf('rollback'), ['rollbackAfterSeconds']);
  assert.deepEqual(paramsOf('node-added'), ['nodeEventAtSecond']);
  assert.deepEqual(paramsOf('node-removed'), ['nodeEventAtSecond']);
  for (const s of ['create', 'update', 'fail'] as const) assert.deepEqual(paramsOf(s), [], s);
});

test('scenario parameters are kept in the saved state (sanitized) and survive Apply/Reset', () => {
  const saved = sanitizePanelState({
    uri: 'file:///a.yaml',
    whatIf: {
      scenario: 'fail-after',
      failAfterSeconds: '12',
      minReadySeconds: 0,
      nodeOrdinal: 2,
      scaleTo: { x: 1 },
      pauseAfterNewPods: 'x'.repeat(17),
    },
    row: 1,
  });
  assert.deepEqual(saved?.whatIf, {
    scenario: 'fail-after',
    minReadySeconds: 0,
    failAfterSeconds: '12',
    nodeOrdinal: '2',
  });
  assert.deepEqual(sanitizeWhatIf(JSON.parse(JSON.stringify(saved?.whatIf))), saved?.whatIf, 'round trip through JSON');
  assert.deepEqual(
    scenarioPart({ scenario: 'node-failure', replicas: 4, nodeOrdinal: '1', forceDeleteAfterSeconds: '30' }),
    { scenario: 'node-failure', nodeOrdinal: '1', forceDeleteAfterSeconds: '30' },
  );
});

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:2
`;

test('computePreview: node-failure parameters reach the simulator; an invalid ordinal is an inline error, not a crash', () => {
  const target = { kind: 'StatefulSet' as const, name: 'web', docIndex: 0 };
  const ok = previewText({
    text: STATEFULSET,
    target,
    whatIf: { scenario: 'node-failure', nodeOrdinal: '2', forceDeleteAfterSeconds: '40' },
  }).payload;
  assert.equal(ok.type, 'render');
  if (ok.type !== 'render') return;
  assert.ok(ok.model, ok.error);
  assert.ok(
    ok.model.rows.some((r) => /web-2/.test(r.message)),
    'the lost pod is web-2',
  );
  assert.deepEqual(ok.scenarioParams, { nodeOrdinal: '2', forceDeleteAfterSeconds: '40' });
  const bad = previewText({
    text: STATEFULSET,
    target,
    whatIf: { scenario: 'node-failure', nodeOrdinal: '9' },
  }).payload;
  assert.equal(bad.type, 'render');
  if (bad.type !== 'render') return;
  assert.ok(bad.model, 'falls back to ordinal 0 and still renders');
  assert.match(bad.whatIfFieldErrors.nodeOrdinal ?? '', /ordinal 9 is not a pod/);
});

test('baseline: Git result or none, version at open (table)', () => {
  const cases: Array<
    [
      GitLookup | undefined,
      string | undefined,
      { text: string; label: string; source: string; gitNote?: string } | undefined,
    ]
  > = [
    [{ kind: 'committed', text: 'A' }, 'B', { text: 'A', label: LABEL_COMMITTED, source: 'git' }],
    [{ kind: 'committed', text: 'A', ref: 'HEAD' }, undefined, { text: 'A', label: LABEL_COMMITTED, source: 'git' }],
    [
      { kind: 'committed', text: 'A', ref: 'main' },
      'B',
      { text: 'A', label: 'the committed version (main)', source: 'git' },
    ],
    [{ kind: 'not-committed' }, 'B', { text: '', label: LABEL_NOT_COMMITTED, source: 'git' }],
    [
      { kind: 'unavailable', reason: 'Git is disabled' },
      'B',
      { text: 'B', label: LABEL_OPENED, source: 'opened', gitNote: 'Git is disabled' },
    ],
    [
      { kind: 'error', message: 'spawn git ENOENT\nmore' },
      'B',
      { text: 'B', label: LABEL_OPENED, source: 'opened', gitNote: 'git failed: spawn git ENOENT' },
    ],
    [undefined, 'B', { text: 'B', label: LABEL_OPENED, source: 'opened' }],
    [undefined, undefined, undefined],
    [{ kind: 'unavailable', reason: 'x' }, undefined, undefined],
  ];
  for (const [git, opened, want] of cases)
    assert.deepEqual(selectBaseline(git, opened), want, JSON.stringify([git, opened]));
  const errors: Array<[string, string]> = [
    ["fatal: path 'a.yaml' exists on disk, but not in 'HEAD'", 'not-committed'],
    ["fatal: path 'a.yaml' does not exist in 'HEAD'", 'not-committed'],
    ["fatal: invalid object name 'HEAD'.", 'not-committed'],
    ["fatal: ambiguous argument 'HEAD': unknown revision or path not in the working tree.", 'not-committed'],
    ['spawn git ENOENT', 'error'],
    ['fatal: not a git repository', 'error'],
  ];
  for (const [message, kind] of errors) assert.equal(classifyGitShowError(message).kind, kind, message);
});

test('baseline: a not-committed file compares as new; a committed one as a rollout', () => {
  const target = { kind: 'StatefulSet' as const, name: 'web', docIndex: 0 };
  const asNew = previewText({
    text: STATEFULSET,
    target,
    whatIf: { scenario: 'update' },
    baselineText: selectBaseline({ kind: 'not-committed' }, STATEFULSET)?.text,
  });
  assert.equal(asNew.payload.type === 'render' && asNew.payload.change.kind, 'new');
  const committed = STATEFULSET.replace('nginx:2', 'nginx:1');
  const rollout = previewText({
    text: STATEFULSET,
    target,
    whatIf: { scenario: 'update' },
    baselineText: selectBaseline({ kind: 'committed', text: committed }, STATEFULSET)?.text,
  });
  assert.equal(rollout.payload.type === 'render' && rollout.payload.change.kind, 'rollout');
});

const DEPLOYMENT = (replicas: number, minReady: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: ${replicas}
  minReadySeconds: ${minReady}
  strategy:
    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: api:2
`;

test('CodeLens counts controller steps, not the kubelet Unhealthy rows (table)', () => {
  // [manifest, scenario, controller steps in the lens]
  const cases: Array<[string, WhatIf, number]> = [
    [DEPLOYMENT(3, 0), { scenario: 'update' }, 6],
    [DEPLOYMENT(1, 0), { scenario: 'update' }, 2],
    [DEPLOYMENT(3, 0), { scenario: 'fail-after' }, 6],
    [DEPLOYMENT(3, 0), { scenario: 'fail-after', failAfterSeconds: '1' }, -1],
    [STATEFULSET, { scenario: 'update' }, 6],
  ];
  for (const [text, w, want] of cases) {
    const { manifest: m, contextOf } = indexText(text);
    const o = workloads(m)[0];
    assert.ok(o);
    const { plan } = previewPlan(o, contextOf(o), w);
    assert.ok(plan, JSON.stringify(w));
    const scaling =
      plan.kind === 'Deployment'
        ? plan.steps.filter((s) => s.reason === 'ScalingReplicaSet').length
        : plan.steps.length;
    const unhealthy = plan.kind === 'Deployment' ? plan.steps.filter((s) => s.reason === 'Unhealthy').length : 0;
    if (w.scenario === 'fail-after' && plan.kind === 'Deployment')
      assert.ok(unhealthy > 0, `fail-after has Unhealthy entries: ${JSON.stringify(w)}`);
    assert.equal(controllerSteps(plan), scaling, JSON.stringify(w));
    if (want >= 0) assert.equal(scaling, want, `controller steps ${JSON.stringify(w)}`);
    const n = controllerSteps(plan);
    assert.match(lensText(plan), new RegExp(`^${n} steps? · ~`), JSON.stringify(w));
    if (w.scenario === 'update') assert.equal(codeLensTitle(o, contextOf(o)), `Preview rollout · ${lensText(plan)}`);
  }
});
