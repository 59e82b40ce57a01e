/**
 * Typed settings shared by the server, the CLI and the extension manifest: `rolloutLens.rules`
 * (rule id → severity or `off`) and `rolloutLens.kubernetesVersion`. `normalizeSettings` turns
 * whatever a client or a `.rollout-lens.yaml` holds into this shape, dropping what it cannot read.
 */
export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint';
export type RuleSetting = RuleSeverity | 'off';

/** Kubernetes minor versions the rules know about, oldest first; the last one is the default. */
export const SUPPORTED_KUBERNETES_VERSIONS = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34'] as const;
export const NEWEST_KUBERNETES_VERSION: string = SUPPORTED_KUBERNETES_VERSIONS[
  SUPPORTED_KUBERNETES_VERSIONS.length - 1
] as string;

export interface Settings {
  /** Per-rule severity or `off`; rules not listed use their default. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  /** `major.minor`, e.g. `1.33`. */
  readonly kubernetesVersion: string;
}

export const DEFAULT_SETTINGS: Settings = { rules: {}, kubernetesVersion: NEWEST_KUBERNETES_VERSION };

const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint', 'off'];
const ALIASES: Record<string, RuleSetting> = { info: 'information', warn: 'warning', false: 'off', none: 'off' };

/** A severity setting from user input (`warn`, `info`, `false` accepted), or undefined. */
export function ruleSettingFrom(value: unknown): RuleSetting | undefined {
  const s =
    typeof value === 'boolean' ? String(value) : typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (s === undefined) return undefined;
  if (SEVERITIES.includes(s)) return s as RuleSetting;
  return Object.prototype.hasOwnProperty.call(ALIASES, s) ? ALIASES[s] : undefined; // not `constructor`
}

/** `1.33`, `v1.33`, `1.33.2` → `1.33`; anything else → undefined. */
export function kubernetesVersionFrom(value: unknown): string | undefined {
  const s = typeof value === 'number' ? value.toFixed(2) : typeof value === 'string' ? value.trim() : '';
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?$/.exec(s);
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/** Compares `major.minor` versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** Layers raw settings over `base`: unreadable entries are ignored, `problems` collects why. */
export function normalizeSettings(raw: unknown, base: Settings = DEFAULT_SETTINGS, problems: string[] = []): Settings {
  if (typeof raw !== 'object' || raw === null) return base;
  const r = raw as { rules?: unknown; kubernetesVersion?: unknown };
  const rules: Record<string, RuleSetting> = { ...base.rules };
  if (typeof r.rules === 'object' && r.rules !== null) {
    for (const [id, v] of Object.entries(r.rules as Record<string, unknown>)) {
      const s = ruleSettingFrom(v);
      if (s && id === '__proto__') problems.push(`rules.${id}: not a rule id`);
      else if (s) rules[id] = s;
      else problems.push(`rules.${id}: ${JSON.stringify(v)} is not one of error, warning, information, hint, off`);
    }
  }
  let kubernetesVersion = base.kubernetesVersion;
  if (r.kubernetesVersion !== undefined && r.kubernetesVersion !== null && r.kubernetesVersion !== '') {
    const v = kubernetesVersionFrom(r.kubernetesVersion);
    if (v) kubernetesVersion = v;
    else problems.push(`kubernetesVersion: ${JSON.stringify(r.kubernetesVersion)} is not a version like "1.33"`);
  }
  return { rules, kubernetesVersion };
}
