import { disruptionBudgetSpec } from '../../../shared/src/manifest';
import { keySpan, mapAt } from '../../../shared/src/yamlPath';
import {
  asRecord,
  budgetTemplates,
  customResourceTemplate,
  definesPodsHere,
  evaluateSelector,
  isCustomApiVersion,
  objectAnchor,
  selectorIsEmpty,
} from './support';
import type { Rule } from './types';

export const pdbSelectsNothing: Rule = {
  id: 'pdb-selects-nothing',
  kinds: ['PodDisruptionBudget'],
  defaultSeverity: 'information',
  summary: 'A PodDisruptionBudget whose selector matches no pod template of its namespace in the workspace.',
  docs: `A PodDisruptionBudget protects the pods of its namespace that \`spec.selector\` matches (\`getPodsForPdb\` in
\`pkg/controller/disruption/disruption.go\`). When it matches none, it protects nothing: evictions of the pods you
meant are never limited — usually a label typo, a label changed on one side only, or the budget in the wrong
namespace. In \`policy/v1\` a budget without \`selector\` selects no pod (an empty \`{}\` selects every pod of the
namespace); in \`policy/v1beta1\` an empty selector selects none.

The API server accepts such a budget in every version, so this is information, and a selector that matches nothing
is only judged when the budget's own folder defines pod templates of its namespace (otherwise the pods are probably
defined elsewhere) and no custom resource of the namespace carries the selected labels (an operator's pods).`,
  check(object, ctx) {
    const spec = disruptionBudgetSpec(object);
    if (!spec) return [];
    const selector = asRecord(spec.selector);
    const name = object.name ?? '';
    if (!selector || (object.apiVersion !== 'policy/v1' && selectorIsEmpty(selector))) {
      const span = keySpan(mapAt(object.node, ['spec']), 'selector') ?? objectAnchor(object);
      return [
        {
          rule: 'pdb-selects-nothing',
          span,
          message:
            `PodDisruptionBudget "${name}" has ${selector ? 'an empty selector, which in ' + object.apiVersion + ' selects' : 'no selector, which selects'} ` +
            'no pod: it protects nothing. Add spec.selector.matchLabels with the labels of the pods to protect.',
        },
      ];
    }
    if (budgetTemplates(object, ctx.uri, ctx).length > 0) return [];
    if (!definesPodsHere(object.namespace, ctx)) return [];
    const owners = ctx.workspace.objectsWhere?.((_kind, apiVersion) => isCustomApiVersion(apiVersion)) ?? [];
    const owned = owners.some(({ object: o }) => {
      const t = o.namespace === object.namespace ? customResourceTemplate(o) : undefined;
      return t !== undefined && evaluateSelector(selector, t.labels)?.matches === true;
    });
    if (owned) return [];
    const span = keySpan(mapAt(object.node, ['spec']), 'selector');
    if (!span) return [];
    return [
      {
        rule: 'pdb-selects-nothing',
        span,
        message:
          `PodDisruptionBudget "${name}" selects no pod template of namespace "${object.namespace}" in the workspace: ` +
          'it protects nothing, and evictions of the pods you meant are not limited. Fix the selector or the pod labels.',
      },
    ];
  },
};
