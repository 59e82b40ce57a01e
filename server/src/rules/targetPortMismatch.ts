import { isService } from '../../../shared/src/manifest';
import { mapAt, valueSpan, keySpan } from '../../../shared/src/yamlPath';
import { insertInMap } from './edits';
import type { EditData, FixData } from './edits';
import { mapItems, asRecord, scalarAt, selectedTemplates } from './support';
import type { Finding, LocatedPodTemplate, Rule } from './types';

interface ContainerPort {
  readonly container: string;
  readonly name?: string;
  readonly port: number;
}

/**
 * Ports declared by the serving containers (and sidecars) of a template, plus whether every container declares some.
 */
function templatePorts(t: LocatedPodTemplate): { ports: ContainerPort[]; allDeclare: boolean } {
  const spec = asRecord(t.podSpec);
  const containers = [
    ...(Array.isArray(spec?.containers) ? spec.containers : []),
    ...(Array.isArray(spec?.initContainers)
      ? spec.initContainers.filter((c) => asRecord(c)?.restartPolicy === 'Always')
      : []),
  ];
  const ports: ContainerPort[] = [];
  let allDeclare = containers.length > 0;
  for (const c of containers) {
    const list = asRecord(c)?.ports;
    if (!Array.isArray(list) || list.length === 0) allDeclare = false;
    for (const p of Array.isArray(list) ? list : []) {
      const port = asRecord(p)?.containerPort;
      const name = asRecord(p)?.name;
      if (typeof port === 'number')
        ports.push({ container: String(asRecord(c)?.name ?? ''), port, ...(typeof name === 'string' ? { name } : {}) });
    }
  }
  return { ports, allDeclare };
}

export const targetPortMismatch: Rule = {
  id: 'target-port-mismatch',
  kinds: ['Service'],
  defaultSeverity: 'warning',
  summary: "A Service targetPort (name or number) that the selected pods' containers do not expose.",
  docs: `A Service forwards each port to \`targetPort\` on the selected pods (default: the same number as \`port\`). A
*named* targetPort must be the \`name\` of a \`containerPort\` in every selected pod template; if none has it the
Service has no endpoints for that port. A *numbered* targetPort works even if the container does not declare it,
so the rule only reports a number when all selected containers declare their ports and none is that number —
usually a forgotten update after the application's port changed.

**Quick fix:** set \`targetPort\` to the container port with the same number (by name), or to the only port the
containers expose.

**Versions:** accepted in every supported version (1.27–1.34); the endpoints controller leaves a named port that no pod declares out of the endpoints.`,
  check(object, ctx) {
    if (!isService(object)) return [];
    const templates = selectedTemplates(object, ctx);
    // An operator's custom resource: the pod spec is unknown, so ports cannot be judged.
    if (templates.length === 0 || templates.some((t) => t.inferred)) return [];
    const info = templates.map(templatePorts);
    const all = info.flatMap((i) => i.ports);
    const out: Finding[] = [];
    for (const port of mapItems(mapAt(object.node, ['spec'])?.get('ports', true))) {
      // SetDefaults_Service: a targetPort of 0 or "" is defaulted to the port number, as an absent one.
      const written = scalarAt(port, 'targetPort');
      const explicit = written === 0 || written === '' ? undefined : written;
      const target = explicit ?? scalarAt(port, 'port');
      let problem: string | undefined;
      if (typeof target === 'string' && !/^\d+$/.test(target)) {
        const missing = templates.filter((_t, i) => !info[i]?.ports.some((p) => p.name === target));
        if (missing.length === templates.length)
          problem = `no container port is named "${target}" in ${[...new Set(missing.map((t) => `${t.object.kind} "${t.object.name ?? ''}"`))].join(', ')}`;
      } else if (typeof target === 'number' || typeof target === 'string') {
        const n = Number(target);
        const missing = templates.filter((_t, i) => info[i]?.allDeclare && !info[i]?.ports.some((p) => p.port === n));
        if (missing.length === templates.length)
          problem =
            `no container of ${missing.map((t) => `${t.object.kind} "${t.object.name ?? ''}"`).join(', ')} declares port ${n}`
              .replace(/declares port/, 'declares port')
              .replace(
                /(of )(.*)( declares)/,
                (_m, a: string, names: string, b: string) => a + [...new Set(names.split(', '))].join(', ') + b,
              );
      }
      if (!problem) continue;
      const span =
        written !== undefined ? valueSpan(port, 'targetPort') : (valueSpan(port, 'port') ?? keySpan(port, 'port'));
      if (!span) continue;
      const servicePort = scalarAt(port, 'port');
      const candidate =
        all.find((p) => p.port === servicePort && p.name) ??
        (new Set(all.map((p) => `${p.name ?? ''}/${p.port}`)).size === 1 ? all[0] : undefined);
      const fixes: FixData[] = [];
      if (candidate) {
        const value: string | number = candidate.name ?? candidate.port;
        const edit: EditData | undefined =
          written !== undefined
            ? {
                span: valueSpan(port, 'targetPort') ?? span,
                newText: typeof value === 'number' ? String(value) : value,
              }
            : ctx.fileText !== undefined
              ? insertInMap(ctx.fileText, port, 'targetPort', value)
              : undefined;
        if (edit)
          fixes.push({
            title: `Set targetPort to ${value} (container "${candidate.container}")`,
            edits: [edit],
            fixAll: true,
            preferred: true,
          });
      }
      const exposed = [...new Set(all.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))))];
      out.push({
        rule: 'target-port-mismatch',
        span,
        message:
          `targetPort ${JSON.stringify(target)}${explicit === undefined ? ' (defaulted from port)' : ''}: ${problem}, so traffic to this Service port reaches nothing. ` +
          (exposed.length
            ? `The selected containers expose ${exposed.join(', ')}.`
            : 'The selected containers declare no ports.'),
        related: templates.map((t) => ({
          uri: t.uri,
          span: t.object.span,
          message: `${t.object.kind} "${t.object.name ?? ''}" is selected by this Service`,
        })),
        data: { fixes },
      });
    }
    return out;
  },
};
