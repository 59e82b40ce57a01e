// Cold validation of the 2 MB install manifest, in-process: what the server does when the file is
// opened (parse into a fresh workspace index, run every rule, build the line index, convert the
// findings' offsets to positions). Baseline in the same process: the `yaml` package parsing the
// same text with parseAllDocuments (the parser Rollout Lens and yaml-language-server both use).
// The first run (cold JIT) is printed; the figure is the median of RUNS runs, each with a new index.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BIG_FILE, figure, median, ms, printResult, require, ROOT } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const { WorkspaceIndex } = require(path.join(ROOT, 'out/server/src/workspace.js'));
const { lintFile } = require(path.join(ROOT, 'out/server/src/lint.js'));
const { parseAllDocuments } = require(path.join(ROOT, 'node_modules/yaml'));
const text = readFileSync(BIG_FILE, 'utf8');

function validate() {
  const index = new WorkspaceIndex();
  const { file } = index.update('file:///bench/install.yaml', text);
  const findings = lintFile(file, index);
  for (const f of findings) (file.lines.positionAt(f.span[0]), file.lines.positionAt(f.span[1]));
  return findings.length;
}
function time(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const first = time(validate);
const ours = Array.from({ length: RUNS }, () => time(validate));
const yaml = Array.from({ length: Math.max(5, Math.floor(RUNS / 3)) }, () => time(() => parseAllDocuments(text)));
console.log(
  `cold: ${path.basename(path.dirname(BIG_FILE))}/install.yaml, ${(text.length / 1e6).toFixed(2)} M chars, ${validate()} findings; first run ${ms(first)}; median of ${RUNS} runs`,
);
const figures = [
  figure('cold validation of the 2 MB file (median)', {
    value: median(ours),
    unit: 'ms',
    baseline: median(yaml),
    baselineLabel: 'yaml parseAllDocuments alone',
    target: 60,
  }),
  figure('cold validation, first run in a fresh process', {
    value: first,
    unit: 'ms',
    baseline: median(yaml),
    baselineLabel: 'yaml parseAllDocuments alone',
    target: 60,
    note: 'includes JIT warm-up',
  }),
];
printResult('cold', figures);
