/**
 * `rollout-lens preview` over every Deployment and StatefulSet of the shared corpus, every scenario (text;
 * JSON for some): each run must exit 0, or exit 2 with one clean `SimulationError`/usage line (never an internal
 * error). The counts are printed so a change in coverage is visible.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { test } from 'node:test';
import { isWorkload, parseManifest } from '../../shared/src/manifest';
import { nodeFileSystem } from '../../server/src/fileSystem';
import { runPreview, type PreviewIo } from '../../server/src/cli/preview';
import { corpusFiles } from '../support/corpus';

/** Scenario flags per scenario; `--replicas` and seconds chosen to exercise scaling and failures. */
const SCENARIOS: Record<string, string[]> = {
  create: ['--scenario', 'create'],
  update: ['--scenario', 'update'],
  'scale-up': ['--scenario', 'scale', '--replicas', '7'],
  'scale-down': ['--scenario', 'scale', '--replicas', '0'],
  fail: ['--scenario', 'fail'],
  'fail-after': ['--fail-after', '5'],
  pause: ['--pause-after', '2'],
  rollback: ['--scenario', 'rollback'],
  'node-failure': ['--force-delete-after', '400'],
};

/** Text renders every field of a plan; the JSON projection is checked for a few scenarios (parsing the big corpus files dominates the run time). */
const JSON_SCENARIOS = new Set(['update', 'fail-after', 'node-failure']);

/** Exit 2 is fine for these (one line, a message a user can act on). */
const EXPECTED_REFUSALS = [
  /^rollout-lens preview: the node-failure scenario applies to StatefulSets only\n$/,
  /^rollout-lens preview: StatefulSets cannot be paused; use updateStrategy\.rollingUpdate\.partition for a canary\n$/,
  /^rollout-lens preview: invalid rollingUpdate(\.maxUnavailable)? value: .+\n$|^rollout-lens preview: invalid rollingUpdate\.maxUnavailable: .+\n$/,
  /^rollout-lens preview: no pod with ordinal \d+ \(ordinals .+\)\n$/,
];

test('preview runs over every corpus Deployment/StatefulSet in every scenario without internal errors', async () => {
  const listings = new Map<string, Promise<string[]>>();
  const texts = new Map<string, Promise<string>>();
  const read = (p: string): Promise<string> => {
    if (!texts.has(p)) texts.set(p, fs.readFile(p, 'utf8'));
    return texts.get(p) as Promise<string>;
  };
  const list = (dir: string): Promise<string[]> => {
    if (!listings.has(dir)) listings.set(dir, nodeFileSystem.listYamlFiles(dir));
    return listings.get(dir) as Promise<string[]>;
  };
  const counts = { files: 0, deployments: 0, statefulSets: 0, runs: 0, ok: 0, refused: 0 };
  const refusals = new Map<string, number>();
  const unexpected: string[] = [];
  for (const file of corpusFiles()) {
    let workloads;
    try {
      workloads = parseManifest(await read(file)).objects.filter(isWorkload);
    } catch (e) {
      unexpected.push(`${file}: parseManifest threw ${(e as Error).message}`);
      continue;
    }
    if (workloads.length > 0) counts.files++;
    for (const w of workloads) {
      if (w.kind === 'Deployment') counts.deployments++;
      else counts.statefulSets++;
      const object = ['--object', `${w.kind}/${w.name ?? ''}`];
      for (const [scenario, flags] of Object.entries(SCENARIOS)) {
        for (const format of JSON_SCENARIOS.has(scenario) ? ['text', 'json'] : ['text']) {
          let stdout = '';
          let stderr = '';
          const io: PreviewIo = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), readFile: read, listYamlFiles: list };
          const argv = [...object, ...flags, '--format', format, file];
          counts.runs++;
          let code: number;
          try {
            code = await runPreview(argv, io);
          } catch (e) {
            unexpected.push(`${argv.join(' ')}: threw ${(e as Error).stack}`);
            continue;
          }
          if (code === 0) {
            counts.ok++;
            if (format === 'json') JSON.parse(stdout);
            assert.equal(stderr, '');
            continue;
          }
          if (code === 2 && EXPECTED_REFUSALS.some((r) => r.test(stderr))) {
            counts.refused++;
            const key = `${scenario}: ${stderr.trim().replace(/\d+/g, 'N')}`;
            refusals.set(key, (refusals.get(key) ?? 0) + 1);
            continue;
          }
          unexpected.push(`${argv.join(' ')}: exit ${code}: ${stderr}`);
        }
      }
    }
  }
  console.log(`corpus preview: ${JSON.stringify(counts)}`);
  for (const [k, n] of [...refusals].sort()) console.log(`  refused ×${n} ${k}`);
  assert.deepEqual(unexpected, []);
  assert.ok(counts.deployments + counts.statefulSets > 50, 'the corpus has workloads');
});
