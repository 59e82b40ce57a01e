// Rollout preview in the real workbench: CodeLens → panel (webview content asserted two iframes deep),
// the panel follows edits in the editor, a what-if is applied to the document, and hostile manifest
// strings are shown as text without executing. Screenshots: test-results/e2e-preview-*.png.
import fs from 'node:fs';
import path from 'node:path';
import {
  SEL,
  openFileFromExplorer,
  openWorkbench,
  runCommand,
  screenshot,
  webviewFrame,
  WEBVIEW_LOAD,
} from '../lib/workbench.mjs';

const FILE = 'kubia-statefulset.yaml';
const XSS_FILE = 'zz-hostile.yaml';
const T = { timeout: 30_000 };
const HOSTILE_NAME = '<img src=x onerror="window.__xss=1;alert(1)">';
const HOSTILE_SERVICE = '</script><script>window.__xss=2;alert(2)</script>';
const HOSTILE_IMAGE = '"><svg onload="window.__xss=3">';

const HOSTILE_MANIFEST = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: '${HOSTILE_NAME}'
spec:
  serviceName: '${HOSTILE_SERVICE}'
  replicas: 1
  selector:
    matchLabels:
      app: x
  template:
    metadata:
      labels:
        app: x
    spec:
      containers:
        - name: c
          image: '${HOSTILE_IMAGE}'
  volumeClaimTemplates:
    - metadata:
        name: '<b>claim</b>'
      spec: {}
