import { isScalar } from 'yaml';
import type { Span } from '../../../shared/src/manifest';
import { mapAt, pairOf, spanOf } from '../../../shared/src/yamlPath';
import { editDistance } from '../catalog';
import { mapItems, podContainers, POD_TEMPLATE_KINDS, portNameProblem, scalarAt } from './support';
import type { ContainerNode } from './support';
import type { Finding, Rule } from './types';

const PROBES = ['readinessProbe', 'livenessProbe', 'startupProbe'] as const;

/** What a probe that the kubelet cannot run (or that hits nothing) does, per probe kind. */
const CONSEQUENCE: Readonly<Record<(typeof PROBES)[number], { named: string; numbered: string }>> = {
  readinessProbe: {
    named: 'the pod never becomes Ready and the rollout stalls',
    numbered: 'if nothing listens there the pod never becomes Ready and the rollout stalls',
  },
  startupProbe: {
    named: 'the container never counts as started, the pod never becomes Ready and the rollout stalls',
    numbered: 'if nothing listens there the container never counts as started and the rollout stalls',
  },
  livenessProbe: {
    named: 'the liveness check never runs, so a hung container is never restarted',
    numbered: 'if nothing listens there the kubelet restarts the container over and over',
  },
};

interface Port {
  readonly container: string;
  readonly name?: string;
  readonly port: number;
}

function portsOf(c: ContainerNode): Port[] {
  const container = String(scalarAt(c.node, 'name') ?? '');
  return mapItems(c.node.get('ports', true)).flatMap((p) => {
    const port = scalarAt(p, 'containerPort');
    const name = scalarAt(p, 'name');
    return typeof port === 'number' ? [{ container, port, ...(typeof name === 'string' ? { name } : {}) }] : [];
  });
}

/** The one port a fix can name: a declared name within two edits of the wrong one, else the container's only port. */
function replacement(wanted: string | number, own: readonly Port[]): string | number | undefined {
  if (typeof wanted === 'string') {
    const close = own.filter((p) => p.name !== undefined && editDistance(wanted, p.name, 2) <= 2);
    if (close.length === 1) return close[0]?.name;
  }
  if (own.length !== 1) return undefined;
  const only = own[0] as Port;
  return typeof wanted === 'string' && only.name !== undefined ? only.name : only.port;
}

export const probePortNotExposed: Rule = {
  id: 'probe-port-not-exposed',
  kinds: [...POD_TEMPLATE_KINDS],
  defaultSeverity: 'warning',
  summary: 'A readiness, liveness or startup probe port (name or number) that no container port exposes.',
  docs: `An \`httpGet\`, \`tcpSocket\` or \`grpc\` probe connects to the pod's IP on its \`port\`.

- A **named** port is resolved by the kubelet against the \`ports\` of *the same container*
  (\`ResolveContainerPort\` / \`findPortByName\` in \`pkg/probe\`). When the container declares no port of that name the
  probe errors on every period and its result is thrown away (\`doProbe\` in \`pkg/kubelet/prober/worker.go\`): a
  readiness probe stays at its initial *failure*, so the pod never becomes Ready and a rollout stalls until its
  progress deadline; a startup probe never succeeds; a liveness probe keeps its initial *success*, so it never
  restarts a hung container. Declaring the name on another container of the pod does not help.
- A **number** works whether or not a container declares it (ports are informational), so it is only reported when
  the container declares exactly one port and no container of the pod declares that number — usually the
  application's port changed on one side only. (A container with several ports often probes an undeclared health
  port, like ingress-nginx's 10254: not judged.)

Probes with an explicit \`host\` (another address) are not judged. The API server accepts these pods in every version
(\`ValidatePortNumOrName\` checks only the form of the port): this is a warning.

**Quick fix:** when one declared port matches — a port name within two edits of the written one, or the container's
only port — use it.`,
  check(object) {
    const containers = podContainers(object);
    const all = containers.flatMap(portsOf);
    const out: Finding[] = [];
    for (const c of containers) {
      if (c.init && !c.restartable) continue; // probes are not allowed there: invalid-pod-template
      const own = portsOf(c);
      const label = `Container "${String(scalarAt(c.node, 'name') ?? '')}"`;
      for (const probe of PROBES) {
        for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
          const h = mapAt(c.node, [probe, handler]);
          if (!h || (typeof scalarAt(h, 'host') === 'string' && scalarAt(h, 'host') !== '')) continue;
          const node = pairOf(h, 'port')?.value;
          const span = spanOf(node);
          if (!isScalar(node) || !span) continue;
          const port = node.value;
          let message: string | undefined;
          if (typeof port === 'string') {
            if (/^\d+$/.test(port.trim()) || portNameProblem(port)) continue; // invalid-pod-template's
            if (own.some((p) => p.name === port)) continue;
            const other = all.find((p) => p.name === port);
            message =
              `${label}: ${probe}.${handler}.port "${port}" is not the name of any port of this container` +
              (other
                ? ` (container "${other.container}" declares it, but the kubelet looks in the probed container only)`
                : '') +
              `: the kubelet cannot resolve it, so ${CONSEQUENCE[probe].named}.`;
          } else if (typeof port === 'number' && Number.isInteger(port)) {
            // Only a single-port container is judged: a multi-port one often probes an undeclared health port.
            if (own.length !== 1 || all.some((p) => p.port === port)) continue;
            message =
              `${label}: ${probe}.${handler}.port ${port} is not a containerPort of the pod ` +
              `(the container declares ${own[0]?.port ?? ''}): ${CONSEQUENCE[probe].numbered}.`;
          }
          if (!message) continue;
          const fix = replacement(port as string | number, own);
          out.push({
            rule: 'probe-port-not-exposed',
            span,
            message:
              fix === undefined ? message : `${message} Did you mean ${typeof fix === 'string' ? `"${fix}"` : fix}?`,
            ...(fix === undefined ? {} : { data: { fixes: [portFix(span, fix)] } }),
          });
        }
      }
    }
    return out;
  },
};

function portFix(span: Span, port: string | number) {
  return { title: `Probe port ${port}`, edits: [{ span, newText: String(port) }], fixAll: false, preferred: true };
}
