// Checks what a built VSIX ships: exactly the allowlisted files, no sources or maps, and its size.
// Usage: node scripts/check-vsix.mjs rollout-lens.vsix
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { writeCounts } from './test/counts.mjs';

const vsix = process.argv[2] ?? 'rollout-lens.vsix';
const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
const files = listing.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
const allowed = [
  /^dist\/(extension|extension-lazy|server|webview)\.js$/,
  /^client\/media\/[\w.-]+$/,
  /^docs\/rules\/[\w.-]+\.md$/,
  /^(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
];
const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
const required = ['dist/extension.js', 'dist/extension-lazy.js', 'dist/server.js', 'package.json', 'readme.md'];
const missing = required.filter((f) => !files.includes(f));
const kb = statSync(vsix).size / 1024;
console.log(`${vsix}: ${files.length} files, ${kb.toFixed(1)} KB`);
/** One check per property of the package; each lists its problems. */
const checks = [
  { name: 'only allowlisted files', problems: unexpected.map((f) => `unexpected file in VSIX: ${f}`) },
  { name: 'required files present', problems: missing.map((f) => `missing from VSIX: ${f}`) },
  { name: 'size within 1 MB', problems: kb > 1024 ? [`VSIX is ${kb.toFixed(0)} KB, over the 1 MB budget`] : [] },
];
for (const c of checks) for (const p of c.problems) console.error(p);
const failed = checks.filter((c) => c.problems.length).length;
writeCounts('vsix', { passed: checks.length - failed, failed });
console.log(`vsix: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
