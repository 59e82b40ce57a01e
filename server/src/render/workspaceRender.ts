/**
 * Rendering for a workspace (used by the language server): the kustomizations and charts among
 * the indexed files, their entry overlays and charts rendered one pass at a time (a pass asked for
 * while one runs waits for it), and the mapped findings per source file. No LSP here.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { LintOptions } from '../lint';
import { CHART_FILE, HelmRenderer, isChartFile, parseChart } from './helm';
import type { Chart, RenderedChart } from './helm';
import { lintCharts, lintOverlays } from './index';
import { buildLayout, filesRead, isKustomizationFile, parseKustomization } from './kustomization';
import type { Kustomization, KustomizeLayout } from './kustomization';
import { KustomizeRenderer } from './kustomize';
import type { MappedFinding } from './overlay';
import { sourceRole } from './partial';
import type { SourceRole } from './partial';
import type { Renderer } from './renderer';
import type { RenderConfig } from './settings';
import { chartAtBaseline, renderAtBaseline } from './baseline';

export interface RenderPassSummary {
  /** Overlays and charts rendered (or served from the cache), by display name. */
  readonly rendered: readonly string[];
  readonly rendererMs: number;
  readonly totalMs: number;
  /** The mapped findings or the patch/base roles differ from the previous pass's. */
  readonly changed: boolean;
}

const EMPTY: RenderPassSummary = { rendered: [], rendererMs: 0, totalMs: 0, changed: false };

export interface WorkspaceRenderDeps {
  readonly renderer: Renderer;
  readonly readFile: (file: string) => Promise<string | undefined>;
}

export class WorkspaceRender {
  private readonly parsed = new Map<string, Kustomization>();
  private layout: KustomizeLayout = buildLayout([]);
  private mapped = new Map<string, { text: string; findings: MappedFinding[] }>();
  private templates: ReadonlySet<string> = new Set();
  private readonly kustomize: KustomizeRenderer;
  private readonly helm: HelmRenderer;
  private pass: Promise<RenderPassSummary> = Promise.resolve(EMPTY);
  private layoutRead!: () => void;
  private readonly firstLayout = new Promise<void>((resolve) => (this.layoutRead = resolve));
  private passStarted = false;

  constructor(private readonly deps: WorkspaceRenderDeps) {
    this.kustomize = new KustomizeRenderer(deps);
    this.helm = new HelmRenderer({ ...deps, listFiles: listAllFiles });
  }

  /**
   * Re-reads the kustomizations among `files` (absolute path, text): patch and base roles are known without rendering.
   */
  updateLayout(files: Iterable<readonly [string, string]>): KustomizeLayout {
    const ks: Kustomization[] = [];
    for (const [file, text] of files) {
      if (!isKustomizationFile(file)) continue;
      let k = this.parsed.get(file);
      if (k?.text !== text) {
        k = parseKustomization(file, text);
        this.parsed.set(file, k);
      }
      ks.push(k);
    }
    this.layout = buildLayout(ks);
    this.layoutRead();
    return this.layout;
  }

  roleOf(file: string): SourceRole {
    return sourceRole(file, this.layout);
  }

  /** Mapped findings for a source file, while its text is the one rendered. */
  findingsFor(file: string, text: string): readonly MappedFinding[] {
    const m = this.mapped.get(file);
    return m && m.text === text ? m.findings : [];
  }

  /** Chart templates (absolute paths) whose rendered output held a workload in the last pass (trusted workspaces). */
  get workloadTemplates(): ReadonlySet<string> {
    return this.templates;
  }

  /** Every source file with mapped findings: the text rendered, the findings in it. */
  get mappedFiles(): ReadonlyMap<string, { readonly text: string; readonly findings: readonly MappedFinding[] }> {
    return this.mapped;
  }

  /**
   * The rendered objects of the kustomization or chart in `dir` (for the preview of a base, patch or template):
   * the binary when allowed (`binary`), else, for Kustomize, the in-process build; or why there are none.
   * `chartText`: the Chart.yaml of `dir`, when there is one.
   */
  async renderDir(
    dir: string,
    config: RenderConfig,
    binary: boolean,
    chartText?: string,
    baselineRef?: string,
  ): Promise<
    | { readonly text: string; readonly baseline?: string; readonly sources?: RenderedChart['sources'] }
    | { readonly problem: string }
  > {
    const entry = this.layout.byDir.get(dir);
    if (entry) {
      if (binary) {
        const settings = { command: config.kustomizeCommand, timeoutMs: config.timeoutMs };
        const r = await this.kustomize.render(entry, this.layout, settings);
        // "Will this change roll out?": the overlay rendered at the Git baseline too (render/baseline.ts).
        const at =
          r.ok && baselineRef
            ? await renderAtBaseline(entry, this.layout, baselineRef, settings, this.deps.renderer)
            : undefined;
        if (r.ok) return { text: r.overlay.text, ...(at?.ok ? { baseline: at.overlay.text } : {}) };
        if (!r.problem.noAnswer) return { problem: r.problem.message };
      }
      const b = await this.kustomize.renderBuiltIn(entry, this.layout);
      return b.ok
        ? { text: b.overlay.text }
        : { problem: `${b.reason} is not built without kubectl (untrusted workspace or rendering off)` };
    }
    if (chartText === undefined) return { problem: 'no kustomization or Chart.yaml there' };
    if (!binary) return { problem: 'charts are rendered by helm, in trusted workspaces only' };
    const chart = parseChart(path.join(dir, CHART_FILE), chartText);
    const valuesFiles = config.valuesFiles.map((v) => path.resolve(dir, v));
    const settings = { command: config.helmCommand, timeoutMs: config.timeoutMs, release: config.release, valuesFiles };
    const r = await this.helm.render(chart, settings);
    if (!r.ok) return { problem: r.problem.message };
    // "Will this change roll out?": the chart rendered at the Git baseline too (render/baseline.ts).
    const at = baselineRef
      ? await chartAtBaseline(chart, baselineRef, settings, this.deps.renderer, listAllFiles)
      : undefined;
    return { text: r.rendered.text, sources: r.rendered.sources, ...(at?.ok ? { baseline: at.rendered.text } : {}) };
  }

