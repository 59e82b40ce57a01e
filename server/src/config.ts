/**
 * Configuration: `.rollout-lens.yaml` at a workspace root (read by the server and the CLI) and the
 * editor's `rolloutLens.*` settings, which are layered over it per resource.
 *
 * ```yaml
 * kubernetesVersion: "1.30"
 * rules:
 *   missing-readiness-probe: warning
 *   missing-volume-claim-templates: off
 * ignorePaths: ["charts/**", "vendor/"]   # .gitignore-style: not linted (CLI), not indexed or checked (server)
 * ```
 */
import * as path from 'node:path';
import { isScalar, parseDocument, visit } from 'yaml';
import { RULES } from './rules';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../shared/src/settings';
import type { Settings } from '../../shared/src/settings';

export const CONFIG_FILE = '.rollout-lens.yaml';
/** Codes of findings that are not rules but can be configured like them. */
const FINDING_CODES = ['yaml-syntax', 'yaml-template', 'yaml-alias-limit', 'unused-suppression'];
/** The names the configuration may have, in order of preference (both in one folder is an error). */
export const CONFIG_FILES = [CONFIG_FILE, '.rollout-lens.yml'] as const;
/** The top-level keys of the configuration (schemas/rollout-lens.schema.json describes them). */
export const CONFIG_KEYS = ['rules', 'kubernetesVersion', 'ignorePaths'] as const;

export interface ConfigFile {
  readonly settings: Settings;
  readonly ignorePaths: readonly string[];
  /** Entries that were ignored, and why. */
  readonly problems: readonly string[];
  /** Keys the configuration does not have (top level, or rule ids no rule has): the CLI refuses the file. */
  readonly unknownKeys: readonly string[];
  /** Why the text is no configuration at all (not YAML, not a mapping): the CLI refuses it, the server warns. */
  readonly invalid?: string;
}

export const EMPTY_CONFIG: ConfigFile = { settings: DEFAULT_SETTINGS, ignorePaths: [], problems: [], unknownKeys: [] };

/**
 * The configuration file that applies in `dir`: `.rollout-lens.yaml` or `.rollout-lens.yml` in `dir` or the nearest
 * folder above it, not above `stopAt` (the repository root; without one, only `dir` is searched). Throws when one
 * folder has both names.
 */
export async function findConfigFile(
  dir: string,
  stopAt: string | undefined,
  exists: (p: string) => Promise<boolean>,
): Promise<string | undefined> {
  let cur = path.resolve(dir);
  const stop = path.resolve(stopAt ?? dir);
  for (;;) {
    const found: string[] = [];
    for (const name of CONFIG_FILES) if (await exists(path.join(cur, name))) found.push(path.join(cur, name));
    if (found.length > 1) throw new Error(`both ${CONFIG_FILES.join(' and ')} in ${cur}: keep one`);
    if (found[0]) return found[0];
    const rel = path.relative(stop, cur);
    const parent = path.dirname(cur);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel) || parent === cur) return undefined;
    cur = parent;
  }
}

/**
 * `yaml`'s parse, with its duplicate-key check replaced by one hash set per map: the parser's own compares each
 * key with every earlier one (5,000 keys: over a second). Throws on the first error, as `parse` does.
 */
function parseYamlUniqueKeys(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  if (doc.errors[0]) throw doc.errors[0];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) throw new Error(`Map keys must be unique: "${String(key)}" appears twice`);
        seen.add(key);
      }
    },
  });
  return doc.toJS();
}

export function parseConfigFile(text: string): ConfigFile {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parseYamlUniqueKeys(text);
  } catch (e) {
    const invalid = `not valid YAML: ${(e as Error).message.split('\n')[0]}`;
    return { ...EMPTY_CONFIG, problems: [invalid], invalid };
  }
  if (raw === null || raw === undefined) return EMPTY_CONFIG;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    const invalid = `must be a mapping with ${CONFIG_KEYS.join(', ')} (it is ${Array.isArray(raw) ? 'a list' : 'a scalar'})`;
    return { ...EMPTY_CONFIG, problems: [invalid], invalid };
  }
  const r = raw as Record<string, unknown>;
  const unknownKeys: string[] = [];
  for (const k of Object.keys(r)) {
    if ((CONFIG_KEYS as readonly string[]).includes(k)) continue;
    unknownKeys.push(k);
    problems.push(`unknown key "${k}" (the keys are ${CONFIG_KEYS.join(', ')})`);
  }
  if (r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules)) {
    const ids = new Set([...RULES.map((x) => x.id), ...FINDING_CODES]);
    for (const id of Object.keys(r.rules)) {
      if (ids.has(id)) continue;
      unknownKeys.push(`rules.${id}`);
      problems.push(`rules.${id}: no rule has this id (rollout-lens lint --help lists the documentation)`);
    }
  }
  const settings = normalizeSettings(r, DEFAULT_SETTINGS, problems);
  const ignorePaths = Array.isArray(r.ignorePaths)
    ? r.ignorePaths.filter((p): p is string => typeof p === 'string')
    : [];
  return { settings, ignorePaths, problems, unknownKeys };
}

/**
 * Editor settings over the file's: VS Code returns every setting, so only what differs from the
 * defaults in `package.json` (empty rules, empty version) overrides the file.
 */
export function layerEditorSettings(file: Settings, editor: unknown): Settings {
  return normalizeSettings(editor, file);
}
