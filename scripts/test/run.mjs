// `npm test`: the build, then every suite of SUITES (scripts/test/counts.mjs) in turn, each to the end even when an
// earlier one failed; then one line per suite and the closing line `N passed, N failed`. Exit 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, SUITES, clearCounts, summary } from './counts.mjs';

const npm = (script) => spawnSync('npm', ['run', script], { cwd: REPO_ROOT, stdio: 'inherit' }).status === 0;

for (const s of SUITES) clearCounts(s.name);
let ok = npm('build');
if (ok) {
  // Lint first (the boundaries of ARCHITECTURE.md as import restrictions); the suites run even when it fails.
  console.log('\n=== lint: ESLint (npm run lint)');
  if (!npm('lint')) {
    ok = false;
    console.error('npm test: lint failed');
  }
  console.log('\n=== format: Prettier (npm run format:check; `npm run format` rewrites)');
  if (!npm('format:check')) {
    ok = false;
    console.error('npm test: formatting differs from Prettier');
  }
  for (const s of SUITES) {
    console.log(`\n=== ${s.name}: ${s.what} (npm run ${s.script})`);
    if (!npm(s.script)) ok = false;
  }
} else {
  console.error('npm test: the build failed; no suite ran');
}
const { failed } = summary();
process.exit(ok && failed === 0 ? 0 : 1);
