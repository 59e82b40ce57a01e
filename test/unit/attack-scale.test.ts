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
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAX_STATEFULSET_PODS } from '../../shared/src/sim/statefulset/simulate';
import { PREVIEW_REQUEST } from '../../shared/src/preview/protocol';
import type { PreviewParams, PreviewResult } from '../../shared/src/preview/protocol';
import { MAX_LENS_TITLES } from '../../server/src/lsp/preview';
import { cli } from '../support/cliIo';
import { startTestServer } from '../support/lspPair';
import { assertAlive, within } from '../support/attack';
import { selectorLine, workloadYaml } from '../support/manifests';

function deployment(name: string, meta: string[] = [], spec: string[] = []): string {
  return workloadYaml({
    name,
    meta,
    spec: ['  replicas: 2', ...spec, selectorLine(`{app: ${name}}`)],
    labels: `{app: ${name}}`,
    podFlow: '{containers: [{name: c, image: nginx, readinessProbe: {httpGet: {path: /, port: 80}}}]}',
  });
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

test('a StatefulSet beyond MAX_STATEFULSET_PODS is refused with a clear message at once; 10,000 still simulates', async () => {
  const sts = (replicas: string) =>
    y(
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: web}',
      'spec:',
      `  replicas: ${replicas}`,
      '  serviceName: web',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec: {containers: [{name: c, image: nginx}]}',
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-sts-'));
  try {
    for (const [replicas, argv] of [
      ['2147483647', []],
      ['10001', []],
      ['3', ['--scenario', 'scale', '--replicas', '2000000000']],
    ] as const) {
      fs.writeFileSync(path.join(dir, 'sts.yaml'), sts(replicas));
      const r = await timedAsync(2000, `${replicas} ${argv.join(' ')}`, cli(['preview', ...argv, 'sts.yaml'], dir));
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(
          `^rollout-lens preview: \\d+ replicas: the preview simulates StatefulSets of up to ${MAX_STATEFULSET_PODS} pods`,
        ),
      );
    }
    fs.writeFileSync(path.join(dir, 'sts.yaml'), sts(String(MAX_STATEFULSET_PODS)));
    const ok = await cli(['preview', '--format', 'json', 'sts.yaml'], dir);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).pods.length, MAX_STATEFULSET_PODS);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CodeLens titles: a file over the size limit gets none without being parsed; thousands of workloads are bounded', async () => {
  const s = await startTestServer();
  try {
    const lenses = (uri: string) =>
      s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, { uri, lenses: true } satisfies PreviewParams);
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        [
          deployment(`d${i}`),
          y('apiVersion: v1', 'kind: Service', `metadata: {name: s${i}}`, `spec: {selector: {app: d${i}}}`),
        ].join('---\n'),
      ).join('---\n');
    const huge = many(56_000); // 20 MB of workloads and Services
    assert.ok(huge.length > 19 * 1024 * 1024, `${huge.length}`);
    await s.open('file:///ws/huge.yaml', huge);
    const none = await within(2000, 'lenses of a 20 MB file', lenses('file:///ws/huge.yaml'));
    assert.deepEqual(none?.workloads, []);
    await assertAlive(s);

    const text = many(4000); // under 5 MB: 4,000 Deployments, 4,000 Services
    await s.open('file:///ws/many.yaml', text);
    const r = await within(20_000, 'lenses of 4,000 workloads', lenses('file:///ws/many.yaml'));
    assert.equal(r?.workloads.length, 4000);
    const titled = r?.workloads.filter((w) => w.lens !== undefined) ?? [];
    assert.equal(titled.length, MAX_LENS_TITLES);
    assert.match(titled[0]?.lens ?? '', /^Preview rollout · /);
    await assertAlive(s);
  } finally {
    s.dispose();
  }
});

async function timedAsync<T>(budgetMs: number, what: string, answer: Promise<T>): Promise<T> {
  const started = Date.now();
  const out = await within(budgetMs * 5, what, answer);
  const took = Date.now() - started;
  assert.ok(took < budgetMs, `${what}: ${took} ms (budget ${budgetMs} ms)`);
  return out;
}
