// Render + lint of a Kustomize overlay and of a Helm chart with the pinned real renderers (test/renderers:
// kubectl v1.34, helm v4), time split into the renderer process and our work (reading the sources, the wrapper
// kustomization, origin annotations, linting the rendered objects, mapping findings back). Also the language
// server's render pass (what a save triggers), cold and with every file unchanged (cache hit); the same overlay
// built in-process (no binary: untrusted workspaces); and an editor save → the mapped diagnostics over an in-memory
// LSP connection (test/support/lspPair.ts), trusted (kubectl) and untrusted (in-process).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, median, ROOT, require } from './lib.mjs';

const BIN = path.join(ROOT, '.tmp/renderers/bin');
if (!existsSync(path.join(BIN, 'kubectl')) || !existsSync(path.join(BIN, 'helm'))) {
  if (spawnSync(process.execPath, [path.join(ROOT, 'test/renderers/install.mjs')], { stdio: 'inherit' }).status !== 0)
    process.exit(1);
}
const out = (m) => require(path.join(ROOT, 'out/server/src/render', m));
const { loadLayout } = out('kustomization.js');
const { KustomizeRenderer } = out('kustomize.js');
const { HelmRenderer, parseChart } = out('helm.js');
const { lintCharts, lintOverlays } = out('index.js');
const { processRenderer } = out('renderer.js');
const { WorkspaceRender, listAllFiles } = out('workspaceRender.js');
const { renderConfigFrom } = out('settings.js');

const readFile = async (f) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
};
const RUNS = Number(process.env.BENCH_RENDER_RUNS ?? 7);
const timeoutMs = 30_000;
const figures = [];

async function split(label, once) {
  const total = [];
  const renderer = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    total.push(r.totalMs);
    renderer.push(r.rendererMs);
    findings = r.findings.length;
  }
  const t = median(total);
  const rend = median(renderer);
  console.log(`  ${label}: ${findings} mapped findings`);
  figures.push(figure(`${label}: render + lint, total (median of ${RUNS})`, { value: t, unit: 'ms' }));
  figures.push(figure(`${label}: renderer process`, { value: rend, unit: 'ms' }));
  figures.push(
    figure(`${label}: our work (total − renderer)`, {
      value: t - rend,
      unit: 'ms',
      baseline: rend,
      baselineLabel: 'renderer process',
    }),
  );
}

const overlayDir = path.join(ROOT, 'test/fixtures/kustomize/overlays/prod');
const { entry, layout } = await loadLayout(overlayDir, readFile);
const kubectl = { command: `${path.join(BIN, 'kubectl')} kustomize`, timeoutMs };
console.log('== Kustomize overlay test/fixtures/kustomize/overlays/prod (base, component, 3 patch kinds, generator)');
await split('overlay', () =>
  lintOverlays(
    layout,
    new KustomizeRenderer({ renderer: processRenderer, readFile }),
    kubectl,
    {},
    () => 'overlays/prod',
    [entry],
  ),
);

console.log('== the same overlay built in-process (no binary: untrusted workspace, --no-render)');
{
  const kubectlTotal = figures[0].value;
  const total = [];
  let findings = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await lintOverlays(
      layout,
      new KustomizeRenderer({ renderer: processRenderer, readFile }),
      { ...kubectl, binary: false },
      {},
      () => 'overlays/prod',
      [entry],
    );
    total.push(r.totalMs);
    findings = r.findings.length;
  }
  console.log(`  overlay in-process: ${findings} mapped findings`);
  figures.push(
    figure(`overlay built in-process + lint (median of ${RUNS})`, {
      value: median(total),
      unit: 'ms',
      baseline: kubectlTotal,
      baselineLabel: 'kubectl kustomize + lint',
    }),
  );
}

