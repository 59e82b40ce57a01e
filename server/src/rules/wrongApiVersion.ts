import { EAGER_KINDS } from '../../../shared/src/manifest';
import { pairOf, spanOf, valueSpan } from '../../../shared/src/yamlPath';
import { REMOVED_API_VERSIONS } from './support';
import type { Rule } from './types';

/**
 * Every apiVersion under which the API server has ever served each kind the linter parses eagerly
 * (the removed ones are removed-api-version's business). From the API groups' `install` packages
 * (`pkg/apis/<group>/install`) and the removed-API list of the deprecation guide.
 */
export const SERVED_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['apps/v1', 'apps/v1beta2', 'apps/v1beta1', 'extensions/v1beta1'],
  StatefulSet: ['apps/v1', 'apps/v1beta2', 'apps/v1beta1'],
  DaemonSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicaSet: ['apps/v1', 'apps/v1beta2', 'extensions/v1beta1'],
  ReplicationController: ['v1'],
  Pod: ['v1'],
  Service: ['v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1', 'batch/v2alpha1'],
  HorizontalPodAutoscaler: ['autoscaling/v2', 'autoscaling/v1', 'autoscaling/v2beta2', 'autoscaling/v2beta1'],
  PodDisruptionBudget: ['policy/v1', 'policy/v1beta1'],
};

export const wrongApiVersion: Rule = {
  id: 'wrong-api-version',
  kinds: [...EAGER_KINDS],
  defaultSeverity: 'error',
  summary: 'A built-in kind under an apiVersion that never served it (apiVersion: v1 with kind: Deployment).',
  docs: `Each built-in kind lives in one API group: \`Deployment\`, \`StatefulSet\`, \`DaemonSet\` and \`ReplicaSet\` in
\`apps/v1\`, \`Service\`, \`Pod\` and \`ReplicationController\` in the core group \`v1\`, \`Job\` and \`CronJob\` in \`batch/v1\`,
\`HorizontalPodAutoscaler\` in \`autoscaling/v2\`, \`PodDisruptionBudget\` in \`policy/v1\`. Under any other apiVersion the
kind does not exist: kubectl's REST mapper finds no resource and \`kubectl apply\` fails with
\`no matches for kind "Deployment" in version "v1"\` before anything reaches the API server. Every version from 1.27
on behaves the same. (An apiVersion that served the kind once but no longer does is \`removed-api-version\`.)

**Quick fix:** the current apiVersion of the kind.`,
  check(object) {
    const served = SERVED_API_VERSIONS[object.kind];
    if (!served || served.includes(object.apiVersion) || REMOVED_API_VERSIONS[object.apiVersion]?.[object.kind])
      return [];
    const span = valueSpan(object.node, 'apiVersion') ?? valueSpan(object.node, 'kind');
    if (!span) return [];
    const right = served[0] as string;
    const value = spanOf(pairOf(object.node, 'apiVersion')?.value);
    return [
      {
        rule: 'wrong-api-version',
        span,
        message:
          `${object.kind} is not served under apiVersion "${object.apiVersion}": kubectl apply fails with ` +
          `"no matches for kind \\"${object.kind}\\" in version \\"${object.apiVersion}\\"". Use apiVersion: ${right}.`,
        ...(value
          ? {
              data: {
                fixes: [
                  {
                    title: `Change to ${right}`,
                    edits: [{ span: value, newText: right }],
                    fixAll: true,
                    preferred: true,
                  },
                ],
              },
            }
          : {}),
      },
    ];
  },
};
