import { autoscalerSpec } from '../../../shared/src/manifest';
import { mapAt, valueSpan } from '../../../shared/src/yamlPath';
import { autoscalerTargetsOf, definesPodsHere } from './support';
import type { Rule } from './types';

export const hpaTargetMissing: Rule = {
  id: 'hpa-target-missing',
  kinds: ['HorizontalPodAutoscaler'],
  defaultSeverity: 'information',
  summary: 'A HorizontalPodAutoscaler whose scaleTargetRef names no object in the workspace.',
  docs: `A HorizontalPodAutoscaler scales the object its \`spec.scaleTargetRef\` names (kind and name, in the HPA's own
namespace). When no such object exists the HPA does nothing: its status says \`FailedGetScale\` and the workload
you meant keeps whatever replica count it was given — usually a renamed Deployment or a kind typo
(\`Deployment\` vs \`StatefulSet\`).

The API server accepts the HPA in every version (the target is resolved at run time), so this is information,
and it is only said when the HPA's own folder defines workloads of its namespace (otherwise the target is probably
created elsewhere: a Helm chart, an operator). An object of the right name in another namespace is named in the
message (the usual namespace slip).`,
  check(object, ctx) {
    const target = autoscalerSpec(object)?.target;
    if (!target) return [];
    if (autoscalerTargetsOf(object, ctx.uri, ctx.workspace).length > 0) return [];
    if (!definesPodsHere(object.namespace, ctx)) return [];
    const span = valueSpan(mapAt(object.node, ['spec', 'scaleTargetRef']), 'name');
    if (!span) return [];
    const elsewhere = (ctx.workspace.objectsWhere?.((kind) => kind === target.kind) ?? []).find(
      (o) => o.object.name === target.name && o.object.namespace !== object.namespace,
    );
    return [
      {
        rule: 'hpa-target-missing',
        span,
        message:
          `HorizontalPodAutoscaler "${object.name ?? ''}" scales ${target.kind} "${target.name}", which does not exist in ` +
          `namespace "${object.namespace}" in the workspace: the HPA does nothing (FailedGetScale).` +
          (elsewhere
            ? ` A ${target.kind} "${target.name}" exists in namespace "${elsewhere.object.namespace}": an HPA only scales objects of its own namespace.`
            : ' Check the kind and name.'),
        ...(elsewhere
          ? {
              related: [
                {
                  uri: elsewhere.uri,
                  span: elsewhere.object.span,
                  message: `${target.kind} "${target.name}" in namespace "${elsewhere.object.namespace}"`,
                },
              ],
            }
          : {}),
      },
    ];
  },
};
