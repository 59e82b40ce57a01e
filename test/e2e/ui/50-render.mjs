// Kustomize overlays and Helm charts in the rollout preview (issue #13), in the real workbench with the pinned
// kubectl and helm (test/renderers; lib/env.mjs points the settings at them; the workspace is trusted):
// - the base of examples/kustomize: Preview Rollout asks which overlay renders it, prod is shown (prod-shop, 6 replicas);
// - the chosen overlay survives a window reload;
// - a Helm template (examples/helm/shop/templates/deployment.yaml): CodeLens on its kind: line, the panel shows the
//   chart's rendered Deployment, a what-if works, and a saved edit of the template renders again;
// - with helm missing (settings changed) the panel says so, and shows the workload again once helm is back.
// Screenshots: test-results/e2e-render-*.png.
import fs from 'node:fs';
import path from 'node:path';
import {
  SEL,
  openWorkbench,
  runCommand,
  screenshot,
  startCommand,
  webviewFrame,
  WEBVIEW_LOAD,
} from '../lib/workbench.mjs';

const T = { timeout: 30_000 };
const BASE = 'kustomize/base/deployment.yaml';
const TEMPLATE = 'helm/shop/templates/deployment.yaml';
const MISSING_HELM = '/nonexistent/rollout-lens-e2e/helm';

/** Opens a workspace file by its relative path with Quick Open; resolves when its editor shows `text`. */
async function quickOpen(page, rel, text) {
  // In the first editor group: earlier checks may leave the focus in the panel's group, where the file would hide
  // the panel (and revealing the panel would make another file the active editor, which the panel follows).
  await runCommand(page, 'View: Focus First Editor Group');
  await page.keyboard.press('Control+P');
  const input = page.locator(SEL.quickInput);
  await input.waitFor(T);
  await input.fill(rel);
  // The row of that file (label = its name, description = its folder): another deployment.yaml opened recently
  // may be listed first.
  const name = rel.slice(rel.lastIndexOf('/') + 1);
  const row = page
    .locator(SEL.quickInputRow)
    .filter({ hasText: name })
    .filter({ hasText: rel.slice(0, rel.lastIndexOf('/')) })
    .first();
  await row.click(T);
  await input.waitFor({ state: 'hidden', ...T });
  await page.locator(SEL.editorLines, { hasText: text }).first().waitFor(T);
}

/** The editor tab titled `title` (the preview panel's tab carries the rendering it shows). */
function tab(page, title) {
  return page.locator('.tabs-container .tab', { hasText: title }).first();
}

