import { isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { EAGER_KINDS } from '../../../shared/src/manifest';
import type { K8sObject } from '../../../shared/src/manifest';
import { mapAt, pairOf, spanOf } from '../../../shared/src/yamlPath';
import type { Finding, Rule } from './types';
import { labelKeyProblem, labelValueProblem, mapItems, podTemplatePath } from './support';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** Label maps and label selectors of an object, by path; selectors of apps/batch objects are LabelSelectors. */
function labelMaps(o: K8sObject): { map: YAMLMap | undefined; where: string }[] {
  const out = [{ map: mapAt(o.node, ['metadata', 'labels']), where: 'metadata.labels' }];
  const template = podTemplatePath(o);
  if (template && template.length > 0)
    out.push({ map: mapAt(o.node, [...template, 'metadata', 'labels']), where: 'template labels' });
  if (o.kind === 'Service') out.push({ map: mapAt(o.node, ['spec', 'selector']), where: 'spec.selector' });
  else if (template && template.length > 0)
    out.push({ map: mapAt(o.node, ['spec', 'selector', 'matchLabels']), where: 'selector.matchLabels' });
  return out;
}

function checkMap(out: Finding[], map: YAMLMap | undefined, where: string): void {
  for (const pair of map?.items ?? []) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    const keySpan = spanOf(pair.key);
    if (typeof key === 'string' && keySpan) {
      const p = labelKeyProblem(key);
      if (p)
        out.push({
          rule: 'invalid-label',
          span: keySpan,
          message: `${where}: label key "${key}" ${p}; the API server rejects it (IsQualifiedName).`,
        });
    }
    const value = isScalar(pair.value) ? pair.value.value : undefined;
    const valueSpan = spanOf(pair.value);
    if (typeof value === 'string' && valueSpan) {
      const p = labelValueProblem(value);
      if (p)
        out.push({
          rule: 'invalid-label',
          span: valueSpan,
          message: `${where}: label value "${value}" ${p}; the API server rejects it (IsValidLabelValue).`,
        });
    }
  }
}

function checkExpressions(out: Finding[], o: K8sObject): void {
  const selector = mapAt(o.node, ['spec', 'selector']);
  for (const e of mapItems(selector?.get('matchExpressions', true))) {
    const key = isScalar(e.get('key', true)) ? e.get('key') : undefined;
    const keyNode = pairOf(e, 'key')?.value;
    if (typeof key === 'string' && spanOf(keyNode)) {
      const p = labelKeyProblem(key);
      if (p)
        out.push({
          rule: 'invalid-label',
          span: spanOf(keyNode) as [number, number],
          message: `matchExpressions key "${key}" ${p}; the API server rejects it.`,
        });
    }
    const opNode = pairOf(e, 'operator')?.value;
    const op = isScalar(opNode) ? opNode.value : undefined;
    const opSpan = spanOf(opNode) ?? spanOf(e);
    if (!opSpan) continue;
    const valuesNode = pairOf(e, 'values')?.value;
    const count = isSeq(valuesNode) ? valuesNode.items.length : 0;
    if (typeof op !== 'string' || !OPERATORS.includes(op)) {
      const near = typeof op === 'string' ? OPERATORS.find((x) => x.toLowerCase() === op.toLowerCase()) : undefined;
      out.push({
        rule: 'invalid-label',
        span: opSpan,
        message:
          `matchExpressions operator ${op === undefined ? 'is missing' : `"${String(op)}" is not valid`}: ` +
          `use In, NotIn, Exists or DoesNotExist (case-sensitive); the API server rejects it (ValidateLabelSelectorRequirement).`,
        ...(near && spanOf(opNode)
          ? {
              data: {
                fixes: [
                  {
                    title: `Change to ${near}`,
                    edits: [{ span: spanOf(opNode), newText: near }],
                    fixAll: true,
                    preferred: true,
                  },
                ],
              },
            }
          : {}),
      });
    } else if ((op === 'In' || op === 'NotIn') && count === 0) {
      out.push({
        rule: 'invalid-label',
        span: spanOf(valuesNode) ?? opSpan,
        message: `matchExpressions operator ${op} needs at least one value; the API server rejects an empty "values" (ValidateLabelSelectorRequirement).`,
      });
    } else if ((op === 'Exists' || op === 'DoesNotExist') && count > 0) {
      out.push({
        rule: 'invalid-label',
        span: spanOf(valuesNode) ?? opSpan,
        message: `matchExpressions operator ${op} takes no values; the API server rejects "values" here (ValidateLabelSelectorRequirement). Remove them.`,
      });
    }
    if (isSeq(valuesNode)) {
      for (const item of valuesNode.items) {
        const s = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
        const p = s === undefined ? undefined : labelValueProblem(s);
        const span = spanOf(item);
        if (p && span)
          out.push({
            rule: 'invalid-label',
            span,
            message: `matchExpressions value "${s}" ${p}; the API server rejects it (IsValidLabelValue).`,
          });
      }
    }
  }
}

export const invalidLabel: Rule = {
  id: 'invalid-label',
  kinds: [...EAGER_KINDS],
  defaultSeverity: 'error',
  summary: 'A label key or value, or a label selector requirement, that the API server rejects.',
  docs: `Labels are validated on every object (\`ValidateLabels\` in \`apimachinery/pkg/apis/meta/v1/validation\`), in pod
templates (\`ValidatePodTemplateSpecFor*\` — also for StatefulSets in every version) and in selectors
(\`ValidateLabelSelector\`; a Service's \`spec.selector\` by \`ValidateService\`):

- keys (\`IsQualifiedName\`): an optional DNS-1123 subdomain prefix and \`/\`, then a name of at most 63 letters, digits,
  \`-\`, \`_\` and \`.\`, starting and ending with a letter or digit;
- values (\`IsValidLabelValue\`): empty, or at most 63 characters of the same set, starting and ending alphanumeric
  (\`version: 1.0-\` or a value with \`/\` or a space is rejected);
- \`matchExpressions\` (\`ValidateLabelSelectorRequirement\`): the operator is one of \`In\`, \`NotIn\`, \`Exists\`,
  \`DoesNotExist\` (case-sensitive); \`In\`/\`NotIn\` need at least one value; \`Exists\`/\`DoesNotExist\` must have none.

Same in every supported version (1.27+). Values holding a placeholder (\`{{ x }}\`, \`\${X}\`) that a script fills in are not
judged. Whether the selector matches the template labels is \`selector-mismatch\`.

**Quick fix:** a matchExpressions operator written in the wrong case.`,
  check(object) {
    const out: Finding[] = [];
    for (const { map, where } of labelMaps(object)) if (isMap(map)) checkMap(out, map, where);
    if (podTemplatePath(object)?.length) checkExpressions(out, object);
    return out;
  },
};
