import { isWorkload } from '../../../shared/src/manifest';
import { keySpan } from '../../../shared/src/yamlPath';
import type { FixData } from './edits';
import { addSelectorEdit, objectAnchor, asRecord, selectorIsEmpty, specNode, templateLabels } from './support';
import type { Rule } from './types';

export const missingSelector: Rule = {
  id: 'missing-selector',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'error',
  summary: 'An apps/v1 Deployment, StatefulSet or DaemonSet has no spec.selector (or an empty one).',
  docs: `In \`apps/v1\`, \`spec.selector\` is required and must not be empty; the API server rejects the object
("empty selector is invalid for deployment"). Older API versions defaulted it from the template labels, which is
why manifests migrated from \`extensions/v1beta1\` or \`apps/v1beta*\` often lack it. The selector is immutable
after creation, so choose it carefully: usually the template's \`app\` label.

**Quick fix:** add a \`selector.matchLabels\` copied from \`spec.template.metadata.labels\`.

**Versions:** \`apps/v1\` requires the selector in every supported version (1.27–1.34).`,
  check(object, ctx) {
    if (!isWorkload(object) || object.apiVersion !== 'apps/v1') return [];
    const spec = specNode(object);
    if (!spec) return [];
    const value = asRecord(asRecord(object.value)?.spec)?.selector;
    if (!selectorIsEmpty(value)) return [];
    const span = keySpan(spec, 'selector') ?? objectAnchor(object);
    const labels = templateLabels(object);
    const text = ctx.fileText ?? '';
    const edit = ctx.fileText !== undefined ? addSelectorEdit(text, object) : undefined;
    const fixes: FixData[] = edit
      ? [
          {
            title: `Add a selector matching the template labels (${Object.entries(labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')})`,
            edits: [edit],
            fixAll: true,
            preferred: true,
          },
        ]
      : [];
    return [
      {
        rule: 'missing-selector',
        span,
        message:
          `${object.kind} "${object.name ?? ''}" has ${value === undefined ? 'no' : 'an empty'} spec.selector: apps/v1 requires one and the API server rejects the object. ` +
          (Object.keys(labels).length
            ? 'Add spec.selector.matchLabels with the template labels (the selector is immutable once created).'
            : 'Give the pod template labels and select them with spec.selector.matchLabels.'),
        data: { fixes },
      },
    ];
  },
};
