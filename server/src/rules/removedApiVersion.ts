import { isWorkload } from '../../../shared/src/manifest';
import type { K8sObject } from '../../../shared/src/manifest';
import { pairOf, spanOf, valueSpan } from '../../../shared/src/yamlPath';
import { NEWEST_KUBERNETES_VERSION, compareVersions } from '../../../shared/src/settings';
import { addSelectorEdit, asRecord, REMOVED_API_VERSIONS, selectorIsEmpty } from './support';
import type { EditData } from './edits';
import type { Rule } from './types';

export const removedApiVersion: Rule = {
  id: 'removed-api-version',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'CronJob'],
  defaultSeverity: 'error',
  summary:
    'An object uses an apiVersion the target Kubernetes version no longer serves (extensions/v1beta1 Deployment…).',
  docs: `\`extensions/v1beta1\`, \`apps/v1beta1\` and \`apps/v1beta2\` Deployments, and \`apps/v1beta1\`/\`apps/v1beta2\`
StatefulSets, and \`extensions/v1beta1\`/\`apps/v1beta2\` DaemonSets, are no longer served since Kubernetes 1.16: \`kubectl apply\` fails with "no matches for kind".
Use \`apps/v1\` (available since 1.9). The move is not just a rename: \`apps/v1\` requires \`spec.selector\` (the
old versions defaulted it from the template labels) and changed defaults (StatefulSet \`updateStrategy\` is
RollingUpdate instead of OnDelete; Deployment \`revisionHistoryLimit\` 10, \`progressDeadlineSeconds\` 600, surge
and unavailable 25%).

Likewise \`autoscaling/v2beta1\` (removed in 1.25) and \`autoscaling/v2beta2\` (1.26) HorizontalPodAutoscalers, use
\`autoscaling/v2\` (the metric targets moved: \`targetAverageUtilization: 80\` is \`target: {type: Utilization,
averageUtilization: 80}\`); \`policy/v1beta1\` PodDisruptionBudgets (1.25), use \`policy/v1\` (an empty selector now
selects every pod of the namespace); \`batch/v1beta1\` CronJobs (1.25), use \`batch/v1\`. Every supported target
(1.27–1.34) rejects all of these.

Checked against \`rolloutLens.kubernetesVersion\`.

**Quick fix:** for workloads, set \`apiVersion: apps/v1\` and add the selector from the template labels when there is
none (the other kinds need more than a rename: no fix).`,
  check(object, ctx) {
    const removedIn = REMOVED_API_VERSIONS[object.apiVersion]?.[object.kind];
    const target = ctx.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION;
    if (!removedIn || compareVersions(target, removedIn) < 0) return [];
    const span = valueSpan(object.node, 'apiVersion');
    if (!span) return [];
    if (!isWorkload(object)) return [otherKind(object, span, removedIn, target)];
    const edits: EditData[] = [{ span: spanOf(pairOf(object.node, 'apiVersion')?.value) ?? span, newText: 'apps/v1' }];
    const needsSelector = selectorIsEmpty(asRecord(asRecord(object.value)?.spec)?.selector);
    const selector = needsSelector && ctx.fileText !== undefined ? addSelectorEdit(ctx.fileText, object) : undefined;
    if (selector) edits.push(selector);
    return [
      {
        rule: 'removed-api-version',
        span,
        message:
          `${object.apiVersion} ${object.kind} is not served since Kubernetes ${removedIn} (target: ${target}): kubectl apply fails with "no matches for kind". ` +
          `Use apiVersion: apps/v1${needsSelector ? ', which also requires spec.selector' : ''}.`,
        data: {
          fixes: [
            {
              title: `Migrate to apps/v1${selector ? ' (and add the selector it requires)' : ''}`,
              edits,
              fixAll: true,
              preferred: true,
            },
          ],
        },
      },
    ];
  },
};

const CURRENT: Readonly<Record<string, string>> = {
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  CronJob: 'batch/v1',
};

function otherKind(object: K8sObject, span: readonly [number, number], removedIn: string, target: string) {
  return {
    rule: 'removed-api-version',
    span,
    message:
      `${object.apiVersion} ${object.kind} is not served since Kubernetes ${removedIn} (target: ${target}): kubectl apply ` +
      `fails with "no matches for kind". Use apiVersion: ${CURRENT[object.kind] ?? 'the current version'}` +
      ' (check the fields that changed with it).',
  };
}
