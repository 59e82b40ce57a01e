// Runs the mocha suite (test/e2e/suite/index.js) inside code-server's server-side Node extension host,
// with the extension loaded from its development folder (the repo root).
//
// code-server's CLI has no --extensionDevelopmentPath/--extensionTestsPath, but the web workbench reads both
// from the `payload` URL parameter (as vscode-remote:// URIs). When the suite's run() settles, the test
// extension host exits and the workbench calls window.codeAutomationExit(code), which we expose from
// Playwright. Per-test results come from a JSON file the suite writes (E2E_RESULT_FILE).
import fs from 'node:fs';
import path from 'node:path';
import {
  EXTENSION_PATH,
  LOGS_DIR,
  SUITE_INDEX,
  cleanupRunDir,
  collectVsCodeLogs,
  createRunDir,
  isolatedEnv,
  log,
  withTimeout,
} from './env.mjs';
import { startCodeServer } from './code-server.mjs';
import { launchBrowser } from './browser.mjs';
import { createChecks, indent } from './results.mjs';

export async function runExtensionHostSuite({
  extensionPath = EXTENSION_PATH,
  testsPath = SUITE_INDEX,
  timeoutMs = Number(process.env.E2E_EXT_HOST_TIMEOUT_MS ?? 180_000),
} = {}) {
  const phase = 'ext-host';
  const checks = createChecks(phase);
  const logDir = path.join(LOGS_DIR, phase);
  fs.mkdirSync(logDir, { recursive: true });
  const dirs = createRunDir(phase);
  const resultFile = path.join(dirs.root, 'mocha-result.json');
  const env = isolatedEnv(dirs, {
    E2E_RESULT_FILE: resultFile,
    E2E_WORKSPACE: dirs.workspace,
    E2E_MOCHA_GREP: process.env.E2E_MOCHA_GREP ?? '',
  });
  let server;
  let browser;
  let exitCode;
  try {
    server = await startCodeServer({ dirs, env, logFile: path.join(logDir, 'code-server.log') });
    log(`${phase}: code-server ${server.base} (pgid ${server.pid}), workspace ${dirs.workspace}`);
    browser = await launchBrowser(dirs, { env, consoleLog: path.join(logDir, 'browser-console.log') });
    let onExit;
    const exited = new Promise((resolve) => {
      onExit = resolve;
    });
    await browser.page.exposeFunction('codeAutomationExit', (code) => onExit(code));
    const url = server.workbenchUrl({
      folder: dirs.workspace,
      payload: [
        ['extensionDevelopmentPath', server.remoteUri(extensionPath)],
        ['extensionTestsPath', server.remoteUri(testsPath)],
      ],
    });
    await browser.page.goto(url);
    exitCode = await withTimeout(
      exited,
      timeoutMs,
      `extension host did not finish the suite within ${timeoutMs / 1000}s`,
    );
    log(`${phase}: extension host exited with code ${exitCode}`);
  } catch (e) {
    checks.fail('run the suite in the extension host', e);
  } finally {
    await browser?.close();
    await server?.stop();
  }

  // merge the per-test results written by the suite
  const result = checks.result;
  if (fs.existsSync(resultFile)) {
    const mocha = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    for (const t of mocha.tests) {
      result.tests.push(t);
      if (t.state === 'passed') result.passed++;
      else if (t.state === 'failed') result.failed++;
      else result.skipped++;
      const mark = { passed: '✔', failed: '✘' }[t.state] ?? '-';
      console.log(`        ${mark} ${t.fullTitle}${t.ms !== undefined ? ` (${t.ms} ms)` : ''}`);
      if (t.error) console.log(indent(t.error, '            '));
    }
    if (mocha.error) checks.fail('suite setup', mocha.error);
    if (exitCode !== undefined && exitCode !== 0 && result.failed === 0) {
      checks.fail(
        'extension host exit code',
        new Error(`exit code ${exitCode} although no test failed; see ${logDir}`),
      );
    }
  } else if (result.failed === 0) {
    checks.fail(
      'suite result file',
      new Error(`the suite wrote no result file (exit code ${exitCode}); see ${logDir}`),
    );
  }
  if (result.passed + result.failed === 0) checks.fail('suite ran tests', new Error('no tests ran'));

  collectVsCodeLogs(dirs, path.join(logDir, 'vscode-logs'));
  cleanupRunDir(dirs, { keep: result.failed > 0 });
  return result;
}
