import { isStatefulSet } from '../../../shared/src/manifest';
import { keySpan, mapAt, valueSpan } from '../../../shared/src/yamlPath';
import { templateLabels } from './missingSelector';
import { podTemplateOf, selects, stringMap } from './podTemplates';
import type { Rule } from './types';
import { rec, scalarAt } from './util';

export const governingServiceSelectorMismatch: Rule = {
  id: 'governing-service-selector-mismatch',
  defaultSeverity: 'warning',
  summary: "The StatefulSet's governing Service does not select the StatefulSet's pods.",
  docs: `The per-pod DNS records of a StatefulSet (\`<pod>.<serviceName>.<namespace>.svc\`) are created from the endpoints
of its governing Service. If that Service's \`selector\` does not match the pod template labels, it has no endpoints
for these pods and the names never resolve, although everything looks configured. Make the Service's selector a
subset of \`spec.template.metadata.labels\`.`,
  check(object, ctx) {
    if (!isStatefulSet(object)) return [];
    const spec = mapAt(object.node, ['spec']);
    const name = scalarAt(spec, 'serviceName');
    if (typeof name !== 'string' || name === '') return [];
    const found = ctx.workspace.servicesNamed(object.namespace, name, ctx.uri)[0];
    if (!found) return [];
    const selector = stringMap(rec(rec(found.service.value)?.spec)?.selector);
    if (Object.keys(selector).length === 0) return [];
    const labels = templateLabels(object);
    const template = podTemplateOf(object);
    if (!template || selects(selector, template)) return [];
    const span = valueSpan(spec, 'serviceName');
    if (!span) return [];
    const svcSpec = mapAt(found.service.node, ['spec']);
    return [
      {
        rule: 'governing-service-selector-mismatch',
        span,
        message:
          `Governing Service "${name}" selects ${Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ')}, but the pods of StatefulSet "${object.name ?? ''}" are labelled ` +
          `${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || '(nothing)'}: the Service has no endpoints for them, so their DNS names never resolve. ` +
          'Make the Service selector match the pod template labels.',
        related: [{ uri: found.uri, span: keySpan(svcSpec, 'selector') ?? found.service.span, message: `Service "${name}" selector` }],
      },
    ];
  },
};
