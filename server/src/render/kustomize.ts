/**
 * Rendering an entry overlay with the user's Kustomize (`kubectl kustomize` by default): through a
 * temporary wrapper kustomization that adds `buildMetadata: [originAnnotations]`, so every rendered
 * object names the file it came from; the annotation is removed before linting. Remote bases are
 * refused before running; missing binary, failure and timeout become one problem on the kustomization.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, parse, parseAllDocuments } from 'yaml';
import type { Span } from '../../../shared/src/manifest';
import { closure, filesRead } from './kustomization';
import type { Kustomization, KustomizeLayout } from './kustomization';
import { splitCommand, stderrHead } from './renderer';
import type { Renderer } from './renderer';
import { renderBuiltIn } from './builtIn';
import type { BuiltInResult } from './builtIn';

export const DEFAULT_KUSTOMIZE_COMMAND = 'kubectl kustomize';
export const DEFAULT_RENDER_TIMEOUT_SECONDS = 10;
const ORIGIN = 'config.kubernetes.io/origin';

export interface RenderSettings {
  readonly command: string;
  readonly timeoutMs: number;
  /** false: no binary runs; the overlays are built in-process (builtIn.ts) where understood. */
  readonly binary?: boolean;
}

/** Why an overlay was not rendered: a diagnostic on `file`. */
export interface RenderProblem {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
  /** A remote base, not fetched (information, not a failure). */
  readonly remote?: boolean;
  /** The binary gave no answer (missing, timed out): the in-process build may stand in. */
  readonly noAnswer?: boolean;
}

/** Where a rendered document came from (Kustomize's origin annotation, paths made absolute). */
export interface Origin {
  /** The resource file. */
  readonly path?: string;
  /** The kustomization whose generator made the object. */
  readonly configuredIn?: string;
}

export interface RenderedOverlay {
  readonly entry: Kustomization;
  /** The rendered objects, origin annotations removed. */
  readonly text: string;
  /** Origin per document of `text`. */
  readonly origins: readonly (Origin | undefined)[];
  /** Every file the rendering read, with its text (sources of the mapping back). */
  readonly sources: ReadonlyMap<string, string>;
  /** Time the renderer process took, ms (0 when served from the cache). */
  readonly rendererMs: number;
}

export type RenderResult =
  { readonly ok: true; readonly overlay: RenderedOverlay } | { readonly ok: false; readonly problem: RenderProblem };

export interface RenderDeps {
  readonly renderer: Renderer;
  /** Reads a file; undefined when it does not exist. */
  readonly readFile: (file: string) => Promise<string | undefined>;
}

/** Renders entry overlays, cached by the content of every file each one reads. */
export class KustomizeRenderer {
  private readonly cache = new Map<string, { key: string; result: RenderResult }>();

  constructor(private readonly deps: RenderDeps) {}

  async render(entry: Kustomization, layout: KustomizeLayout, settings: RenderSettings): Promise<RenderResult> {
    const remote = closure(entry, layout).flatMap((k) => k.remote.map((r) => ({ k, r })))[0];
    if (remote) {
      return problem(
        remote.k.file,
        remote.r.span,
        `remote base ${remote.r.value} is not fetched: Rollout Lens renders without network access`,
        true,
      );
    }
    const { sources, key } = await readSources(entry, layout, this.deps.readFile, settings.command);
    const cached = this.cache.get(entry.dir);
    if (cached?.key === key) {
      return cached.result.ok ? { ok: true, overlay: { ...cached.result.overlay, rendererMs: 0 } } : cached.result;
    }
    const result = await this.run(entry, settings, sources);
    this.cache.set(entry.dir, { key, result });
    return result;
  }

  /** The entry built in-process (builtIn.ts): no binary runs, so any workspace may. */
  async renderBuiltIn(entry: Kustomization, layout: KustomizeLayout): Promise<BuiltInResult> {
    const { sources } = await readSources(entry, layout, this.deps.readFile);
    return renderBuiltIn(entry, layout, sources);
  }

