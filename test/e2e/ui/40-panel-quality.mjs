// The preview panel as a user sees it in a narrow side panel: render idempotence after the empty state,
// scenario per object (and the CodeLens agreeing with the panel), a 400 px layout without horizontal
// scrolling, WCAG AA contrast measured in four themes (Light+, Dark+, Dark HC, Light HC), the keyboard
// (Tab reaches every control, focus stays on Apply). Screenshots: test-results/e2e-panel-*.png.
import fs from 'node:fs';
import path from 'node:path';
import {
  SEL,
  activeTab,
  openFileFromExplorer,
  openWorkbench,
  runCommand,
  screenshot,
  webviewFrame,
  WEBVIEW_LOAD,
  webviewHost,
} from '../lib/workbench.mjs';

const T = { timeout: 30_000 };
const STS = 'zz-quality-sts.yaml';
const DEP = 'zz-quality-dep.yaml';
const STS_MANIFEST = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: quality-statefulset-with-a-rather-long-name
spec:
  serviceName: quality-governing-service-name
  replicas: 3
  minReadySeconds: 5
  selector:
    matchLabels:
      app: quality
  template:
    metadata:
      labels:
        app: quality
    spec:
      containers:
        - name: c
          image: nginx:1.27
          volumeMounts:
            - name: data
              mountPath: /data
  volumeClaimTemplates:
    - metadata:
        name: data
      spec: {}
`;
const DEP_MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quality-web
spec:
  replicas: 4
  minReadySeconds: 5
  strategy:
    rollingUpdate:
      maxSurge: 2
      maxUnavailable: 0
  selector:
    matchLabels:
      app: quality-web
  template:
    metadata:
      labels:
        app: quality-web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

const HPA_MANIFEST = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: quality-web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: quality-web
  minReplicas: 12
  maxReplicas: 20
`;

function expect(cond, what) {
  if (!cond) throw new Error(what);
}

