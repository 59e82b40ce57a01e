import { isStatefulSet, isWorkload } from '../../../shared/src/manifest';
import { isSeq } from 'yaml';
import { mapAt, pairOf, valueSpan } from '../../../shared/src/yamlPath';
import { appendToSeq, insertInMap } from './edits';
import type { EditData, FixData } from './edits';
import { mapItems, podSpecVerdict, scalarAt, templateContainers } from './support';
import type { Finding, Rule } from './types';

/** Names of the template's volumes and, for a StatefulSet, of its claim templates. */
export function definedVolumes(object: Parameters<typeof templateContainers>[0]): {
  volumes: Set<string>;
  claims: Set<string>;
} {
  const volumes = new Set<string>();
  const claims = new Set<string>();
  for (const v of mapItems(mapAt(object.node, ['spec', 'template', 'spec'])?.get('volumes', true))) {
    const n = scalarAt(v, 'name');
    if (typeof n === 'string') volumes.add(n);
  }
  if (isStatefulSet(object)) {
    for (const t of mapItems(mapAt(object.node, ['spec'])?.get('volumeClaimTemplates', true))) {
      const n = scalarAt(mapAt(t, ['metadata']), 'name');
      if (typeof n === 'string') claims.add(n);
    }
  }
  return { volumes, claims };
}

export function claimTemplateFor(name: string): unknown {
  return { metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } };
}

/** The edit that adds `{name, emptyDir: {}}` to the pod template's volumes (creating `volumes:` if absent). */
export function emptyDirVolumeEdit(
  text: string,
  object: Parameters<typeof templateContainers>[0],
  name: string,
): EditData | undefined {
  const podSpec = mapAt(object.node, ['spec', 'template', 'spec']);
  if (!podSpec) return undefined;
  const volume = { name, emptyDir: {} };
  const pair = pairOf(podSpec, 'volumes');
  if (!pair) return insertInMap(text, podSpec, 'volumes', [volume]);
  return isSeq(pair.value) ? appendToSeq(text, pair.value, volume) : undefined; // `volumes:` without a list: no fix
}

export const volumeMountUndefined: Rule = {
  id: 'volume-mount-undefined',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'error',
  summary: 'A volumeMount names a volume that is neither in the pod template volumes nor in volumeClaimTemplates.',
  docs: `Every \`volumeMounts[].name\` must name a volume of the pod: an entry of \`spec.template.spec.volumes\`, or — for a
StatefulSet — a \`volumeClaimTemplates\` entry (its \`metadata.name\`). Otherwise the API server rejects the pod
template ("volumeMounts[0].name: Not found") — and for a StatefulSet whose template is not fully validated, the pods
fail to be created instead. Usually a typo, or a claim template that was renamed.

**Quick fixes:** add an \`emptyDir\` volume with that name to the pod template (\`spec.template.spec.volumes\`, created
if absent) — scratch space that lives as long as the pod; for a StatefulSet the preferred fix is a
\`volumeClaimTemplates\` entry with that name instead (ReadWriteOnce, 1Gi — adjust the size).

**Versions:** rejected (\`ValidatePodSpec\` → \`ValidateVolumeMounts\`: "Not found") in every supported version for Deployments and DaemonSets, and for StatefulSets from 1.34; a StatefulSet before 1.34 is accepted and its pods fail to be created (warning).`,
  check(object, ctx) {
    if (!isWorkload(object)) return [];
    const { volumes, claims } = definedVolumes(object);
    const out: Finding[] = [];
    const reported = new Set<string>();
    const verdict = podSpecVerdict(object, ctx.kubernetesVersion);
    for (const c of templateContainers(object)) {
      for (const m of mapItems(c.node.get('volumeMounts', true))) {
        const name = scalarAt(m, 'name');
        if (typeof name !== 'string' || volumes.has(name) || claims.has(name)) continue;
        const span = valueSpan(m, 'name');
        if (!span) continue;
        const fixes: FixData[] = [];
        if (isStatefulSet(object) && ctx.fileText !== undefined && !reported.has(name)) {
          const spec = mapAt(object.node, ['spec']);
          const seq = pairOf(spec, 'volumeClaimTemplates')?.value;
          const edit: EditData | undefined = seq
            ? appendToSeq(ctx.fileText, seq, claimTemplateFor(name))
            : insertInMap(ctx.fileText, spec, 'volumeClaimTemplates', [claimTemplateFor(name)]);
          if (edit) fixes.push({ title: `Add a volumeClaimTemplates entry "${name}"`, edits: [edit], preferred: true });
        }
        if (ctx.fileText !== undefined && !reported.has(name)) {
          const edit = emptyDirVolumeEdit(ctx.fileText, object, name);
          if (edit)
            fixes.push({
              title: `Add an emptyDir volume named "${name}" to the pod template`,
              edits: [edit],
              ...(fixes.length === 0 ? { preferred: true } : {}),
            });
        }
        reported.add(name);
        const known = [...volumes, ...claims];
        out.push({
          rule: 'volume-mount-undefined',
          span,
          message:
            `volumeMount "${name}" names no volume of ${object.kind} "${object.name ?? ''}"` +
            (known.length ? ` (defined: ${known.map((k) => `"${k}"`).join(', ')})` : ' (it defines none)') +
            `: ${verdict.consequence}. Add a volume${isStatefulSet(object) ? ' or a volumeClaimTemplates entry' : ''} named "${name}", or fix the name.`,
          ...(verdict.severity ? { severity: verdict.severity } : {}),
          data: { fixes },
        });
      }
    }
    return out;
  },
};
