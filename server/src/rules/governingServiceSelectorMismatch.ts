import { isStatefulSet } from '../../../shared/src/manifest';
import { keySpan, mapAt, valueSpan } from '../../../shared/src/yamlPath';
import { relativePath } from '../nearest';
import {
  asRecord,
  governingServices,
  podTemplateOf,
  scalarAt,
  selects,
  stringMap,
  templateLabels,
  tieNote,
  tieRelated,
} from './support';
import type { LocatedService, Rule } from './types';

export const governingServiceSelectorMismatch: Rule = {
  id: 'governing-service-selector-mismatch',
  kinds: ['StatefulSet'],
  defaultSeverity: 'warning',
  summary: "The StatefulSet's governing Service does not select the StatefulSet's pods.",
  docs: `The per-pod DNS records of a StatefulSet (\`<pod>.<serviceName>.<namespace>.svc\`) are created from the endpoints
of its governing Service. If that Service's \`selector\` does not match the pod template labels, it has no endpoints
for these pods and the names never resolve, although everything looks configured. Make the Service's selector a
subset of \`spec.template.metadata.labels\`. The governing Service is the nearest one of that name (same file, same
folder, then fewest folder steps away); when two are equally near, the message says so and lists both.

**Versions:** the API server never checks \`serviceName\` against a Service (1.27–1.34): the StatefulSet is accepted, the DNS records are missing.`,
  check(object, ctx) {
    if (!isStatefulSet(object)) return [];
    const spec = mapAt(object.node, ['spec']);
    const name = scalarAt(spec, 'serviceName');
    if (typeof name !== 'string' || name === '') return [];
    const candidates = governingServices(object.namespace, name, ctx);
    const template = podTemplateOf(object);
    if (!template) return [];
    const selectorOf = (s: LocatedService) => stringMap(asRecord(asRecord(s.service.value)?.spec)?.selector);
    // On a tie, the first candidate whose selector misses the pods is reported (the other is named in the message).
    const found = candidates.find((s) => Object.keys(selectorOf(s)).length > 0 && !selects(selectorOf(s), template));
    if (!found) return [];
    const selector = selectorOf(found);
    const labels = templateLabels(object);
    const where = candidates.length > 1 ? ` (${relativePath(ctx.uri, found.uri)})` : '';
    const span = valueSpan(spec, 'serviceName');
    if (!span) return [];
    const svcSpec = mapAt(found.service.node, ['spec']);
    return [
      {
        rule: 'governing-service-selector-mismatch',
        span,
        message:
          tieNote(name, candidates, ctx) +
          `Governing Service "${name}"${where} selects ${Object.entries(selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}, but the pods of StatefulSet "${object.name ?? ''}" are labelled ` +
          `${
            Object.entries(labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ') || '(nothing)'
          }: the Service has no endpoints for them, so their DNS names never resolve. ` +
          'Make the Service selector match the pod template labels.',
        related: [
          {
            uri: found.uri,
            span: keySpan(svcSpec, 'selector') ?? found.service.span,
            message: `Service "${name}" selector`,
          },
          ...tieRelated(name, candidates, [found]),
        ],
      },
    ];
  },
};
