import { isMap, isScalar } from 'yaml';
import type { K8sObject, Span } from '../../../shared/src/manifest';
import { keySpan, mapAt, pairOf, spanOf, valueSpan } from '../../../shared/src/yamlPath';
import type { Finding, Rule, Severity } from './types';
import {
  mapItems,
  podContainers,
  podSpecVerdict,
  podTemplatePath,
  POD_TEMPLATE_KINDS,
  portNameProblem,
  scalarAt,
} from './support';

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];

function unquoteFix(span: Span, value: string) {
  return { fixes: [{ title: `Change to ${value}`, edits: [{ span, newText: value }], fixAll: true, preferred: true }] };
}

/** ValidatePortNumOrName for a probe's httpGet/tcpSocket port. */
function probePortFinding(port: unknown, node: unknown, where: string): Omit<Finding, 'rule'> | undefined {
  const span = spanOf(node);
  if (!span) return undefined;
  if (typeof port === 'number') {
    if (Number.isInteger(port) && port >= 1 && port <= 65535) return undefined;
    return { span, message: `${where} ${port} is not a port number (1–65535)` };
  }
  if (typeof port !== 'string') return undefined;
  if (/^\d+$/.test(port.trim())) {
    return {
      span,
      message: `${where} "${port}" is a quoted number: a string port must be a port name (IANA_SVC_NAME, with a letter), so it is rejected; write ${port.trim()} without quotes`,
      data: unquoteFix(span, port.trim()),
    };
  }
  const p = portNameProblem(port);
  return p ? { span, message: `${where} "${port}" is not a valid port name: it ${p}` } : undefined;
}

function check(object: K8sObject, version: string | undefined): Finding[] {
  const path = podTemplatePath(object);
  if (!path) return [];
  const verdict = podSpecVerdict(object, version);
  const out: Finding[] = [];
  const push = (span: Span | undefined, message: string, extra: { severity?: Severity; data?: unknown } = {}) => {
    if (!span) return;
    const severity = extra.severity ?? verdict.severity;
    out.push({
      rule: 'invalid-pod-template',
      span,
      message: extra.severity ? `${message}.` : `${message}; ${verdict.consequence}.`,
      ...(severity ? { severity } : {}),
      ...(extra.data ? { data: extra.data } : {}),
    });
  };
  const names = new Map<string, boolean>();
  for (const c of podContainers(object)) {
    const node = c.node;
    const name = scalarAt(node, 'name');
    const label = `${c.init ? 'init container' : 'container'} ${typeof name === 'string' ? `"${name}"` : ''}`.trim();
    const anchor = valueSpan(node, 'name') ?? spanOf(node);
    // validateContainers / validateInitContainers: names unique across containers and init containers.
    if (typeof name === 'string' && name !== '') {
      if (names.has(name))
        push(
          valueSpan(node, 'name'),
          `${label}: the name is used by another container of the pod (names are unique across containers and init containers)`,
        );
      names.set(name, true);
    }
    // validateContainers: "image: Required value".
    const image = scalarAt(node, 'image');
    if (!pairOf(node, 'image') || image === null || image === '')
      push(
        pairOf(node, 'image') ? valueSpan(node, 'image') : anchor,
        `${label} has no image: the API server requires one`,
      );
    // validateContainerPorts: containerPort 1–65535, hostPort 0–65535, names unique in the container.
    const portNames = new Set<string>();
    for (const port of mapItems(node.get('ports', true))) {
      const cp = scalarAt(port, 'containerPort');
      if (!pairOf(port, 'containerPort')) push(spanOf(port), `${label}: a port without containerPort (required)`);
      else if (typeof cp === 'number' && !(Number.isInteger(cp) && cp >= 1 && cp <= 65535))
        push(valueSpan(port, 'containerPort'), `${label}: containerPort ${cp} is not a port number (1–65535)`);
      const hp = scalarAt(port, 'hostPort');
      if (typeof hp === 'number' && hp !== 0 && !(Number.isInteger(hp) && hp >= 1 && hp <= 65535))
        push(valueSpan(port, 'hostPort'), `${label}: hostPort ${hp} is not a port number (1–65535)`);
      const pn = scalarAt(port, 'name');
      if (typeof pn === 'string' && pn !== '') {
        if (portNames.has(pn))
          push(valueSpan(port, 'name'), `${label}: port name "${pn}" is used twice in this container`);
        portNames.add(pn);
      }
    }
    // ValidateVolumeMounts: mountPath unique in the container.
    const paths = new Set<string>();
    for (const m of mapItems(node.get('volumeMounts', true))) {
      const mp = scalarAt(m, 'mountPath');
      if (typeof mp !== 'string') continue;
      if (paths.has(mp))
        push(
          valueSpan(m, 'mountPath'),
          `${label}: mountPath "${mp}" is mounted twice in this container (must be unique)`,
        );
      paths.add(mp);
    }
    for (const probe of PROBES) {
      const p = mapAt(node, [probe]);
      if (!pairOf(node, probe)) continue;
      // validateInitContainers: probes only on restartable (sidecar) init containers.
      if (c.init && !c.restartable) {
        push(
          keySpan(node, probe),
          `${label}: ${probe} may not be set for an init container without restartPolicy: Always`,
        );
        continue;
      }
      if (!isMap(p)) continue;
      // validateHandler: exactly one handler.
      const handlers = HANDLERS.filter((h) => pairOf(p, h));
      if (handlers.length === 0)
        push(
          keySpan(node, probe),
          `${label}: ${probe} has no handler: set exactly one of exec, httpGet, tcpSocket, grpc`,
        );
      else if (handlers.length > 1)
        push(
          keySpan(p, handlers[1] as string),
          `${label}: ${probe} has ${handlers.length} handlers (${handlers.join(', ')}); exactly one is allowed`,
        );
      // validateLivenessProbe / validateStartupProbe: successThreshold must be 1 (0 is defaulted to 1 first,
      // SetDefaults_Probe).
      const st = scalarAt(p, 'successThreshold');
      if (probe !== 'readinessProbe' && typeof st === 'number' && st !== 1 && st !== 0)
        push(
          valueSpan(p, 'successThreshold'),
          `${label}: ${probe}.successThreshold is ${st}; it must be 1 for a ${probe}`,
          {
            data: unquoteFix(valueSpan(p, 'successThreshold') as Span, '1'),
          },
        );
      for (const h of ['httpGet', 'tcpSocket']) {
        const handler = mapAt(p, [h]);
        const portNode = pairOf(handler, 'port')?.value;
        if (!isScalar(portNode)) continue;
        const f = probePortFinding(portNode.value, portNode, `${probe}.${h}.port`);
        if (f) push(f.span, `${label}: ${f.message}`, f.data ? { data: f.data } : {});
      }
    }
    // GetWarningsForPodTemplate: a repeated env name hides the earlier one (the last wins).
    const env = new Set<string>();
    for (const e of mapItems(node.get('env', true))) {
      const n = scalarAt(e, 'name');
      if (typeof n !== 'string') continue;
      if (env.has(n))
        push(
          valueSpan(e, 'name'),
          `${label}: env "${n}" is defined twice; the last definition wins and hides the earlier one`,
          { severity: 'warning' },
        );
      env.add(n);
    }
  }
  // validateTopologySpreadConstraints.
  for (const t of mapItems(mapAt(object.node, [...path, 'spec'])?.get('topologySpreadConstraints', true))) {
    const skew = scalarAt(t, 'maxSkew');
    if (typeof skew === 'number' && skew < 1)
      push(valueSpan(t, 'maxSkew'), `topologySpreadConstraints maxSkew is ${skew}; it must be greater than zero`);
    const when = scalarAt(t, 'whenUnsatisfiable');
    if (typeof when === 'string' && when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') {
      const near = ['DoNotSchedule', 'ScheduleAnyway'].find((x) => x.toLowerCase() === when.toLowerCase());
      push(
        valueSpan(t, 'whenUnsatisfiable'),
        `topologySpreadConstraints whenUnsatisfiable "${when}" is not DoNotSchedule or ScheduleAnyway`,
        {
          ...(near ? { data: unquoteFix(valueSpan(t, 'whenUnsatisfiable') as Span, near) } : {}),
        },
      );
    }
  }
  return out;
}

