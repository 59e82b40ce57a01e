import { isDaemonSet, isDeployment, isStatefulSet } from '../../../shared/src/manifest';
import { keySpan, mapAt, valueSpan } from '../../../shared/src/yamlPath';
import { NEWEST_KUBERNETES_VERSION } from '../../../shared/src/settings';
import type { Rule } from './types';
import { scalarAt, statefulSetMaxUnavailableHonoured, validateIntOrPercent } from './support';

const isZero = (v: unknown) => {
  const p = validateIntOrPercent(v);
  return p.kind !== 'invalid' && p.value === 0;
};

export const rollingUpdateAllZero: Rule = {
  id: 'rolling-update-all-zero',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'error',
  summary:
    'A rolling update that can make no progress: maxSurge and maxUnavailable both 0 (StatefulSet: maxUnavailable 0).',
  docs: `A Deployment's rolling update replaces pods either by starting extra ones (\`maxSurge\`) or by stopping old
ones first (\`maxUnavailable\`). With both at 0 — \`0\` or \`0%\` — it could do neither, so the API server rejects it
("may not be 0 when \`maxSurge\` is 0"). Set one of them above 0: \`maxSurge: 1\` keeps full capacity during the
rollout; \`maxUnavailable: 1\` needs no spare capacity.

For a StatefulSet, \`updateStrategy.rollingUpdate.maxUnavailable\` "cannot be 0" either (\`validateRollingUpdateStatefulSet\`)
— checked only for targets where the \`MaxUnavailableStatefulSet\` gate is on (1.35+); before that the API server
drops the field (see \`statefulset-max-unavailable-ignored\`).

For a DaemonSet (\`ValidateRollingUpdateDaemonSet\`), \`maxUnavailable: 0\` needs a non-zero \`maxSurge\`: \`maxSurge\`
defaults to 0, so writing only \`maxUnavailable: 0\` is rejected ("cannot be 0 when maxSurge is 0"). The opposite
mistake, only \`maxSurge\`, is \`daemonset-surge-and-unavailable\`. \`type: OnDelete\` skips these checks.

Only the literal values count: \`maxSurge: 10%\` that rounds down to 0 pods is accepted (the controller then
allows one unavailable pod).`,
  check(object, ctx) {
    if (isDeployment(object)) {
      const strategy = mapAt(object.node, ['spec', 'strategy']);
      const ru = mapAt(strategy, ['rollingUpdate']);
      const type = scalarAt(strategy, 'type');
      if (!ru || (type !== undefined && type !== 'RollingUpdate')) return [];
      const surge = scalarAt(ru, 'maxSurge');
      const unavailable = scalarAt(ru, 'maxUnavailable');
      if (!isZero(surge) || !isZero(unavailable)) return [];
      const span = keySpan(strategy, 'rollingUpdate');
      if (!span) return [];
      return [
        {
          rule: 'rolling-update-all-zero',
          span,
          message:
            `maxSurge (${String(surge)}) and maxUnavailable (${String(unavailable)}) are both 0: the rollout could neither add a new pod nor remove an old one, ` +
            'so the API server rejects the Deployment. Set maxSurge: 1 (keeps capacity) or maxUnavailable: 1 (needs no spare room).',
        },
      ];
    }
    if (isDaemonSet(object)) {
      const strategy = mapAt(object.node, ['spec', 'updateStrategy']);
      const type = scalarAt(strategy, 'type');
      const ru = mapAt(strategy, ['rollingUpdate']);
      if (!ru || (type !== undefined && type !== 'RollingUpdate')) return [];
      const unavailable = scalarAt(ru, 'maxUnavailable');
      const surge = scalarAt(ru, 'maxSurge');
      // Defaults first (SetDefaults_DaemonSet): an unset maxSurge is 0, an unset maxUnavailable is 1.
      if (!isZero(unavailable) || !(surge === undefined || surge === null || isZero(surge))) return [];
      const span = valueSpan(ru, 'maxUnavailable');
      if (!span) return [];
      return [
        {
          rule: 'rolling-update-all-zero',
          span,
          message:
            `maxUnavailable is ${String(unavailable)} and maxSurge ${surge === undefined || surge === null ? 'defaults to 0' : `is ${String(surge)}`}: the DaemonSet could neither ` +
            'take a pod down nor start one beside it, so the API server rejects it ("cannot be 0 when maxSurge is 0"). ' +
            'Remove maxUnavailable (default 1), or write maxSurge: 1 for a surge rollout.',
        },
      ];
    }
    if (
      isStatefulSet(object) &&
      statefulSetMaxUnavailableHonoured(ctx.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION)
    ) {
      const ru = mapAt(object.node, ['spec', 'updateStrategy', 'rollingUpdate']);
      const value = scalarAt(ru, 'maxUnavailable');
      if (!isZero(value)) return [];
      const span = valueSpan(ru, 'maxUnavailable');
      if (!span) return [];
      return [
        {
          rule: 'rolling-update-all-zero',
          span,
          message:
            `updateStrategy.rollingUpdate.maxUnavailable is ${String(value)}: a StatefulSet rolling update must be allowed to take at least one pod down, ` +
            'so the API server rejects 0. Remove it (default 1) or set it to 1 or more.',
        },
      ];
    }
    return [];
  },
};
