import { isDeployment, isStatefulSet } from '../../../shared/src/manifest';
import { keySpan, mapAt, pairOf } from '../../../shared/src/yamlPath';
import { removePair } from './edits';
import type { Rule } from './types';
import { scalarAt } from './support';

export const recreateWithRollingUpdate: Rule = {
  id: 'recreate-with-rolling-update',
  kinds: ['Deployment', 'StatefulSet'],
  defaultSeverity: 'error',
  summary: 'strategy.type Recreate (StatefulSet: updateStrategy.type OnDelete) together with a rollingUpdate block.',
  docs: `\`rollingUpdate\` parameters only mean something for a rolling update. The API server rejects a Deployment with
\`strategy.type: Recreate\` and a \`strategy.rollingUpdate\` block ("may not be specified when strategy \`type\` is
'Recreate'"), and a StatefulSet with \`updateStrategy.type: OnDelete\` and \`updateStrategy.rollingUpdate\` ("only
allowed for updateStrategy 'RollingUpdate'"). Usually the type was switched and the block left behind.

**Quick fix:** remove the \`rollingUpdate\` block (or change the type back to \`RollingUpdate\`).

**Versions:** the same rejection in every supported version (1.27–1.34).`,
  check(object, ctx) {
    const [path, forbidden] = isDeployment(object)
      ? [['spec', 'strategy'], 'Recreate']
      : isStatefulSet(object)
        ? [['spec', 'updateStrategy'], 'OnDelete']
        : [];
    if (!path) return [];
    const strategy = mapAt(object.node, path);
    if (scalarAt(strategy, 'type') !== forbidden) return [];
    const pair = pairOf(strategy, 'rollingUpdate');
    if (!pair || pair.value === null || pair.value === undefined) return [];
    const v = pair.value as { value?: unknown };
    if (v && 'value' in v && v.value === null) return []; // `rollingUpdate: null` is accepted
    const span = keySpan(strategy, 'rollingUpdate');
    if (!span) return [];
    const edit = ctx.fileText !== undefined ? removePair(ctx.fileText, strategy, 'rollingUpdate') : undefined;
    const field = path.join('.');
    return [
      {
        rule: 'recreate-with-rolling-update',
        span,
        message:
          `${field}.type is ${forbidden}, but ${field}.rollingUpdate is set: the API server rejects rolling-update parameters for a ${forbidden} strategy. ` +
          `Remove ${field}.rollingUpdate, or set the type to RollingUpdate.`,
        data: {
          fixes: edit ? [{ title: `Remove ${field}.rollingUpdate`, edits: [edit], fixAll: true, preferred: true }] : [],
        },
      },
    ];
  },
};