export const invalidPodTemplate: Rule = {
  id: 'invalid-pod-template',
  kinds: POD_TEMPLATE_KINDS,
  defaultSeverity: 'error',
  summary:
    'A pod template the API server rejects: duplicate container names, no image, bad ports, probes, mounts, spread constraints.',
  docs: `Checks of \`ValidatePodSpec\` (\`pkg/apis/core/validation/validation.go\`) that commonly fail, for every kind with a
pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod):

- container names unique across \`containers\` and \`initContainers\` (\`validateContainers\`, \`validateInitContainers\`);
- \`image\` required (\`validateContainers\`);
- \`ports\`: \`containerPort\` required and 1–65535, \`hostPort\` 0–65535, port names unique within a container
  (\`validateContainerPorts\`);
- \`volumeMounts\`: a \`mountPath\` at most once per container (\`ValidateVolumeMounts\`);
- probes: exactly one handler (\`validateHandler\`); liveness and startup \`successThreshold\` must be 1
  (\`validateLivenessProbe\`, \`validateStartupProbe\`; 0 is accepted: \`SetDefaults_Probe\` makes it 1); an \`httpGet\`/\`tcpSocket\` port that is a quoted number
  (\`"8080"\`) is a string and must then be a port name with a letter (\`ValidatePortNumOrName\`); no probes on an init
  container unless it has \`restartPolicy: Always\` (\`validateInitContainers\`);
- \`topologySpreadConstraints\`: \`maxSkew\` ≥ 1, \`whenUnsatisfiable\` \`DoNotSchedule\` or \`ScheduleAnyway\`
  (\`validateTopologySpreadConstraints\`);
- a repeated \`env\` name is accepted with a warning (\`GetWarningsForPodTemplate\`: the last one wins): **warning**.

Versions: the same in 1.27–1.34 for every kind, except a **StatefulSet before 1.34**, whose pod spec is not validated
at creation (\`ValidatePodTemplateSpecForStatefulSet\` checks labels and annotations only): the StatefulSet is accepted and
every pod fails to be created (FailedCreate events), so those findings are warnings for targets before 1.34.

**Quick fixes:** unquote a quoted probe port, set \`successThreshold: 1\`, fix the case of \`whenUnsatisfiable\`.`,
  check(object, ctx) {
    return check(object, ctx.kubernetesVersion);
  },
};
