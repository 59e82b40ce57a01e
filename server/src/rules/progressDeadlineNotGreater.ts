import { isDeployment } from '../../../shared/src/manifest';
import { valueSpan } from '../../../shared/src/yamlPath';
import type { Rule } from './types';
import { scalarAt, specNode } from './util';

export const progressDeadlineNotGreater: Rule = {
  id: 'progress-deadline-not-greater',
  defaultSeverity: 'error',
  summary: "A Deployment's progressDeadlineSeconds is not greater than its minReadySeconds.",
  docs: `\`progressDeadlineSeconds\` is how long a rollout may go without progress before the Deployment is marked
failed (\`ProgressDeadlineExceeded\`). A new pod only counts as progress after it has been ready for
\`minReadySeconds\`, so a deadline at or below that would fail every rollout; the API server rejects it ("must be
greater than minReadySeconds"). Raise \`progressDeadlineSeconds\` well above \`minReadySeconds\` (default 600).`,
  check(object) {
    if (!isDeployment(object)) return [];
    const spec = specNode(object);
    const deadline = scalarAt(spec, 'progressDeadlineSeconds');
    const minReadyRaw = scalarAt(spec, 'minReadySeconds');
    const minReady = minReadyRaw === undefined || minReadyRaw === null ? 0 : minReadyRaw;
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
