// The CLI over the whole in-repo corpus (test/fixtures/corpus, 430 YAML files, 2.7 MB): wall time of
// `node dist/cli.js lint --format json <corpus>` including Node start-up, median of RUNS runs.
// Baseline in the same run: a Node process that only reads every file and parses it with the
// `yaml` package (parseAllDocuments), i.e. the floor of a linter that parses everything.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CORPUS, figure, median, ms, printResult, ROOT } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
function wall(args) {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const elapsed = performance.now() - start;
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { elapsed, stdout: r.stdout };
}
const baselineScript = `
const fs = require('fs'), path = require('path'), { parseAllDocuments } = require(${JSON.stringify(path.join(ROOT, 'node_modules/yaml'))});
let n = 0;
(function walk(d) { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const f = path.join(d, e.name);
  if (e.isDirectory()) walk(f); else if (/\\.ya?ml$/i.test(e.name)) { parseAllDocuments(fs.readFileSync(f, 'utf8')); n++; } } })(${JSON.stringify(CORPUS)});
console.log(n);`;

const cli = [];
const base = [];
let files = 0;
let diagnostics = 0;
for (let i = 0; i < RUNS; i++) {
  const r = wall([path.join(ROOT, 'dist/cli.js'), 'lint', '--format', 'json', CORPUS]);
  diagnostics = JSON.parse(r.stdout).diagnostics.length;
  cli.push(r.elapsed);
  const b = wall(['-e', baselineScript]);
  files = Number(b.stdout.trim());
  base.push(b.elapsed);
}
console.log(`corpus: ${files} YAML files, ${diagnostics} diagnostics; CLI runs ${cli.map(ms).join(', ')}`);
printResult('corpus', [
  figure('CLI lint of the whole corpus, wall incl. start-up (median)', {
    value: median(cli),
    unit: 'ms',
    baseline: median(base),
    baselineLabel: 'node + read + yaml parseAllDocuments of every file',
    target: 2000,
  }),
]);
