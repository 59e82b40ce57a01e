import { isWorkload } from '../../../shared/src/manifest';
import { keySpan } from '../../../shared/src/yamlPath';
import { mapItems, asRecord, scalarAt, templateContainers } from './support';
import type { Finding, Rule } from './types';

/** 'ConfigMap' / 'Secret' when the volume's content comes from one (projected included). */
function sourceOf(volume: unknown): string | undefined {
  const v = asRecord(volume);
  if (!v) return undefined;
  if (v.configMap !== undefined) return 'ConfigMap';
  if (v.secret !== undefined) return 'Secret';
  const sources = asRecord(v.projected)?.sources;
  if (Array.isArray(sources)) {
    if (sources.some((s) => asRecord(s)?.configMap !== undefined)) return 'ConfigMap';
    if (sources.some((s) => asRecord(s)?.secret !== undefined)) return 'Secret';
  }
  return undefined;
}

export const configmapSubpathNoUpdate: Rule = {
  id: 'configmap-subpath-no-update',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet'],
  defaultSeverity: 'information',
  summary: 'A ConfigMap or Secret mounted with subPath: the file never receives updates.',
  docs: `The kubelet updates files of ConfigMap and Secret volumes in place when the object changes — except for mounts
with \`subPath\` (or \`subPathExpr\`), which are bind-mounted once when the container starts and never updated.
Editing the ConfigMap then changes nothing until the pod is restarted, which surprises people. If the application
should see updates, mount the whole volume into a directory (and point the application at the file there);
otherwise roll the pods on changes (for example a checksum annotation on the template).

**Versions:** accepted in every supported version (1.27–1.34); the kubelet has never updated a \`subPath\` mount of a ConfigMap or Secret.`,
  check(object) {
    if (!isWorkload(object)) return [];
    const volumes = new Map<string, string>();
    const podSpec = asRecord(asRecord(asRecord(asRecord(object.value)?.spec)?.template)?.spec);
    for (const v of Array.isArray(podSpec?.volumes) ? podSpec.volumes : []) {
      const name = asRecord(v)?.name;
      const source = sourceOf(v);
      if (typeof name === 'string' && source) volumes.set(name, source);
    }
    if (volumes.size === 0) return [];
    const out: Finding[] = [];
    for (const c of templateContainers(object)) {
      for (const m of mapItems(c.node.get('volumeMounts', true))) {
        const name = scalarAt(m, 'name');
        const source = typeof name === 'string' ? volumes.get(name) : undefined;
        const key = ['subPath', 'subPathExpr'].find((k) => typeof scalarAt(m, k) === 'string' && scalarAt(m, k) !== '');
        const span = key && keySpan(m, key);
        if (!source || !span) continue;
        out.push({
          rule: 'configmap-subpath-no-update',
          span,
          message:
            `Volume "${String(name)}" (a ${source}) is mounted with ${key}: the file is copied in when the container starts and never updated when the ${source} changes. ` +
            `Mount the volume as a directory if the application should see updates, or restart the pods on change.`,
        });
      }
    }
    return out;
  },
};
