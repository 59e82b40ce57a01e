/**
 * Configuration: `.rollout-lens.yaml` at a workspace root (read by the server and the CLI) and the
 * editor's `rolloutLens.*` settings, which are layered over it per resource.
 *
 * ```yaml
 * kubernetesVersion: "1.30"
 * rules:
 *   missing-readiness-probe: warning
 *   missing-volume-claim-templates: off
 * ignorePaths: ["charts/**", "vendor/"]   # .gitignore-style: not linted by the CLI, not indexed or checked by the server
 * ```
 */
import { parse } from 'yaml';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../shared/src/settings';
import type { Settings } from '../../shared/src/settings';

export const CONFIG_FILE = '.rollout-lens.yaml';

export interface ConfigFile {
  readonly settings: Settings;
  readonly ignorePaths: readonly string[];
  /** Entries that were ignored, and why. */
  readonly problems: readonly string[];
}

export const EMPTY_CONFIG: ConfigFile = { settings: DEFAULT_SETTINGS, ignorePaths: [], problems: [] };

export function parseConfigFile(text: string): ConfigFile {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    return { ...EMPTY_CONFIG, problems: [`not valid YAML: ${(e as Error).message.split('\n')[0]}`] };
  }
  if (raw === null || raw === undefined) return EMPTY_CONFIG;
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ...EMPTY_CONFIG, problems: ['must be a mapping with rules, kubernetesVersion, ignorePaths'] };
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!['rules', 'kubernetesVersion', 'ignorePaths'].includes(k)) problems.push(`unknown key "${k}"`);
  const settings = normalizeSettings(r, DEFAULT_SETTINGS, problems);
  const ignorePaths = Array.isArray(r.ignorePaths) ? r.ignorePaths.filter((p): p is string => typeof p === 'string') : [];
  return { settings, ignorePaths, problems };
}

/**
 * Editor settings over the file's: VS Code returns every setting, so only what differs from the
 * defaults in `package.json` (empty rules, empty version) overrides the file.
 */
export function layerEditorSettings(file: Settings, editor: unknown): Settings {
  return normalizeSettings(editor, file);
}