export const checks = [
  {
    name: 'overlay quick pick: the Kustomize base previewed as kustomize/overlays/prod shows prod-shop with 6 replicas',
    async run({ page, workbenchUrl }) {
      if (!(await page.locator(SEL.workbench).count())) await openWorkbench(page, workbenchUrl);
      await quickOpen(page, BASE, 'envFrom');
      // The command itself: its quick pick of the overlays follows the palette (runCommand would wait for it to close).
      const input = await startCommand(page, 'Rollout Lens: Preview Rollout');
      const prod = page.locator(SEL.quickInputRow, { hasText: 'overlays/prod' }).first();
      await prod.waitFor(T);
      await page.locator(SEL.quickInputRow, { hasText: 'This file as written' }).first().waitFor(T);
      await screenshot(page, 'e2e-render-01-overlay-pick');
      await prod.click();
      await input.waitFor({ state: 'hidden', ...T });
      const frame = webviewFrame(page);
      await frame.locator('h1', { hasText: 'Deployment prod-shop' }).waitFor(WEBVIEW_LOAD);
      await frame.locator('#wi-replicas[placeholder="6"]').waitFor(T); // the prod overlay's replicas, not the base's 2
      await tab(page, 'Rollout: shop (kustomize/overlays/prod)').waitFor(T);
      await screenshot(page, 'e2e-render-02-overlay-prod');
    },
  },
  {
    name: 'the chosen overlay survives a window reload (webview state, validated on restore)',
    async run({ page }) {
      await runCommand(page, 'File: Save All'); // dirty editors from earlier checks must not block the reload
      // The workbench's own reload: it saves its state (the webview's among it) before the page goes. A bare
      // page.reload() races the browser storage's flush and can restore an older state.
      const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), ...T });
      reloaded.catch(() => {}); // awaited below; if runCommand throws first, no unhandled rejection ends the run
      await runCommand(page, 'Developer: Reload Window');
      await reloaded;
      await page.locator(SEL.workbench).waitFor(T);
      const frame = webviewFrame(page);
      await frame.locator('h1', { hasText: 'Deployment prod-shop' }).waitFor(WEBVIEW_LOAD);
      await frame.locator('#wi-replicas[placeholder="6"]').waitFor(T);
      await tab(page, 'Rollout: shop (kustomize/overlays/prod)').waitFor(T);
      await screenshot(page, 'e2e-render-03-overlay-reloaded');
    },
  },
  {
    name: 'Helm template: CodeLens on kind:, the panel shows the chart-rendered Deployment, what-if, a saved edit renders again',
    async run({ page }) {
      await quickOpen(page, TEMPLATE, 'toYaml');
      // The lens needs the chart rendered by the pinned helm: it sits on the template's `kind: Deployment` line.
      const lens = page
        // values.yaml has maxSurge and maxUnavailable both 0: the lens says the API server rejects the Deployment.
        .locator('.monaco-editor .codelens-decoration a', {
          hasText: /^Preview rollout · (\d+ steps? · ~|rejected by the API server)/,
        })
        .first();
      await lens.waitFor(T);
      await lens.click();
      const frame = webviewFrame(page);
      await frame.locator('h1', { hasText: 'Deployment release-shop' }).waitFor(WEBVIEW_LOAD);
      await tab(page, 'Rollout: release-shop (chart helm/shop)').waitFor(T);
      await frame.locator('#wi-replicas[placeholder="3"]').waitFor(T); // values.yaml replicaCount
      await frame.locator('#wi-minReadySeconds[placeholder="10"]').waitFor(T);
      // A what-if on the rendered workload.
      await frame.locator('#wi-scenario').selectOption('create');
      await frame.locator('header', { hasText: 'scenario create' }).waitFor(T);
      await screenshot(page, 'e2e-render-04-helm-template');
      // Edit the template in the editor and save: the chart is rendered again from the saved files.
      await page.locator(SEL.editorLines).first().click();
      await page.keyboard.press('Control+G');
      await page.locator(SEL.quickInput).fill(':7'); // `  minReadySeconds: 10`
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('25');
      await runCommand(page, 'File: Save');
      await frame.locator('#wi-minReadySeconds[placeholder="25"]').waitFor(T);
      await frame.locator('h1', { hasText: 'Deployment release-shop' }).waitFor(T);
    },
  },
  {
    name: 'Helm template without helm: the panel says helm was not found; with helm back it shows the workload again',
    async run({ page, dirs }) {
      // The remote (Machine) settings win over the user's in code-server: lib/env.mjs writes both, so does this.
      const files = ['User', 'Machine'].map((d) => path.join(dirs.userData, d, 'settings.json'));
      const settings = JSON.parse(fs.readFileSync(files[0], 'utf8'));
      const write = (s) => files.forEach((f) => fs.writeFileSync(f, JSON.stringify(s, null, 2)));
      const frame = webviewFrame(page);
      write({ ...settings, 'rolloutLens.helm.command': MISSING_HELM });
      // The panel renders again when the settings change: its empty state says why, nothing else breaks.
      await frame.getByText(`Rollout Lens cannot preview this Helm template`).waitFor(T);
      await frame.getByText(`${MISSING_HELM} was not found (setting rolloutLens.helm.command)`).waitFor(T);
      await screenshot(page, 'e2e-render-05-helm-missing');
      write(settings);
      await frame.locator('h1', { hasText: 'Deployment release-shop' }).waitFor(T);
    },
  },
];
