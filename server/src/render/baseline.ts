/**
 * "Will this change roll out?" for a rendered overlay: the overlay is rendered at a Git baseline too
 * (every file it reads, taken from `git show <ref>:<path>` into a temporary copy of the tree) and each
 * workload of the current rendering is classified against the baseline's (shared/src/preview/
 * changeClassifier.ts). A configMapGenerator literal change renames the hashed ConfigMap, so the pod
 * template changes: a rollout; a `replicas` change is a scale.
 */
import { mkdir, mkdtemp, readFile as readDisk, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { isWorkload, parseManifest } from '../../../shared/src/manifest';
import { classifyChange } from '../../../shared/src/preview/changeClassifier';
import type { ChangeReport } from '../../../shared/src/preview/changeClassifier';
import { HelmRenderer, parseChart } from './helm';
import type { Chart, HelmResult, HelmSettings } from './helm';
import { filesRead, loadLayout } from './kustomization';
import type { Kustomization, KustomizeLayout } from './kustomization';
import { KustomizeRenderer } from './kustomize';
import type { RenderResult, RenderSettings } from './kustomize';
import type { Renderer } from './renderer';

export interface ObjectChange {
  /** `Deployment/prod-web`. */
  readonly object: string;
  readonly report: ChangeReport;
}

/** Classifies every workload of `current` (rendered text) against the same kind/name in `baseline`. */
export function classifyRendered(baseline: string, current: string): ObjectChange[] {
  const before = parseManifest(baseline).objects.filter(isWorkload);
  const out: ObjectChange[] = [];
  for (const o of parseManifest(current).objects.filter(isWorkload)) {
    const b = before.find((x) => x.kind === o.kind && x.name === o.name && x.namespace === o.namespace);
    out.push({ object: `${o.kind}/${o.name ?? '<unnamed>'}`, report: classifyChange(o.kind, b?.value, o.value) });
  }
  return out;
}

/** Renders `entry` as it is at Git `ref` (files it reads now, at their `ref` content; new files left out). */
export async function renderAtBaseline(
  entry: Kustomization,
  layout: KustomizeLayout,
  ref: string,
  settings: RenderSettings,
  renderer: Renderer,
): Promise<RenderResult> {
  const git = async (args: string[]) =>
    renderer.run(['git', '-C', entry.dir, ...args], { cwd: entry.dir, timeoutMs: settings.timeoutMs });
  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.status !== 'ok')
    return {
      ok: false,
      problem: { file: entry.file, span: [0, 0], message: `no Git baseline: ${top.stderr.trim() || top.status}` },
    };
  const root = top.stdout.trim();
  const copy = await mkdtemp(path.join(os.tmpdir(), 'rollout-lens-baseline-'));
  try {
    for (const file of filesRead(entry, layout)) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (rel.startsWith('..')) continue;
      const shown = await git(['show', `${ref}:${rel}`]);
      if (shown.status !== 'ok') continue; // new since the baseline
      await mkdir(path.dirname(path.join(copy, rel)), { recursive: true });
      await writeFile(path.join(copy, rel), shown.stdout);
    }
    const readFile = (f: string) => readDisk(f, 'utf8').catch(() => undefined);
    const loaded = await loadLayout(path.join(copy, path.relative(root, entry.dir)), readFile);
    if (!loaded)
      return {
        ok: false,
        problem: { file: entry.file, span: [0, 0], message: `${path.basename(entry.file)} is not in ${ref}` },
      };
    return await new KustomizeRenderer({ renderer, readFile }).render(loaded.entry, loaded.layout, settings);
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/**
 * Renders `chart` as it is at Git `ref` (its files now, at their `ref` content; new files left out), with the same
 * settings; values files inside the chart at `ref` too. `listFiles`: the files of a chart folder.
 */
export async function chartAtBaseline(
  chart: Chart,
  ref: string,
  settings: HelmSettings,
  renderer: Renderer,
  listFiles: (dir: string) => Promise<string[]>,
): Promise<HelmResult> {
  const git = async (args: string[]) =>
    renderer.run(['git', '-C', chart.dir, ...args], { cwd: chart.dir, timeoutMs: settings.timeoutMs });
  const problem = (message: string): HelmResult => ({
    ok: false,
    problem: { file: chart.file, span: [0, 0], message },
  });
  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.status !== 'ok') return problem(`no Git baseline: ${top.stderr.trim() || top.status}`);
  const root = top.stdout.trim();
  const copy = await mkdtemp(path.join(os.tmpdir(), 'rollout-lens-baseline-'));
  const inCopy = (file: string) => path.join(copy, path.relative(root, file));
  try {
    for (const file of await listFiles(chart.dir)) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (rel.startsWith('..')) continue;
      const shown = await git(['show', `${ref}:${rel}`]);
      if (shown.status !== 'ok') continue; // new since the baseline
      await mkdir(path.dirname(inCopy(file)), { recursive: true });
      await writeFile(inCopy(file), shown.stdout);
    }
    const readFile = (f: string) => readDisk(f, 'utf8').catch(() => undefined);
    const chartFile = inCopy(chart.file);
    const text = await readFile(chartFile);
    if (text === undefined) return problem(`${path.basename(chart.file)} is not in ${ref}`);
    const inside = (f: string) => f.startsWith(chart.dir + path.sep);
    const valuesFiles = settings.valuesFiles.map((v) => (inside(v) ? inCopy(v) : v));
    return await new HelmRenderer({ renderer, readFile, listFiles }).render(parseChart(chartFile, text), {
      ...settings,
      valuesFiles,
    });
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}
