// The same extension-host suite (test/e2e/suite) in desktop VS Code through @vscode/test-electron
// (root devDependency). For people with a local VS Code or internet access; it cannot run on the offline CI
// machines (they use run-all.mjs / code-server instead).
//
//   VSCODE_EXECUTABLE_PATH=/usr/share/code/code node test/e2e/run-test-electron.mjs   # a local VS Code
//   node test/e2e/run-test-electron.mjs                 # downloads VS Code (VSCODE_VERSION, default stable)
//   xvfb-run -a node test/e2e/run-test-electron.mjs     # on Linux without a display
//
// Needs `npm run build` first. mocha comes from test/e2e/node_modules or the repo root.
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, EXAMPLES_DIR, EXTENSION_PATH, SUITE_INDEX, assertExtensionBuilt, log } from './lib/env.mjs';

function done(passed, failed, message) {
  if (message) console.error(`\n${message}`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed || !passed ? 1 : 0);
}

try {
  assertExtensionBuilt();
} catch (e) {
  done(0, 1, `error: ${e.message}`);
}

let runTests;
try {
  ({ runTests } = await import('@vscode/test-electron'));
} catch {
  done(0, 1, 'error: @vscode/test-electron is not installed; run `npm ci` at the repo root.');
}

const executable = process.env.VSCODE_EXECUTABLE_PATH;
if (executable && !fs.existsSync(executable)) {
  done(0, 1, `error: VSCODE_EXECUTABLE_PATH=${executable} does not exist.`);
}

fs.mkdirSync(path.join(E2E_DIR, '.tmp'), { recursive: true });
const scratch = fs.mkdtempSync(path.join(E2E_DIR, '.tmp', 'electron-'));
const workspace = path.join(scratch, 'ws');
fs.cpSync(EXAMPLES_DIR, workspace, { recursive: true });
const resultFile = path.join(scratch, 'mocha-result.json');
let keepScratch = process.env.E2E_KEEP === '1';
process.on('exit', () => {
  if (keepScratch) console.log(`scratch dir kept: ${scratch}`);
  else fs.rmSync(scratch, { recursive: true, force: true });
});

let exitCode;
try {
  log(`VS Code: ${executable ?? `download ${process.env.VSCODE_VERSION ?? 'stable'} into test/e2e/.vscode-test`}`);
  exitCode = await runTests({
    vscodeExecutablePath: executable,
    version: executable ? undefined : (process.env.VSCODE_VERSION ?? 'stable'),
    cachePath: path.join(E2E_DIR, '.vscode-test'),
    extensionDevelopmentPath: EXTENSION_PATH,
    extensionTestsPath: SUITE_INDEX,
    extensionTestsEnv: { E2E_RESULT_FILE: resultFile },
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--user-data-dir',
      path.join(scratch, 'user-data'),
      '--extensions-dir',
      path.join(scratch, 'extensions'),
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (e) {
  const msg = String(e?.message ?? e);
  const offline = /ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo|socket hang up|fetch failed/i.test(msg);
  if (!executable && offline) {
    done(
      0,
      1,
      `error: could not obtain VS Code (${msg.split('\n')[0]}).\n` +
        'This machine cannot download it. Point VSCODE_EXECUTABLE_PATH at a desktop VS Code executable, ' +
        'or run the code-server based suite instead: npm run test:e2e',
    );
  }
  if (e?.name === 'TestRunFailedError' || /^Test run (failed with code|terminated with signal)/.test(msg)) {
    exitCode = 1; // VS Code ran but the suite failed (non-zero exit): per-test results below
  } else {
    done(0, 1, `error: VS Code could not be started: ${msg}`);
  }
}

let passed = 0;
let failed = 0;
if (fs.existsSync(resultFile)) {
  const r = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  for (const t of r.tests) {
    if (t.state === 'passed') passed++;
    if (t.state === 'failed') failed++;
    console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-'} ${t.fullTitle}`);
    if (t.error) console.log(t.error.replace(/^/gm, '      '));
  }
  if (r.error) {
    failed++;
    console.log(r.error);
  }
} else {
  failed++;
  console.error('the suite wrote no result file (VS Code exited early?)');
}
if (exitCode && !failed) failed++;
if (failed) keepScratch = true;
done(passed, failed);
