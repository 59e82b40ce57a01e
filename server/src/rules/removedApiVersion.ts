import { isWorkload } from '../../../shared/src/manifest';
import { pairOf, spanOf, valueSpan } from '../../../shared/src/yamlPath';
import { NEWEST_KUBERNETES_VERSION, compareVersions } from '../../../shared/src/settings';
import { addSelectorEdit, asRecord, REMOVED_API_VERSIONS, selectorIsEmpty } from './support';
import type { EditData } from './edits';
import type { Rule } from './types';

export const removedApiVersion: Rule = {
  id: 'removed-api-version',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'error',
  summary: 'A Deployment, StatefulSet or DaemonSet uses an apiVersion the target Kubernetes version no longer serves.',
  docs: `\`extensions/v1beta1\`, \`apps/v1beta1\` and \`apps/v1beta2\` Deployments, and \`apps/v1beta1\`/\`apps/v1beta2\`
StatefulSets, and \`extensions/v1beta1\`/\`apps/v1beta2\` DaemonSets, are no longer served since Kubernetes 1.16: \`kubectl apply\` fails with "no matches for kind".
Use \`apps/v1\` (available since 1.9). The move is not just a rename: \`apps/v1\` requires \`spec.selector\` (the
old versions defaulted it from the template labels) and changed defaults (StatefulSet \`updateStrategy\` is
RollingUpdate instead of OnDelete; Deployment \`revisionHistoryLimit\` 10, \`progressDeadlineSeconds\` 600, surge
and unavailable 25%).

Checked against \`rolloutLens.kubernetesVersion\`.

**Quick fix:** set \`apiVersion: apps/v1\` and add the selector from the template labels when there is none.`,
  check(object, ctx) {
    if (!isWorkload(object)) return [];
    const removedIn = REMOVED_API_VERSIONS[object.apiVersion]?.[object.kind];
    const target = ctx.kubernetesVersion ?? NEWEST_KUBERNETES_VERSION;
    if (!removedIn || compareVersions(target, removedIn) < 0) return [];
    const span = valueSpan(object.node, 'apiVersion');
    if (!span) return [];
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