  /** The entry overlays that read `file`, and the charts holding it: the overlays a preview may show it in. */
  overlaysOf(file: string, charts: readonly string[]): string[] {
    const out = this.layout.entries.filter((e) => filesRead(e, this.layout).includes(file)).map((e) => e.dir);
    for (const dir of charts) if (file.startsWith(dir + path.sep)) out.push(dir);
    return out;
  }

  /** A render pass is on its way (the server asked for one): `layoutKnown` waits for its first layout. */
  passStarting(): void {
    this.passStarted = true;
  }

  /** No layout is coming (the render pass failed before reading the kustomizations): stop waiting for it. */
  layoutSettled(): void {
    this.layoutRead();
  }

  /**
   * Resolves once the first render pass has read the kustomizations (or ended without): from then on the overlays a
   * file can be previewed in are known (the preview's overlay quick pick waits for it after startup). At once when no
   * pass was asked for.
   */
  get layoutKnown(): Promise<void> {
    return this.passStarted ? this.firstLayout : Promise.resolve();
  }

  /** The pass running now (or the last one). */
  get current(): Promise<RenderPassSummary> {
    return this.pass;
  }

  /**
   * Renders every entry overlay and chart among `files` (kustomizations and Chart.yaml files at least) after the
   * running pass; `trusted` false clears instead.
   */
  schedule(
    files: () => Promise<Iterable<readonly [string, string]>>,
    config: RenderConfig,
    trusted: boolean,
    options: LintOptions,
    name: (dir: string) => string,
  ): Promise<RenderPassSummary> {
    this.pass = this.pass
      .then(async () => this.run([...(await files())], config, trusted, options, name))
      .catch((e) => (console.error(e), EMPTY))
      .finally(() => this.layoutRead());
    return this.pass;
  }

  private async run(
    files: (readonly [string, string])[],
    config: RenderConfig,
    trusted: boolean,
    options: LintOptions,
    name: (dir: string) => string,
  ): Promise<RenderPassSummary> {
    const started = Date.now();
    const before = this.signature();
    const layout = this.updateLayout(files);
    const mapped = new Map<string, { text: string; findings: MappedFinding[] }>();
    const add = (f: MappedFinding, text: string | undefined) => {
      if (text === undefined) return;
      const entry = mapped.get(f.file) ?? { text, findings: [] };
      entry.findings.push(f);
      mapped.set(f.file, entry);
    };
    // Without trust (or with rendering off) no binary runs: the overlays Rollout Lens understands are built in-process.
    const binary = trusted && config.enabled;
    const settings = { command: config.kustomizeCommand, timeoutMs: config.timeoutMs, binary };
    const kustomize = await lintOverlays(layout, this.kustomize, settings, options, name);
    for (const f of kustomize.findings) add(f, kustomize.sources.get(f.file));
    const rendered = layout.entries.map((e) => name(e.dir));
    let rendererMs = kustomize.rendererMs;
    if (!binary) {
      this.mapped = mapped;
      this.templates = new Set();
      return { rendered, rendererMs, totalMs: Date.now() - started, changed: this.signature() !== before };
    }
    const texts = new Map(files);
    const charts: Chart[] = files.filter(([f]) => isChartFile(f)).map(([f, t]) => parseChart(f, t));
    const helmSettings = {
      command: config.helmCommand,
      timeoutMs: config.timeoutMs,
      release: config.release,
      valuesFiles: config.valuesFiles,
    };
    const readFile = async (f: string) => texts.get(f) ?? (await this.deps.readFile(f));
    const helm = await lintCharts(charts, this.helm, helmSettings, options, name, readFile);
    rendered.push(...charts.map((c) => name(c.dir)));
    rendererMs += helm.rendererMs;
    const sources = new Map<string, string | undefined>();
    for (const f of helm.findings) {
      if (!sources.has(f.file)) sources.set(f.file, await readFile(f.file));
      add(f, sources.get(f.file));
    }
    this.mapped = mapped;
    this.templates = new Set(helm.workloadTemplates);
    return { rendered, rendererMs, totalMs: Date.now() - started, changed: this.signature() !== before };
  }

  /** What diagnostics depend on: roles and mapped findings. */
  private signature(): string {
    const roles = [...this.layout.patchFiles, '|', ...this.layout.resourceFiles.keys()].join('\n');
    const found = [...this.mapped].map(([f, m]) => `${f}\0${m.text.length}\0${JSON.stringify(m.findings)}`).join('\n');
    return `${roles}\n${found}`;
  }
}

/** Every file under a chart folder (templates, helpers, values, subcharts): the cache key of a chart. */
export async function listAllFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) await walk(f);
      else if (e.isFile()) out.push(f);
    }
  };
  await walk(dir);
  return out.sort();
}
