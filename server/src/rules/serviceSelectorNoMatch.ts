import { keySpan, mapAt } from '../../../shared/src/yamlPath';
import type { K8sObject } from '../../../shared/src/manifest';
import {
  customResourceTemplate,
  definesPodsHere,
  isCustomApiVersion,
  neighbourhood,
  podTemplateOf,
  POD_TEMPLATE_KINDS,
  selectedTemplates,
  selects,
  serviceSelector,
} from './support';
import type { LocatedPodTemplate, Rule, RuleContext } from './types';

export const serviceSelectorNoMatch: Rule = {
  id: 'service-selector-no-match',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  summary: 'A Service selects no pod template of its namespace in the workspace.',
  docs: `A Service routes to the pods whose labels include all of its \`spec.selector\` entries. If no Deployment,
StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod of the Service's namespace in the workspace has such a pod
template, the Service has no endpoints and every connection fails — usually a label typo or a label changed on one
side only. The message names the closest template and the labels that differ.

To avoid false alarms the rule only fires when the workspace holds at least one pod template in the Service's
namespace in the Service's own folder, counts the
labels controllers add to pods (\`statefulset.kubernetes.io/pod-name\`, \`job-name\`, \`pod-template-hash\`…), treats a
custom resource carrying the selected labels as the pods' owner (an operator creates them), and never for Services without a selector (their endpoints are
managed by hand) or of type ExternalName.

**Versions:** the API server accepts the Service in every supported version (1.27–1.34); it just gets no endpoints.`,
  check(object, ctx) {
    const selector = serviceSelector(object);
    if (!selector) return [];
    if (selectedTemplates(object, ctx).length > 0) return [];
    const templates = ctx.workspace.podTemplatesIn(object.namespace);
    const span0 = keySpan(mapAt(object.node, ['spec']), 'selector');
    const elsewhere = podsInOtherNamespaces(object, selector, ctx);
    if (elsewhere.length > 0 && span0) {
      const namespaces = [...new Set(elsewhere.map((e) => e.object.namespace))];
      const first = elsewhere[0] as { uri: string; object: K8sObject };
      return [
        {
          rule: 'service-selector-no-match',
          span: span0,
          message:
            `Service "${object.name ?? ''}" is in namespace "${object.namespace}", but the pods it selects are in namespace ` +
            `${namespaces.map((n) => `"${n}"`).join(', ')} (${first.object.kind} "${first.object.name ?? ''}"): a Service only routes to pods of its own namespace, ` +
            'so it gets no endpoints. Put the Service in the same namespace as the pods.',
          related: elsewhere.slice(0, 3).map((e) => ({
            uri: e.uri,
            span: e.object.span,
            message: `${e.object.kind} "${e.object.name ?? ''}" in namespace "${e.object.namespace}"`,
          })),
        },
      ];
    }
    // Judge only when the Service's own folder defines pods of its namespace.
    if (!definesPodsHere(object.namespace, ctx)) return [];
    // A custom resource labelled like the selector (an operator's Prometheus, Alertmanager…) probably owns the pods.
    const owners = ctx.workspace.objectsWhere?.((_kind, apiVersion) => isCustomApiVersion(apiVersion)) ?? [];
    if (
      owners.some(
        ({ object: o }) =>
          o.namespace === object.namespace &&
          ((t) => t !== undefined && selects(selector, t))(customResourceTemplate(o)),
      )
    )
      return [];
    const span = keySpan(mapAt(object.node, ['spec']), 'selector');
    if (!span) return [];
    // The closest template: most selector entries matched.
    let best: LocatedPodTemplate | undefined;
    let bestScore = 0;
    for (const t of templates) {
      const score = Object.entries(selector).filter(([k, v]) => t.labels[k] === v).length;
      if (score > bestScore) [best, bestScore] = [t, score];
    }
    const wanted = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    let hint = '';
    if (best) {
      const diff = Object.entries(selector)
        .filter(([k, v]) => best?.labels[k] !== v)
        .map(([k, v]) => (best?.labels[k] === undefined ? `no ${k}` : `${k}=${best.labels[k]} instead of ${v}`));
      hint = ` The closest is ${best.object.kind} "${best.object.name ?? ''}", whose pods have ${diff.join(', ')}.`;
    }
    return [
      {
        rule: 'service-selector-no-match',
        span,
        message:
          `Service "${object.name ?? ''}" selects ${wanted}, which no pod template in namespace "${object.namespace}" has: the Service gets no endpoints and connections fail.${hint} ` +
          'Fix the selector or the pod template labels.',
        related: best
          ? [
              {
                uri: best.uri,
                span: best.object.span,
                message: `${best.object.kind} "${best.object.name ?? ''}" is the closest match`,
              },
            ]
          : [],
      },
    ];
  },
};

/** Objects near the Service (same file or folder tree) in another namespace whose pods the selector matches. */
function podsInOtherNamespaces(
  o: K8sObject,
  selector: Readonly<Record<string, string>>,
  ctx: RuleContext,
): { uri: string; object: K8sObject }[] {
  const near = neighbourhood(ctx.uri);
  return (ctx.workspace.objectsWhere?.((kind) => POD_TEMPLATE_KINDS.includes(kind)) ?? []).filter(({ uri, object }) => {
    if (object.namespace === o.namespace || !(uri === ctx.uri || uri.startsWith(near))) return false;
    const t = podTemplateOf(object);
    return t !== undefined && selects(selector, t);
  });
}
