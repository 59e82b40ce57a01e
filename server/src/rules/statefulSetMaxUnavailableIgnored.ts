import { isStatefulSet } from '../../../shared/src/manifest';
import { featureGate } from '../../../shared/src/featureGates';
import { NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import { keySpan, mapAt, pairOf } from '../../../shared/src/yamlPath';
import type { Rule } from './types';
import { scalarAt, statefulSetMaxUnavailableHonoured } from './support';

export const statefulSetMaxUnavailableIgnored: Rule = {
  id: 'statefulset-max-unavailable-ignored',
  kinds: ['StatefulSet'],
  defaultSeverity: 'warning',
  summary:
    'StatefulSet rollingUpdate.maxUnavailable is dropped unless the MaxUnavailableStatefulSet feature gate is on.',
  docs: `\`updateStrategy.rollingUpdate.maxUnavailable\` lets a StatefulSet update several pods at once, but only with
the \`MaxUnavailableStatefulSet\` feature gate (\`pkg/features/kube_features.go\`): alpha and **off** by default from
1.24 through 1.34, beta and on by default from 1.35. With the gate off, the registry strategy
(\`pkg/registry/apps/statefulset/strategy.go\`, \`dropStatefulSetDisabledFields\`, called by \`PrepareForCreate\`) drops
the field before validation: the object is accepted, the value is silently ignored, and pods are updated one at a time.

So for targets before 1.35 this is a warning ("ignored unless the feature gate is on"), and the value checks
(\`invalid-int-or-percent\`, \`rolling-update-all-zero\`) do not report it as rejected. From 1.35 the field is honoured
and validated (\`validateRollingUpdateStatefulSet\`).`,
  check(object, ctx) {
    if (!isStatefulSet(object)) return [];
    const version = ctx.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION;
    if (statefulSetMaxUnavailableHonoured(version)) return [];
    const strategy = mapAt(object.node, ['spec', 'updateStrategy']);
    const type = scalarAt(strategy, 'type');
    if (type !== undefined && type !== 'RollingUpdate') return []; // recreate-with-rolling-update's business
    const ru = mapAt(strategy, ['rollingUpdate']);
    const span = keySpan(ru, 'maxUnavailable');
    if (!span || !pairOf(ru, 'maxUnavailable')) return [];
    const gate = featureGate('MaxUnavailableStatefulSet', version);
    return [
      {
        rule: 'statefulset-max-unavailable-ignored',
        span,
        message:
          `rollingUpdate.maxUnavailable is ignored unless the feature gate is on: MaxUnavailableStatefulSet is ` +
          `${gate?.stage ?? 'alpha'} and off by default in Kubernetes ${version}, and the API server drops the field on create, ` +
          'so pods are updated one at a time. Remove it, or enable the gate on the cluster (on by default from 1.35).',
      },
    ];
  },
};
