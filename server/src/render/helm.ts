/**
 * Helm charts: chart roots (`Chart.yaml`), rendering with the user's `helm template <release> <chart>`
 * (no network, no dependency fetching: a dependency missing from `charts/` is reported), and the
 * findings of the rendered objects placed on the template lines producing them (helmMap.ts).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { isWorkload, parseManifest } from '../../../shared/src/manifest';
import type { Span } from '../../../shared/src/manifest';
import { spanOf, valueOf } from '../../../shared/src/yamlPath';
import { lintFile } from '../lint';
import type { LintOptions } from '../lint';
import { WorkspaceIndex } from '../workspace';
import { firstLine } from './kustomize';
import type { RenderProblem, RenderSettings } from './kustomize';
import { fieldPathAt } from './mapBack';
import type { MappedFinding } from './overlay';
import { splitCommand, stderrHead } from './renderer';
import type { Renderer } from './renderer';
import { templatePlace } from './helmMap';

export const CHART_FILE = 'Chart.yaml';
export const DEFAULT_HELM_COMMAND = 'helm';
export const DEFAULT_RELEASE = 'release';

export interface HelmSettings extends RenderSettings {
  readonly release: string;
  /** Values files (absolute paths), in order. */
  readonly valuesFiles: readonly string[];
}

export interface Chart {
  readonly dir: string;
  readonly file: string;
  readonly text: string;
  readonly name?: string;
  readonly dependencies: readonly { readonly name: string; readonly span: Span }[];
}

export function isChartFile(file: string): boolean {
  return path.posix.basename(file) === CHART_FILE;
}

export function parseChart(file: string, text: string): Chart {
  const doc = parseDocument(text, { uniqueKeys: false });
  const root = doc.contents;
  const name = valueOf(root, 'name');
  const deps = valueOf(root, 'dependencies');
  const dependencies: { name: string; span: Span }[] = [];
  if (isSeq(deps)) {
    for (const d of deps.items) {
      const n = isMap(d) ? d.get('name', true) : undefined;
      if (isScalar(n) && typeof n.value === 'string') dependencies.push({ name: n.value, span: spanOf(n) as Span });
    }
  }
  return {
    dir: path.posix.dirname(file),
    file,
    text,
    ...(isScalar(name) && typeof name.value === 'string' ? { name: name.value } : {}),
    dependencies,
  };
}

/** A rendered chart: its objects' text and the template each document came from (by offset). */
export interface RenderedChart {
  readonly chart: Chart;
  readonly text: string;
  readonly sources: readonly { readonly start: number; readonly end: number; readonly template: string }[];
  readonly rendererMs: number;
}

export type HelmResult =
  { readonly ok: true; readonly rendered: RenderedChart } | { readonly ok: false; readonly problem: RenderProblem };

export interface HelmDeps {
  readonly renderer: Renderer;
  readonly readFile: (file: string) => Promise<string | undefined>;
  /** The files of a chart folder (for the cache key: templates, values, subcharts). */
  readonly listFiles: (dir: string) => Promise<string[]>;
}

/** Splits `helm template` output at its `# Source: <chart>/<path>` comments; templates as absolute paths. */
export function splitHelmOutput(output: string, chart: Chart): Pick<RenderedChart, 'text' | 'sources'> {
  const sources: { start: number; end: number; template: string }[] = [];
  const parts: string[] = [];
  let at = 0;
  for (const chunk of output.split(/^---[ \t]*\r?\n/m)) {
    const m = /^# Source: ([^\n]+)/m.exec(chunk);
    if (!m || chunk.trim() === m[0].trim()) continue;
    const rel = (m[1] as string).trim().split('/').slice(1).join('/'); // drop the chart name
    const text = chunk.endsWith('\n') ? chunk : chunk + '\n';
    const start = at + (parts.length ? 4 : 0);
    parts.push(text);
    at = start + text.length;
    sources.push({ start, end: at, template: path.posix.join(chart.dir, rel) });
  }
  return { text: parts.join('---\n'), sources };
}

/** The template (absolute path) a rendered offset came from. */
export function sourceTemplate(sources: RenderedChart['sources'], offset: number): string | undefined {
  return sources.find((s) => s.start <= offset && offset < s.end)?.template;
}

