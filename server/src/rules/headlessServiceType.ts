import { isService } from '../../../shared/src/manifest';
import { mapAt, valueSpan } from '../../../shared/src/yamlPath';
import type { Rule } from './types';
import { scalarAt } from './support';

export const headlessServiceType: Rule = {
  id: 'headless-service-type',
  kinds: ['Service'],
  defaultSeverity: 'error',
  summary: 'A headless Service (clusterIP: None) of type NodePort or LoadBalancer.',
  docs: `\`clusterIP: None\` makes a Service *headless*: no virtual IP, DNS returns the pod addresses. \`NodePort\` and
\`LoadBalancer\` Services forward node or load-balancer traffic to the cluster IP, so they need one; the API server
rejects \`clusterIP: None\` for them ("may not be set to 'None' for LoadBalancer services"). Either remove
\`clusterIP: None\` or make it a separate headless Service (e.g. the governing Service of a StatefulSet) next to the
exposed one.

**Versions:** the same rejection (\`ValidateService\`) in every supported version (1.27–1.34).`,
  check(object) {
    if (!isService(object)) return [];
    const spec = mapAt(object.node, ['spec']);
    const type = scalarAt(spec, 'type');
    if (scalarAt(spec, 'clusterIP') !== 'None' || (type !== 'NodePort' && type !== 'LoadBalancer')) return [];
    const span = valueSpan(spec, 'clusterIP');
    if (!span) return [];
    return [
      {
        rule: 'headless-service-type',
        span,
        message:
          `Service "${object.name ?? ''}" is headless (clusterIP: None) but of type ${type}, which needs a cluster IP to forward to: the API server rejects it. ` +
          'Remove clusterIP: None, or use two Services: a headless one and an exposed one.',
        related: [],
      },
    ];
  },
};
