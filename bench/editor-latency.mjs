// Editor latency in real VS Code (code-server 4.100.3, the e2e harness: test/e2e/lib/*), as a user sees it,
// on argo-cd's 2 MB install manifest (manifests/ha/install.yaml), next to VS Code's built-in JSON validation
// on a JSON file of about the same size (the same objects as JSON, one trailing comma) in the same run:
//
// - open → first diagnostics: Enter in Quick Open (the keydown, timed in the page) → the status bar's
//   problem counts change (a MutationObserver in the page). A fresh window each round (page reload: a new
//   extension host, so the extension activates and its language server starts, as for a newcomer);
//   the two files alternate which is opened first.
// - keystroke → Problems updated: one character typed (then deleted) where it adds (removes) a problem —
//   `apiVersion: apps/v1` → `apps/v1x` in the first Deployment, `"kind": "Deployment",` → `…,x` in the
//   JSON — keydown → the status bar counts change; one edit at a time, both files in turn.
//
// Where the time goes: the language client's own timing of each `textDocument/diagnostic` request
// (`rolloutLens.trace.server: messages` → "Received response … in N ms" in the output channel's log),
// the server's "Indexed N YAML files in T ms", and the rest (VS Code, code-server, the browser).
//
// Run it alone (other processes distort it): flock /work/wt/.unit.lock node bench/editor-latency.mjs
// Needs `npm run build` and the e2e install (sh test/e2e/scripts/install.sh). BENCH_ROUNDS, BENCH_EDITS.
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BIG_FILE, figure, median, ms, printResult, quantile, ROOT } from './lib.mjs';
import {
  LOGS_DIR,
  assertExtensionBuilt,
  cleanupRunDir,
  collectVsCodeLogs,
  createRunDir,
  extensionInfo,
  isolatedEnv,
  log,
} from '../test/e2e/lib/env.mjs';
import { startCodeServer } from '../test/e2e/lib/code-server.mjs';
import { launchBrowser } from '../test/e2e/lib/browser.mjs';
import { openWorkbench, runCommand, SEL } from '../test/e2e/lib/workbench.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const EDITS = Number(process.env.BENCH_EDITS ?? 30);
const WAIT_MS = 60_000;
const YAML_NAME = 'install.yaml';
const JSON_NAME = 'install.json';

assertExtensionBuilt();
const yamlText = fs.readFileSync(BIG_FILE, 'utf8');

/**
 * The manifest's objects as JSON of about the same size: all 70 of them, indented by one space (1.94 M
 * characters for the 1.99 M of YAML), with a trailing comma as its one problem at open.
 */
function jsonOfSameSize() {
  const objects = parseAllDocuments(yamlText)
    .map((d) => d.toJS())
    .filter((o) => o);
  return JSON.stringify(objects, null, 1).replace(/\n\]$/, ',\n]\n'); // VS Code's JSON validation: "Trailing comma"
}

const jsonText = jsonOfSameSize();
const lineOf = (text, offset) => text.slice(0, offset).split('\n').length; // 1-based
const yamlLine = lineOf(yamlText, yamlText.lastIndexOf('\napiVersion:', yamlText.indexOf('\nkind: Deployment')) + 1);
const jsonLine = lineOf(jsonText, jsonText.indexOf('"kind": "Deployment"'));

const dirs = createRunDir('bench');
for (const f of fs.readdirSync(dirs.workspace)) fs.rmSync(path.join(dirs.workspace, f), { recursive: true });
fs.mkdirSync(path.join(dirs.workspace, 'ha'));
fs.writeFileSync(path.join(dirs.workspace, 'ha', YAML_NAME), yamlText);
fs.writeFileSync(path.join(dirs.workspace, JSON_NAME), jsonText);
const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
// Both files stay open in their own tabs (Quick Open would otherwise replace its preview tab).
const benchSettings = { 'rolloutLens.trace.server': 'messages', 'workbench.editor.enablePreview': false };
fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, ...benchSettings }, null, 2));

const logDir = path.join(LOGS_DIR, 'bench-editor-latency');
const env = isolatedEnv(dirs);
const extension = extensionInfo();
fs.symlinkSync(ROOT, path.join(dirs.extensions, extension.folderName), 'dir');

const server = await startCodeServer({ dirs, env, logFile: path.join(logDir, 'code-server.log') });
const browser = await launchBrowser(dirs, { env, consoleLog: path.join(logDir, 'browser-console.log') });
const page = browser.page;
const url = server.workbenchUrl({ folder: dirs.workspace });
log(`code-server ${server.base}; ${YAML_NAME} ${yamlText.length} chars, ${JSON_NAME} ${jsonText.length} chars`);

/** Arms the watch: resolves (in the page) when the status bar's problem counts next change. */
async function armProblemsWatch() {
  await page.evaluate(() => {
    const el = document.getElementById('status.problems');
    const read = () => `${el?.getAttribute('aria-label') ?? ''}|${el?.textContent ?? ''}`;
    const before = read();
    window.__rlChanged = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (read() === before) return;
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  });
}