  private async run(
    entry: Kustomization,
    settings: RenderSettings,
    sources: Map<string, string>,
  ): Promise<RenderResult> {
    const argv = splitCommand(settings.command);
    if (argv.length === 0) return problem(entry.file, firstLine(entry.text), 'rolloutLens.kustomize.command is empty');
    const wrapper = await mkdtemp(path.join(os.tmpdir(), 'rollout-lens-kustomize-'));
    try {
      // Kustomize refuses absolute resource paths: the wrapper names the overlay relative to itself.
      const rel = path.relative(wrapper, entry.dir).split(path.sep).join('/');
      await writeFile(
        path.join(wrapper, 'kustomization.yaml'),
        `resources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations]\n`,
      );
      const r = await this.deps.renderer.run([...argv, wrapper], { cwd: wrapper, timeoutMs: settings.timeoutMs });
      const what = `\`${settings.command}\``;
      if (r.status === 'missing') {
        return problem(
          entry.file,
          firstLine(entry.text),
          `${what} cannot run: ${argv[0]} was not found (setting rolloutLens.kustomize.command)`,
          false,
          true,
        );
      }
      if (r.status === 'timeout') {
        return problem(
          entry.file,
          firstLine(entry.text),
          `${what} did not finish within ${settings.timeoutMs / 1000} s (setting rolloutLens.render.timeout)`,
          false,
          true,
        );
      }
      if (r.status === 'failed') {
        return problem(
          entry.file,
          firstLine(entry.text),
          `${what} failed: ${stderrHead(unwrapError(r.stderr, entry.dir)) || `exit code ${r.exitCode}`}`,
        );
      }
      const { text, origins } = stripOrigins(r.stdout, wrapper);
      return { ok: true, overlay: { entry, text, origins, sources, rendererMs: r.ms } };
    } finally {
      await rm(wrapper, { recursive: true, force: true });
    }
  }
}

/** Every file an entry's rendering reads, with its text, and a key of their contents (and of `salt`). */
export async function readSources(
  entry: Kustomization,
  layout: KustomizeLayout,
  readFile: (file: string) => Promise<string | undefined>,
  salt = '',
): Promise<{ sources: Map<string, string>; key: string }> {
  const sources = new Map<string, string>();
  const hash = createHash('sha256').update(salt);
  for (const file of filesRead(entry, layout)) {
    const text = await readFile(file);
    hash
      .update(file)
      .update('\0')
      .update(text ?? '\u0001missing')
      .update('\0');
    if (text !== undefined) sources.set(file, text);
  }
  return { sources, key: hash.digest('hex') };
}

/** Kustomize's error without the layer our wrapper adds (`accumulating resources from '<wrapper path>' ...`). */
export function unwrapError(stderr: string, dir: string): string {
  const marker = `recursed accumulation of path '${dir}': `;
  const at = stderr.indexOf(marker);
  return at < 0 ? stderr : 'error: ' + stderr.slice(at + marker.length);
}

/** The first line of a file: where a problem about the whole kustomization is shown. */
export function firstLine(text: string): Span {
  const end = text.indexOf('\n');
  return [0, end < 0 ? text.length : end];
}

function problem(file: string, span: Span, message: string, remote = false, noAnswer = false): RenderResult {
  return {
    ok: false,
    problem: { file, span, message, ...(remote ? { remote } : {}), ...(noAnswer ? { noAnswer } : {}) },
  };
}

/** Removes the origin annotations from Kustomize's output, returning them per document (paths absolute). */
export function stripOrigins(output: string, wrapperDir: string): { text: string; origins: (Origin | undefined)[] } {
  const origins: (Origin | undefined)[] = [];
  const docs: string[] = [];
  // uniqueKeys: false here and wherever rendered or source YAML is read in server/src/render: the parser's own
  // duplicate check is pairwise per map (a 20,000-key ConfigMap: 2.6 s instead of 0.5 s).
  for (const doc of parseAllDocuments(output, { uniqueKeys: false })) {
    if (!('contents' in doc)) continue;
    const annotations = doc.getIn(['metadata', 'annotations']);
    let origin: Origin | undefined;
    if (isMap(annotations)) {
      const raw = annotations.get(ORIGIN);
      if (typeof raw === 'string') {
        const o = parse(raw) as { path?: unknown; configuredIn?: unknown } | null;
        const abs = (p: unknown) => (typeof p === 'string' ? path.resolve(wrapperDir, p) : undefined);
        const p = abs(o?.path);
        const c = abs(o?.configuredIn);
        origin = { ...(p ? { path: p } : {}), ...(c ? { configuredIn: c } : {}) };
        annotations.delete(ORIGIN);
        if (annotations.items.length === 0) doc.deleteIn(['metadata', 'annotations']);
      }
    }
    origins.push(origin);
    docs.push(doc.toString({ directives: false }));
  }
  return { text: docs.join('---\n'), origins };
}
