import { autoscalerSpec, disruptionBudgetSpec } from '../../../shared/src/manifest';
import { mapAt, valueSpan } from '../../../shared/src/yamlPath';
import { asRecord, autoscalersOf, budgetTemplates, objectNameSpan, validateIntOrPercent } from './support';
import type { LocatedPodTemplate, Rule, RuleContext } from './types';

/** Kinds whose pod count the disruption controller reads from the controller's scale (`getExpectedScale`). */
const SCALED = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

/** The most pods a template's workload runs: spec.replicas (default 1), or the maxReplicas of the HPA scaling it. */
function mostPods(t: LocatedPodTemplate, ctx: RuleContext): { n: number; note: string } | undefined {
  if (!SCALED.has(t.object.kind)) return undefined;
  // Not `{ ...ctx }`: spreading would read `fileText` (the whole text) for nothing.
  const hpa = autoscalersOf(t.object, { uri: t.uri, workspace: ctx.workspace })[0];
  const max = hpa && autoscalerSpec(hpa.object)?.maxReplicas;
  if (hpa && max !== undefined)
    return { n: max, note: `up to ${max} (HorizontalPodAutoscaler "${hpa.object.name ?? ''}")` };
  const r = asRecord(asRecord(t.object.value)?.spec)?.replicas;
  if (r === undefined) return { n: 1, note: '1 (the default)' };
  return typeof r === 'number' && Number.isInteger(r) && r >= 0 ? { n: r, note: String(r) } : undefined;
}

export const pdbBlocksEviction: Rule = {
  id: 'pdb-blocks-eviction',
  kinds: ['PodDisruptionBudget'],
  defaultSeverity: 'warning',
  summary: 'A PodDisruptionBudget that never allows an eviction of the pods it selects: node drains stall.',
  docs: `\`kubectl drain\`, node upgrades and the cluster autoscaler evict pods through the Eviction API, which refuses
an eviction when the PodDisruptionBudget covering the pod allows no disruption. The disruption controller
(\`getExpectedPodCount\` in \`pkg/controller/disruption/disruption.go\`) computes, with every selected pod healthy,
\`disruptionsAllowed = healthy − desiredHealthy\`, where \`desiredHealthy\` is \`expected − maxUnavailable\` (a percentage
rounded up against the controllers' scale) or \`minAvailable\` (an integer; a percentage of the scale, rounded up).
When that is 0 even with every pod healthy, no pod is ever evicted: a drain waits forever until someone deletes
the budget or scales the workload up. This happens with:

- \`maxUnavailable: 0\` or \`"0%"\`, whatever the replica count;
- \`minAvailable: "100%"\`, whatever the replica count;
- an integer \`minAvailable\` at least the total \`replicas\` of the selected Deployments, StatefulSets and ReplicaSets
  (\`minAvailable: 1\` with \`replicas: 1\`), or a percentage that rounds up to all of them (\`90%\` of 3);
  when a HorizontalPodAutoscaler scales the workload, its \`maxReplicas\` counts (the budget blocks at any scale).

The selected pod templates are those of the PDB's namespace that \`spec.selector\` matches (matchLabels and
matchExpressions; in \`policy/v1\` an empty selector selects every pod of the namespace), the nearest to the PDB
when they lie in several folders. The API server accepts such a budget in every version (\`ValidatePodDisruptionBudgetSpec\`
checks only ranges): this is a warning on the value, with related information on each selected workload.`,
  check(object, ctx) {
    const spec = disruptionBudgetSpec(object);
    if (!spec) return [];
    const key =
      spec.maxUnavailable !== undefined
        ? 'maxUnavailable'
        : spec.minAvailable !== undefined
          ? 'minAvailable'
          : undefined;
    if (!key) return [];
    const value = validateIntOrPercent(key === 'maxUnavailable' ? spec.maxUnavailable : spec.minAvailable);
    if (value.kind === 'invalid') return [];
    const templates = budgetTemplates(object, ctx.uri, ctx);
    if (templates.length === 0) return [];
    const written = value.kind === 'percent' ? `"${value.value}%"` : String(value.value);
    let why: string | undefined;
    if (key === 'maxUnavailable' && value.value === 0)
      why = `maxUnavailable: ${written} allows no pod to be unavailable`;
    else if (key === 'minAvailable' && value.kind === 'percent' && value.value >= 100)
      why = `minAvailable: ${written} requires every pod to stay available`;
    else if (key === 'minAvailable') {
      const counts = templates.map((t) => mostPods(t, ctx));
      if (counts.some((c) => c === undefined)) return [];
      const total = counts.reduce((n, c) => n + (c?.n ?? 0), 0);
      if (total === 0) return [];
      const desired = value.kind === 'int' ? value.value : Math.ceil((value.value * total) / 100);
      if (desired < total) return [];
      const each = templates
        .map((t, i) => `${t.object.kind} "${t.object.name ?? ''}" runs ${counts[i]?.note ?? ''}`)
        .join(', ');
      why =
        `minAvailable: ${written}${value.kind === 'percent' ? ` (${desired} of ${total}, rounded up)` : ''} ` +
        `is at least the ${total} pod${total === 1 ? '' : 's'} it covers (${each})`;
    }
    if (!why) return [];
    const span = valueSpan(mapAt(object.node, ['spec']), key);
    if (!span) return [];
    const names = templates.map((t) => `${t.object.kind} "${t.object.name ?? ''}"`).join(', ');
    return [
      {
        rule: 'pdb-blocks-eviction',
        span,
        message:
          `PodDisruptionBudget "${object.name ?? ''}" never allows an eviction of the pods of ${names}: ${why}, so ` +
          'kubectl drain and node upgrades wait forever. Allow at least one disruption (maxUnavailable: 1, or a ' +
          'minAvailable below the replica count).',
        related: templates.map((t) => ({
          uri: t.uri,
          span: objectNameSpan(t.object),
          message: `${t.object.kind} "${t.object.name ?? ''}", selected by the budget`,
        })),
      },
    ];
  },
};
