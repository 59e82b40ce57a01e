/**
 * The preview of a Helm chart template (issue #13: "a chart's workloads preview like Kustomize's"): a template file
 * has no workloads of its own; `rolloutLens/preview` offers the workloads the chart's rendered output attributes to it
 * (`# Source: <chart>/templates/<file>`), with the chart as the only rendering, and previews them through the one
 * session computation — the same plan as `rollout-lens preview <chart dir>` (pinned helm). Without a rendering
 * (untrusted workspace, helm missing, helm failing) it says why instead.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PREVIEW_REQUEST, WORKLOAD_FILES_NOTIFICATION } from '../../shared/src/preview/protocol';
import type { PreviewParams, PreviewResult, WorkloadFilesParams } from '../../shared/src/preview/protocol';
import type { WhatIf } from '../../shared/src/preview/whatIf';
import type { Span } from '../../shared/src/manifest';
import { templateKindSpan } from '../../server/src/render/helmMap';
import { nodeFileSystem } from '../../server/src/fileSystem';
import { RENDERED_REQUEST } from '../../server/src/lsp/render';
import { cli, REPO, tempFolder } from '../support/cliIo';
import { startTestServer } from '../support/lspPair';
import type { TestServer } from '../support/lspPair';
import { HELM } from '../support/renderers';

const CHARTS = path.join(REPO, 'examples/helm');
const TEMPLATE = path.join(CHARTS, 'shop/templates/deployment.yaml');
const TEMPLATE_TEXT = readFileSync(TEMPLATE, 'utf8');
const SERVICE_TEMPLATE = path.join(CHARTS, 'shop/templates/service.yaml');

const helmSettings =
  (command: string) =>
  (section: string | undefined): unknown =>
    section === 'rolloutLens' ? { helm: { command } } : undefined;

async function server(
  t: { after(fn: () => void): void },
  rootPath: string,
  { trusted = true, command = HELM() }: { trusted?: boolean; command?: string } = {},
): Promise<{ s: TestServer; workloadFiles: string[][] }> {
  const workloadFiles: string[][] = [];
  const s = await startTestServer({
    rootPath,
    fileSystem: nodeFileSystem,
    initializationOptions: { workspaceTrusted: trusted },
    configuration: helmSettings(command),
  });
  t.after(() => s.dispose());
  s.client.onNotification(
    WORKLOAD_FILES_NOTIFICATION,
    (p: WorkloadFilesParams) => void workloadFiles.push([...p.uris]),
  );
  await s.client.sendRequest(RENDERED_REQUEST);
  return { s, workloadFiles };
}

const ask = (s: TestServer, uri: string, p: Omit<PreviewParams, 'uri'>) =>
  s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, { uri, ...p } satisfies PreviewParams);

test("template lines: a rendered workload's place is its template document's kind: line (pure)", () => {
  const t = [
    'apiVersion: v1', // 0
    'kind: Service', // 1
    '---', // 2
    '{{- if .Values.enabled }}', // 3
    'apiVersion: apps/v1', // 4
    'kind: Deployment', // 5
    'spec: {}', // 6
    '{{- end }}', // 7
    '---', // 8
    'kind: "StatefulSet"', // 9
    'spec: {}', // 10
  ].join('\n');
  const line = (span: Span | undefined) => (span ? t.slice(0, span[0]).split('\n').length - 1 : undefined);
  const cases: [kind: string, kindLine: number | undefined, lastLine: number | undefined][] = [
    ['Deployment', 5, 8], // to the next document marker
    ['StatefulSet', 9, 10], // quoted kind, to the end
    ['DaemonSet', undefined, undefined], // kind from a value or helper: line 0 (the caller's fallback)
  ];
  for (const [kind, kindLine, lastLine] of cases) {
    const span = templateKindSpan(t, kind);
    assert.equal(line(span), kindLine, kind);
    assert.equal(span ? t.slice(0, span[1]).split('\n').length - 1 : undefined, lastLine, kind);
  }
});

/** The same preview asked both ways: CLI flags on the chart folder, the panel's what-if on the template. */
const CASES: [name: string, flags: string[], whatIf: WhatIf][] = [
  ['update (default)', [], { scenario: 'update' }],
  ['create', ['--scenario', 'create'], { scenario: 'create' }],
  [
    'replicas 5, maxSurge 1',
    ['--replicas', '5', '--max-surge', '1'],
    { scenario: 'update', replicas: 5, maxSurge: '1' },
  ],
  ['fail after 5 s', ['--fail-after', '5'], { scenario: 'fail-after', failAfterSeconds: '5' }],
];

