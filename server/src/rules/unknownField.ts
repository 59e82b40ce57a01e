import { isMap } from 'yaml';
import {
  CATALOG_VERSION,
  CATALOG_VERSIONS,
  catalogFor,
  fieldOf,
  fieldsOf,
  isObjectType,
  rootTypeOf,
  suggestField,
  walk,
} from '../catalog';
import { spanOf } from '../../../shared/src/yamlPath';
import { compareVersions, NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import type { Finding, Rule } from './types';

/** Element type of a field type, through lists and maps: `[]Container` → `Container`. */
function elementType(t: string): string {
  return t.startsWith('[]') || t.startsWith('{}') ? elementType(t.slice(2)) : t;
}

export const unknownField: Rule = {
  id: 'unknown-field',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget'],
  defaultSeverity: 'error',
  summary:
    'A field that the Kubernetes API type does not have (a typo, or a field at the wrong level), with a "did you mean".',
  docs: `Every key of a Deployment, StatefulSet, DaemonSet, Service, HorizontalPodAutoscaler (\`autoscaling/v2\`) or
PodDisruptionBudget (\`policy/v1\`) is checked against the field catalog of the target Kubernetes version
(\`rolloutLens.kubernetesVersion\`, \`kubernetesVersion\` of \`.rollout-lens.yaml\`; default the newest supported), generated
from the Kubernetes API types (see \`scripts/gen-catalog.mjs\`). With server-side field validation (\`kubectl apply\`
since 1.27 uses \`--validate=strict\`; the API server decides with the version's OpenAPI schema), an unknown field is
an error: "unknown field spec.minReadySecond". Older clients dropped it silently, which is worse: the setting you
wrote does nothing.

The message suggests the closest field (\`minReadySecond\` → \`minReadySeconds\`, \`httpGrt\` → \`httpGet\`) or, when the
field exists one level up or down, where it belongs (\`replicas\` under \`template\` belongs in \`spec\`). A field that
a newer version added says so: \`restartPolicy\` of a container (sidecars) is unknown to 1.27 and known from 1.28;
\`trafficDistribution\` of a Service from 1.30; Pod-level \`resources\` from 1.32 (1.31 has no catalog of its own: a
field of 1.30 or 1.32 is accepted there).

Catalog versions: ${CATALOG_VERSIONS.join(', ')} (1.30 from \`kubernetes-types\`, the others as changes read from the
\`@kubernetes/client-node\` release of each version). A field gated by an alpha feature is in the schema, so it is
known (the API server accepts it and may drop it).

**Quick fix:** rename the field to the suggestion.`,
  check(object, ctx) {
    const root = rootTypeOf(object);
    if (!root || !isMap(object.node)) return [];
    const out: Finding[] = [];
    const newerThanCatalog = isNewerThanCatalog(ctx.kubernetesVersion);
    const catalog = catalogFor(ctx.kubernetesVersion);
    walk(
      object.node,
      root,
      (v) => {
        if (v.field) return;
        const span = spanOf(v.pair.key);
        if (!span) return;
        // A real field of a newer version: say so, no spelling guess.
        const since = CATALOG_VERSIONS.find(
          (x) =>
            compareVersions(x, catalog.version) > 0 &&
            catalogFor(x).exact &&
            fieldOf(v.parentType, v.key, catalogFor(x)) !== undefined,
        );
        // Target newer than the catalog: only near-miss spellings (anything else may be a field added since).
        const suggestion = since ? undefined : suggestField(v.parentType, v.key, newerThanCatalog, catalog);
        if (!suggestion && newerThanCatalog) return;
        let where: string | undefined;
        if (!suggestion && !since) {
          if (v.outerType && fieldOf(v.outerType, v.key, catalog)) where = `it belongs one level up, in ${v.outerType}`;
          else {
            const below = Object.entries(fieldsOf(v.parentType, catalog) ?? {}).find(
              ([, e]) => isObjectType(elementType(e[0]), catalog) && fieldOf(elementType(e[0]), v.key, catalog),
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
            `Unknown field "${v.key}" in ${v.parentType} (${v.path}) in Kubernetes ${catalog.version}` +
            (since ? ` (added in ${since})` : '') +
            ': the API server rejects it with strict field validation, and older clients silently drop it. ' +
            (suggestion
              ? `Did you mean "${suggestion}"?`
              : where
                ? `There is no such field here: ${where}.`
                : since
                  ? `Target ${since} or newer, or remove it.`
                  : 'Remove it or check the spelling.'),
          data: { fixes },
        });
      },
      () => undefined,
      catalog,
    );
    return out;
  },
};

/** Whether the target version (default: the newest supported) is newer than the field catalog. */
export function isNewerThanCatalog(target: string | undefined): boolean {
  return compareVersions(target ?? NEWEST_KUBERNETES_VERSION, CATALOG_VERSION) > 0;
}