`;

/** Webview text check: an element containing exactly `text` (as text, not markup). */
async function seeText(frame, text) {
  await frame.getByText(text, { exact: true }).first().waitFor(T);
}

async function gotoLine(page, line) {
  await page.locator(SEL.editorLines).first().click();
  await page.keyboard.press('Control+G');
  await page.locator(SEL.quickInput).fill(`:${line}`);
  await page.keyboard.press('Enter');
}

export const checks = [
  {
    name: `CodeLens above the ${FILE} StatefulSet opens the preview with pods, PVC and FQDN`,
    async run({ page, workbenchUrl }) {
      if (!(await page.locator(SEL.workbench).count())) await openWorkbench(page, workbenchUrl, { expectFile: FILE });
      await page.keyboard.press('Escape');
      await openFileFromExplorer(page, FILE);
      const lens = page
        .locator('.monaco-editor .codelens-decoration a', { hasText: /^Preview rollout · \d+ steps? · ~/ })
        .first();
      await lens.waitFor(T);
      await lens.click();
      const frame = webviewFrame(page);
      await frame.locator('h1', { hasText: 'StatefulSet kubia' }).waitFor(WEBVIEW_LOAD);
      for (const t of ['kubia-0', 'kubia-1', 'data-kubia-0', 'kubia-0.kubia.default.svc.cluster.local'])
        await seeText(frame, t);
      // chart + its table equivalent + controls with labels
      await frame.locator('svg.chart polyline').first().waitFor(T);
      await frame.locator('table.steps tbody tr').first().waitFor(T);
      await frame.locator('input[type=range][aria-label="Step"]').waitFor(T);
      await screenshot(page, 'e2e-preview-01-statefulset');
    },
  },
  {
    name: 'the command from the palette shows the same panel; scrubbing marks PVCs retained/re-attached',
    async run({ page }) {
      await page.locator(SEL.editorLines).first().click();
      await runCommand(page, 'Rollout Lens: Preview Rollout');
      const frame = webviewFrame(page);
      await frame.locator('h1', { hasText: 'StatefulSet kubia' }).waitFor(T);
      expectEqual(await page.locator(SEL.webview).count(), 1, 'one preview panel');
      // keyboard: focus the scrubber and step to the first deletion of kubia-1
      const scrubber = frame.locator('#scrubber');
      await scrubber.focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight');
      await frame.locator('[data-pvc="data-kubia-1"] .pvc-state', { hasText: '(retained)' }).waitFor(T);
      await page.keyboard.press('End');
      await frame.locator('[data-pvc="data-kubia-1"] .pvc-state', { hasText: '(re-attached)' }).waitFor(T);
      await frame.locator('table.steps tr.current[aria-current="step"]').waitFor(T);
    },
  },
  {
    name: 'changing replicas in the editor updates the panel (kubia-2 appears)',
    async run({ page }) {
      await gotoLine(page, 10); // `  replicas: 2`
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('3');
      const frame = webviewFrame(page);
      await seeText(frame, 'kubia-2');
      await seeText(frame, 'kubia-2.kubia.default.svc.cluster.local');
      await screenshot(page, 'e2e-preview-02-edited');
    },
  },
  {
    name: 'a what-if (replicas 5) and Apply to manifest change the document',
    async run({ page }) {
      const frame = webviewFrame(page);
      const replicas = frame.locator('#wi-replicas');
      await replicas.fill('5');
      await replicas.press('Tab'); // commit → change event
      await seeText(frame, 'kubia-4'); // preview only: 5 pods
      const apply = frame.locator('#apply');
      await apply.waitFor(T);
      await frame.locator('#apply:not([disabled])').waitFor(T);
      await apply.click();
      await frame.locator('.status', { hasText: 'spec.replicas: 5' }).waitFor(T);
      await frame.locator('#wi-replicas[placeholder="5"]').waitFor(T); // the manifest now says 5; the what-if is cleared
      await page.locator(SEL.editorLines).first().filter({ hasText: 'replicas: 5' }).waitFor(T);
      await screenshot(page, 'e2e-preview-03-applied');
    },
  },
  {
    name: 'hostile names from the manifest are shown as text and nothing executes',
    async run({ page, dirs }) {
      const dialogs = [];
      const onDialog = (d) => {
        dialogs.push(d.message());
        void d.dismiss().catch(() => {});
      };
      page.on('dialog', onDialog);
      try {
        fs.writeFileSync(path.join(dirs.workspace, XSS_FILE), HOSTILE_MANIFEST);
        await page.locator(SEL.explorerRow(XSS_FILE)).waitFor(T);
        await openFileFromExplorer(page, XSS_FILE);
        await runCommand(page, 'Rollout Lens: Preview Rollout');
        const frame = webviewFrame(page);
        await frame.locator('h1', { hasText: `StatefulSet ${HOSTILE_NAME}` }).waitFor(T);
        await seeText(frame, `${HOSTILE_NAME}-0`);
        await seeText(frame, HOSTILE_SERVICE);
        const body = frame.locator('body');
        const probe = await body.evaluate(() => ({
          xss: window.__xss,
          imgs: document.querySelectorAll('img').length,
          svgOnload: document.querySelectorAll('svg[onload], [onerror]').length,
          scripts: [...document.querySelectorAll('script')].filter((e) =>
            /__xss|alert/.test(e.textContent + (e.getAttribute('src') ?? '')),
          ).length,
          bundle: document.querySelectorAll('script[src$="webview.js"][nonce]').length,
          bold: document.querySelectorAll('b').length,
        }));
        expectEqual(probe.xss, undefined, 'window.__xss in the webview');
        expectEqual(probe.imgs, 0, 'img elements');
        expectEqual(probe.svgOnload, 0, 'elements with inline handlers');
        expectEqual(probe.scripts, 0, 'script elements made from manifest text');
        expectEqual(probe.bundle, 1, 'the nonce-tagged bundle');
        expectEqual(probe.bold, 0, '<b> from a claim name');
        expectEqual(await page.evaluate(() => window.__xss), undefined, 'window.__xss in the workbench');
        await screenshot(page, 'e2e-preview-04-hostile');
        expectEqual(dialogs.length, 0, `dialogs (${dialogs.join(', ')})`);
      } finally {
        page.off('dialog', onDialog);
      }
    },
  },
];

function expectEqual(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
