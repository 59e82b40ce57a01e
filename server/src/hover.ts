/**
 * Hover: the documentation of the field under the cursor from the field catalog, and for
 * `maxSurge`, `maxUnavailable` and `partition` the number of pods they resolve to, with the arithmetic.
 */
import { isMap, isScalar } from 'yaml';
import type { K8sObject, Span } from '../../shared/src/manifest';
import { isDeployment, isStatefulSet } from '../../shared/src/manifest';
import { mapAt, spanOf } from '../../shared/src/yamlPath';
import { CATALOG_VERSION, describeType, rootTypeOf, walk } from './catalog';
import type { FieldVisit } from './catalog';
import { parseIntOrPercent, scalarAt } from './rules/util';
import type { IndexedFile } from './workspace';

export interface HoverResult {
  readonly markdown: string;
  readonly span: Span;
}

const inside = (span: Span | undefined, offset: number) => span !== undefined && offset >= span[0] && offset <= span[1];

export function hoverAt(file: IndexedFile, offset: number, kubernetesVersion?: string): HoverResult | undefined {
  const objects = file.manifest.objects.filter((o) => inside(o.span, offset));
  const object = objects.sort((a, b) => b.span[0] - a.span[0])[0];
  if (!object || !isMap(object.node)) return undefined;
  const root = rootTypeOf(object);
  if (!root) return undefined;
  let hit: { visit: FieldVisit; span: Span } | undefined;
  walk(
    object.node,
    root,
    (v) => {
      const key = spanOf(v.pair.key);
      const value = spanOf(v.pair.value);
      const whole: Span | undefined = key ? [key[0], Math.max(key[1], isScalar(v.pair.value) && value ? value[1] : key[1])] : undefined;
      if (whole && inside(whole, offset)) hit = { visit: v, span: whole };
    },
    () => undefined,
  );
  if (!hit) return undefined;
  const { visit } = hit;
  const parts: string[] = [];
  if (visit.field) {
    parts.push(`**${escapeMarkdown(visit.key)}** · ${describeType(visit.field[0])} · \`${visit.parentType}\``, '', visit.field[1] || '(no description)');
  } else {
    parts.push(`**${escapeMarkdown(visit.key)}** · not a field of \`${visit.parentType}\` (Kubernetes ${CATALOG_VERSION} API)`);
  }
  const arithmetic = rolloutArithmetic(object, visit.path);
  if (arithmetic) parts.push('', '---', '', arithmetic);
  parts.push('', `*${escapeMarkdown(visit.path)}* · Kubernetes ${kubernetesVersion ?? CATALOG_VERSION}`);
  return { markdown: parts.join('\n'), span: hit.span };
}

/** Text from the user's YAML (keys, paths) as literal Markdown: no links, images, HTML or emphasis. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()<>!&~|]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

function replicasOf(o: K8sObject): { n: number; note: string } {
  const r = scalarAt(mapAt(o.node, ['spec']), 'replicas');
  return typeof r === 'number' && Number.isInteger(r) && r >= 0 ? { n: r, note: `${r} replicas` } : { n: 1, note: '1 replica (the default)' };
}

/** "25% of 3 replicas = 0.75, rounded up → 1 pod". */
function resolve(raw: unknown, replicas: number, roundUp: boolean): { value: number; text: string } | undefined {
  const p = parseIntOrPercent(raw);
  if (p.kind === 'invalid') return undefined;
  if (p.kind === 'int') return { value: p.value, text: `${p.value} pod${p.value === 1 ? '' : 's'}` };
  const exact = (replicas * p.value) / 100;
  const value = roundUp ? Math.ceil(exact) : Math.floor(exact);
  return { value, text: `${p.value}% of ${replicas} = ${+exact.toFixed(2)}, rounded ${roundUp ? 'up' : 'down'} → ${value} pod${value === 1 ? '' : 's'}` };
}

export function rolloutArithmetic(o: K8sObject, path: string): string | undefined {
  const { n, note } = replicasOf(o);
  if (isDeployment(o) && (path === 'spec.strategy.rollingUpdate.maxSurge' || path === 'spec.strategy.rollingUpdate.maxUnavailable')) {
    const ru = mapAt(o.node, ['spec', 'strategy', 'rollingUpdate']);
    const surgeRaw = scalarAt(ru, 'maxSurge') ?? '25%';
    const unavailableRaw = scalarAt(ru, 'maxUnavailable') ?? '25%';
    const surge = resolve(surgeRaw, n, true);
    const unavailable = resolve(unavailableRaw, n, false);
    if (!surge || !unavailable) return undefined;
    let u = unavailable.value;
    const lines = [`With ${note}:`, `- maxSurge: ${surge.text}${scalarAt(ru, 'maxSurge') === undefined ? ' (default 25%)' : ''}`, `- maxUnavailable: ${unavailable.text}${scalarAt(ru, 'maxUnavailable') === undefined ? ' (default 25%)' : ''}`];
    if (surge.value === 0 && u === 0) {
      u = 1;
      lines.push('- both resolve to 0, so the controller allows 1 unavailable pod');
    }
    // A blank line: without it Markdown continues the list item above (the summary would render inside it).
    lines.push('', `During the rollout: at most **${n + surge.value}** pods in total, at least **${Math.max(0, n - u)}** available.`);
    return lines.join('\n');
  }
  if (isStatefulSet(o) && path === 'spec.updateStrategy.rollingUpdate.maxUnavailable') {
    const raw = scalarAt(mapAt(o.node, ['spec', 'updateStrategy', 'rollingUpdate']), 'maxUnavailable');
    const r = resolve(raw, n, true);
    if (!r) return undefined;
    return `With ${note}: maxUnavailable ${r.text}${r.value < 1 ? ' (at least 1 is used)' : ''}. Honoured only with the MaxUnavailableStatefulSet feature gate; otherwise pods are updated one at a time.`;
  }
  if (isStatefulSet(o) && path === 'spec.updateStrategy.rollingUpdate.partition') {
    const p = scalarAt(mapAt(o.node, ['spec', 'updateStrategy', 'rollingUpdate']), 'partition');
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0) return undefined;
    if (p >= n) return `With ${note}: partition ${p} ≥ replicas, so **no** pod is updated (ordinals 0–${n - 1} keep the current revision).`;
    const updated = n - p;
    return `With ${note}: pods with ordinal ≥ ${p} are updated — ordinals ${p}–${n - 1} (**${updated}** pod${updated === 1 ? '' : 's'}); ordinals 0–${p - 1 < 0 ? 0 : p - 1} (${p}) stay on the current revision.`.replace(' ordinals 0–0 (0)', ' none');
  }
  return undefined;
}