test('chart template: the rendered workloads it produces, on its kind: line; panel plan = rollout-lens preview <chart>', async (t) => {
  const { s, workloadFiles } = await server(t, CHARTS);
  const uri = pathToFileURL(TEMPLATE).href;
  // The title button's context key: the template renders a workload (the Service template does not).
  const last = workloadFiles.at(-1) ?? [];
  assert.ok(last.includes(uri), `workloadFiles lists the template: ${last.join(', ')}`);
  assert.ok(!last.includes(pathToFileURL(SERVICE_TEMPLATE).href));
  await s.open(uri, TEMPLATE_TEXT);
  const lenses = await ask(s, uri, { lenses: true });
  assert.deepEqual(lenses?.overlays, [{ uri: pathToFileURL(path.join(CHARTS, 'shop')).href, name: 'chart shop' }]);
  assert.equal(lenses?.renderedOnly, true);
  assert.equal(lenses?.overlayProblem, undefined);
  assert.equal(lenses?.workloads.length, 1);
  const w = lenses!.workloads[0]!;
  assert.deepEqual(w.target, { kind: 'Deployment', name: 'release-shop', docIndex: 1 }); // after the Service
  // The CodeLens sits on the template's `kind:` line.
  assert.equal(TEMPLATE_TEXT.slice(w.span[0]).split('\n')[0], 'kind: Deployment');
  // values.yaml sets maxSurge and maxUnavailable both 0 (the example's finding): the API server rejects the
  // Deployment (ValidateRollingUpdateDeployment), so the lens says so instead of "0 steps · ~0 s".
  assert.equal(w.lens, 'Preview rollout · rejected by the API server');
  // The cursor anywhere below `kind:` selects it.
  const at = await ask(s, uri, { offset: TEMPLATE_TEXT.indexOf('containers:') });
  assert.deepEqual(at?.target, w.target);

  for (const [name, flags, whatIf] of CASES) {
    const r = await ask(s, uri, { target: w.target, whatIf, includePlan: true, overlay: lenses!.overlays![0]!.uri });
    const c = await cli(['preview', '--format', 'json', '--helm-command', HELM(), ...flags, 'shop'], CHARTS);
    assert.equal(c.code, 0, `${name}: ${c.stderr}`);
    assert.ok(r?.plan, `${name}: the server answered with a plan`);
    assert.deepEqual(r.plan, JSON.parse(c.stdout), name);
    assert.equal(r.preview?.type, 'render', name);
    if (r.preview?.type === 'render') assert.equal(r.preview.target.name, 'release-shop', name);
  }
  // The mapped finding of the chart (values-driven strategy: maxSurge and maxUnavailable both 0) is on the
  // template's toYaml line, among the panel's findings.
  const r = await ask(s, uri, { target: w.target, whatIf: { scenario: 'update' } });
  const findings = r?.preview?.type === 'render' ? r.preview.findings : [];
  const toYaml = TEMPLATE_TEXT.split('\n').findIndex((l) => l.includes('toYaml'));
  assert.ok(
    findings.some((f) => f.line === toYaml),
    `a finding on line ${toYaml}: ${JSON.stringify(findings)}`,
  );
  // The template-marker notice ("not checked until rendered") is no finding of the rendered preview.
  assert.deepEqual(
    findings.filter((f) => f.code === 'yaml-template'),
    [],
  );
  // No Apply for a template: the server plans no edits of it.
  const apply = await ask(s, uri, { target: w.target, apply: { scenario: 'update', replicas: 4 } });
  assert.equal(apply?.apply, undefined);
});

/** The chart is not rendered: no workloads, and the panel's empty state says why. */
const NOT_RENDERED: [name: string, options: { trusted?: boolean; command?: string }, why: RegExp][] = [
  ['untrusted workspace', { trusted: false }, /^chart shop: Helm charts are rendered only in trusted workspaces/],
  [
    'helm missing',
    { command: '/nonexistent/helm' },
    /^chart shop: `\/nonexistent\/helm template` cannot run: .*was not found/,
  ],
];

