import { isScalar, isSeq } from 'yaml';
import { isService } from '../../../shared/src/manifest';
import type { Span } from '../../../shared/src/manifest';
import { keySpan, mapAt, pairOf, spanOf, valueSpan } from '../../../shared/src/yamlPath';
import { removePair } from './edits';
import type { Finding, Rule } from './types';
import { mapItems, objectAnchor, portNameProblem, scalarAt } from './support';

export const invalidServicePort: Rule = {
  id: 'invalid-service-port',
  kinds: ['Service'],
  defaultSeverity: 'error',
  summary:
    'Service ports the API server rejects: none, no port, unnamed or duplicate ports, bad targetPort, nodePort or externalTrafficPolicy on ClusterIP.',
  docs: `\`ValidateService\` (\`pkg/apis/core/validation/validation.go\`) rejects, in every version from 1.27 on:

- no \`ports\` unless the Service is headless (\`clusterIP: None\`) or \`type: ExternalName\` ("spec.ports: Required value");
- a port entry without \`port\` (0 is not a port; \`validateServicePort\`, \`IsValidPortNum\`);
- several ports without a \`name\` on each ("spec.ports[1].name: Required value"), duplicate port names, and two entries
  with the same \`port\` and \`protocol\` ("Duplicate value");
- a \`targetPort\` number outside 1–65535 (0 and \`""\` are accepted: \`SetDefaults_Service\` replaces them by \`port\`
  before validation), or a string \`targetPort\` that is not a port name (\`IsValidPortName\`: at most
  15 lower-case letters, digits and \`-\`, with a letter) — a quoted number like \`"8080"\` is such a string;
- \`nodePort\` on a \`ClusterIP\` Service ("may not be used when \`type\` is 'ClusterIP'");
- \`externalTrafficPolicy\` on a Service that is not externally accessible (\`ClusterIP\` without \`externalIPs\`, or
  \`ExternalName\`): "may only be set for externally-accessible services" (\`validateServiceExternalTrafficPolicy\`).

(Port numbers out of range are \`invalid-value\`; \`clusterIP: None\` with NodePort/LoadBalancer is \`headless-service-type\`.)

**Quick fixes:** unquote a quoted-number targetPort; remove \`nodePort\` or \`externalTrafficPolicy\` from a ClusterIP Service.`,
  check(object, ctx) {
    if (!isService(object)) return [];
    const text = ctx.fileText;
    const spec = mapAt(object.node, ['spec']);
    const out: Finding[] = [];
    const add = (span: Span | undefined, message: string, data?: unknown) => {
      if (span)
        out.push({
          rule: 'invalid-service-port',
          span,
          message: `${message}; the API server rejects the Service.`,
          ...(data ? { data } : {}),
        });
    };
    const type = scalarAt(spec, 'type') ?? 'ClusterIP';
    const headless = scalarAt(spec, 'clusterIP') === 'None';
    const portsNode = pairOf(spec, 'ports')?.value;
    const ports = mapItems(portsNode);
    if (type === 'ExternalName') return out;
    if ((!isSeq(portsNode) || portsNode.items.length === 0) && !headless) {
      add(
        keySpan(spec, 'ports') ?? (spec ? keySpan(object.node, 'spec') : objectAnchor(object)),
        'The Service has no ports: a Service that is not headless (clusterIP: None) needs at least one',
      );
    }
    const names = new Set<string>();
    const pairs = new Set<string>();
    const externalIPs = pairOf(spec, 'externalIPs')?.value;
    const externallyAccessible =
      type === 'NodePort' || type === 'LoadBalancer' || (isSeq(externalIPs) && externalIPs.items.length > 0);
    for (const port of ports) {
      const n = scalarAt(port, 'port');
      if (!pairOf(port, 'port')) add(spanOf(port), 'A Service port without "port" (required, 1–65535)');
      const name = scalarAt(port, 'name');
      if (ports.length > 1 && (typeof name !== 'string' || name === ''))
        add(spanOf(port), 'With more than one port, every Service port needs a name');
      if (typeof name === 'string' && name !== '') {
        if (names.has(name)) add(valueSpan(port, 'name'), `Port name "${name}" is used twice`);
        names.add(name);
      }
      const protocol = scalarAt(port, 'protocol') ?? 'TCP';
      if (typeof n === 'number') {
        const key = `${n}/${String(protocol)}`;
        if (pairs.has(key)) add(valueSpan(port, 'port'), `Port ${n}/${String(protocol)} is listed twice`);
        pairs.add(key);
      }
      const targetNode = pairOf(port, 'targetPort')?.value;
      if (isScalar(targetNode)) {
        const t = targetNode.value;
        const span = spanOf(targetNode);
        // SetDefaults_Service replaces a targetPort of 0 (or "") by the port number before validation.
        if (typeof t === 'number' && t !== 0 && !(Number.isInteger(t) && t >= 1 && t <= 65535))
          add(span, `targetPort ${t} is not a port number (1–65535)`);
        else if (typeof t === 'string' && /^\d+$/.test(t.trim()))
          add(
            span,
            `targetPort "${t}" is a quoted number: a string targetPort must be a container port name, so it is rejected; write ${t.trim()} without quotes`,
            {
              fixes: [
                { title: `Change to ${t.trim()}`, edits: [{ span, newText: t.trim() }], fixAll: true, preferred: true },
              ],
            },
          );
        else if (typeof t === 'string' && t !== '') {
          const p = portNameProblem(t);
          if (p) add(span, `targetPort "${t}" is not a valid port name: it ${p}`);
        }
      }
      if (type === 'ClusterIP' && pairOf(port, 'nodePort') && scalarAt(port, 'nodePort') !== 0) {
        add(
          keySpan(port, 'nodePort'),
          'nodePort may not be used when type is ClusterIP: use type: NodePort (or LoadBalancer), or remove nodePort',
          removal(text, port, 'nodePort'),
        );
      }
    }
    // validateServiceExternalTrafficPolicy rejects a non-empty value only.
    const etp = scalarAt(spec, 'externalTrafficPolicy');
    if (!externallyAccessible && pairOf(spec, 'externalTrafficPolicy') && etp !== '' && etp !== null) {
      add(
        keySpan(spec, 'externalTrafficPolicy'),
        `externalTrafficPolicy may only be set for externally-accessible services (NodePort, LoadBalancer, or externalIPs); this one is ${type}`,
        removal(text, spec, 'externalTrafficPolicy'),
      );
    }
    return out;
  },
};

function removal(text: string | undefined, map: unknown, key: string): unknown {
  const edit = text === undefined ? undefined : removePair(text, map, key);
  return edit ? { fixes: [{ title: `Remove ${key}`, edits: [edit], preferred: true }] } : undefined;
}
