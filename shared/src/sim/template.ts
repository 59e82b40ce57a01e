/**
 * Pod-template identity shared by the Deployment and StatefulSet simulators: `templateKey` (equality
 * ignoring `pod-template-hash`, as `EqualIgnoreHash` in `pkg/controller/deployment/util/deployment_util.go`
 * and the ControllerRevision data comparison of `pkg/controller/history`) and the simulated previous template.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import { canonicalJson } from './naming';

/** `equality.Semantic` treats nil and empty maps/slices (and Go's zero string) alike: drop them. */
function semanticNormalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(semanticNormalize);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const n = semanticNormalize(x);
      const empty =
        n === null || n === undefined || n === '' || (typeof n === 'object' && Object.keys(n as object).length === 0);
      if (!empty) out[k] = n;
    }
    return out;
  }
  return v;
}

/** A key such that `templateKey(a) === templateKey(b)` ⇔ `EqualIgnoreHash(a, b)` (§3.1). */
export function templateKey(template: unknown): string {
  const t = (template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  return canonicalJson(semanticNormalize({ ...t, metadata: { ...(t.metadata ?? {}), labels } }));
}

/** Marks the simulated previous pod template (the cluster's real previous template is unknown). */
export const PREVIOUS_TEMPLATE_ANNOTATION = 'rollout-lens.dev/simulated-revision';

/**
 * The pod template of a simulated earlier revision: the file's template, marked as previous (`back` = 1, the
 * default) or as `back` revisions before the file's (older ReplicaSets of a starting state).
 */
export function previousTemplateOf(template: PodTemplateSpec, back = 1): PodTemplateSpec {
  return {
    ...template,
    metadata: {
      ...template.metadata,
      annotations: {
        ...template.metadata?.annotations,
        [PREVIOUS_TEMPLATE_ANNOTATION]: back === 1 ? 'previous' : `previous-${back}`,
      },
    },
  };
}