function expectEqual(actual, expected, what) {
  if (actual !== expected)
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function gotoLine(page, line) {
  await page.locator(SEL.editorLines).first().click();
  await page.keyboard.press('Control+G');
  await page.locator(SEL.quickInput).fill(`:${line}`);
  await page.keyboard.press('Enter');
}

/** Counts of the parts that used to be duplicated by a render after the empty state. */
async function sectionCounts(frame) {
  return frame.locator('body').evaluate(() => ({
    timeline: document.querySelectorAll('#h-timeline').length,
    stepBack: document.querySelectorAll('button[aria-label="Previous step"]').length,
    play: document.querySelectorAll('#play').length,
    h1: document.querySelectorAll('h1').length,
    tables: document.querySelectorAll('table.steps').length,
    grids: document.querySelectorAll('.podgrid').length,
  }));
}

/**
 * A clean layout: the checks before this file leave editors (some with unsaved edits) and the panel in two groups,
 * and the keyboard then types into whichever editor group was active. Closes every group, answering "Don't Save".
 */
async function closeAllEditors(page) {
  await runCommand(page, 'View: Close All Editor Groups');
  const dontSave = page.locator('.monaco-dialog-box a.monaco-button, .monaco-dialog-box button', {
    hasText: "Don't Save",
  });
  const noTabs = page.locator('.tabs-container .tab').first();
  // Either the unsaved-changes dialog comes up, or every tab is gone.
  const which = await Promise.race([
    dontSave
      .first()
      .waitFor(T)
      .then(
        () => 'dialog',
        () => 'none',
      ),
    noTabs.waitFor({ state: 'detached', ...T }).then(
      () => 'closed',
      () => 'none',
    ),
  ]);
  if (which === 'dialog') await dontSave.first().click();
  await noTabs.waitFor({ state: 'detached', ...T });
}

async function openPanelOn(page, file, title) {
  await page.keyboard.press('Escape');
  await openFileFromExplorer(page, file);
  await runCommand(page, 'Rollout Lens: Preview Rollout');
  const frame = webviewFrame(page);
  await frame.locator('h1', { hasText: title }).waitFor(WEBVIEW_LOAD);
  return frame;
}

// ---------------------------------------------------------------- contrast (runs inside the webview)

/** Contrast ratios of every visible text and graphic of the panel against what is painted behind it. */
function contrastProbe() {
  const parse = (c) => {
    const m = /rgba?\(([^)]+)\)/.exec(c ?? '');
    if (!m) return null;
    const [r, g, b, a = 1] = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return { r, g, b, a };
  };
  const over = (fg, bg) => ({
    r: fg.r * fg.a + bg.r * (1 - fg.a),
    g: fg.g * fg.a + bg.g * (1 - fg.a),
    b: fg.b * fg.a + bg.b * (1 - fg.a),
    a: 1,
  });
  const lum = ({ r, g, b }) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const pageBg = parse(getComputedStyle(document.body).backgroundColor);
  /** The color painted behind el: its own and its ancestors' backgrounds composited over the page. */
  const behind = (el) => {
    const layers = [];
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) layers.push(c);
      if (c && c.a === 1) break;
    }
    return layers.reverse().reduce((acc, c) => over(c, acc), pageBg);
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !el.closest('[hidden], [aria-disabled="true"]');
  };
  const out = [];
  const seen = new Set();
  const add = (kind, what, el, colorText, min) => {
    const fg = parse(colorText);
    if (!fg || fg.a === 0) return;
    const bg = behind(el);
    const r = ratio(over(fg, bg), bg);
    const key = `${kind}|${what}|${colorText}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind, what, ratio: Math.round(r * 100) / 100, min, color: colorText });
  };
  // Text: every element with its own non-blank text node.
  for (const el of document.querySelectorAll('body *')) {
    if (!visible(el) || el.closest('svg')) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const cls =
      typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    add('text', `${el.tagName.toLowerCase()}${cls}`, el, getComputedStyle(el).color, 4.5);
  }
  for (const el of document.querySelectorAll('svg.chart text'))
    add('text', 'chart axis label', el.closest('svg'), getComputedStyle(el).fill, 4.5);
  // Graphics (WCAG 1.4.11, 3:1): chart series and markers, pod cell borders, the new-revision bar.
  for (const el of document.querySelectorAll('svg .series, svg .marker')) {
    if (!visible(el.closest('svg'))) continue;
    const st = getComputedStyle(el);
    add(
      'graphic',
      `chart ${el.getAttribute('class')}`,
      el.closest('svg'),
      el.tagName === 'polyline' || el.tagName === 'line' ? st.stroke : st.fill,
      3,
    );
  }
  for (const el of document.querySelectorAll('li.cell')) {
    add('graphic', `pod cell ${el.className}`, el, getComputedStyle(el).borderTopColor, 3);
  }
  const focus = getComputedStyle(document.documentElement).getPropertyValue('--vscode-focusBorder').trim();
  if (focus) {
    const d = document.createElement('div');
    d.style.color = focus;
    document.body.append(d);
    add('graphic', 'focus ring (--vscode-focusBorder)', document.body, getComputedStyle(d).color, 3);
    d.remove();
  }
  return {
    bodyClass: [...document.body.classList]
      .filter((c) => c.startsWith('vscode-'))
      .sort()
      .join(' '),
    results: out,
  };
}

/** Picks a color theme through "Preferences: Color Theme" (a quick pick with the theme labels). */
async function setTheme(page, label) {
  await page.keyboard.press('Escape');
  await page.locator(SEL.editorLines).first().click();
  await page.keyboard.press('F1');
  const input = page.locator(SEL.quickInput);
  await input.waitFor(T);
  await input.fill('>Preferences: Color Theme');
  const command = page
    .locator(SEL.quickInputRow)
    .filter({ has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) })
    .first();
  await command.waitFor(T);
  await command.click();
  // the theme list replaced the command list
  await page
    .locator(SEL.quickInputRow, { has: page.locator('.label-name', { hasText: /^Dark High Contrast$/ }) })
    .first()
    .waitFor(T);
  await input.fill(label);
  const row = page
    .locator(SEL.quickInputRow)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[+]/g, '\\+')}$`) }) })
    .first();
  await row.waitFor(T);
  await row.click();
  await input.waitFor({ state: 'hidden', ...T });
}

