import { isWorkload } from '../../../shared/src/manifest';
import { getIn, keySpan, mapAt, spanOf } from '../../../shared/src/yamlPath';
import { evaluateSelector, pairSpan, asRecord, selectorIsEmpty, templateLabels } from './support';
import type { Rule } from './types';

export const selectorMismatch: Rule = {
  id: 'selector-mismatch',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'error',
  summary: "A workload's spec.selector does not match its pod template's labels.",
  docs: `The API server rejects a Deployment or StatefulSet whose \`spec.selector\` does not select its own pod
template ("\`selector\` does not match template \`labels\`"): the controller would create pods it cannot find
again and create more, forever. Every \`matchLabels\` entry must appear with the same value in
\`spec.template.metadata.labels\`, and every \`matchExpressions\` requirement must hold for them.

The range is the first requirement that fails.

**Versions:** the same rejection (\`ValidateDeploymentSpec\`, \`ValidateStatefulSetSpec\`, \`ValidateDaemonSetSpec\`) in every supported version (1.27–1.34). A selector that cannot be parsed at all (an invalid key, \`In\` without values) is \`invalid-label\` only.`,
  check(object) {
    if (!isWorkload(object)) return [];
    const selector = asRecord(asRecord(object.value)?.spec)?.selector;
    if (selectorIsEmpty(selector)) return [];
    const labels = templateLabels(object);
    const result = evaluateSelector(selector, labels);
    if (!result || result.matches) return [];
    const selNode = mapAt(object.node, ['spec', 'selector']);
    let span = keySpan(mapAt(object.node, ['spec']), 'selector');
    if (result.failedKey?.kind === 'matchLabels')
      span = pairSpan(mapAt(selNode, ['matchLabels']), result.failedKey.key) ?? span;
    else if (result.failedKey?.kind === 'matchExpressions')
      span = spanOf(getIn(selNode, ['matchExpressions', result.failedKey.index])) ?? span;
    if (!span) return [];
    const shown = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    return [
      {
        rule: 'selector-mismatch',
        span,
        message:
          `The selector requirement "${result.failed}" does not match the pod template labels (${shown || 'none'}): ` +
          'the API server rejects a workload whose selector does not select its own template. Make the template labels satisfy the selector.',
      },
    ];
  },
};
