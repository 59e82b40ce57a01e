// Small, reusable actions on the VS Code web workbench (selectors verified on VS Code 1.100.3).
// Every helper waits on DOM state through Playwright locators; none of them sleeps.
import fs from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR, log } from './env.mjs';

export const SEL = {
  workbench: '.monaco-workbench',
  explorerRow: (name) => `.explorer-folders-view .monaco-list-row[aria-label="${name}"]`,
  editorLines: '.editor-instance .monaco-editor .view-lines',
  squiggle: (severity = 'warning') => `.monaco-editor .squiggly-${severity}`,
  statusProblems: '[id="status.problems"]',
  problemsRow: '.markers-panel .monaco-list-row',
  quickInput: '.quick-input-widget input',
  quickInputRow: '.quick-input-list .monaco-list-row',
  toast: '.notification-toast.notification-fade-in-done',
  webview: 'iframe.webview.ready',
};

const T = (ms) => ({ timeout: ms });

/** Navigates to the workbench and waits until it is rendered (and the explorer shows `expectFile`, if given). */
export async function openWorkbench(page, url, { expectFile, timeoutMs = 120_000 } = {}) {
  await page.goto(url, T(timeoutMs));
  await page.locator(SEL.workbench).waitFor(T(timeoutMs));
  if (expectFile) await page.locator(SEL.explorerRow(expectFile)).waitFor(T(timeoutMs));
}

/** Opens a top-level workspace file by clicking it in the explorer; resolves when its editor shows text. */
export async function openFileFromExplorer(page, name, { timeoutMs = 30_000 } = {}) {
  await page.locator(SEL.explorerRow(name)).click(T(timeoutMs));
  await activeTab(page, name).waitFor(T(timeoutMs));
  await page.locator(SEL.editorLines).first().waitFor(T(timeoutMs));
}

/** The editor tab for a file name. */
export function activeTab(page, name) {
  return page.locator(`.tabs-container .tab[data-resource-name="${name}"]`);
}

/**
 * Starts a command by its palette title and returns the quick input, without waiting for it to close (for commands
 * that show their own quick pick next, e.g. the overlay pick or the theme list).
 */
export async function startCommand(page, title, { timeoutMs = 15_000 } = {}) {
  await page.keyboard.press('Escape'); // close any open quick input / hover first
  await page.keyboard.press('F1');
  const input = page.locator(SEL.quickInput);
  await input.waitFor(T(timeoutMs));
  await input.fill(`>${title}`);
  await page.locator(SEL.quickInputRow, { hasText: title }).first().waitFor(T(timeoutMs));
  await page.keyboard.press('Enter');
  return input;
}

/** Runs a command by its palette title (e.g. 'Rollout Lens: Preview Rollout'). */
export async function runCommand(page, title, { timeoutMs = 15_000 } = {}) {
  const input = await startCommand(page, title, { timeoutMs });
  await input.waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** Opens the Problems panel (Ctrl+Shift+M toggles it, so only when it is not visible yet); returns its rows. */
export async function openProblemsPanel(page, { timeoutMs = 15_000 } = {}) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.locator(SEL.editorLines).first().click(); // keyboard focus inside the workbench
    await page.keyboard.press('Control+Shift+M');
  }
  await panel.waitFor(T(timeoutMs));
  return page.locator(SEL.problemsRow);
}

/**
 * Problems panel rows filtered by visible message text and/or the marker's source and code
 * (rendered as separate `.marker-source` / `.marker-code` elements; the parentheses are CSS).
 */
export function problemRows(page, { text, source, code } = {}) {
  let rows = page.locator(SEL.problemsRow);
  if (text) rows = rows.filter({ hasText: text });
  if (source) rows = rows.filter({ has: page.locator('.marker-source', { hasText: source }) });
  if (code) rows = rows.filter({ has: page.locator('.marker-code').getByText(code, { exact: true }) });
  return rows;
}

/** Waits for a fully faded-in notification toast containing text. */
export async function waitForToast(page, text, { timeoutMs = 20_000 } = {}) {
  const toast = page.locator(SEL.toast, { hasText: text }).first();
  await toast.waitFor(T(timeoutMs));
  return toast;
}

/**
 * Budget for a webview's first content. In code-server every webview shares one origin and one service-worker scope:
 * a new webview registers its own worker and waits for it to take control, which waits for the previous worker's
 * in-flight resource requests (answered, or timed out after 30 s by VS Code's service-worker.js). Seen: 3 s usually,
 * 32 s after a webview closed while loading; CI's machine is slower still.
 */
export const WEBVIEW_LOAD = { timeout: 75_000 };

/**
 * The content frame of an extension webview (two iframes deep: the workbench's `iframe.webview` host,
 * then `#active-frame` with the extension's HTML). `nth` picks among several shown webviews (-1 = newest).
 * @returns {import('playwright-core').FrameLocator}
 */
export function webviewFrame(page, { nth = -1 } = {}) {
  return webviewHost(page, { nth }).contentFrame().frameLocator('#active-frame');
}

/**
 * The workbench's `iframe.webview` element of a shown webview (-1 = newest). Only shown ones: a closed webview (the
 * bundled rule page's Markdown preview of an earlier check) can leave its hidden iframe in the DOM for a while.
 * @returns {import('playwright-core').Locator}
 */
export function webviewHost(page, { nth = -1 } = {}) {
  const shown = page.locator(`${SEL.webview}:visible`);
  return nth === -1 ? shown.last() : shown.nth(nth);
}

/** Resolves when the element's running CSS animations (e.g. a hover or toast fading in) have finished. */
export async function animationsDone(locator) {
  await locator.evaluate((el) =>
    Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished.catch(() => {}))),
  );
}

/** Full-page screenshot into test-results/<name>.png. */
export async function screenshot(page, name) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(process.cwd(), file)}`);
  return file;
}

/** With DUMP_DOM=1: prints the outerHTML of the first matches (DUMP_DOM_MAX, default 3) of each selector. */
export async function dumpDom(page, selectors = Object.values(SEL).filter((s) => typeof s === 'string')) {
  if (!process.env.DUMP_DOM) return;
  const chars = Number(process.env.DUMP_DOM_CHARS ?? 800);
  const max = Number(process.env.DUMP_DOM_MAX ?? 3);
  for (const sel of selectors) {
    const all = await page.locator(sel).all();
    if (!all.length) log(`DOM ${sel} => (no match)`);
    for (const [i, loc] of all.slice(0, max).entries()) {
      const html = await loc.evaluate((e) => e.outerHTML);
      log(`DOM ${sel} [${i + 1}/${all.length}] => ${html.slice(0, chars)}`);
    }
  }
}
