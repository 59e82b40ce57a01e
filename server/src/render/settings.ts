/**
 * Render settings (`rolloutLens.kustomize.*`, `rolloutLens.helm.*`, `rolloutLens.render.*`) read from raw client
 * values.
 */
import { DEFAULT_KUSTOMIZE_COMMAND, DEFAULT_RENDER_TIMEOUT_SECONDS } from './kustomize';
import { DEFAULT_HELM_COMMAND, DEFAULT_RELEASE } from './helm';

export interface RenderConfig {
  /** Run renderers at all (off: sources only, with patch awareness). */
  readonly enabled: boolean;
  readonly kustomizeCommand: string;
  readonly helmCommand: string;
  readonly release: string;
  /** Values files, relative to the chart folder or absolute. */
  readonly valuesFiles: readonly string[];
  readonly timeoutMs: number;
}

export const DEFAULT_RENDER_CONFIG: RenderConfig = {
  enabled: true,
  kustomizeCommand: DEFAULT_KUSTOMIZE_COMMAND,
  helmCommand: DEFAULT_HELM_COMMAND,
  release: DEFAULT_RELEASE,
  valuesFiles: [],
  timeoutMs: DEFAULT_RENDER_TIMEOUT_SECONDS * 1000,
};

/** `raw`: the `rolloutLens` configuration section; unreadable values keep their defaults. */
export function renderConfigFrom(raw: unknown): RenderConfig {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const sub = (k: string) => (typeof r[k] === 'object' && r[k] !== null ? (r[k] as Record<string, unknown>) : {});
  const str = (v: unknown, d: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : d);
  const render = sub('render');
  const helm = sub('helm');
  const timeout = render['timeout'];
  return {
    enabled: render['enabled'] !== false,
    kustomizeCommand: str(sub('kustomize')['command'], DEFAULT_RENDER_CONFIG.kustomizeCommand),
    helmCommand: str(helm['command'], DEFAULT_RENDER_CONFIG.helmCommand),
    release: str(helm['release'], DEFAULT_RENDER_CONFIG.release),
    valuesFiles: Array.isArray(helm['valuesFiles'])
      ? helm['valuesFiles'].filter((v): v is string => typeof v === 'string' && v !== '')
      : [],
    timeoutMs: typeof timeout === 'number' && timeout > 0 ? timeout * 1000 : DEFAULT_RENDER_CONFIG.timeoutMs,
  };
}
