import { isMap } from 'yaml';
import type { YAMLMap } from 'yaml';
import { keySpan, mapAt, seqAt, valueSpan } from '../../../shared/src/yamlPath';
import type { Span } from '../../../shared/src/manifest';
import type { WorkloadObject } from '../../../shared/src/manifest';
import type { Rule } from './types';
import { daemonSetRollingUpdate, scalarAt, templateContainers, writtenValue } from './support';

/** Ports of the pod template that occupy a port on the node: `hostPort`, or every `containerPort` under hostNetwork. */
function hostPorts(object: WorkloadObject): { port: number; span: Span; how: string }[] {
  const podSpec = mapAt(object.node, ['spec', 'template', 'spec']);
  const hostNetwork = scalarAt(podSpec, 'hostNetwork') === true;
  const out: { port: number; span: Span; how: string }[] = [];
  for (const c of templateContainers(object)) {
    if (c.init && !c.restartable) continue;
    for (const p of seqAt(c.node, ['ports'])?.items ?? []) {
      if (!isMap(p)) continue;
      const port = p as YAMLMap;
      const host = scalarAt(port, 'hostPort');
      const container = scalarAt(port, 'containerPort');
      if (typeof host === 'number' && host > 0) {
        const span = keySpan(port, 'hostPort');
        if (span) out.push({ port: host, span, how: `hostPort ${host}` });
      } else if (hostNetwork && typeof container === 'number' && container > 0) {
        const span = keySpan(port, 'containerPort');
        if (span)
          out.push({ port: container, span, how: `containerPort ${container} (a host port under hostNetwork: true)` });
      }
    }
  }
  return out;
}

export const daemonSetSurgeHostPort: Rule = {
  id: 'daemonset-surge-host-port',
  kinds: ['DaemonSet'],
  defaultSeverity: 'warning',
  summary:
    'A DaemonSet surge rollout (maxSurge > 0) of pods that use a host port: the new pod cannot start beside the old one.',
  docs: `With \`maxSurge\` above 0, a DaemonSet rollout creates the new pod **on the same node, beside the old one**, and
deletes the old pod only once the new one is available (\`rollingUpdate\` in \`pkg/controller/daemon/update.go\`).
When the pods use a \`hostPort\` — or \`hostNetwork: true\`, where every \`containerPort\` is a port of the node —
the scheduler cannot place the new pod while the old one holds the port: it stays Pending, the old pod is never
deleted, and the rollout stalls for good on the first \`maxSurge\` nodes (a DaemonSet has no progress deadline, so
nothing reports it).

Use a rollout without surge for such pods: \`maxSurge: 0\` and \`maxUnavailable: 1\` (the defaults). The finding is
on \`maxSurge\`, with the port as related information.

**Versions:** the API server accepts it in every supported version (1.27–1.34); the stall comes from the scheduler (\`NodePorts\` filter) on every version.`,
  check(object, ctx) {
    const found = daemonSetRollingUpdate(object);
    if (!found) return [];
    const surge = writtenValue(scalarAt(found.ru, 'maxSurge'));
    if (surge === undefined || surge === 0) return [];
    const ports = hostPorts(object as unknown as WorkloadObject);
    const span = valueSpan(found.ru, 'maxSurge');
    if (ports.length === 0 || !span) return [];
    const first = ports[0];
    return [
      {
        rule: 'daemonset-surge-host-port',
        span,
        message:
          `maxSurge ${String(scalarAt(found.ru, 'maxSurge'))} starts each new pod beside the old one on the same node, but the pods use ${first.how}: ` +
          'the new pod stays Pending while the old one holds the port, and the old one is deleted only once the new one is available, so the rollout stalls for good. ' +
          'Use maxSurge: 0 with maxUnavailable: 1.',
        related: ports.map((p) => ({
          uri: ctx.uri,
          span: p.span,
          message: `${p.how}: the old pod holds this port on the node`,
        })),
      },
    ];
  },
};
