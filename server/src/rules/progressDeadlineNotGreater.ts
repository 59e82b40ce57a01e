import { isDeployment } from '../../../shared/src/manifest';
import { valueSpan } from '../../../shared/src/yamlPath';
import type { Rule } from './types';
import { scalarAt, specNode } from './support';

/** apps/v1 default of spec.progressDeadlineSeconds (SetDefaults_Deployment). */
export const DEFAULT_PROGRESS_DEADLINE = 600;

export const progressDeadlineNotGreater: Rule = {
  id: 'progress-deadline-not-greater',
  kinds: ['Deployment'],
  defaultSeverity: 'error',
  summary: "A Deployment's progressDeadlineSeconds is not greater than its minReadySeconds.",
  docs: `\`progressDeadlineSeconds\` is how long a rollout may go without progress before the Deployment is marked
failed (\`ProgressDeadlineExceeded\`). A new pod only counts as progress after it has been ready for
\`minReadySeconds\`, so a deadline at or below that would fail every rollout; the API server rejects it ("must be
greater than minReadySeconds", \`ValidateDeploymentSpec\`). Raise \`progressDeadlineSeconds\` well above \`minReadySeconds\`.

When \`progressDeadlineSeconds\` is absent, \`SetDefaults_Deployment\` (\`pkg/apis/apps/v1/defaults.go\`) sets it to 600
before validation, so \`minReadySeconds: 600\` or more alone is rejected too (the finding is then on
\`minReadySeconds\`). Same in every version from 1.27 on.`,
  check(object) {
    if (!isDeployment(object)) return [];
    const spec = specNode(object);
    const deadline = scalarAt(spec, 'progressDeadlineSeconds');
    const minReadyRaw = scalarAt(spec, 'minReadySeconds');
    const minReady = minReadyRaw === undefined || minReadyRaw === null ? 0 : minReadyRaw;
    if (
      deadline === undefined &&
      typeof minReady === 'number' &&
      minReady >= DEFAULT_PROGRESS_DEADLINE &&
      object.apiVersion === 'apps/v1'
    ) {
      // SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go) sets 600 before ValidateDeploymentSpec compares.
      const span = valueSpan(spec, 'minReadySeconds');
      if (!span) return [];
      return [
        {
          rule: 'progress-deadline-not-greater',
          span,
          message:
            `minReadySeconds (${minReady}) is not below the defaulted progressDeadlineSeconds (${DEFAULT_PROGRESS_DEADLINE}): the API server fills in ` +
            `${DEFAULT_PROGRESS_DEADLINE} and then rejects the Deployment (progressDeadlineSeconds must be greater than minReadySeconds). ` +
            `Set progressDeadlineSeconds above ${minReady} (e.g. ${minReady * 2 + 60}).`,
        },
      ];
    }
    if (typeof deadline !== 'number' || typeof minReady !== 'number' || deadline < 0) return [];
    if (deadline > minReady) return [];
    const span = valueSpan(spec, 'progressDeadlineSeconds');
    if (!span) return [];
    return [
      {
        rule: 'progress-deadline-not-greater',
        span,
        message:
          `progressDeadlineSeconds (${deadline}) must be greater than minReadySeconds (${minReady}${minReadyRaw === undefined ? ', the default' : ''}): ` +
          'a pod only counts as progress after being ready that long, so every rollout would fail; the API server rejects it. ' +
          `Raise progressDeadlineSeconds (e.g. ${Math.max(600, minReady * 2 + 60)}).`,
      },
    ];
  },
};