const chartDir = path.join(ROOT, 'test/fixtures/helm/web');
const chart = parseChart(path.join(chartDir, 'Chart.yaml'), readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'));
const helm = { command: path.join(BIN, 'helm'), timeoutMs, release: 'release', valuesFiles: [] };
console.log('== Helm chart test/fixtures/helm/web (helm create + values-driven blocks)');
await split('chart', () =>
  lintCharts(
    [chart],
    new HelmRenderer({ renderer: processRenderer, readFile, listFiles: listAllFiles }),
    helm,
    {},
    () => 'web',
    readFile,
  ),
);

// The server's pass on save: every kustomization and chart of test/fixtures (2 entry overlays + 2 problem
// overlays, 2 charts), cold (new renderer, nothing cached) and again with no file changed.
console.log('== language server render pass (what a save runs), test/fixtures/{kustomize,helm}');
const files = [];
for (const dir of ['test/fixtures/kustomize', 'test/fixtures/helm']) {
  for (const f of await listAllFiles(path.join(ROOT, dir)))
    if (/(kustomization\.ya?ml|Chart\.yaml)$/.test(f)) files.push([f, readFileSync(f, 'utf8')]);
}
const config = renderConfigFrom({ kustomize: { command: kubectl.command }, helm: { command: helm.command } });
const cold = [];
const warm = [];
for (let i = 0; i < RUNS; i++) {
  const w = new WorkspaceRender({ renderer: processRenderer, readFile });
  let t = performance.now();
  await w.schedule(
    async () => files,
    config,
    true,
    {},
    (d) => path.relative(ROOT, d),
  );
  cold.push(performance.now() - t);
  t = performance.now();
  await w.schedule(
    async () => files,
    config,
    true,
    {},
    (d) => path.relative(ROOT, d),
  );
  warm.push(performance.now() - t);
}
figures.push(
  figure('save → mapped findings, server pass over 4 overlays + 2 charts, cold', { value: median(cold), unit: 'ms' }),
);
figures.push(
  figure('save → mapped findings, nothing changed (cache by file contents)', {
    value: median(warm),
    unit: 'ms',
    baseline: median(cold),
    baselineLabel: 'cold pass',
  }),
);
// Editor save → mapped diagnostics: a copy of examples/kustomize; each round writes a new progressDeadlineSeconds
// into overlays/prod/rollout-patch.yaml (open in the editor), sends didChange + didSave and pulls the base's
// and the patch's diagnostics once the server's refresh request arrives (the pass found new findings).
const { startTestServer } = require(path.join(ROOT, 'out/test/support/lspPair.js'));
const { nodeFileSystem } = require(path.join(ROOT, 'out/server/src/fileSystem.js'));
for (const trusted of [true, false]) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-bench-render-'));
  try {
    cpSync(path.join(ROOT, 'examples/kustomize'), dir, { recursive: true });
    const patch = path.join(dir, 'overlays/prod/rollout-patch.yaml');
    const uri = pathToFileURL(patch).href;
    const server = await startTestServer({
      rootPath: dir,
      fileSystem: nodeFileSystem,
      initializationOptions: { workspaceTrusted: trusted },
      configuration: (section) => (section === 'rolloutLens' ? { kustomize: { command: kubectl.command } } : undefined),
    });
    const original = readFileSync(patch, 'utf8');
    await server.client.sendRequest('rolloutLens/rendered');
    await server.open(uri, original);
    const times = [];
    for (let i = 0; i < RUNS + 2; i++) {
      const text = original.replace(/progressDeadlineSeconds: \d+/, `progressDeadlineSeconds: ${20 + i}`);
      writeFileSync(patch, text);
      await server.change(uri, text, i + 2);
      const refreshed = server.nextRefresh();
      const t = performance.now();
      await server.save(uri);
      await refreshed;
      const diagnostics = await server.pull(uri);
      const took = performance.now() - t;
      if (!diagnostics.some((d) => String(d.message).includes(`(${20 + i})`)))
        throw new Error(`no mapped finding for progressDeadlineSeconds ${20 + i}`);
      if (i >= 2) times.push(took); // the first two warm up the server
    }
    server.dispose();
    const how = trusted ? 'trusted, kubectl kustomize' : 'untrusted, in-process build';
    figures.push(
      figure(`editor save → mapped diagnostics on the patch (${how})`, { value: median(times), unit: 'ms' }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log('RESULT ' + JSON.stringify({ bench: 'render', figures }));
