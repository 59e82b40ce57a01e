import { isService, isStatefulSet, isWorkload } from '../../../shared/src/manifest';
import type { K8sObject } from '../../../shared/src/manifest';
import { keySpan, mapAt, valueSpan } from '../../../shared/src/yamlPath';
import type { Finding, Rule } from './types';
import { mapItems, scalarAt } from './support';

interface EnumCheck {
  readonly path: readonly string[];
  readonly key: string;
  readonly allowed: readonly string[];
  readonly why: string;
  /**
   * `""` is rejected too. Otherwise `""` is what the defaulting functions (SetDefaults_Deployment, _StatefulSet,
   * _DaemonSet, _Service) replace by the default before validation, as an absent value.
   */
  readonly emptyRejected?: boolean;
}

const DEPLOYMENT_ENUMS: EnumCheck[] = [
  { path: ['spec', 'strategy'], key: 'type', allowed: ['RollingUpdate', 'Recreate'], why: 'the Deployment strategy' },
];
const STATEFULSET_ENUMS: EnumCheck[] = [
  {
    path: ['spec'],
    key: 'podManagementPolicy',
    allowed: ['OrderedReady', 'Parallel'],
    why: 'how pods are started and stopped',
  },
  {
    path: ['spec', 'updateStrategy'],
    key: 'type',
    allowed: ['RollingUpdate', 'OnDelete'],
    why: 'the StatefulSet update strategy',
  },
  {
    path: ['spec', 'persistentVolumeClaimRetentionPolicy'],
    key: 'whenDeleted',
    allowed: ['Retain', 'Delete'],
    why: 'what happens to the claims',
  },
  {
    path: ['spec', 'persistentVolumeClaimRetentionPolicy'],
    key: 'whenScaled',
    allowed: ['Retain', 'Delete'],
    why: 'what happens to the claims',
  },
];
const DAEMONSET_ENUMS: EnumCheck[] = [
  {
    path: ['spec', 'updateStrategy'],
    key: 'type',
    allowed: ['RollingUpdate', 'OnDelete'],
    why: 'the DaemonSet update strategy',
  },
];
const WORKLOAD_ENUMS: Record<'Deployment' | 'StatefulSet' | 'DaemonSet', readonly EnumCheck[]> = {
  Deployment: DEPLOYMENT_ENUMS,
  StatefulSet: STATEFULSET_ENUMS,
  DaemonSet: DAEMONSET_ENUMS,
};
const SERVICE_ENUMS: EnumCheck[] = [
  {
    path: ['spec'],
    key: 'type',
    allowed: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
    why: 'the Service type',
  },
  { path: ['spec'], key: 'sessionAffinity', allowed: ['None', 'ClientIP'], why: 'session affinity' },
  { path: ['spec'], key: 'externalTrafficPolicy', allowed: ['Cluster', 'Local'], why: 'external traffic routing' },
  // A pointer: SetDefaults_Service fills only an absent one, so "" reaches validateServiceInternalTrafficPolicy.
  {
    path: ['spec'],
    key: 'internalTrafficPolicy',
    allowed: ['Cluster', 'Local'],
    why: 'internal traffic routing',
    emptyRejected: true,
  },
];

/** Non-negative integer fields: path to the map, key. */
const NON_NEGATIVE: Record<'Deployment' | 'StatefulSet' | 'DaemonSet', [readonly string[], string][]> = {
  // ValidateDaemonSetSpec
  DaemonSet: [
    [['spec'], 'minReadySeconds'],
    [['spec'], 'revisionHistoryLimit'],
  ],
  Deployment: [
    [['spec'], 'replicas'],
    [['spec'], 'minReadySeconds'],
    [['spec'], 'revisionHistoryLimit'],
    [['spec'], 'progressDeadlineSeconds'],
  ],
  StatefulSet: [
    [['spec'], 'replicas'],
    [['spec'], 'minReadySeconds'],
    [['spec'], 'revisionHistoryLimit'],
    [['spec', 'updateStrategy', 'rollingUpdate'], 'partition'],
    [['spec', 'ordinals'], 'start'],
  ],
};

function enumFindings(o: K8sObject, checks: readonly EnumCheck[]): Finding[] {
  const out: Finding[] = [];
  for (const c of checks) {
    const map = mapAt(o.node, c.path);
    const v = scalarAt(map, c.key);
    if (typeof v !== 'string' || c.allowed.includes(v) || (v === '' && !c.emptyRejected)) continue;
    const span = valueSpan(map, c.key);
    if (!span) continue;
    const near = c.allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase());
    out.push({
      rule: 'invalid-value',
      span,
      message:
        `${[...c.path.slice(1), c.key].join('.')}: "${v}" is not a valid value for ${c.why}; the API server rejects it. ` +
        (near ? `Write "${near}" (values are case-sensitive).` : `Use one of: ${c.allowed.join(', ')}.`),
      ...(near
        ? {
            data: {
              fixes: [{ title: `Change to ${near}`, edits: [{ span, newText: near }], fixAll: true, preferred: true }],
            },
          }
        : {}),
    });
  }
  return out;
}

