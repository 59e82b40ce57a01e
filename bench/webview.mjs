// Budgets of the rollout preview webview (issue #4):
//   bundle   dist/webview.js minified            < 150 KB
//   first    first render of a 1,000-step plan   < 200 ms  (view model in Node + DOM render in Chromium)
//   rerender re-render after an edit             <  50 ms  (view model in Node + DOM re-render in Chromium)
// Run: npx tsc -b && node bench/webview.mjs     (needs out/ from tsc, /usr/bin/chromium, test/e2e's playwright-core)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const OUT = path.join(ROOT, 'bench', '.out');
fs.mkdirSync(OUT, { recursive: true });
const BUDGET = { bundleKB: 150, firstMs: 200, rerenderMs: 50 };
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (name, value, unit, budget) =>
  console.log(
    `${name.padEnd(44)} ${value.toFixed(unit === 'KB' ? 1 : 2).padStart(9)} ${unit.padEnd(3)} budget ${budget} ${unit}  (${((value / budget) * 100).toFixed(0)}% of budget)`,
  );

// ---- 1. bundle: the same options as `node scripts/build.mjs --production` uses for the webview
const bundleFile = path.join(OUT, 'webview.min.js');
await esbuild.build({
  entryPoints: [path.join(ROOT, 'client/webview/main.ts')],
  outfile: bundleFile,
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  logLevel: 'warning',
});
const bundleKB = fs.statSync(bundleFile).size / 1024;

// ---- 2. view model in Node: a Deployment whose update takes ~1,000 steps
// The language server's path (server/src/lsp/preview.ts): the file in the workspace index (incremental
// parse of an edit), the workload's context, the one preview pipeline, the panel's payload.
const { computePreview, resolveTarget } = require(path.join(ROOT, 'out/shared/src/preview/session.js'));
const { parseManifest } = require(path.join(ROOT, 'out/shared/src/manifest.js'));
const { WorkspaceIndex } = require(path.join(ROOT, 'out/server/src/workspace.js'));
const { workspaceContext } = require(path.join(ROOT, 'out/server/src/previewContext.js'));
const manifest = (replicas) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: big
spec:
  replicas: ${replicas}
  minReadySeconds: 5
  strategy:
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 0
  selector:
    matchLabels: {app: big}
  template:
    metadata:
      labels: {app: big}
    spec:
      containers:
        - name: app
          image: big:2
`;
const target = { kind: 'Deployment', name: 'big', docIndex: 0 };
const URI = 'file:///bench/big.yaml';
let index = new WorkspaceIndex();
const payloadFor = (text) => {
  const { manifest } = index.update(URI, text).file;
  const object = resolveTarget(manifest, target);
  const context = workspaceContext(index, URI, object);
  const baseline = parseManifest(text);
  return computePreview({ manifest, target, whatIf: { scenario: 'update' }, context, baseline });
};
let first = payloadFor(manifest(500));
const steps = first.payload.model.rows.filter((r) => r.reason === 'ScalingReplicaSet').length;
const vmFirst = [];
const vmEdit = [];
let edited;
for (let i = 0; i < RUNS; i++) {
  let t = performance.now();
  index = new WorkspaceIndex(); // a first render: nothing parsed yet
  first = payloadFor(manifest(500));
  vmFirst.push(performance.now() - t);
  t = performance.now();
  edited = payloadFor(manifest(501)); // an edit: replicas 500 → 501, incremental parse in the index
  vmEdit.push(performance.now() - t);
}

// ---- 3. DOM render in headless Chromium (the real bundle, a stub acquireVsCodeApi)
const { chromium } = createRequire(path.join(ROOT, 'test/e2e/package.json'))('playwright-core');
const css = path.join(ROOT, 'client/media/preview.css');
const html = path.join(OUT, 'bench.html');
fs.writeFileSync(
  html,
  `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="${pathToFileURL(css)}"></head><body>
<main id="app"></main>
<script>window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });</script>
<script src="${pathToFileURL(bundleFile)}"></script></body></html>`,
);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
const domFirst = [];
const domEdit = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(html).href);
    const msg = (p, id) => ({
      ...p.payload,
      renderId: id,
      uri: 'file:///big.yaml',
      file: 'big.yaml',
      baseline: 'bench',
    });
    const time = (m) =>
      page.evaluate((m) => {
        const t0 = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: m }));
        void document.body.offsetHeight; // include style + layout
        return performance.now() - t0;
      }, m);
    domFirst.push(await time(msg(first, 1)));
    domEdit.push(await time(msg(edited, 2)));
    const note = await page.locator('main').textContent();
    if (!note.includes(`of ${edited.payload.model.rows.length}`))
      throw new Error('the step table does not cover the whole plan');
    await page.close();
  }
} finally {
  await browser.close();
}

console.log(
  `rollout preview webview bench (${RUNS} runs, medians; plan: ${steps} controller steps, ${first.payload.model.rows.length} rows)`,
);
line('bundle dist/webview.js (minified)', bundleKB, 'KB', BUDGET.bundleKB);
line('view model, first (parse+simulate+model)', median(vmFirst), 'ms', BUDGET.firstMs);
line('DOM first render (Chromium, incl. layout)', median(domFirst), 'ms', BUDGET.firstMs);
line('first render total', median(vmFirst) + median(domFirst), 'ms', BUDGET.firstMs);
line('view model after an edit (incremental)', median(vmEdit), 'ms', BUDGET.rerenderMs);
line('DOM re-render after an edit (Chromium)', median(domEdit), 'ms', BUDGET.rerenderMs);
line('re-render after an edit total', median(vmEdit) + median(domEdit), 'ms', BUDGET.rerenderMs);
const over =
  bundleKB > BUDGET.bundleKB ||
  median(vmFirst) + median(domFirst) > BUDGET.firstMs ||
  median(vmEdit) + median(domEdit) > BUDGET.rerenderMs;
if (steps < 1000) console.log(`note: the plan has ${steps} steps (< 1000)`);
process.exit(over ? 1 : 0);