const THEMES = [
  { shot: 'light', label: 'Light+', bodyClass: 'vscode-light' },
  { shot: 'dark', label: 'Dark+', bodyClass: 'vscode-dark' },
  { shot: 'hc-dark', label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
  { shot: 'hc-light', label: 'Light High Contrast', bodyClass: 'vscode-high-contrast vscode-high-contrast-light' },
];

export const checks = [
  {
    name: 'no duplicated sections after the empty state and back (typing x after kind, deleting it)',
    async run({ page, dirs, workbenchUrl }) {
      if (!(await page.locator(SEL.workbench).count())) await openWorkbench(page, workbenchUrl);
      await closeAllEditors(page);
      fs.writeFileSync(path.join(dirs.workspace, STS), STS_MANIFEST);
      fs.writeFileSync(path.join(dirs.workspace, DEP), DEP_MANIFEST);
      await page.locator(SEL.explorerRow(DEP)).waitFor(T);
      const frame = await openPanelOn(page, STS, 'StatefulSet quality-statefulset-with-a-rather-long-name');
      const before = await sectionCounts(frame);
      expectEqual(
        JSON.stringify(before),
        JSON.stringify({ timeline: 1, stepBack: 1, play: 1, h1: 1, tables: 1, grids: 1 }),
        'sections before',
      );
      for (let round = 0; round < 2; round++) {
        await gotoLine(page, 2); // kind: StatefulSet
        await page.keyboard.press('End');
        await page.keyboard.type('x');
        await frame.locator('p.empty:not([hidden])').waitFor(T);
        await page.keyboard.press('Backspace');
        await frame.locator('p.empty[hidden]').waitFor({ state: 'attached', ...T });
        await frame.locator('h1', { hasText: 'StatefulSet quality' }).waitFor(T);
      }
      const after = await sectionCounts(frame);
      expectEqual(JSON.stringify(after), JSON.stringify(before), 'sections after the empty state and back (twice)');
    },
  },
  {
    name: 'scenario per object: fail stays with the StatefulSet, the Deployment opens with update, the CodeLens agrees',
    async run({ page }) {
      let frame = webviewFrame(page);
      await frame.locator('#wi-scenario').selectOption('fail');
      await frame.locator('header', { hasText: 'scenario fail:' }).waitFor(T);
      await page
        .locator('.monaco-editor .codelens-decoration a', { hasText: /^Preview rollout \(fail\) · / })
        .first()
        .waitFor(T);
      frame = await openPanelOn(page, DEP, 'Deployment quality-web');
      expectEqual(await frame.locator('#wi-scenario').inputValue(), 'update', 'scenario of the Deployment');
      await page
        .locator('.monaco-editor .codelens-decoration a', { hasText: /^Preview rollout · / })
        .first()
        .waitFor(T);
      await activeTab(page, STS).click();
      await frame.locator('h1', { hasText: 'StatefulSet quality' }).waitFor(T);
      await frame.locator('header', { hasText: 'scenario fail:' }).waitFor(T);
      expectEqual(
        await frame.locator('#wi-scenario').inputValue(),
        'fail',
        'scenario of the StatefulSet after switching back',
      );
    },
  },
  {
    // The HPA file is written on disk (not opened): the Deployment's text and diagnostics stay the same, so only the
    // server's rolloutLens/contextChanged makes VS Code ask for the CodeLens again.
    name: 'an HPA written beside the Deployment updates its CodeLens estimate, and removing it restores it',
    async run({ page, dirs, log }) {
      await activeTab(page, DEP).click();
      const lens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Preview rollout · / }).first();
      await lens.waitFor(T);
      const before = await lens.textContent();
      const hpa = path.join(dirs.workspace, 'zz-quality-hpa.yaml');
      fs.writeFileSync(hpa, HPA_MANIFEST);
      const lensNot = (text) =>
        page.waitForFunction(
          (t) => {
            const a = document.querySelector('.monaco-editor .codelens-decoration a');
            return a && /^Preview rollout · /.test(a.textContent) && a.textContent !== t ? a.textContent : false;
          },
          text,
          T,
        );
      const after = await (await lensNot(before)).jsonValue();
      log(`CodeLens ${before} → with the HPA (minReplicas 12) ${after}`);
      expect(/^Preview rollout · \d+ steps? · /.test(after), `CodeLens with the HPA: ${after}`);
      fs.rmSync(hpa);
      await page.locator('.monaco-editor .codelens-decoration a', { hasText: before }).first().waitFor(T);
    },
  },
  {
    name: 'at 400 px the panel has no horizontal scroll, event counts are visible, names wrap over at most 3 lines',
    async run({ page, log }) {
      const frame = webviewFrame(page);
      await page.keyboard.press('Escape');
      // The panel at 400 px: the workbench's webview element is given that width (what a 400 px side
      // panel gives it), and the check waits for the resize event inside the panel.
      const host = webviewHost(page);
      const before = await frame.locator('body').evaluate(() => window.innerWidth);
      const saved = await host.evaluate((el) => {
        const old = el.style.width;
        el.style.width = '400px';
        return old;
      });
      // Wait (frame by frame, bounded) until the panel's layout has the new width.
      const reached = await frame.locator('body').evaluate(
        () =>
          new Promise((resolve) => {
            const t0 = performance.now();
            const tick = () => {
              if (window.innerWidth <= 420 || performance.now() - t0 > 15_000) resolve(window.innerWidth);
              else requestAnimationFrame(tick);
            };
            tick();
          }),
      );
      const hostWidth = await host.evaluate((el) => el.getBoundingClientRect().width);
      expect(reached <= 420, `the panel did not get narrower: host ${hostWidth} px, panel ${reached} px`);
      log(`panel width ${before} px → ${await frame.locator('body').evaluate(() => window.innerWidth)} px`);
      await frame.locator('li.cell').first().waitFor(T);
      const m = await frame.locator('body').evaluate(() => {
        const doc = document.documentElement;
        const lineHeight = (el) =>
          parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.3;
        const lines = [...document.querySelectorAll('code')].map((c) => ({
          text: c.textContent,
          lines: Math.round(c.getBoundingClientRect().height / lineHeight(c)),
        }));
        const counts = [...document.querySelectorAll('table.steps td.counts')]
          .slice(0, 5)
          .map((td) => td.getBoundingClientRect().right);
        const overflowing = [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > doc.clientWidth + 1 && !e.closest('svg'))
          .map((e) => e.tagName + '.' + e.className);
        const timeline = document.getElementById('h-timeline').getBoundingClientRect().top;
        return {
          width: window.innerWidth,
          scrollWidth: doc.scrollWidth,
          clientWidth: doc.clientWidth,
          lines,
          counts,
          overflowing,
          timeline,
        };
      });
      expect(m.width <= 420 && m.width >= 360, `panel width ${m.width} px is not about 400 px`);
      expect(
        m.scrollWidth <= m.clientWidth,
        `horizontal scroll: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth} (${m.overflowing.slice(0, 5).join(', ')})`,
      );
      expectEqual(m.overflowing.length, 0, `elements beyond the right edge: ${m.overflowing.slice(0, 5).join(', ')}`);
      expect(
        m.counts.length > 0 && m.counts.every((r) => r <= m.clientWidth),
        `event count cells beyond the panel: ${m.counts.join(', ')}`,
      );
      const wrapped = m.lines.filter((l) => l.lines > 3);
      expectEqual(wrapped.length, 0, `names wrapping over more than 3 lines: ${JSON.stringify(wrapped.slice(0, 3))}`);
      expect(m.timeline < 900, `the timeline starts ${m.timeline} px below the top`);
      await screenshot(page, 'e2e-panel-01-400px');
      await host.evaluate((el, w) => {
        el.style.width = w;
      }, saved);
    },
  },
  ...THEMES.map((theme) => ({
    name: `contrast ≥ WCAG AA in ${theme.label}: text 4.5:1, series, pod cells and focus ring 3:1`,
    async run({ page, log }) {
      const frame = webviewFrame(page);
      await activeTab(page, DEP).click();
      await frame.locator('h1', { hasText: 'Deployment quality-web' }).waitFor(T);
      await setTheme(page, theme.label);
      await frame.locator(`body.${theme.bodyClass.split(' ').join('.')}`).waitFor(T);
      // the fail scenario: failed cells, a Warning row; then the row of the first failure
      await frame.locator('#wi-scenario').selectOption('fail');
      await frame.locator('header', { hasText: 'scenario fail:' }).waitFor(T);
      await frame.locator('#scrubber').focus();
      await page.keyboard.press('End');
      await frame.locator('li.cell.st-failed').first().waitFor(T);
      const probe = await frame.locator('body').evaluate(contrastProbe);
      const failures = probe.results.filter((r) => r.ratio < r.min);
      log(
        `contrast ${theme.label}: ${probe.results.length} colors measured, lowest ${probe.results
          .map((r) => `${r.what} ${r.ratio}`)
          .sort((a, b) => parseFloat(a.split(' ').pop()) - parseFloat(b.split(' ').pop()))
          .slice(0, 3)
          .join('; ')}`,
      );
      await screenshot(page, `e2e-panel-theme-${theme.shot}`);
      expect(probe.results.length >= 15, `only ${probe.results.length} colors measured`);
      expect(
        probe.results.some((r) => r.what.startsWith('chart series')),
        'no chart series measured',
      );
      expect(
        probe.results.some((r) => r.what.startsWith('pod cell')),
        'no pod cells measured',
      );
      expectEqual(failures.length, 0, `below WCAG AA in ${theme.label}: ${JSON.stringify(failures.slice(0, 6))}`);
      await frame.locator('#wi-scenario').selectOption('update');
      await frame.locator('header', { hasText: 'scenario update:' }).waitFor(T);
    },
  })),
  {
    name: 'Tab reaches every control of the panel in order; focus stays on Apply after Enter',
    async run({ page }) {
      const frame = webviewFrame(page);
      await frame.locator('h1', { hasText: 'Deployment quality-web' }).waitFor(T);
      const controls = await frame.locator('body').evaluate(() => {
        const all = [...document.querySelectorAll('button, input, select, [tabindex="0"], summary')];
        return all
          .filter((e) => e.getBoundingClientRect().width > 0 && !e.closest('[hidden]'))
          .map((e, i) => {
            e.dataset.tabProbe = String(i);
            return e.id || e.getAttribute('aria-label') || e.textContent.trim();
          });
      });
      expect(controls.length >= 10, `only ${controls.length} controls`);
      await frame.locator('[data-tab-probe="0"]').focus();
      const reached = new Set(['0']);
      for (let i = 1; i < controls.length + 3; i++) {
        await page.keyboard.press('Tab');
        const at = await frame.locator('body').evaluate(() => document.activeElement?.dataset?.tabProbe ?? null);
        if (at === null) break;
        reached.add(at);
      }
      const missed = controls.filter((_, i) => !reached.has(String(i)));
      expectEqual(missed.length, 0, `controls Tab never reached: ${missed.join(', ')}`);
      // Apply with the keyboard: focus must stay on the button (not fall to the page body).
      const replicas = frame.locator('#wi-replicas');
      await replicas.fill('6');
      await replicas.press('Tab');
      await frame.locator('#apply[aria-disabled="false"]').waitFor(T);
      await frame.locator('#apply').focus();
      await page.keyboard.press('Enter');
      await frame.locator('.status', { hasText: 'spec.replicas: 6' }).waitFor(T);
      await frame.locator('#wi-replicas[placeholder="6"]').waitFor(T);
      // One evaluate (one task of the page): the focused element and its ring are read together, so a re-render
      // after the edit (which rebuilds the form and puts focus back on Apply) cannot come in between.
      const focused = await frame.locator('body').evaluate(() => {
        const e = document.activeElement;
        return { id: e?.id, outline: e ? getComputedStyle(e).outlineWidth : '' };
      });
      expectEqual(focused.id, 'apply', 'focused element after Apply');
      expectEqual(focused.outline, '2px', 'focus ring width on Apply');
      await screenshot(page, 'e2e-panel-02-focus-after-apply');
    },
  },
];
