/**
 * Kustomize: kustomization reading (pure), layout (entries, patch files), and real rendering with the pinned
 * `kubectl kustomize` (test/renderers) whose findings are mapped back to the file, line and exact text to edit.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import {
  buildLayout,
  isKustomizationFile,
  isRemoteRef,
  parseKustomization,
} from '../../server/src/render/kustomization';
import type { Kustomization } from '../../server/src/render/kustomization';
import { KustomizeRenderer } from '../../server/src/render/kustomize';
import { lintOverlays } from '../../server/src/render';
import { processRenderer } from '../../server/src/render/renderer';
import type { Renderer } from '../../server/src/render/renderer';
import { KUBECTL } from '../support/renderers';
import { cli } from '../support/cliIo';
import type { LintDiagnostic } from '../../server/src/cli/lint';

const ROOT = path.resolve(__dirname, '../../../test/fixtures/kustomize');
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

function readKustomizations(root: string): Kustomization[] {
  const out: Kustomization[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (isKustomizationFile(f)) out.push(parseKustomization(f, readFileSync(f, 'utf8')));
    }
  };
  walk(root);
  return out;
}

const readFile = async (f: string) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
};

const layout = buildLayout(readKustomizations(ROOT));
const entry = (dir: string) => layout.entries.find((e) => rel(e.dir) === dir) as Kustomization;
const settings = () => ({ command: `${KUBECTL()} kustomize`, timeoutMs: 20_000 });

test('kustomization: remote references are recognised in every form kustomize fetches', () => {
  const cases: [string, boolean][] = [
    ['https://github.com/org/repo//deploy?ref=v1', true],
    ['github.com/org/repo/deploy?ref=main', true],
    ['git@github.com:org/repo.git', true],
    ['ssh://git@example.com/repo.git', true],
    ['../base', false],
    ['deployment.yaml', false],
    ['../../components/probes', false],
  ];
  for (const [value, remote] of cases) assert.equal(isRemoteRef(value), remote, value);
});

test('kustomization: resources, components and every kind of patch are read', () => {
  const prod = entry('overlays/prod');
  assert.deepEqual(
    prod.resources.map((r) => rel(r.path as string)),
    ['base'],
  );
  assert.deepEqual(
    prod.components.map((r) => rel(r.path as string)),
    ['components/probes'],
  );
  assert.deepEqual(
    prod.patches.map((p) => [p.file ? rel(p.file) : 'inline', p.json6902, p.target?.kind ?? '']),
    [
      ['overlays/prod/strategy-patch.yaml', false, ''],
      ['overlays/prod/surge-patch.json', true, 'Deployment'],
      ['inline', true, 'Deployment'],
    ],
  );
  assert.equal(parseKustomization('/x/kustomization.yaml', 'resources: [\n').broken !== undefined, true);
});

test('layout: entry overlays are the kustomizations nothing else uses; patch files are known', () => {
  assert.deepEqual(
    layout.entries.map((e) => rel(e.dir)),
    ['broken', 'overlays/prod', 'overlays/staging', 'remote'],
  );
  assert.deepEqual([...layout.patchFiles].map(rel).sort(), [
    'components/probes/probe-patch.yaml',
    'overlays/prod/strategy-patch.yaml',
    'overlays/prod/surge-patch.json',
    'overlays/staging/replicas-patch.yaml',
  ]);
  assert.deepEqual([...layout.resourceFiles.keys()].map(rel).sort(), [
    'base/deployment.yaml',
    'base/service.yaml',
    'broken/does-not-exist.yaml',
  ]);
});

type Seen = [overlay: string, rule: string, file: string, line: number, text: string];

async function seen(
  dirs: string[],
  renderer: Renderer = processRenderer,
): Promise<{ seen: Seen[]; messages: string[] }> {
  const r = await lintOverlays(
    layout,
    new KustomizeRenderer({ renderer, readFile }),
    settings(),
    {},
    rel,
    dirs.map(entry),
  );
  const out: Seen[] = [];
  for (const f of r.findings) {
    const text = readFileSync(f.file, 'utf8');
    const line = text.slice(0, f.span[0]).split('\n').length;
    out.push([f.overlay, f.rule, rel(f.file), line, text.slice(f.span[0], f.span[1])]);
  }
  return { seen: out, messages: r.findings.map((f) => f.message) };
}

test('real kubectl kustomize: every finding lands on the patch that set the field, else the base resource', async () => {
  const { seen: got, messages } = await seen(['overlays/prod', 'overlays/staging']);
  const expected: Seen[] = [
    // strategy-patch.yaml sets both fields; the rule points at the deadline.
    ['overlays/prod', 'progress-deadline-not-greater', 'overlays/prod/strategy-patch.yaml', 7, '5'],
    // the inline JSON 6902 patch inside the kustomization's block scalar
    ['overlays/prod', 'invalid-value', 'overlays/prod/kustomization.yaml', 27, '-1'],
    // maxSurge 0 comes from surge-patch.json, maxUnavailable 0 from strategy-patch.yaml: the rule's key is
    // rollingUpdate
    ['overlays/prod', 'rolling-update-all-zero', 'overlays/prod/strategy-patch.yaml', 9, 'rollingUpdate'],
    // a component's strategic-merge patch, matched by container and port name
    ['overlays/prod', 'invalid-name', 'components/probes/probe-patch.yaml', 11, 'http_metrics'],
    // no overlay patch sets minReadySeconds in staging: the base resource's node
    ['overlays/staging', 'missing-min-ready-seconds', 'base/deployment.yaml', 15, 'readinessProbe'],
  ];
  assert.deepEqual(got, expected);
  assert.ok(
    messages.every((m, i) => m.endsWith(`(in ${(expected[i] as Seen)[0]})`)),
    messages.join('\n'),
  );
});

test('real kubectl kustomize: no selector finding on a base whose selector comes from commonLabels', async () => {
  const { seen: got } = await seen(['overlays/staging']);
  assert.deepEqual(
    got.filter((s) => s[1].includes('selector')),
    [],
  );
});

test('render problems: broken kustomization, remote base, missing binary, timeout', async () => {
  const run = async (dir: string, command: string, timeoutMs = 20_000) => {
    const r = await lintOverlays(
      layout,
      new KustomizeRenderer({ renderer: processRenderer, readFile }),
      { command, timeoutMs },
      {},
      rel,
      [entry(dir)],
    );
    // A binary that gave no answer (missing, timed out): the in-process build (render/builtIn.ts) stands in.
    const problems = r.findings.filter((f) => f.rule === 'render-failed' || f.rule === 'remote-base');
    assert.equal(problems.length, 1, JSON.stringify(r.findings));
    assert.equal(r.findings.length > 1, r.builtIn.length > 0);
    const f = problems[0] as (typeof r.findings)[number];
    const text = readFileSync(f.file, 'utf8');
    return {
      rule: f.rule,
      file: rel(f.file),
      text: text.slice(f.span[0], f.span[1]),
      message: f.message,
      severity: f.severity,
      builtIn: r.builtIn,
    };
  };
  const broken = await run('broken', `${KUBECTL()} kustomize`);
  assert.equal(broken.file, 'broken/kustomization.yaml');
  assert.equal(broken.rule, 'render-failed');
  assert.equal(broken.text, 'resources:');
  assert.match(
    broken.message,
    /failed: error: accumulating resources: accumulation err='accumulating resources from 'does-not-exist\.yaml'/,
  );
  assert.doesNotMatch(broken.message, /rollout-lens-kustomize-/, 'the wrapper stays out of the message');
  assert.deepEqual(broken.builtIn, [], 'a kustomization kubectl refuses is not built in-process');

  const remote = await run('remote', `${KUBECTL()} kustomize`);
  assert.deepEqual(
    [remote.rule, remote.severity, remote.text],
    ['remote-base', 'information', 'https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.4.0'],
  );

  const missing = await run('overlays/prod', 'rollout-lens-no-such-kustomize build');
  assert.match(
    missing.message,
    /^`rollout-lens-no-such-kustomize build` cannot run: rollout-lens-no-such-kustomize was not found/,
  );
  assert.deepEqual(missing.builtIn, ['overlays/prod']);

  // Stand-in: a renderer that never finishes (the real one cannot be made to hang).
  const hang = await run('overlays/prod', `"${process.execPath}" -e "setInterval(()=>{},1000)"`, 300);
  assert.match(hang.message, /did not finish within 0\.3 s \(setting rolloutLens\.render\.timeout\)/);
  assert.deepEqual(hang.builtIn, ['overlays/prod']);
});

test('render cache: keyed by the content of every file the overlay reads', async () => {
  let runs = 0;
  const counting: Renderer = { run: (argv, o) => (runs++, processRenderer.run(argv, o)) };
  let patched = false;
  const renderer = new KustomizeRenderer({
    renderer: counting,
    readFile: async (f) => ((await readFile(f)) ?? '') + (patched && f.endsWith('surge-patch.json') ? ' ' : ''),
  });
  const prod = entry('overlays/prod');
  for (let i = 0; i < 2; i++) assert.equal((await renderer.render(prod, layout, settings())).ok, true);
  assert.equal(runs, 1);
  patched = true;
  await renderer.render(prod, layout, settings());
  assert.equal(runs, 2, 'a changed patch file renders again');
});

test('CLI lint <dir>: renders the entry overlays; JSON findings name the overlay; --no-render builds in-process', async () => {
  const rendered = await cli(['lint', '--format', 'json', '--kustomize-command', `${KUBECTL()} kustomize`, '.'], ROOT);
  const got = (JSON.parse(rendered.stdout) as { diagnostics: LintDiagnostic[] }).diagnostics.map((d) => [
    d.overlay ?? '',
    d.rule,
    d.file,
    d.line,
  ]);
  assert.deepEqual(got, [
    ['', 'invalid-name', 'components/probes/probe-patch.yaml', 11], // a value check on the patch itself (not repeated per overlay)
    ['broken', 'render-failed', 'broken/kustomization.yaml', 1],
    ['overlays/prod', 'progress-deadline-not-greater', 'overlays/prod/strategy-patch.yaml', 7],
    ['overlays/prod', 'invalid-value', 'overlays/prod/kustomization.yaml', 27],
    ['overlays/prod', 'rolling-update-all-zero', 'overlays/prod/strategy-patch.yaml', 9],
    ['overlays/staging', 'missing-min-ready-seconds', 'base/deployment.yaml', 15],
    ['remote', 'remote-base', 'remote/kustomization.yaml', 2],
  ]);
  assert.equal(rendered.code, 1);
  const sources = await cli(['lint', '--format', 'json', '--no-render', '.'], ROOT);
  const rules = (JSON.parse(sources.stdout) as { diagnostics: LintDiagnostic[] }).diagnostics.map(
    (d) => `${d.rule} ${d.file}`,
  );
  // No binary: the overlays built in-process (render/builtIn.ts) give the rendered findings; broken and remote are
  // not built. No missing-selector on the patches or on the base whose selector comes from commonLabels.
  assert.deepEqual(rules, [
    'invalid-name components/probes/probe-patch.yaml',
    'progress-deadline-not-greater overlays/prod/strategy-patch.yaml',
    'rolling-update-all-zero overlays/prod/strategy-patch.yaml',
    'invalid-value overlays/prod/kustomization.yaml',
    'missing-min-ready-seconds base/deployment.yaml',
  ]);
  const bad = await cli(['lint', '--render-timeout', 'soon', '.'], ROOT);
  assert.deepEqual(
    [bad.code, bad.stderr],
    [2, 'rollout-lens lint: --render-timeout must be a number of seconds (got "soon")\n'],
  );
});

test('CLI preview of a kustomization folder, and of a base file with --overlay: the rendered workload', async () => {
  const k = ['--kustomize-command', `${KUBECTL()} kustomize`, '--format', 'json'];
  for (const argv of [
    [...k, 'overlays/staging'],
    [...k, '--overlay', 'overlays/staging', 'base/deployment.yaml'],
  ]) {
    const r = await cli(['preview', ...argv], ROOT);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { name: string; resolved: { replicas: number } };
    assert.deepEqual([plan.name, plan.resolved.replicas], ['web-staging', 1], argv.join(' '));
  }
  const none = await cli(['preview', '--overlay', 'base/deployment.yaml', 'base/deployment.yaml'], ROOT);
  assert.deepEqual(
    [none.code, none.stderr],
    [2, 'rollout-lens preview: --overlay base/deployment.yaml: no kustomization.yaml or Chart.yaml there\n'],
  );
});
