/**
 * What the rule registry generates: package.json's `rolloutLens.rules` setting, the rule pages of
 * docs/rules/ and their index. `scripts/gen-rules.mjs` writes them; `test/unit/rules-registry.test.ts`
 * fails when a committed copy differs from what these functions return. (SARIF rule metadata is
 * generated at run time: `cli/sarif.ts` `ruleDescriptors`.)
 */
import { KUBE_LINTER_CHECKS } from '../suppression';
import { registry } from './index';
import type { RuleInfo } from './types';

const SEVERITY_SETTING = ['error', 'warning', 'information', 'hint', 'off'];

/** The severity a user sees by default: `off` for opt-in rules. */
export function defaultSetting(r: RuleInfo): string {
  return r.enabledByDefault === false ? 'off' : r.defaultSeverity;
}

/** The `rolloutLens.rules` property of package.json `contributes.configuration.properties` (rules by id). */
export function ruleSettingsSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const r of [...registry()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const when = r.enabledByDefault === false ? ` (\`${r.defaultSeverity}\` when enabled)` : '';
    properties[r.id] = {
      type: 'string',
      enum: SEVERITY_SETTING,
      markdownDescription: `${r.summary} Default: \`${defaultSetting(r)}\`${when}.`,
    };
  }
  return {
    scope: 'resource',
    type: 'object',
    default: {},
    markdownDescription:
      'Severity per rule (`error`, `warning`, `information`, `hint`) or `off`. Layered over `rules` in `.rollout-lens.yaml` at the workspace root.',
    properties,
    additionalProperties: { type: 'string', enum: SEVERITY_SETTING },
  };
}

/** docs/rules/<id>.md */
export function rulePageMarkdown(r: RuleInfo): string {
  const kubeLinter = Object.entries(KUBE_LINTER_CHECKS)
    .filter(([, ours]) => ours === r.id)
    .map(([check]) => check);
  const severity = r.enabledByDefault === false ? `off (opt-in; ${r.defaultSeverity} when enabled)` : r.defaultSeverity;
  return [
    `# ${r.id}`,
    '',
    `**Default severity:** ${severity}`,
    '',
    r.summary,
    '',
    r.docs,
    '',
    '## Configuration',
    '',
    'In `.rollout-lens.yaml` at the workspace root (also read by `rollout-lens lint`), or in the `rolloutLens.rules` setting:',
    '',
    '```yaml',
    'rules:',
    `  ${r.id}: ${r.enabledByDefault === false ? 'warning' : 'off'}   # error | warning | information | hint | off`,
    '```',
    '',
    '## Suppressing one finding',
    '',
    '```yaml',
    `# rollout-lens-disable-next-line ${r.id} -- why this is fine here`,
    '```',
    '',
    `\`# rollout-lens-disable ${r.id}\` silences it for the rest of the YAML document.` +
      (kubeLinter.length
        ? ` The kube-linter annotation \`ignore-check.kube-linter.io/${kubeLinter[0]}\` on the object's \`metadata.annotations\` silences it too.`
        : ''),
    '',
  ].join('\n');
}

/** docs/rules/README.md */
export function rulesIndexMarkdown(): string {
  const lines = ['# Rollout Lens rules', '', '| rule | default | what it finds |', '| --- | --- | --- |'];
  for (const r of registry())
    lines.push(`| [${r.id}](${r.id}.md) | ${defaultSetting(r)} | ${r.summary.replace(/\|/g, '\\|')} |`);
  return lines.join('\n') + '\n';
}