/** The templates whose rendered output holds a workload (Deployment, StatefulSet, DaemonSet): the previewable ones. */
export function workloadTemplates(rendered: Pick<RenderedChart, 'text' | 'sources'>): string[] {
  const out = new Set<string>();
  for (const o of parseManifest(rendered.text).objects) {
    const template = isWorkload(o) ? sourceTemplate(rendered.sources, o.span[0]) : undefined;
    if (template !== undefined) out.add(template);
  }
  return [...out];
}

export class HelmRenderer {
  private readonly cache = new Map<string, { key: string; result: HelmResult }>();

  constructor(private readonly deps: HelmDeps) {}

  async render(chart: Chart, settings: HelmSettings): Promise<HelmResult> {
    const files = await this.deps.listFiles(chart.dir);
    for (const dep of chart.dependencies) {
      const present = files.some(
        (f) =>
          f.startsWith(path.posix.join(chart.dir, 'charts', dep.name) + '/') ||
          new RegExp(`^${path.posix.join(chart.dir, 'charts')}/${dep.name}-[^/]*\\.tgz$`).test(f),
      );
      if (!present) {
        return fail(
          chart.file,
          dep.span,
          `dependency chart ${dep.name} is missing from charts/: Rollout Lens does not fetch dependencies (run helm dependency build)`,
        );
      }
    }
    const hash = createHash('sha256').update(JSON.stringify(settings));
    for (const f of [...files, ...settings.valuesFiles].sort())
      hash
        .update(f)
        .update('\0')
        .update((await this.deps.readFile(f)) ?? '\u0001')
        .update('\0');
    const key = hash.digest('hex');
    const cached = this.cache.get(chart.dir);
    if (cached?.key === key)
      return cached.result.ok ? { ok: true, rendered: { ...cached.result.rendered, rendererMs: 0 } } : cached.result;
    const result = await this.run(chart, settings);
    this.cache.set(chart.dir, { key, result });
    return result;
  }

  private async run(chart: Chart, settings: HelmSettings): Promise<HelmResult> {
    const argv = splitCommand(settings.command);
    const where = firstLine(chart.text);
    if (argv.length === 0) return fail(chart.file, where, 'rolloutLens.helm.command is empty');
    const values = settings.valuesFiles.flatMap((v) => ['--values', v]);
    const r = await this.deps.renderer.run([...argv, 'template', settings.release, chart.dir, ...values], {
      cwd: chart.dir,
      timeoutMs: settings.timeoutMs,
    });
    const what = `\`${settings.command} template\``;
    if (r.status === 'missing')
      return fail(chart.file, where, `${what} cannot run: ${argv[0]} was not found (setting rolloutLens.helm.command)`);
    if (r.status === 'timeout')
      return fail(
        chart.file,
        where,
        `${what} did not finish within ${settings.timeoutMs / 1000} s (setting rolloutLens.render.timeout)`,
      );
    if (r.status === 'failed')
      return fail(chart.file, where, `${what} failed: ${stderrHead(r.stderr) || `exit code ${r.exitCode}`}`);
    return { ok: true, rendered: { chart, ...splitHelmOutput(r.stdout, chart), rendererMs: r.ms } };
  }
}

function fail(file: string, span: Span, message: string): HelmResult {
  return { ok: false, problem: { file, span, message } };
}

/** Lints a rendered chart; findings land in template files (`chart` names it in messages). */
export function lintChart(
  rendered: RenderedChart,
  chartName: string,
  templates: ReadonlyMap<string, string>,
  options: LintOptions = {},
): MappedFinding[] {
  const uri = `rollout-lens-rendered:${chartName}`;
  const index = new WorkspaceIndex();
  index.update(uri, rendered.text);
  const file = index.get(uri);
  if (!file) return [];
  const out: MappedFinding[] = [];
  for (const f of lintFile(file, index, options)) {
    const object = file.manifest.objects.find((o) => o.span[0] <= f.span[0] && f.span[0] < o.span[1]);
    const source = rendered.sources.find((s) => s.start <= f.span[0] && f.span[0] < s.end);
    const template = source ? templates.get(source.template) : undefined;
    if (!object || !source || template === undefined) continue;
    const place = templatePlace(template, object.kind, fieldPathAt(object.node, f.span));
    if (!place) continue;
    const { related: _dropped, data: _fixes, ...rest } = f; // edits of the rendered text: not for templates
    const from = place.feed ? `, from ${place.feed}` : '';
    out.push({
      ...rest,
      span: place.span,
      file: source.template,
      overlay: chartName,
      message: `${f.message} (in chart ${chartName}${from})`,
    });
  }
  return out;
}
