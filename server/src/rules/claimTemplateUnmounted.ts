import { isStatefulSet } from '../../../shared/src/manifest';
import { mapAt, valueSpan } from '../../../shared/src/yamlPath';
import { mapItems, scalarAt, templateContainers } from './support';
import type { Finding, Rule } from './types';

export const claimTemplateUnmounted: Rule = {
  id: 'claim-template-unmounted',
  kinds: ['StatefulSet'],
  defaultSeverity: 'warning',
  summary: 'A StatefulSet volumeClaimTemplates entry that no container mounts.',
  docs: `Each \`volumeClaimTemplates\` entry creates one PersistentVolumeClaim per pod (\`<name>-<statefulset>-<ordinal>\`),
which is provisioned, bound and kept even after the StatefulSet is deleted. If no container has a \`volumeMount\` with
that name, the storage is paid for and never used — usually the mount was renamed or forgotten, and the data the
application writes goes to the container's ephemeral filesystem instead. Mount it, or remove the template.

**Versions:** the API server accepts it in every supported version (1.27–1.34): the claim is created for every pod and never mounted.`,
  check(object) {
    if (!isStatefulSet(object)) return [];
    const mounted = new Set<string>();
    for (const c of templateContainers(object)) {
      for (const m of mapItems(c.node.get('volumeMounts', true))) {
        const n = scalarAt(m, 'name');
        if (typeof n === 'string') mounted.add(n);
      }
    }
    const out: Finding[] = [];
    for (const t of mapItems(mapAt(object.node, ['spec'])?.get('volumeClaimTemplates', true))) {
      const meta = mapAt(t, ['metadata']);
      const name = scalarAt(meta, 'name');
      if (typeof name !== 'string' || mounted.has(name)) continue;
      const span = valueSpan(meta, 'name');
      if (!span) continue;
      out.push({
        rule: 'claim-template-unmounted',
        span,
        message:
          `Claim template "${name}" is mounted by no container of StatefulSet "${object.name ?? ''}": every pod gets a PersistentVolumeClaim it never uses, ` +
          `and data goes to the container's ephemeral filesystem instead. Add a volumeMount named "${name}", or remove the template.`,
      });
    }
    return out;
  },
};
