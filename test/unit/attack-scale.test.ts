/**
 * Superlinear paths under the 5 MB limit (issue #16): each input below took tens of seconds to
 * minutes before (quadratic scans); each must now finish well inside its time box, and the
 * results stay what they were (duplicate keys still reported, suppressions still apply).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseManifest } from '../../shared/src/manifest';
import { lintFile } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';
import { editDistance, suggestField } from '../../server/src/catalog';
import { y } from '../support/lint';

function deployment(name: string, meta: string[] = [], spec: string[] = []): string {
  return y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...meta,
    'spec:',
    '  replicas: 2',
    ...spec,
    `  selector: {matchLabels: {app: ${name}}}`,
    '  template:',
    `    metadata: {labels: {app: ${name}}}`,
    '    spec: {containers: [{name: c, image: nginx, readinessProbe: {httpGet: {path: /, port: 80}}}]}',
  );
}

function timed<T>(budgetMs: number, what: string, fn: () => T): T {
  const started = Date.now();
  const out = fn();
  const took = Date.now() - started;
  assert.ok(took < budgetMs, `${what}: ${took} ms (budget ${budgetMs} ms)`);
  return out;
}

function lint(text: string) {
  const index = new WorkspaceIndex();
  // 1.30: the catalog's own version, where every unknown key is reported (not only near-misses).
  return lintFile(index.update('file:///ws/a.yaml', text).file, index, { kubernetesVersion: '1.30' });
}

test('10k annotation keys: a linear duplicate-key check (and duplicates are still errors)', () => {
  const text = deployment('a', ['  annotations:', ...Array.from({ length: 10_000 }, (_, i) => `    key-${i}: v`)]);
  timed(10_000, '10k keys', () => assert.deepEqual(parseManifest(text).syntaxErrors, []));
  const dup = parseManifest(y('a: 1', 'b: {c: 1, c: 2}', 'a: 3', '---', '? [x]', ': 1', '? [x]', ': 2'));
  assert.deepEqual(
    dup.syntaxErrors.map((e) => [e.message, e.span[0]]),
    [['Map keys must be unique', 15]],
  );
});

test('10k suppression comments: findSuppressions and applySuppressions are linear', () => {
  const nextLine = Array.from({ length: 5000 }, () => '  # rollout-lens-disable-next-line missing-min-ready-seconds');
  const document = Array.from({ length: 5000 }, () => '  # rollout-lens-disable missing-min-ready-seconds');
  const found = timed(10_000, '10k comments', () => lint(deployment('s', [], [...nextLine, ...document])));
  assert.ok(!found.some((f) => f.rule === 'missing-min-ready-seconds'), 'still suppressed');
  assert.ok(found.filter((f) => f.rule === 'unused-suppression').length >= 5000);
});

test('a 1 MB key and 5k unknown 40-character keys: the edit distance is bounded', () => {
  timed(3000, '1 MB key', () => lint(deployment('k', [], [`  ${'x'.repeat(1 << 20)}: 1`])));
  const unknown = Array.from(
    { length: 5000 },
    (_, i) => `  ${'abcdefghij'.repeat(4).slice(0, 35)}${String(i).padStart(5, '0')}: 1`,
  );
  const found = timed(8000, '5k unknown keys', () => lint(deployment('u', [], unknown)));
  assert.equal(found.filter((f) => f.rule === 'unknown-field').length, 5000);
  const table: [string, string, number, number][] = [
    ['kitten', 'sitting', Infinity, 3],
    ['minReadySecond', 'minReadySeconds', 2, 1],
    ['ab', 'ba', Infinity, 1],
    ['replicas', 'x'.repeat(100), 5, 6],
    ['abcdef', 'uvwxyz', 2, 3],
  ];
  for (const [a, b, max, expected] of table) assert.equal(editDistance(a, b, max), expected, `${a} ~ ${b}`);
  assert.equal(suggestField('DeploymentSpec', 'minReadySecond'), 'minReadySeconds');
  assert.equal(suggestField('DeploymentSpec', 'replcas'), 'replicas');
});

test('500 Services and 500 Deployments: the Services find their templates through an index', () => {
  const index = new WorkspaceIndex();
  for (let i = 0; i < 500; i++) {
    index.update(
      `file:///ws/s${i}.yaml`,
      y(
        'apiVersion: v1',
        'kind: Service',
        `metadata: {name: s${i}}`,
        `spec: {selector: {app: d${i}}, ports: [{port: 80}]}`,
      ),
    );
    index.update(`file:///ws/d${i}.yaml`, deployment(`d${i}`));
  }
  const findings = timed(10_000, 'lint 500 Services', () => {
    const out = [];
    for (let i = 0; i < 500; i++) out.push(...lintFile(index.get(`file:///ws/s${i}.yaml`) as never, index, {}));
    return out;
  });
  assert.deepEqual(
    findings.filter((f) => f.rule === 'service-selector-no-match'),
    [],
  );
  assert.equal(index.podTemplatesSelectedBy('default', { app: 'd7' }).length, 1);
  assert.equal(
    index.podTemplatesSelectedBy('default', { app: 'd7', 'pod-template-hash': 'abc' }).length,
    1,
    'controller labels match',
  );
  assert.equal(index.podTemplatesSelectedBy('default', { app: 'nope' }).length, 0);
  index.remove('file:///ws/d7.yaml');
  assert.equal(index.podTemplatesSelectedBy('default', { app: 'd7' }).length, 0, 'the index follows removals');
});