export const invalidValue: Rule = {
  id: 'invalid-value',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'Service'],
  defaultSeverity: 'error',
  summary:
    'A value the API server rejects: negative counts, unknown strategy/policy/type names, a template restartPolicy other than Always.',
  docs: `Values the API server validates and rejects on \`kubectl apply\`:

- \`replicas\`, \`minReadySeconds\`, \`revisionHistoryLimit\`, \`progressDeadlineSeconds\`, \`partition\`, \`ordinals.start\`
  must be ≥ 0 (\`ValidateDeploymentSpec\`, \`ValidateStatefulSetSpec\` with \`ValidateNonnegativeField\`). Exception: a
  StatefulSet's \`revisionHistoryLimit\` is not validated — a negative value is accepted and keeps every revision
  (warning).
- Deployment \`strategy.type\`: \`RollingUpdate\` or \`Recreate\`. StatefulSet \`updateStrategy.type\`: \`RollingUpdate\`
  or \`OnDelete\` (DaemonSet too); \`podManagementPolicy\`: \`OrderedReady\` or \`Parallel\`;
  \`persistentVolumeClaimRetentionPolicy.whenDeleted/whenScaled\`: \`Retain\` or \`Delete\`. Values are case-sensitive.
- A workload's pod template must have \`restartPolicy: Always\` (the default) and no \`activeDeadlineSeconds\`:
  controllers keep their pods running (DaemonSet: \`ValidateDaemonSetSpec\`).
- Service \`type\`, \`sessionAffinity\`, \`externalTrafficPolicy\`, \`internalTrafficPolicy\`, port \`protocol\`
  (\`TCP\`, \`UDP\`, \`SCTP\`) and port numbers (1–65535).

An empty string is accepted wherever a default applies: the defaulting functions (\`SetDefaults_Deployment\`,
\`SetDefaults_StatefulSet\`, \`SetDefaults_DaemonSet\`, \`SetDefaults_PodSpec\`, \`SetDefaults_Service\`) replace \`""\`
before validation, as an absent value. Not for \`internalTrafficPolicy\` (a pointer, defaulted only when absent).

**Quick fix:** when the value differs from a valid one only in case, change it to the valid spelling.

**Versions:** the same in every supported version (1.27–1.34), including the StatefulSet \`revisionHistoryLimit\` exception.`,
  check(object) {
    const out: Finding[] = [];
    if (isWorkload(object)) {
      out.push(...enumFindings(object, WORKLOAD_ENUMS[object.kind]));
      for (const [path, key] of NON_NEGATIVE[object.kind]) {
        const map = mapAt(object.node, path);
        const v = scalarAt(map, key);
        if (typeof v !== 'number' || v >= 0) continue;
        const span = valueSpan(map, key);
        if (!span) continue;
        if (isStatefulSet(object) && key === 'revisionHistoryLimit') {
          // ValidateStatefulSetSpec does not check it: accepted, and the controller keeps every revision.
          out.push({
            rule: 'invalid-value',
            span,
            severity: 'warning',
            message: `revisionHistoryLimit is ${v}: the API server accepts a negative value for a StatefulSet, and the controller then keeps all ControllerRevisions. Use 0 or more (default 10).`,
          });
          continue;
        }
        out.push({
          rule: 'invalid-value',
          span,
          message: `${[...path.slice(1), key].join('.')} is ${v}: it must be 0 or more; the API server rejects a negative value.`,
        });
      }
      const podSpec = mapAt(object.node, ['spec', 'template', 'spec']);
      const restart = scalarAt(podSpec, 'restartPolicy');
      // SetDefaults_PodSpec: "" becomes Always.
      if (typeof restart === 'string' && restart !== 'Always' && restart !== '') {
        const span = valueSpan(podSpec, 'restartPolicy');
        if (span)
          out.push({
            rule: 'invalid-value',
            span,
            message: `template restartPolicy is "${restart}": a ${object.kind} keeps its pods running, so only "Always" is allowed and the API server rejects anything else. Remove restartPolicy (it defaults to Always).`,
          });
      }
      const deadline = keySpan(podSpec, 'activeDeadlineSeconds');
      if (deadline)
        out.push({
          rule: 'invalid-value',
          span: deadline,
          message: `activeDeadlineSeconds is forbidden in a ${object.kind} pod template: the pods are meant to run until replaced, and the API server rejects it. Remove it.`,
        });
    } else if (isService(object)) {
      out.push(...enumFindings(object, SERVICE_ENUMS));
      for (const port of mapItems(mapAt(object.node, ['spec'])?.get('ports', true))) {
        const protocol = scalarAt(port, 'protocol');
        // SetDefaults_Service: "" becomes TCP.
        if (typeof protocol === 'string' && protocol !== '' && !['TCP', 'UDP', 'SCTP'].includes(protocol)) {
          const span = valueSpan(port, 'protocol');
          const near = ['TCP', 'UDP', 'SCTP'].find((p) => p === protocol.trim().toUpperCase());
          if (span)
            out.push({
              rule: 'invalid-value',
              span,
              message: `port protocol "${protocol}" is not TCP, UDP or SCTP; the API server rejects it.${near ? ` Write "${near}".` : ''}`,
              ...(near
                ? {
                    data: {
                      fixes: [
                        { title: `Change to ${near}`, edits: [{ span, newText: near }], fixAll: true, preferred: true },
                      ],
                    },
                  }
                : {}),
            });
        }
        for (const key of ['port', 'nodePort']) {
          const n = scalarAt(port, key);
          if (typeof n !== 'number' || (n >= 1 && n <= 65535 && Number.isInteger(n)) || (key === 'nodePort' && n === 0))
            continue;
          const span = valueSpan(port, key);
          if (span)
            out.push({
              rule: 'invalid-value',
              span,
              message: `${key} ${n} is not a port number (1–65535); the API server rejects it.`,
            });
        }
      }
    }
    return out;
  },
};