for (const [name, options, why] of NOT_RENDERED) {
  test(`chart template, ${name}: no workloads, the reason in overlayProblem and the empty preview`, async (t) => {
    const { s, workloadFiles } = await server(t, CHARTS, options);
    const uri = pathToFileURL(TEMPLATE).href;
    assert.ok(!(workloadFiles.at(-1) ?? []).includes(uri));
    await s.open(uri, TEMPLATE_TEXT);
    const plain = await ask(s, uri, { lenses: true });
    assert.deepEqual(plain?.workloads, []);
    assert.equal(plain?.renderedOnly, true);
    assert.match(plain?.overlayProblem ?? '', why);
    const r = await ask(s, uri, { target: { kind: 'Deployment', docIndex: 0 }, whatIf: { scenario: 'update' } });
    assert.equal(r?.preview?.type, 'empty');
    const message = r?.preview?.type === 'empty' ? r.preview.message : '';
    assert.match(message, /^Rollout Lens cannot preview this Helm template: chart shop: /);
    assert.match(message.replace('Rollout Lens cannot preview this Helm template: ', ''), why);
  });
}

test('chart template, helm fails: the first lines of its stderr say why', async (t) => {
  const dir = tempFolder(
    {
      'broken/Chart.yaml': 'apiVersion: v2\nname: broken\nversion: 0.1.0\n',
      'broken/templates/deployment.yaml': TEMPLATE_TEXT.replace('{{ .Values.replicaCount }}', '{{ nosuchfunction 3 }}'),
    },
    t,
  );
  const { s } = await server(t, dir);
  const file = path.join(dir, 'broken/templates/deployment.yaml');
  const uri = pathToFileURL(file).href;
  await s.open(uri, readFileSync(file, 'utf8'));
  const r = await ask(s, uri, { target: { kind: 'Deployment', docIndex: 0 }, whatIf: { scenario: 'update' } });
  assert.equal(r?.preview?.type, 'empty', JSON.stringify(r));
  assert.match(
    r?.preview?.type === 'empty' ? r.preview.message : '',
    /^Rollout Lens cannot preview this Helm template: chart broken: `.*helm template` failed: .*nosuchfunction/,
  );
});

test('chart template with a baseline: the chart rendered at Git HEAD says rollout or scale, as preview --baseline does', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-chart-baseline-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(CHARTS, dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'baseline');
  const { s } = await server(t, dir);
  const template = path.join(dir, 'shop/templates/deployment.yaml');
  const uri = pathToFileURL(template).href;
  await s.open(uri, TEMPLATE_TEXT);
  const values = path.join(dir, 'shop/values.yaml');
  const original = readFileSync(values, 'utf8');
  const change = async () => {
    const r = await ask(s, uri, {
      target: { kind: 'Deployment', name: 'release-shop', docIndex: 1 },
      whatIf: { scenario: 'update' },
      baselineText: TEMPLATE_TEXT,
    });
    assert.equal(r?.overlayProblem, undefined);
    const viaCli = await cli(['preview', '--helm-command', HELM(), '--baseline', 'HEAD', 'shop'], dir);
    assert.equal(viaCli.code, 0, viaCli.stderr);
    const report = r?.preview?.type === 'render' ? r.preview.change : undefined;
    assert.equal(viaCli.stdout.split('\n')[0], `Change since HEAD (Deployment/release-shop): ${report?.headline}`);
    return report?.kind;
  };
  const unchanged = await change();
  writeFileSync(values, original.replace('shop:1.4.0', 'shop:1.4.1'));
  const image = await change();
  writeFileSync(values, original.replace('replicaCount: 3', 'replicaCount: 5'));
  const replicas = await change();
  assert.deepEqual([unchanged, image, replicas], ['none', 'rollout', 'scale']);
});

test('chart folders follow the index: a Chart.yaml deleted or opened changes which chart a template belongs to', async (t) => {
  const chart = 'apiVersion: v2\nname: shop\nversion: 0.1.0\n';
  const dir = tempFolder({ 'shop/Chart.yaml': chart, 'shop/templates/deployment.yaml': TEMPLATE_TEXT }, t);
  const { s } = await server(t, dir, { trusted: false, command: 'helm-not-run' }); // untrusted: nothing runs
  const uri = pathToFileURL(path.join(dir, 'shop/templates/deployment.yaml')).href;
  const chartUri = pathToFileURL(path.join(dir, 'shop/Chart.yaml')).href;
  const shop = [{ uri: pathToFileURL(path.join(dir, 'shop')).href, name: 'chart shop' }];
  await s.open(uri, TEMPLATE_TEXT);
  const charts = async () => (await ask(s, uri, { lenses: true }))?.overlays ?? [];
  assert.deepEqual(await charts(), shop, 'indexed from disk');
  rmSync(path.join(dir, 'shop/Chart.yaml'));
  await s.watched([{ uri: chartUri, type: 3 }]);
  assert.deepEqual(await charts(), [], 'deleted');
  await s.open(chartUri, chart);
  assert.deepEqual(await charts(), shop, 'opened in the editor');
});
