// `npm run bench`: builds (tsc -b for out/, scripts/build.mjs for dist/), installs this folder's
// dev dependency (yaml-language-server, the keystroke baseline) if missing, then runs every
// benchmark one after the other, each in its own Node process, and prints a summary table.
// Writes bench/results/latest.json. Timings are medians/p95 of repeated runs inside each script;
// other processes on the machine move them: compare figures taken in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BENCH, ROOT } from './lib.mjs';

const only = process.argv.slice(2);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });

console.log('== build');
if (run(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b']).status !== 0) {
  console.log('  (tsc -b reported errors; out/ is emitted anyway and the benchmarks use it)');
}
if (run(process.execPath, ['scripts/build.mjs']).status !== 0) process.exit(1);
if (!existsSync(path.join(BENCH, 'node_modules/yaml-language-server'))) {
  console.log('== npm install in bench/ (yaml-language-server, the keystroke baseline)');
  run(os.platform() === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund'], { cwd: BENCH });
}

const results = [];
let productionDist;
function bench(name, file, env = {}) {
  if (only.length && !only.includes(name)) return;
  if (!existsSync(path.join(BENCH, file))) {
    console.log(`== ${name}: ${file} not present, skipped`);
    return;
  }
  console.log(`== ${name} (${file})`);
  const r = spawnSync(process.execPath, [path.join(BENCH, file)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('RESULT ')) results.push(JSON.parse(line.slice('RESULT '.length)));
    else if (line.startsWith('PRODUCTION_DIST ')) productionDist = line.slice('PRODUCTION_DIST '.length);
    else if (line) console.log(line);
  }
  if (r.status !== 0) {
    console.log(`  ${name} failed (exit ${r.status}):\n${r.stderr}`);
    results.push({ bench: name, error: r.stderr.slice(0, 2000) });
  }
}

bench('keystroke', 'keystroke.mjs');
// Real VS Code (code-server + Chromium from test/e2e): only when named (`node bench/run.mjs editor-latency`).
if (only.includes('editor-latency')) bench('editor-latency', 'editor-latency.mjs');
bench('cold', 'cold.mjs');
bench('corpus', 'corpus.mjs');
bench('workspace', 'workspace.mjs');
bench('size', 'size.mjs', { BENCH_KEEP: '1' });
bench('render', 'render.mjs');
bench('activation', 'activation.mjs', productionDist ? { BENCH_DIST: productionDist } : {});
// Hardening figures (#16): 100,000 documents, a 50 MB file, 20,000 files, a 2,000-edit storm (about 2 minutes).
bench('harden', 'harden.mjs');
// The simulator's and the webview's benchmarks belong to their engineers: run as they are, output shown.
for (const [name, file] of [
  ['sim', 'sim.mjs'],
  ['webview', 'webview.mjs'],
]) {
  if (only.length && !only.includes(name)) continue;
  if (!existsSync(path.join(BENCH, file))) {
    console.log(`== ${name}: ${file} not present, skipped`);
    continue;
  }
  console.log(`== ${name} (${file}, run as is)`);
  const r = spawnSync(process.execPath, [path.join(BENCH, file)], { cwd: ROOT, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  const figures = [];
  const big = /10,000 replicas:\s+([\d.]+) ms/.exec(r.stdout);
  const small = /100 replicas:\s+([\d.]+) ms/.exec(r.stdout);
  if (name === 'sim' && big) {
    const value = Number(big[1]);
    const baseline = small ? Number(small[1]) : undefined;
    figures.push({
      name: 'simulator: 10,000-replica Deployment plan',
      value,
      unit: 'ms',
      baseline,
      baselineLabel: '100-replica plan',
      ratio: baseline ? baseline / value : undefined,
      target: 50,
      met: value < 50,
    });
  }
  results.push({ bench: name, figures, output: r.stdout.trim(), exit: r.status });
  if (r.status !== 0) console.log(`  ${name} exited ${r.status}: ${r.stderr.slice(0, 1000)}`);
}

const fmt = (f, v) =>
  v === undefined
    ? ''
    : f.unit === 'ms'
      ? `${v.toFixed(v < 10 ? 2 : 1)} ms`
      : f.unit === 'bytes'
        ? `${(v / 1024).toFixed(1)} KB`
        : f.unit === 'MB'
          ? `${v.toFixed(1)} MB`
          : String(v);
console.log(
  '\n== summary (machine: ' +
    os.cpus().length +
    ' cores, load average ' +
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ') +
    ')',
);
console.log('| figure | value | baseline | ratio | target | met |');
console.log('|---|---|---|---|---|---|');
for (const r of results) {
  for (const f of r.figures ?? []) {
    const ratio =
      f.ratio === undefined
        ? ''
        : f.ratio >= 1
          ? `${f.ratio.toFixed(1)}× better`
          : `${(1 / f.ratio).toFixed(1)}× worse`;
    console.log(
      `| ${f.name} | ${fmt(f, f.value)} | ${f.baseline === undefined ? '' : `${fmt(f, f.baseline)} (${f.baselineLabel})`} | ${ratio} | ${f.target === undefined ? '' : `< ${fmt(f, f.target)}`} | ${f.met === undefined ? '' : f.met ? 'yes' : '**no**'} |`,
    );
  }
}
mkdirSync(path.join(BENCH, 'results'), { recursive: true });
writeFileSync(
  path.join(BENCH, 'results/latest.json'),
  JSON.stringify(
    { date: new Date().toISOString(), node: process.version, cores: os.cpus().length, loadavg: os.loadavg(), results },
    null,
    2,
  ) + '\n',
);
if (productionDist) spawnSync('rm', ['-rf', path.dirname(productionDist)]);
