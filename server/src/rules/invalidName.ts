import { isDaemonSet, isDeployment, isService, isStatefulSet, isWorkload } from '../../../shared/src/manifest';
import { mapAt, valueSpan } from '../../../shared/src/yamlPath';
import type { YAMLMap } from 'yaml';
import {
  dns1035LabelProblem,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  mapItems,
  podSpecVerdict,
  portNameProblem,
  scalarAt,
  serviceNameVerdict,
  templateContainers,
} from './support';
import type { Finding, Rule, Severity } from './types';

/** `controller-revision-hash` is `<name>-<hash>` with a hash of up to 10 characters, and a label value holds 63. */
export const MAX_STATEFULSET_NAME = 52;

function check(
  out: Finding[],
  map: YAMLMap | undefined,
  key: string,
  what: string,
  problem: (s: string) => string | undefined,
  verdict: { severity?: Severity; consequence: string } = { consequence: 'the API server rejects it' },
): void {
  const v = scalarAt(map, key);
  if (typeof v !== 'string' || v === '') return;
  const p = problem(v);
  const span = valueSpan(map, key);
  if (p && span)
    out.push({
      rule: 'invalid-name',
      span,
      message: `${what} "${v}" ${p}; ${verdict.consequence}.`,
      ...(verdict.severity ? { severity: verdict.severity } : {}),
    });
}

export const invalidName: Rule = {
  id: 'invalid-name',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'Service'],
  defaultSeverity: 'error',
  summary:
    'A name the API server rejects: object, container, volume and port names that break the DNS-1123 / IANA rules.',
  docs: `Kubernetes names end up in DNS names, labels and pod names, and the API server checks them:

- Deployment and DaemonSet names: DNS-1123 *subdomain* (lower case letters, digits, \`-\` and \`.\`, ≤ 253 characters;
  \`ValidateDaemonSetName\` is \`NameIsDNSSubdomain\`).
- StatefulSet names: DNS-1123 *label* (no dots, ≤ 63). In practice at most ${MAX_STATEFULSET_NAME} characters: the controller
  labels every pod with \`controller-revision-hash: <name>-<hash>\` (hash up to 10 characters), and a label value
  holds 63, so a longer name makes pod creation fail: the StatefulSet itself is accepted (\`ValidateStatefulSetName\`
  is \`NameIsDNSLabel\`), so 53–63 characters is a warning in every version.
- A StatefulSet's \`serviceName\`: DNS-1123 label (the controller copies it into each pod's \`spec.subdomain\`). From
  1.33 \`ValidateStatefulSetSpec\` rejects another value (kubernetes/kubernetes#130233); before, the StatefulSet is
  accepted and every pod fails to be created, so for targets before 1.33 this is a warning.
- Service names: DNS-1035 *label* (must start with a letter, ≤ 63).
- Container and volume names: DNS-1123 label. Port names: IANA service names (≤ 15 characters, lower case letters,
  digits and \`-\`, at least one letter, no leading, trailing or double \`-\`) — \`ValidatePodTemplateSpec\` in
  \`pkg/apis/core/validation\`. For a StatefulSet before Kubernetes 1.34 the pod spec is not validated at creation
  (\`ValidatePodTemplateSpecForStatefulSet\` checks labels and annotations only): the StatefulSet is accepted and its pods
  fail to be created, so those findings are warnings for targets before 1.34.`,
  check(object, ctx) {
    const out: Finding[] = [];
    const meta = mapAt(object.node, ['metadata']);
    if (isDeployment(object)) check(out, meta, 'name', 'Deployment name', dns1123SubdomainProblem);
    else if (isDaemonSet(object)) check(out, meta, 'name', 'DaemonSet name', dns1123SubdomainProblem);
    else if (isService(object)) check(out, meta, 'name', 'Service name', dns1035LabelProblem);
    else if (isStatefulSet(object)) {
      check(out, meta, 'name', 'StatefulSet name', dns1123LabelProblem);
      // A valid DNS label of 53–63 characters: ValidateStatefulSetName accepts it, the pods' label does not.
      check(
        out,
        meta,
        'name',
        'StatefulSet name',
        (s) =>
          dns1123LabelProblem(s) === undefined && s.length > MAX_STATEFULSET_NAME
            ? `is ${s.length} characters long: the pods' controller-revision-hash label (<name>-<10-character hash>) would exceed 63 characters; use at most ${MAX_STATEFULSET_NAME}`
            : undefined,
        {
          severity: 'warning',
          consequence:
            'the API server accepts the StatefulSet (ValidateStatefulSetName), but its pods fail to be created (FailedCreate)',
        },
      );
      check(
        out,
        mapAt(object.node, ['spec']),
        'serviceName',
        'StatefulSet serviceName',
        dns1123LabelProblem,
        serviceNameVerdict(ctx.kubernetesVersion),
      );
    } else return [];
    if (isWorkload(object)) {
      const verdict = podSpecVerdict(object, ctx.kubernetesVersion);
      for (const c of templateContainers(object)) {
        check(out, c.node, 'name', c.init ? 'init container name' : 'container name', dns1123LabelProblem, verdict);
        for (const port of mapItems(c.node.get('ports', true)))
          check(out, port, 'name', 'container port name', portNameProblem, verdict);
      }
      for (const v of mapItems(mapAt(object.node, ['spec', 'template', 'spec'])?.get('volumes', true)))
        check(out, v, 'name', 'volume name', dns1123LabelProblem, verdict);
    }
    if (isService(object)) {
      for (const port of mapItems(mapAt(object.node, ['spec'])?.get('ports', true)))
        check(out, port, 'name', 'Service port name', dns1123LabelProblem);
    }
    return out;
  },
};
