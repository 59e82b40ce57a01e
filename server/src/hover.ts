/**
 * Hover: the documentation of the field under the cursor from the field catalog, and for
 * `maxSurge`, `maxUnavailable` and `partition` the number of pods they resolve to, with the arithmetic.
 */
import { isMap, isScalar } from 'yaml';
import type { K8sObject, Span } from '../../shared/src/manifest';
import { isDeployment, isStatefulSet } from '../../shared/src/manifest';
import { mapAt, spanOf } from '../../shared/src/yamlPath';
import { catalogFor, describeType, rootTypeOf, walk } from './catalog';
import type { FieldVisit } from './catalog';
import { resolveDeployment, resolveIntOrPercent } from '../../shared/src/sim';
import type { ResolvedDeployment } from '../../shared/src/sim';
import { scalarAt } from './rules/support';
import type { IndexedFile } from './workspace';

/** apps/v1 defaults of a Deployment's rollingUpdate (SetDefaults_Deployment). */
const DEFAULT_MAX_SURGE = '25%';
const DEFAULT_MAX_UNAVAILABLE = '25%';

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
  const catalog = catalogFor(kubernetesVersion);
  let hit: { visit: FieldVisit; span: Span } | undefined;
  walk(
    object.node,
    root,
    (v) => {
      const key = spanOf(v.pair.key);
      const value = spanOf(v.pair.value);
      const whole: Span | undefined = key
        ? [key[0], Math.max(key[1], isScalar(v.pair.value) && value ? value[1] : key[1])]
        : undefined;
      if (whole && inside(whole, offset)) hit = { visit: v, span: whole };
    },
    () => undefined,
    catalog,
  );
  if (!hit) return undefined;
  const { visit } = hit;
  const parts: string[] = [];
  if (visit.field) {
    parts.push(
      `**${escapeMarkdown(visit.key)}** · ${describeType(visit.field[0])} · \`${visit.parentType}\``,
      '',
      visit.field[1] || '(no description)',
    );
  } else {
    parts.push(
      `**${escapeMarkdown(visit.key)}** · not a field of \`${visit.parentType}\` (Kubernetes ${catalog.version} API)`,
    );
  }
  const arithmetic = rolloutArithmetic(object, visit.path);
  if (arithmetic) parts.push('', '---', '', arithmetic);
  // The version whose fields are shown (a target without its own catalog gets the nearest one, named as such).
  const target = kubernetesVersion && kubernetesVersion !== catalog.version ? ` (target ${kubernetesVersion})` : '';
  parts.push('', `*${escapeMarkdown(visit.path)}* · Kubernetes ${catalog.version} API${target}`);
  return { markdown: parts.join('\n'), span: hit.span };
}

/** Text from the user's YAML (keys, paths) as literal Markdown: no links, images, HTML or emphasis. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()<>!&~|]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}

function replicasOf(o: K8sObject): { n: number; note: string } {
  const r = scalarAt(mapAt(o.node, ['spec']), 'replicas');
  return typeof r === 'number' && Number.isInteger(r) && r >= 0
    ? { n: r, note: `${r} replicas` }
    : { n: 1, note: '1 replica (the default)' };
}

/**
 * "25% of 3 = 0.75, rounded up → 1 pod": the value is the simulator's (`resolveIntOrPercent`,
 * apimachinery's GetScaledValueFromIntOrPercent); only the wording is the hover's.
 */
function podCount(
  field: string,
  raw: unknown,
  replicas: number,
  roundUp: boolean,
): { value: number; text: string } | undefined {
  if (typeof raw !== 'number' && typeof raw !== 'string') return undefined;
  let value: number;
  try {
    value = resolveIntOrPercent(field, raw, replicas, roundUp).value;
  } catch {
    return undefined; // not an IntOrString the controller accepts (invalid-int-or-percent reports it)
  }
  const pods = (n: number) => `${n} pod${n === 1 ? '' : 's'}`;
  if (typeof raw === 'number') return { value, text: pods(value) };
  const exact = (Number(raw.slice(0, -1)) * replicas) / 100; // accepted above, so `raw` is `<int>%`
  return {
    value,
    text: `${raw} of ${replicas} = ${+exact.toFixed(2)}, rounded ${roundUp ? 'up' : 'down'} → ${pods(value)}`,
  };
}

