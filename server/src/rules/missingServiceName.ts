import { isStatefulSet } from '../../../shared/src/manifest';
import { pairOf, scalarValue } from '../../../shared/src/yamlPath';
import { specKeySpan } from './statefulSetSpec';
import { compareVersions, NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import type { Rule } from './types';

export const missingServiceName: Rule = {
  id: 'missing-service-name',
  defaultSeverity: 'warning',
  summary: 'A StatefulSet has no spec.serviceName, so its pods get no stable DNS names.',
  docs: `A StatefulSet's pods get stable DNS names (\`<pod>.<serviceName>.<namespace>.svc.cluster.local\`) only through
the headless Service named by \`spec.serviceName\`, the *governing Service*. Without it, peers cannot find each
other by name — which is usually why one uses a StatefulSet. Set \`spec.serviceName\` to a headless Service
(\`clusterIP: None\`) that selects the StatefulSet's pods. (\`serviceName\` is required by the API before
Kubernetes 1.33 and optional since.)`,
  check(object, ctx) {
    if (!isStatefulSet(object)) return [];
    const target = ctx.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION;
    const versionNote =
      compareVersions(target, '1.33') >= 0
        ? ` (Optional in the API since Kubernetes 1.33; target ${target}.)`
        : ` (Kubernetes ${target} still lists it as required: schema validators and kubectl --validate reject the StatefulSet without it; optional since 1.33.)`;
    const spec = pairOf(object.node, 'spec')?.value;
    const name = scalarValue(pairOf(spec, 'serviceName')?.value);
    if (typeof name === 'string' && name.trim() !== '') return [];
    return [
      {
        rule: 'missing-service-name',
        span: specKeySpan(object),
        message:
          `StatefulSet "${object.name ?? ''}" has ${typeof name === 'string' ? 'an empty' : 'no'} spec.serviceName: ` +
          'its pods get no stable DNS names (<pod>.<service>.<namespace>.svc). ' +
          'Set spec.serviceName to a headless Service (clusterIP: None) that selects these pods.' +
          versionNote,
      },
    ];
  },
};