/** Milliseconds from the last keydown to the armed change of the problem counts. */
async function waitProblemsChanged(what) {
  const elapsed = page.evaluate(() => window.__rlChanged.then((t) => t - window.__rlKeyAt));
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no change of the problem counts in ${WAIT_MS} ms`)), WAIT_MS);
  });
  try {
    return await Promise.race([elapsed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function freshWindow() {
  await openWorkbench(page, url, { expectFile: JSON_NAME });
  await page.locator(SEL.statusProblems).waitFor({ timeout: WAIT_MS });
  await page.evaluate(() => window.addEventListener('keydown', () => (window.__rlKeyAt = performance.now()), true));
}

/** Quick Open (Ctrl+P) with `name` typed and its row shown; Enter is the caller's. */
async function quickOpenRow(name) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator(SEL.quickInput);
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(name);
  await page.locator(SEL.quickInputRow, { hasText: name }).first().waitFor({ timeout: WAIT_MS });
  await page.locator(`${SEL.quickInput}[aria-activedescendant]`).waitFor({ timeout: WAIT_MS }); // Enter picks a row
}

async function quickOpen(name) {
  await quickOpenRow(name);
  await armProblemsWatch();
  await page.keyboard.press('Enter');
  return waitProblemsChanged(`open ${name}`);
}

/** Makes an open file the active editor (a click on its tab). */
async function switchTo(name) {
  await page.keyboard.press('Escape');
  await page.locator(`.tabs-container .tab[data-resource-name="${name}"]`).click({ timeout: WAIT_MS });
  await page.locator(SEL.editorLines).first().click({ timeout: WAIT_MS }); // keyboard focus in the editor
}

async function goToLineEnd(line) {
  await page.keyboard.press('Control+G');
  const input = page.locator(SEL.quickInput);
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(`:${line}`); // Go to Line is Quick Open with a colon in the web workbench
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: WAIT_MS });
  await page.keyboard.press('End');
}

/** One keystroke ('x' or Backspace) in the active editor; ms until the problem counts changed. */
async function keystroke(i, what) {
  await armProblemsWatch();
  await page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace');
  return waitProblemsChanged(`${what} edit ${i}`);
}

const open = { yaml: [], json: [] };
const edits = { yaml: [], json: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    // A window restores the editors of the last one: close them first, so that each round opens both anew.
    if (round > 0) await runCommand(page, 'View: Close All Editors');
    await freshWindow();
    const order = round % 2 === 0 ? ['yaml', 'json'] : ['json', 'yaml'];
    for (const kind of order) {
      const t = await quickOpen(kind === 'yaml' ? YAML_NAME : JSON_NAME);
      open[kind].push(t);
      log(`round ${round + 1}: open ${kind} → first diagnostics ${ms(t)}`);
    }
  }
  // Keystrokes in the last window: blocks of edits in each file in turn (an even count: the text ends as it began).
  const block = 10;
  for (let done = 0; done < EDITS; done += block) {
    for (const kind of ['yaml', 'json']) {
      await switchTo(kind === 'yaml' ? YAML_NAME : JSON_NAME);
      await goToLineEnd(kind === 'yaml' ? yamlLine : jsonLine);
      for (let i = 0; i < Math.min(block, EDITS - done); i++) edits[kind].push(await keystroke(i, kind));
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
collectVsCodeLogs(dirs, path.join(logDir, 'vscode-logs'));

// The language client's trace: duration of each diagnostic pull, and the server's indexing log.
const traces = [];
const indexed = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/Rollout Lens/.test(e.name)) {
      const text = fs.readFileSync(p, 'utf8');
      for (const m of text.matchAll(/Received response 'textDocument\/diagnostic - \(\d+\)' in (\d+)ms/g))
        traces.push(Number(m[1]));
      for (const m of text.matchAll(/Indexed (\d+) YAML files in (\d+) ms/g)) indexed.push(Number(m[2]));
    }
  }
};
if (fs.existsSync(path.join(dirs.userData, 'logs'))) walk(path.join(dirs.userData, 'logs'));
cleanupRunDir(dirs, { keep: false });

const summary = (label, values) =>
  console.log(`  ${label}: median ${ms(median(values))}, p95 ${ms(quantile(values, 0.95))} (n=${values.length})`);
console.log(
  `editor-latency: code-server, ${YAML_NAME} (${(yamlText.length / 1e6).toFixed(2)} M chars) vs ${JSON_NAME}`,
);
summary('open → first diagnostics, Rollout Lens (YAML)', open.yaml);
summary('open → first diagnostics, built-in JSON', open.json);
summary('keystroke → Problems updated, Rollout Lens (YAML)', edits.yaml);
summary('keystroke → Problems updated, built-in JSON', edits.json);
if (traces.length) summary('  of which the client-timed diagnostic pull (request → response)', traces);
if (indexed.length) console.log(`  server indexing of the folder: ${indexed.map((t) => `${t} ms`).join(', ')}`);

const vs = (name, ours, theirs, stat) =>
  figure(name, {
    value: stat(ours),
    unit: 'ms',
    baseline: stat(theirs),
    baselineLabel: `built-in JSON validation, ${stat === median ? 'median' : 'p95'}`,
  });
const p95 = (v) => quantile(v, 0.95);
printResult('editor-latency', [
  vs('code-server: open → first diagnostics (median)', open.yaml, open.json, median),
  vs('code-server: keystroke → Problems updated (median)', edits.yaml, edits.json, median),
  vs('code-server: keystroke → Problems updated (p95)', edits.yaml, edits.json, p95),
  ...(traces.length
    ? [figure('code-server: diagnostic pull as the client times it (median)', { value: median(traces), unit: 'ms' })]
    : []),
]);
process.exit(0);
