// The test suites of `npm test` and their machine-readable counts: every suite leaves
// test-results/counts/<suite>.json = {"passed": N, "failed": N, "skipped": N}; `summary()` adds them up.
// A suite that left no counts (it crashed or never ran) is one failure, so a broken run never looks green.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const COUNTS_DIR = path.join(REPO_ROOT, 'test-results/counts');

/** The suites of `npm test`, in order; `script` is the npm script that runs each. One table. */
export const SUITES = [
  { name: 'unit', script: 'test:unit', what: 'unit and in-process LSP tests (node:test)' },
  { name: 'vsix', script: 'test:package', what: 'the VSIX ships exactly its bundles and docs' },
  { name: 'cli-package', script: 'test:cli-package', what: 'the CLI npm package, installed offline and run with npx' },
  { name: 'clone', script: 'test:clone', what: 'a fresh clone alone in a temporary folder passes the unit suite' },
  { name: 'e2e', script: 'test:e2e', what: 'real VS Code (code-server) and headless Chromium' },
];

export function countsFile(suite) {
  return path.join(COUNTS_DIR, `${suite}.json`);
}

export function writeCounts(suite, { passed, failed, skipped = 0 }) {
  fs.mkdirSync(COUNTS_DIR, { recursive: true });
  fs.writeFileSync(countsFile(suite), `${JSON.stringify({ suite, passed, failed, skipped })}\n`);
}

/** The e2e harness keeps its own results file; everything else writes countsFile(). */
function readCounts(suite) {
  const file = suite === 'e2e' ? path.join(REPO_ROOT, 'test-results/e2e-results.json') : countsFile(suite);
  if (!fs.existsSync(file)) return undefined;
  try {
    const c = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (Number.isInteger(c.passed) && Number.isInteger(c.failed))
      return { passed: c.passed, failed: c.failed, skipped: c.skipped ?? 0 };
  } catch {
    // unreadable counts are reported like missing ones
  }
  return undefined;
}

export function clearCounts(suite) {
  fs.rmSync(suite === 'e2e' ? path.join(REPO_ROOT, 'test-results/e2e-results.json') : countsFile(suite), {
    force: true,
  });
}

/** One line per suite, then the closing line `N passed, N failed` alone. Returns the totals. */
export function summary(log = console.log) {
  let passed = 0;
  let failed = 0;
  log('');
  for (const s of SUITES) {
    const c = readCounts(s.name);
    if (!c) {
      failed++;
      log(`  ${s.name.padEnd(12)} did not report (counted as 1 failed)`);
      continue;
    }
    passed += c.passed;
    failed += c.failed;
    log(`  ${s.name.padEnd(12)} ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`);
  }
  log(`${passed} passed, ${failed} failed`);
  return { passed, failed };
}
