import { autoscalerSpec } from '../../../shared/src/manifest';
import { mapAt, pairOf, valueSpan } from '../../../shared/src/yamlPath';
import { removePair } from './edits';
import { autoscalersOf, pairSpan, scalarAt } from './support';
import type { Rule } from './types';
import { relativePath } from '../nearest';

export const replicasWithHpa: Rule = {
  id: 'replicas-with-hpa',
  kinds: ['Deployment', 'StatefulSet', 'ReplicaSet'],
  defaultSeverity: 'warning',
  summary: 'A workload sets spec.replicas while a HorizontalPodAutoscaler in the workspace scales it.',
  docs: `A HorizontalPodAutoscaler owns the replica count of its target: it writes \`spec.replicas\` through the scale
subresource (\`pkg/controller/podautoscaler/horizontal.go\`, \`reconcileAutoscaler\`). A manifest that also sets
\`spec.replicas\` takes it back on every \`kubectl apply\`: the workload jumps to the written count (scaling a busy
service down, or a quiet one up) until the HPA's next sync scales it again. Leave \`spec.replicas\` out and let the HPA's
\`minReplicas\` decide (on create the count defaults to 1 and the HPA raises it to \`minReplicas\` within one sync).

The HPA is found by its \`scaleTargetRef\` (kind, name, the HPA's namespace; an \`apiVersion\` of another group
does not match). When several workloads of that name exist in the workspace, the nearest one to the HPA is its
target (same file, same folder, then the closest folder), as for a StatefulSet's governing Service. Related
information points at the HPA. The API server accepts both objects in every version: this is a warning.

**Quick fix:** remove \`spec.replicas\`.`,
  fix(_finding, o, ctx) {
    const edit = removePair(ctx.fileText, mapAt(o.node, ['spec']), 'replicas');
    return edit
      ? [{ title: 'Remove spec.replicas (the HPA sets it)', edits: [edit], fixAll: true, preferred: true }]
      : [];
  },
  check(object, ctx) {
    const spec = mapAt(object.node, ['spec']);
    const replicas = scalarAt(spec, 'replicas');
    const span = pairSpan(spec, 'replicas');
    if (!span || !pairOf(spec, 'replicas')) return [];
    const hpas = autoscalersOf(object, ctx);
    const first = hpas[0];
    if (!first) return [];
    const bounds = autoscalerSpec(first.object);
    const range = bounds
      ? ` (minReplicas ${bounds.minReplicas}${bounds.minReplicasWritten ? '' : ', the default'}` +
        `${bounds.maxReplicas !== undefined ? `, maxReplicas ${bounds.maxReplicas}` : ''})`
      : '';
    const where = first.uri === ctx.uri ? '' : ` in ${relativePath(ctx.uri, first.uri)}`;
    // Several HPAs equally near: all of them scale it (and fight each other); named, and all listed as related.
    const tie =
      hpas.length > 1
        ? ` ${hpas.length} HorizontalPodAutoscalers are equally near and all scale it: ` +
          `${hpas.map((h) => `"${h.object.name ?? ''}" (${relativePath(ctx.uri, h.uri)})`).join(', ')}.`
        : '';
    return [
      {
        rule: 'replicas-with-hpa',
        span,
        message:
          `${object.kind} "${object.name ?? ''}" sets spec.replicas${replicas !== undefined ? `: ${String(replicas)}` : ''} but ` +
          `HorizontalPodAutoscaler "${first.object.name ?? ''}"${where} scales it${range}: every kubectl apply resets the ` +
          'replica count to the written value until the HPA scales it again. Remove spec.replicas and let the HPA decide.' +
          tie,
        related: hpas.map((h) => ({
          uri: h.uri,
          span:
            valueSpan(mapAt(h.object.node, ['spec', 'scaleTargetRef']), 'name') ??
            valueSpan(pairOf(h.object.node, 'metadata')?.value, 'name') ??
            h.object.span,
          message: `HorizontalPodAutoscaler "${h.object.name ?? ''}" scales ${object.kind} "${object.name ?? ''}"`,
        })),
      },
    ];
  },
};
