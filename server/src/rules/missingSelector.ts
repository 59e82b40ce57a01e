import { isMap } from 'yaml';
import { isWorkload } from '../../../shared/src/manifest';
import type { K8sObject } from '../../../shared/src/manifest';
import { keySpan, pairOf } from '../../../shared/src/yamlPath';
import { insertInMap } from './edits';
import type { EditData, FixData } from './edits';
import { stringMap } from './podTemplates';
import type { Rule } from './types';
import { objectAnchor, rec, specNode } from './util';

export function templateLabels(o: K8sObject): Record<string, string> {
  return stringMap(rec(rec(rec(rec(o.value)?.spec)?.template)?.metadata)?.labels);
}

/** True when a LabelSelector value selects nothing: absent, null, or no requirements. */
export function selectorIsEmpty(selector: unknown): boolean {
  const s = rec(selector);
  if (!s) return true;
  const labels = rec(s.matchLabels);
  const exprs = s.matchExpressions;
  return (!labels || Object.keys(labels).length === 0) && (!Array.isArray(exprs) || exprs.length === 0);
}

/** An edit that gives `spec` a selector from the template labels (undefined when it cannot). */
export function addSelectorEdit(text: string, o: K8sObject): EditData | undefined {
  const labels = templateLabels(o);
  const spec = specNode(o);
  if (Object.keys(labels).length === 0 || !spec) return undefined;
  const existing = pairOf(spec, 'selector');
  if (existing) {
    // `selector:` with an empty value or `{}`: fill it in place.
    if (isMap(existing.value)) return insertInMap(text, existing.value, 'matchLabels', labels);
    return undefined;
  }
  return insertInMap(text, spec, 'selector', { matchLabels: labels }, 'template');
}

export const missingSelector: Rule = {
  id: 'missing-selector',
  defaultSeverity: 'error',
  summary: 'An apps/v1 Deployment, StatefulSet or DaemonSet has no spec.selector (or an empty one).',
  docs: `In \`apps/v1\`, \`spec.selector\` is required and must not be empty; the API server rejects the object
("empty selector is invalid for deployment"). Older API versions defaulted it from the template labels, which is
why manifests migrated from \`extensions/v1beta1\` or \`apps/v1beta*\` often lack it. The selector is immutable
after creation, so choose it carefully: usually the template's \`app\` label.

**Quick fix:** add a \`selector.matchLabels\` copied from \`spec.template.metadata.labels\`.`,
  check(object, ctx) {
    if (!isWorkload(object) || object.apiVersion !== 'apps/v1') return [];
    const spec = specNode(object);
    if (!spec) return [];
    const value = rec(rec(object.value)?.spec)?.selector;
    if (!selectorIsEmpty(value)) return [];
    const span = keySpan(spec, 'selector') ?? objectAnchor(object);
    const labels = templateLabels(object);
    const text = ctx.fileText ?? '';
    const edit = ctx.fileText !== undefined ? addSelectorEdit(text, object) : undefined;
    const fixes: FixData[] = edit
      ? [{ title: `Add a selector matching the template labels (${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')})`, edits: [edit], fixAll: true, preferred: true }]
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
