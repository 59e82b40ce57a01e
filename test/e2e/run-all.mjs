// `npm run test:e2e`: real-VS-Code tests for Rollout Lens.
//   0. checks the extension is built (dist/extension.js) - run `npm run build` first
//   1. test/e2e/scripts/install.sh (Debian packages + code-server/playwright-core/mocha; fast no-op when installed),
//      then test/renderers/install.mjs (the pinned kubectl and helm the workspace settings use)
//   2. ext-host: the mocha suite in test/e2e/suite inside code-server's extension host
//   3. ui: headless-Chromium checks in test/e2e/ui/*.mjs, screenshots in test-results/e2e-*.png
// Prints `e2e: N passed, M failed` last and exits non-zero on any failure.
//
// Options: --only=ext-host|ui   --skip-install (or E2E_SKIP_INSTALL=1)
// Env: E2E_KEEP=1 keep scratch dirs, DUMP_DOM=1 print key DOM nodes, E2E_MOCHA_GREP / E2E_UI_GREP filter tests,
//      E2E_EXTENSION_PATH / E2E_EXAMPLES_DIR run against another extension folder / examples folder.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { E2E_DIR, EXAMPLES_DIR, EXTENSION_PATH, LOGS_DIR, RESULTS_DIR, assertExtensionBuilt, log } from './lib/env.mjs';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const only = args.get('only');
const PHASES = ['ext-host', 'ui'];
if (only && !PHASES.includes(only)) {
  console.error(`unknown --only=${only}; expected one of ${PHASES.join(', ')}`);
  process.exit(2);
}

function finish(results) {
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS_DIR, 'e2e-results.json'),
    JSON.stringify({ passed, failed, skipped, phases: results }, null, 2),
  );
  console.log('');
  for (const r of results) {
    console.log(
      `  ${r.phase.padEnd(9)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`,
    );
  }
  if (skipped) console.log(`  (${skipped} skipped after an earlier failure)`);
  if (failed && fs.existsSync(LOGS_DIR)) console.log(`  logs: ${path.relative(process.cwd(), LOGS_DIR)}/`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed || passed === 0 ? 1 : 0);
}

function failEarly(phase, message) {
  console.error(`\nerror: ${message}`);
  finish([{ phase, passed: 0, failed: 1, skipped: 0, tests: [{ title: phase, state: 'failed', error: message }] }]);
}

// ---- 0. built extension + examples present?
try {
  assertExtensionBuilt();
} catch (e) {
  failEarly('setup', e.message);
}
log(`extension ${EXTENSION_PATH}, examples ${EXAMPLES_DIR}`);

// ---- 1. harness dependencies
if (!args.get('skip-install') && process.env.E2E_SKIP_INSTALL !== '1') {
  const t0 = Date.now();
  const r = spawnSync('sh', [path.join(E2E_DIR, 'scripts', 'install.sh')], { stdio: 'inherit' });
  if (r.status !== 0) failEarly('install', `test/e2e/scripts/install.sh failed (exit ${r.status ?? r.signal})`);
  log(`install check done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

// ---- the pinned kubectl and helm the workspace settings point at (lib/env.mjs RENDERERS_BIN); a no-op when unpacked
{
  const r = spawnSync(process.execPath, [path.join(E2E_DIR, '..', 'renderers', 'install.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) failEarly('install', `test/renderers/install.mjs failed (exit ${r.status ?? r.signal})`);
}

// ---- clear outputs of earlier runs (only what this harness owns)
fs.rmSync(LOGS_DIR, { recursive: true, force: true });
if (fs.existsSync(RESULTS_DIR)) {
  for (const f of fs.readdirSync(RESULTS_DIR)) if (/^e2e-.*\.png$/.test(f)) fs.rmSync(path.join(RESULTS_DIR, f));
}

// ---- 2./3. phases (imported lazily: they need playwright-core from the install step)
const results = [];
async function phase(name, load) {
  if (only && only !== name) return;
  const t0 = Date.now();
  log(`== ${name}`);
  try {
    results.push(await (await load())());
  } catch (e) {
    results.push({
      phase: name,
      passed: 0,
      failed: 1,
      skipped: 0,
      tests: [{ title: name, state: 'failed', error: String(e?.stack ?? e) }],
    });
    console.error(e);
  }
  log(`== ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}
await phase('ext-host', async () => (await import('./lib/ext-host.mjs')).runExtensionHostSuite);
await phase('ui', async () => (await import('./ui.mjs')).runUi);
finish(results);
