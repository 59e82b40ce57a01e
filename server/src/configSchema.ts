/**
 * The JSON Schema of `.rollout-lens.yaml` / `.yml`, from the rule registry and the supported versions (one source):
 * `schemas/rollout-lens.schema.json` is written from it by `node scripts/gen-config-schema.mjs` (a unit test keeps
 * the file current). Editors use it through the `# yaml-language-server: $schema=…` modeline shown in the README.
 */
import { RULES } from './rules';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../shared/src/settings';
import type { CONFIG_KEYS } from './config';

export const CONFIG_SCHEMA_ID =
  'https://raw.githubusercontent.com/rollout-lens/rollout-lens/main/schemas/rollout-lens.schema.json';

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];
/** Finding codes that are not rules but take a severity like them. */
const FINDING_CODES: Record<string, string> = {
  'yaml-syntax': 'The file is not valid YAML.',
  'yaml-template': 'The document contains Helm/Go template markers and is not checked.',
  'yaml-alias-limit': 'YAML aliases expand to too much data; the object is not checked.',
};

export function configSchema(): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const r of RULES) {
    rules[r.id] = {
      enum: SEVERITIES,
      description: `${r.summary} Default: ${r.enabledByDefault === false ? 'off' : r.defaultSeverity}.`,
    };
  }
  for (const [id, summary] of Object.entries(FINDING_CODES))
    if (!rules[id]) rules[id] = { enum: SEVERITIES, description: summary };
  const properties: Record<(typeof CONFIG_KEYS)[number], unknown> = {
    rules: {
      type: 'object',
      description: 'Severity per rule, or off. Rules marked off by default run when given a severity.',
      properties: rules,
      additionalProperties: false,
    },
    kubernetesVersion: {
      anyOf: [{ type: 'string', pattern: '^v?\\d+\\.\\d+(\\.\\d+)?$' }, { type: 'number' }],
      examples: [...SUPPORTED_KUBERNETES_VERSIONS].reverse(),
      description: `The Kubernetes version the manifests target, like "1.30" (supported: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}). Default: the newest.`,
    },
    ignorePaths: {
      type: 'array',
      items: { type: 'string' },
      description: ".gitignore-style patterns, relative to this file's folder, of files not to lint or index.",
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'Rollout Lens configuration (.rollout-lens.yaml)',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}
