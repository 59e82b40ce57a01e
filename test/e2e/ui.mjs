// UI checks in the real VS Code web workbench (code-server) driven by headless Chromium.
// The extension is installed the way a user has it (a folder in the extensions dir, here a symlink to
// the repo named <publisher>.<name>-<version>), and the workbench is opened on a temp copy of examples/.
//
// Checks live in test/e2e/ui/*.mjs (run in file-name order, sharing one browser page). Each module exports
//   export const checks = [{ name: 'what is verified', async run(ctx) { ... } }, ...]
// with ctx = { page, server, dirs, extension, workbenchUrl, log } and the helpers in lib/workbench.mjs.
// After the first failing check the rest are reported as skipped (they usually depend on earlier state).
//
// Standalone: node test/e2e/ui.mjs   (run-all.mjs is the normal entry; it also installs and builds checks)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  E2E_DIR,
  EXTENSION_PATH,
  LOGS_DIR,
  cleanupRunDir,
  collectVsCodeLogs,
  createRunDir,
  extensionInfo,
  isolatedEnv,
  log,
} from './lib/env.mjs';
import { startCodeServer } from './lib/code-server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { dumpDom, screenshot } from './lib/workbench.mjs';
import { createChecks } from './lib/results.mjs';

const CHECKS_DIR = path.join(E2E_DIR, 'ui');

async function loadCheckModules(filter) {
  const files = fs
    .readdirSync(CHECKS_DIR)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const modules = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(CHECKS_DIR, f)).href);
    const checks = (mod.checks ?? []).filter((c) => !filter || filter.test(`${f} ${c.name}`));
    if (checks.length) modules.push({ file: f, checks });
  }
  return modules;
}

export async function runUi({ extensionPath = EXTENSION_PATH } = {}) {
  const phase = 'ui';
  const logDir = path.join(LOGS_DIR, phase);
  fs.mkdirSync(logDir, { recursive: true });
  const filter = process.env.E2E_UI_GREP ? new RegExp(process.env.E2E_UI_GREP) : undefined;
  const dirs = createRunDir(phase);
  const env = isolatedEnv(dirs);
  const extension = extensionInfo(extensionPath);
  let page;
  const checks = createChecks(phase, {
    async onFailure() {
      if (!page) return;
      await screenshot(page, `e2e-failure-${phase}`).catch(() => {});
      await dumpDom(page).catch(() => {});
    },
  });
  let server;
  let browser;
  try {
    fs.symlinkSync(extensionPath, path.join(dirs.extensions, extension.folderName), 'dir');
    server = await startCodeServer({ dirs, env, logFile: path.join(logDir, 'code-server.log') });
    log(`${phase}: code-server ${server.base} (pgid ${server.pid}), extension ${extension.folderName}`);
    browser = await launchBrowser(dirs, { env, consoleLog: path.join(logDir, 'browser-console.log') });
    page = browser.page;
    const ctx = { page, server, dirs, extension, workbenchUrl: server.workbenchUrl({ folder: dirs.workspace }), log };
    for (const mod of await loadCheckModules(filter)) {
      for (const c of mod.checks) await checks.check(c.name, () => c.run(ctx));
    }
    if (checks.result.passed + checks.result.failed === 0) throw new Error('no UI checks selected');
  } catch (e) {
    checks.fail('UI session', e);
  } finally {
    if (browser?.blockedHosts.size)
      log(`${phase}: blocked non-loopback requests to ${[...browser.blockedHosts].join(', ')}`);
    await browser?.close();
    await server?.stop();
  }
  collectVsCodeLogs(dirs, path.join(logDir, 'vscode-logs'));
  cleanupRunDir(dirs, { keep: checks.result.failed > 0 });
  return checks.result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await runUi();
  console.log(`e2e: ${r.passed} passed, ${r.failed} failed`);
  process.exit(r.failed || !r.passed ? 1 : 0);
}
