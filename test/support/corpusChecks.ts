/**
 * The checks run over a corpus of real manifests, shared by the in-repo corpus tests (rules-corpus, sim-corpus) and
 * the optional extra corpus suite (corpus-extra).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lintFile } from '../../server/src/lint';
import { RULES } from '../../server/src/rules';
import { WorkspaceIndex } from '../../server/src/workspace';
import { applyEdits, fixAll } from '../../server/src/codeActions';
import { isWorkload, parseManifest } from '../../shared/src/manifest';
import { nodeFileSystem } from '../../server/src/fileSystem';
import { runPreview, type PreviewIo } from '../../server/src/cli/preview';

/**
 * Every rule on (opt-in ones too), one workspace per top-level folder of `root`: no rule throws, every finding has a
 * non-empty range inside its file, and fix-all leaves the file parseable.
 */
export function checkRulesOverCorpus(root: string, files: string[]): { findings: number; fixedFiles: number } {
  const rules = Object.fromEntries(
    RULES.filter((r) => r.enabledByDefault === false).map((r) => [r.id, r.defaultSeverity] as const),
  );
  const byProject = new Map<string, string[]>();
  for (const f of files) {
    const project = path.relative(root, f).split(path.sep)[0] as string;
    byProject.set(project, [...(byProject.get(project) ?? []), f]);
  }
  const crashes: string[] = [];
  let findings = 0;
  let fixedFiles = 0;
  for (const files of byProject.values()) {
    const index = new WorkspaceIndex();
    for (const f of files) index.update(pathToFileURL(f).href, fs.readFileSync(f, 'utf8'));
    for (const f of files) {
      const file = index.get(pathToFileURL(f).href);
      assert.ok(file);
      const found = lintFile(file, index, {
        rules,
        onRuleError: (rule, e) => crashes.push(`${rule.id} on ${f}: ${String(e)}`),
      });
      for (const x of found) {
        assert.ok(x.span[0] >= 0 && x.span[1] <= file.text.length && x.span[0] <= x.span[1], `${x.rule} range in ${f}`);
        assert.ok(x.message.length > 20, `${x.rule} message in ${f}`);
      }
      findings += found.length;
      const all = fixAll(
        file.uri,
        found.filter((x) => x.rule !== 'unused-suppression'),
      );
      const edits = all?.edits.filter((e) => e.uri === file.uri) ?? [];
      if (edits.length) {
        const fixed = applyEdits(file.text, edits);
        assert.deepEqual(
          parseManifest(fixed).syntaxErrors.filter((e) => e.code === 'yaml-syntax').length,
          parseManifest(file.text).syntaxErrors.filter((e) => e.code === 'yaml-syntax').length,
          `fix-all keeps ${f} parseable`,
        );
        fixedFiles++;
      }
    }
  }
  assert.deepEqual(crashes, []);
  return { findings, fixedFiles };
}

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

/**
 * Text renders every field of a plan; the JSON projection is checked for a few scenarios (parsing the big corpus files
 * dominates the run time).
 */
const JSON_SCENARIOS = new Set(['update', 'fail-after', 'node-failure']);

/** Exit 2 is fine for these (one line, a message a user can act on). */
const EXPECTED_REFUSALS = [
  /^rollout-lens preview: the node-failure scenario applies to StatefulSets only\n$/,
  /^rollout-lens preview: StatefulSets cannot be paused; use updateStrategy\.rollingUpdate\.partition for a canary\n$/,
  /^rollout-lens preview: invalid rollingUpdate(\.maxUnavailable)? value: .+\n$|^rollout-lens preview: invalid rollingUpdate\.maxUnavailable: .+\n$/,
  /^rollout-lens preview: no pod with ordinal \d+ \(ordinals .+\)\n$/,
  /^rollout-lens preview: a DaemonSet has no replicas: it runs one pod on every matching node .+\n$/,
  /^rollout-lens preview: kubectl rollout pause works on Deployments only\n$/,
  /^rollout-lens preview: the node-failure scenario applies to StatefulSets; for a DaemonSet use node-removed\n$/,
];

export interface PreviewCounts {
  files: number;
  deployments: number;
  statefulSets: number;
  daemonSets: number;
  runs: number;
  ok: number;
  refused: number;
}

/**
 * `rollout-lens preview` over every Deployment and StatefulSet of `files`, every scenario (text; JSON for some): each
 * run exits 0, or exits 2 with one clean usage/refusal line (never an internal error). Prints the counts.
 */
export async function checkPreviewOverCorpus(label: string, files: string[]): Promise<PreviewCounts> {
  const listings = new Map<string, Promise<string[]>>();
  const texts = new Map<string, Promise<string>>();
  const read = (p: string): Promise<string> => {
    if (!texts.has(p)) texts.set(p, fsp.readFile(p, 'utf8'));
    return texts.get(p) as Promise<string>;
  };
  const list = (dir: string): Promise<string[]> => {
    if (!listings.has(dir)) listings.set(dir, nodeFileSystem.listYamlFiles(dir));
    return listings.get(dir) as Promise<string[]>;
  };
  const counts = { files: 0, deployments: 0, statefulSets: 0, daemonSets: 0, runs: 0, ok: 0, refused: 0 };
  const refusals = new Map<string, number>();
  const unexpected: string[] = [];
  for (const file of files) {
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
      else if (w.kind === 'StatefulSet') counts.statefulSets++;
      else counts.daemonSets++;
      const object = ['--object', `${w.kind}/${w.name ?? ''}`];
      for (const [scenario, flags] of Object.entries(SCENARIOS)) {
        for (const format of JSON_SCENARIOS.has(scenario) ? ['text', 'json'] : ['text']) {
          let stdout = '';
          let stderr = '';
          const io: PreviewIo = {
            stdout: (s) => void (stdout += s),
            stderr: (s) => void (stderr += s),
            readFile: read,
            listYamlFiles: list,
          };
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
  console.log(`${label} preview: ${JSON.stringify(counts)}`);
  for (const [k, n] of [...refusals].sort()) console.log(`  refused ×${n} ${k}`);
  assert.deepEqual(unexpected, []);
  return counts;
}