export function rolloutArithmetic(o: K8sObject, path: string): string | undefined {
  const { n, note } = replicasOf(o);
  if (
    isDeployment(o) &&
    (path === 'spec.strategy.rollingUpdate.maxSurge' || path === 'spec.strategy.rollingUpdate.maxUnavailable')
  ) {
    const ru = mapAt(o.node, ['spec', 'strategy', 'rollingUpdate']);
    const surge = podCount('maxSurge', scalarAt(ru, 'maxSurge') ?? DEFAULT_MAX_SURGE, n, true);
    const unavailable = podCount('maxUnavailable', scalarAt(ru, 'maxUnavailable') ?? DEFAULT_MAX_UNAVAILABLE, n, false);
    if (!surge || !unavailable) return undefined;
    let resolved: ResolvedDeployment;
    try {
      resolved = resolveDeployment(o.value, { replicas: n });
    } catch {
      return undefined;
    }
    if (resolved.strategy !== 'RollingUpdate') return undefined; // Recreate ignores rollingUpdate
    const lines = [
      `With ${note}:`,
      `- maxSurge: ${surge.text}${scalarAt(ru, 'maxSurge') === undefined ? ` (default ${DEFAULT_MAX_SURGE})` : ''}`,
      `- maxUnavailable: ${unavailable.text}${scalarAt(ru, 'maxUnavailable') === undefined ? ` (default ${DEFAULT_MAX_UNAVAILABLE})` : ''}`,
    ];
    if (surge.value === 0 && unavailable.value === 0)
      lines.push(`- both resolve to 0, so the controller allows ${resolved.maxUnavailable} unavailable pod`);
    // A blank line: without it Markdown continues the list item above (the summary would render inside it).
    lines.push(
      '',
      `During the rollout: at most **${n + resolved.maxSurge}** pods in total, at least **${Math.max(0, n - resolved.maxUnavailable)}** available.`,
    );
    return lines.join('\n');
  }
  if (isStatefulSet(o) && path === 'spec.updateStrategy.rollingUpdate.maxUnavailable') {
    const raw = scalarAt(mapAt(o.node, ['spec', 'updateStrategy', 'rollingUpdate']), 'maxUnavailable');
    // getStatefulSetMaxUnavailable (pkg/controller/statefulset): rounded down, then at least 1.
    const r = podCount('maxUnavailable', raw, n, false);
    if (!r) return undefined;
    return `With ${note}: maxUnavailable ${r.text}${r.value < 1 ? ' (at least 1 is used)' : ''}. Honoured only with the MaxUnavailableStatefulSet feature gate; otherwise pods are updated one at a time.`;
  }
  if (isStatefulSet(o) && path === 'spec.updateStrategy.rollingUpdate.partition') {
    const p = scalarAt(mapAt(o.node, ['spec', 'updateStrategy', 'rollingUpdate']), 'partition');
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0) return undefined;
    if (p >= n)
      return `With ${note}: partition ${p} ≥ replicas, so **no** pod is updated (ordinals 0–${n - 1} keep the current revision).`;
    const updated = n - p;
    return `With ${note}: pods with ordinal ≥ ${p} are updated — ordinals ${p}–${n - 1} (**${updated}** pod${updated === 1 ? '' : 's'}); ordinals 0–${p - 1 < 0 ? 0 : p - 1} (${p}) stay on the current revision.`.replace(
      ' ordinals 0–0 (0)',
      ' none',
    );
  }
  return undefined;
}
