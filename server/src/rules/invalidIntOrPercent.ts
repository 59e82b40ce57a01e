import { isDaemonSet, isDeployment, isStatefulSet } from '../../../shared/src/manifest';
import { NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import type { Span } from '../../../shared/src/manifest';
import { mapAt, pairOf, valueSpan } from '../../../shared/src/yamlPath';
import type { Finding, Rule } from './types';
import { scalarAt, statefulSetMaxUnavailableHonoured, validateIntOrPercent } from './support';

export const invalidIntOrPercent: Rule = {
  id: 'invalid-int-or-percent',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'error',
  summary:
    'maxSurge / maxUnavailable is not a non-negative whole number or a valid percentage (maxUnavailable ≤ 100%; DaemonSet both).',
  docs: `\`maxSurge\` and \`maxUnavailable\` are *IntOrString*: a whole number of pods (\`1\`), or a string percentage of
the replicas (\`"25%"\`). The API server rejects anything else: a quoted number (\`"25"\` — a string must end in
\`%\`), \`"abc%"\`, a fraction, a negative value, and \`maxUnavailable\` above 100% (a Deployment's \`maxSurge\` above 100% is allowed; a DaemonSet's is not:
\`ValidateRollingUpdateDaemonSet\` applies \`IsNotMoreThan100Percent\` to both). Write \`1\` or \`"25%"\`.

**Versions:** the same rejection in every supported version (1.27–1.34).`,
  check(object, ctx) {
    let ru;
    let fields: string[];
    let where: string;
    if (isDeployment(object)) {
      ru = mapAt(object.node, ['spec', 'strategy', 'rollingUpdate']);
      fields = ['maxSurge', 'maxUnavailable'];
      where = 'strategy.rollingUpdate';
    } else if (
      isStatefulSet(object) &&
      statefulSetMaxUnavailableHonoured(ctx.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION)
    ) {
      // Before 1.35 the field is dropped on create (statefulset-max-unavailable-ignored).
      ru = mapAt(object.node, ['spec', 'updateStrategy', 'rollingUpdate']);
      fields = ['maxUnavailable'];
      where = 'updateStrategy.rollingUpdate';
    } else if (isDaemonSet(object)) {
      const strategy = mapAt(object.node, ['spec', 'updateStrategy']);
      const type = scalarAt(strategy, 'type');
      // ValidateDaemonSetUpdateStrategy: OnDelete skips every rollingUpdate check.
      if (type !== undefined && type !== 'RollingUpdate') return [];
      ru = mapAt(strategy, ['rollingUpdate']);
      fields = ['maxUnavailable', 'maxSurge'];
      where = 'updateStrategy.rollingUpdate';
    } else return [];
    const capped = (field: string) => field === 'maxUnavailable' || isDaemonSet(object);
    const out: Finding[] = [];
    for (const field of fields) {
      const pair = pairOf(ru, field);
      if (!pair) continue;
      const v = scalarAt(ru, field);
      if (v === null || (v === undefined && (pair.value === null || pair.value === undefined))) continue;
      const span = valueSpan(ru, field) as Span;
      const parsed = validateIntOrPercent(v === undefined ? pair.value : v);
      let reason: string | undefined;
      if (parsed.kind === 'invalid') reason = v === undefined ? 'is not a scalar' : parsed.reason;
      else if (capped(field) && parsed.kind === 'percent' && parsed.value > 100)
        reason = `${parsed.value}% is over 100%`;
      if (!reason) continue;
      out.push({
        rule: 'invalid-int-or-percent',
        span,
        message: `${where}.${field}: ${reason}; the API server rejects it. Use a whole number of pods (1) or a percentage string ("25%")${capped(field) ? ' of at most 100%' : ''}.`,
      });
    }
    return out;
  },
};
