import { isMap } from 'yaml';
import { CATALOG_VERSION, fieldOf, fieldsOf, isObjectType, rootTypeOf, suggestField, walk } from '../catalog';
import { spanOf } from '../../../shared/src/yamlPath';
import { compareVersions, NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import type { Finding, Rule } from './types';

/** Element type of a field type, through lists and maps: `[]Container` → `Container`. */
function elementType(t: string): string {
  return t.startsWith('[]') || t.startsWith('{}') ? elementType(t.slice(2)) : t;
}

export const unknownField: Rule = {
  id: 'unknown-field',
  kinds: ['Deployment', 'StatefulSet', 'Service'],
  defaultSeverity: 'error',
  summary:
    'A field that the Kubernetes API type does not have (a typo, or a field at the wrong level), with a "did you mean".',
  docs: `Every key of a Deployment, StatefulSet or Service is checked against the field catalog generated from the
Kubernetes API types (\`kubernetes-types\`, see \`scripts/gen-catalog.mjs\`). With server-side field validation
(\`kubectl apply\` since 1.27 uses \`--validate=strict\`), an unknown field is an error: "unknown field
spec.minReadySecond". Older clients dropped it silently, which is worse: the setting you wrote does nothing.

The message suggests the closest field (\`minReadySecond\` → \`minReadySeconds\`, \`httpGrt\` → \`httpGet\`) or, when the
field exists one level up or down, where it belongs (\`replicas\` under \`template\` belongs in \`spec\`).

Only \`apps/v1\` workloads and \`v1\` Services are checked.

**Target versions newer than the catalog.** The catalog is Kubernetes ${CATALOG_VERSION} (the newest \`kubernetes-types\`);
fields added to the API after it are not in it. So when the target \`rolloutLens.kubernetesVersion\` (or
\`kubernetesVersion\` of \`.rollout-lens.yaml\`, default: the newest supported) is newer than ${CATALOG_VERSION}, a field
the catalog does not know is reported **only when it is a near-miss spelling of a known field** (\`minReadySecond\`,
\`imagePullPolicyy\`): a real field added after ${CATALOG_VERSION} is never flagged, and neither is a field that merely
looks misplaced (a newer API may have added it at that level — Pod-level \`resources\`, for example). Set the target
to ${CATALOG_VERSION} or older for the full check.

**Quick fix:** rename the field to the suggestion.`,
  check(object, ctx) {
    const root = rootTypeOf(object);
    if (!root || !isMap(object.node)) return [];
    const out: Finding[] = [];
    const newerThanCatalog = isNewerThanCatalog(ctx.kubernetesVersion);
    walk(
      object.node,
      root,
      (v) => {
        if (v.field) return;
        const span = spanOf(v.pair.key);
        if (!span) return;
        // Target newer than the catalog: only near-miss spellings (anything else may be a field added since).
        const suggestion = suggestField(v.parentType, v.key, newerThanCatalog);
        if (!suggestion && newerThanCatalog) return;
        let where: string | undefined;
        if (!suggestion) {
          if (v.outerType && fieldOf(v.outerType, v.key)) where = `it belongs one level up, in ${v.outerType}`;
          else {
            const below = Object.entries(fieldsOf(v.parentType) ?? {}).find(
              ([, e]) => isObjectType(elementType(e[0])) && fieldOf(elementType(e[0]), v.key),
            );
            if (below) where = `it belongs one level down, under ${below[0]}`;
          }
        }
        const fixes = suggestion
          ? [
              {
                title: `Rename to ${suggestion}`,
                edits: [{ span, newText: suggestion }],
                fixAll: true,
                preferred: true,
              },
            ]
          : [];
        out.push({
          rule: 'unknown-field',
          span,
          message:
            `Unknown field "${v.key}" in ${v.parentType} (${v.path}): the API server rejects it with strict field validation, and older clients silently drop it. ` +
            (suggestion
              ? `Did you mean "${suggestion}"?`
              : where
                ? `There is no such field here: ${where}.`
                : 'Remove it or check the spelling.'),
          data: { fixes },
        });
      },
      () => undefined,
    );
    return out;
  },
};

/** Whether the target version (default: the newest supported) is newer than the field catalog. */
export function isNewerThanCatalog(target: string | undefined): boolean {
  return compareVersions(target ?? NEWEST_KUBERNETES_VERSION, CATALOG_VERSION) > 0;
}
