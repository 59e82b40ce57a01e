// Checks what a built VSIX ships: exactly the allowlisted files, no sources or maps, and its size.
// Usage: node scripts/check-vsix.mjs rollout-lens.vsix
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';

const vsix = process.argv[2] ?? 'rollout-lens.vsix';
const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
const files = listing.filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
const allowed = [/^dist\/(extension|extension-lazy|server|webview)\.js$/, /^client\/media\/[\w.-]+$/, /^docs\/rules\/[\w.-]+\.md$/, /^(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/];
const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
const required = ['dist/extension.js', 'dist/extension-lazy.js', 'dist/server.js', 'package.json', 'readme.md'];
const missing = required.filter((f) => !files.includes(f));
const kb = statSync(vsix).size / 1024;
console.log(`${vsix}: ${files.length} files, ${kb.toFixed(1)} KB`);
const problems = [
  ...unexpected.map((f) => `unexpected file in VSIX: ${f}`),
  ...missing.map((f) => `missing from VSIX: ${f}`),
  ...(kb > 1024 ? [`VSIX is ${kb.toFixed(0)} KB, over the 1 MB budget`] : []),
];
for (const p of problems) console.error(p);
console.log(`vsix: ${problems.length ? 0 : 1} passed, ${problems.length ? 1 : 0} failed`);
process.exit(problems.length ? 1 : 0);
