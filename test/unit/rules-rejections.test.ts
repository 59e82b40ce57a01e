/**
 * Issue #11 "Rejections to catch", item by item: each row is a manifest snippet the API server (or kubectl) rejects,
 * the finding expected on it (rule, covered text, severity) and the Go function that decides it
 * (kubernetes/kubernetes, v1.34). Rows whose snippet is accepted expect nothing: they pin the other direction.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintSeen, MAIN, y } from '../support/lint';
import { lintFile } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';
import type { LintOptions } from '../../server/src/lint';
import { containers, selectorLine, workloadYaml } from '../support/manifests';

/** [rule, covered text, severity] */
type Found = [rule: string, text: string, severity: string];
interface Row {
  readonly item: string;
  /** The Go function that decides it. */
  readonly go: string;
  readonly yaml: string;
  readonly expect: Found[];
  readonly options?: LintOptions;
}

/** A Deployment `web` whose pod spec gets `pod` lines (before containers) and whose one container gets `container`. */
const deploy = (o: { meta?: string[]; spec?: string[]; pod?: string[]; container?: string[]; labels?: string } = {}) =>
  workloadYaml({
    meta: o.meta,
    spec: o.spec ?? [selectorLine('{app: web}')],
    labels: o.labels ?? '{app: web}',
    pod: o.pod,
    containers: containers('nginx:1.27', ...(o.container ?? [])),
  });

const svc = (...spec: string[]) => y('apiVersion: v1', 'kind: Service', 'metadata: {name: web}', 'spec:', ...spec);

const LONG = 'x'.repeat(64);

const ROWS: Row[] = [
  // --- labels and selectors
  {
    item: 'label value longer than 63 characters (object metadata)',
    go: 'ValidateLabels → IsValidLabelValue',
    yaml: deploy({ meta: [`  labels: {team: ${LONG}}`] }),
    expect: [['invalid-label', LONG, 'error']],
  },
  {
    item: 'label value with a space (template metadata)',
    go: 'ValidatePodTemplateSpecForReplicaSet → ValidateLabels → IsValidLabelValue',
    yaml: deploy({ spec: ['  selector: {matchLabels: {app: web}}'], labels: '{app: web, tier: "front end"}' }),
    expect: [['invalid-label', '"front end"', 'error']],
  },
  {
    item: 'label key with two slashes in a selector',
    go: 'ValidateLabelSelector → ValidateLabels → IsQualifiedName',
    yaml: deploy({ spec: ['  selector: {matchLabels: {app: web, a/b/c: x}}'] }),
    // The selector is unusable (LabelSelectorAsSelector fails): no selector-mismatch besides.
    expect: [['invalid-label', 'a/b/c', 'error']],
  },
  {
    item: 'matchExpressions In without values',
    go: 'ValidateLabelSelectorRequirement',
    yaml: deploy({
      spec: ['  selector:', '    matchLabels: {app: web}', '    matchExpressions: [{key: tier, operator: In}]'],
      labels: '{app: web, tier: front}',
    }),
    expect: [['invalid-label', 'In', 'error']],
  },
  {
    item: 'matchExpressions Exists with values',
    go: 'ValidateLabelSelectorRequirement',
    yaml: deploy({
      spec: [
        '  selector:',
        '    matchLabels: {app: web}',
        '    matchExpressions: [{key: app, operator: Exists, values: [web]}]',
      ],
    }),
    expect: [['invalid-label', '[web]', 'error']],
  },
  {
    item: 'matchExpressions operator in lower case',
    go: 'ValidateLabelSelectorRequirement',
    yaml: deploy({
      spec: [
        '  selector:',
        '    matchLabels: {app: web}',
        '    matchExpressions: [{key: app, operator: in, values: [web]}]',
      ],
    }),
    expect: [['invalid-label', 'in', 'error']],
  },
  {
    item: 'selector matchExpressions the template labels do not satisfy',
    go: 'ValidateDeploymentSpec ("selector does not match template labels")',
    yaml: deploy({
      spec: [
        '  selector:',
        '    matchLabels: {app: web}',
        '    matchExpressions: [{key: tier, operator: In, values: [db]}]',
      ],
    }),
    expect: [['selector-mismatch', '{key: tier, operator: In, values: [db]}', 'error']],
  },
  // --- containers
  {
    item: 'a container and an init container with the same name',
    go: 'validateInitContainers (Duplicate value across containers)',
    yaml: deploy({ pod: ['      initContainers: [{name: app, image: busybox:1.36}]'] }),
    expect: [['invalid-pod-template', 'app', 'error']],
  },
  {
    item: 'a container without image',
    go: 'validateContainers ("image: Required value")',
    yaml: deploy({ container: ['        - name: side'] }),
    expect: [['invalid-pod-template', 'side', 'error']],
  },
  {
    item: 'two ports of a container with the same name',
    go: 'validateContainerPorts (Duplicate value)',
    yaml: deploy({
      container: ['          ports: [{name: http, containerPort: 80}, {name: http, containerPort: 81}]'],
    }),
    expect: [['invalid-pod-template', 'http', 'error']],
  },
  {
    item: 'containerPort out of range',
    go: 'validateContainerPorts → IsValidPortNum',
    yaml: deploy({ container: ['          ports: [{containerPort: 70000}]'] }),
    expect: [['invalid-pod-template', '70000', 'error']],
  },
  {
    item: 'the same mountPath twice',
    go: 'ValidateVolumeMounts ("must be unique")',
    yaml: deploy({
      pod: ['      volumes: [{name: a, emptyDir: {}}, {name: b, emptyDir: {}}]'],
      container: ['          volumeMounts: [{name: a, mountPath: /data}, {name: b, mountPath: /data}]'],
    }),
    expect: [['invalid-pod-template', '/data', 'error']],
  },
  {
    item: 'a probe without a handler',
    go: 'validateHandler ("must specify a handler type")',
    yaml: deploy({ container: ['          readinessProbe: {periodSeconds: 5}'] }),
    expect: [['invalid-pod-template', 'readinessProbe', 'error']],
  },
  {
    item: 'a probe with two handlers',
    go: 'validateHandler ("may not specify more than 1 handler type")',
    yaml: deploy({ container: ['          livenessProbe: {exec: {command: [cat, /ok]}, tcpSocket: {port: 80}}'] }),
    expect: [['invalid-pod-template', 'tcpSocket', 'error']],
  },
  {
    item: 'a liveness successThreshold of 3',
    go: 'validateLivenessProbe ("must be 1")',
    yaml: deploy({ container: ['          livenessProbe: {tcpSocket: {port: 80}, successThreshold: 3}'] }),
    expect: [['invalid-pod-template', '3', 'error']],
  },
  {
    item: 'a liveness successThreshold of 0 (accepted: defaulted to 1)',
    go: 'SetDefaults_Probe (successThreshold 0 becomes 1) → validateLivenessProbe',
    yaml: deploy({ container: ['          livenessProbe: {tcpSocket: {port: 80}, successThreshold: 0}'] }),
    expect: [],
  },
  {
    item: 'a startup successThreshold of 2',
    go: 'validateStartupProbe ("must be 1")',
    yaml: deploy({ container: ['          startupProbe: {tcpSocket: {port: 80}, successThreshold: 2}'] }),
    expect: [['invalid-pod-template', '2', 'error']],
  },
  {
    item: 'a probe port given as a quoted number',
    go: 'ValidatePortNumOrName → IsValidPortName (a string port needs a letter)',
    yaml: deploy({ container: ['          readinessProbe: {httpGet: {port: "8080"}}'] }),
    expect: [['invalid-pod-template', '"8080"', 'error']],
  },
  {
    item: 'a readiness probe on a non-restartable init container',
    go: 'validateInitContainers ("may not be set for init containers without restartPolicy=Always")',
    yaml: deploy({
      pod: [
        '      initContainers:',
        '        - {name: init, image: busybox:1.36, readinessProbe: {exec: {command: [cat, /ok]}}}',
      ],
    }),
    expect: [['invalid-pod-template', 'readinessProbe', 'error']],
  },
  {
    item: 'the same env var twice (accepted: the last wins)',
    go: 'GetWarningsForPodTemplate → warningsForPodSpecAndMeta (duplicate env name warning)',
    yaml: deploy({ container: ['          env: [{name: MODE, value: a}, {name: MODE, value: b}]'] }),
    expect: [['invalid-pod-template', 'MODE', 'warning']],
  },
  // --- Services
  {
    item: 'a ClusterIP Service without ports',
    go: 'ValidateService ("ports: Required value")',
    yaml: svc('  selector: {app: web}'),
    expect: [['invalid-service-port', 'spec', 'error']],
  },
  {
    item: 'a headless Service without ports (accepted)',
    go: 'ValidateService (ports optional when clusterIP is None)',
    yaml: svc('  clusterIP: None', '  selector: {app: web}'),
    expect: [],
  },
  {
    item: 'an ExternalName Service without ports (accepted)',
    go: 'ValidateService (ports optional for ExternalName)',
    yaml: svc('  type: ExternalName', '  externalName: db.example.com'),
    expect: [],
  },
  {
    item: 'a port entry without port',
    go: 'validateServicePort → IsValidPortNum (0)',
    yaml: svc('  selector: {app: web}', '  ports: [{targetPort: 8080}]'),
    expect: [['invalid-service-port', '{targetPort: 8080}', 'error']],
  },
  {
    item: 'port out of range',
    go: 'validateServicePort → IsValidPortNum',
    yaml: svc('  selector: {app: web}', '  ports: [{port: 65536}]'),
    expect: [['invalid-value', '65536', 'error']],
  },
  {
    item: 'targetPort number out of range',
    go: 'validateServicePort → ValidatePortNumOrName',
    yaml: svc('  selector: {app: web}', '  ports: [{port: 80, targetPort: 70000}]'),
    expect: [['invalid-service-port', '70000', 'error']],
  },
  {
    item: 'targetPort 0 (accepted: defaulted to port)',
    go: 'SetDefaults_Service (targetPort 0 or "" becomes port) → validateServicePort',
    yaml: svc('  selector: {app: web}', '  ports: [{port: 80, targetPort: 0}]'),
    expect: [],
  },
  {
    item: 'targetPort "" (accepted: defaulted to port)',
    go: 'SetDefaults_Service (targetPort 0 or "" becomes port) → validateServicePort',
    yaml: svc('  selector: {app: web}', '  ports: [{port: 80, targetPort: ""}]'),
    expect: [],
  },
  {
    item: 'two ports without names',
    go: 'ValidateService ("name: Required value" when more than one port)',
    yaml: svc('  selector: {app: web}', '  ports: [{port: 80}, {port: 443}]'),
    expect: [
      ['invalid-service-port', '{port: 80}', 'error'],
      ['invalid-service-port', '{port: 443}', 'error'],
    ],
  },
  {
    item: 'two ports with the same name',
    go: 'validateServicePort (Duplicate value: name)',
    yaml: svc('  selector: {app: web}', '  ports: [{name: web, port: 80}, {name: web, port: 443}]'),
    expect: [['invalid-service-port', 'web', 'error']],
  },
  {
    item: 'the same port and protocol twice',
    go: 'ValidateService (Duplicate value: port/protocol)',
    yaml: svc('  selector: {app: web}', '  ports: [{name: a, port: 80}, {name: b, port: 80}]'),
    expect: [['invalid-service-port', '80', 'error']],
  },
  {
    item: 'the same port with another protocol (accepted)',
    go: 'ValidateService (ports unique per protocol)',
    yaml: svc('  selector: {app: web}', '  ports: [{name: a, port: 53}, {name: b, port: 53, protocol: UDP}]'),
    expect: [],
  },
  {
    item: 'nodePort on a ClusterIP Service',
    go: 'ValidateService ("may not be used when `type` is \'ClusterIP\'")',
    yaml: svc('  selector: {app: web}', '  ports: [{port: 80, nodePort: 30080}]'),
    expect: [['invalid-service-port', 'nodePort', 'error']],
  },
  {
    item: 'externalTrafficPolicy on a ClusterIP Service',
    go: 'validateServiceExternalTrafficPolicy',
    yaml: svc('  selector: {app: web}', '  externalTrafficPolicy: Local', '  ports: [{port: 80}]'),
    expect: [['invalid-service-port', 'externalTrafficPolicy', 'error']],
  },
  {
    item: 'a targetPort name of 16 characters',
    go: 'validateServicePort → ValidatePortNumOrName → IsValidPortName',
    yaml: svc('  selector: {app: web}', '  ports: [{port: 80, targetPort: http-alternative}]'),
    expect: [['invalid-service-port', 'http-alternative', 'error']],
  },
  {
    item: 'a targetPort given as a quoted number',
    go: 'validateServicePort → ValidatePortNumOrName (a string must be a name)',
    yaml: svc('  selector: {app: web}', '  ports: [{port: 80, targetPort: "8080"}]'),
    expect: [['invalid-service-port', '"8080"', 'error']],
  },
  {
    item: 'empty type, sessionAffinity, protocol and externalTrafficPolicy (accepted: defaulted)',
    go: 'SetDefaults_Service ("" becomes ClusterIP, None, TCP) → ValidateService, validateServiceExternalTrafficPolicy',
    yaml: svc(
      '  type: ""',
      '  sessionAffinity: ""',
      '  externalTrafficPolicy: ""',
      '  selector: {app: web}',
      '  ports: [{port: 80, protocol: ""}]',
    ),
    expect: [],
  },
  {
    item: 'an empty internalTrafficPolicy (a pointer to "", not defaulted)',
    go: 'validateServiceInternalTrafficPolicy (NotSupported)',
    yaml: svc('  internalTrafficPolicy: ""', '  selector: {app: web}', '  ports: [{port: 80}]'),
    expect: [['invalid-value', '""', 'error']],
  },
  {
    item: 'empty strategy type and restartPolicy (accepted: defaulted)',
    go: 'SetDefaults_Deployment, SetDefaults_PodSpec ("" becomes RollingUpdate, Always)',
    yaml: deploy({
      spec: ['  selector: {matchLabels: {app: web}}', '  strategy: {type: ""}'],
      pod: ['      restartPolicy: ""'],
    }),
    expect: [],
  },
  {
    item: 'clusterIP: None with type LoadBalancer',
    go: 'ValidateService ("may not be set to \'None\' for LoadBalancer services")',
    yaml: svc('  type: LoadBalancer', '  clusterIP: None', '  selector: {app: web}', '  ports: [{port: 80}]'),
    expect: [['headless-service-type', 'None', 'error']],
  },
  // --- apiVersion, namespaces, defaults
  {
    item: 'kind Deployment under apiVersion v1',
    go: 'kubectl RESTMapper ("no matches for kind")',
    yaml: deploy().replace('apiVersion: apps/v1', 'apiVersion: v1'),
    expect: [['wrong-api-version', 'v1', 'error']],
  },
  {
    item: 'minReadySeconds at least the defaulted progressDeadlineSeconds (600)',
    go: 'SetDefaults_Deployment + ValidateDeploymentSpec',
    yaml: deploy({ spec: ['  selector: {matchLabels: {app: web}}', '  minReadySeconds: 600'] }),
    expect: [['progress-deadline-not-greater', '600', 'error']],
  },
  {
    item: 'topologySpreadConstraints maxSkew 0',
    go: 'validateTopologySpreadConstraints (ValidatePositiveField maxSkew)',
    yaml: deploy({
      pod: [
        '      topologySpreadConstraints:',
        '        - {maxSkew: 0, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}',
      ],
    }),
    expect: [['invalid-pod-template', '0', 'error']],
  },
  {
    item: 'topologySpreadConstraints whenUnsatisfiable not one of the two',
    go: 'validateTopologySpreadConstraints → ValidateWhenUnsatisfiable',
    yaml: deploy({
      pod: [
        '      topologySpreadConstraints:',
        '        - {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: Sometimes}',
      ],
    }),
    expect: [['invalid-pod-template', 'Sometimes', 'error']],
  },
  // --- YAML 1.1 (kubernetes/kubernetes#34146)
  {
    item: 'hostNetwork: yes is a boolean (accepted)',
    go: 'go-yaml v2 resolve (YAML 1.1 booleans) → json.Unmarshal',
    yaml: deploy({ pod: ['      hostNetwork: yes'] }),
    expect: [],
  },
  {
    item: 'an env value yes is a boolean where a string goes',
    go: 'go-yaml v2 resolve → json.Unmarshal into EnvVar.Value (string)',
    yaml: deploy({ container: ['          env: [{name: DEBUG, value: yes}]'] }),
    expect: [['wrong-type', 'yes', 'error']],
  },
  {
    item: 'an int written 010 means 8',
    go: 'go-yaml v2 resolve (strconv.ParseInt base 0)',
    yaml: deploy({ spec: ['  selector: {matchLabels: {app: web}}', '  minReadySeconds: 010'] }),
    expect: [['wrong-type', '010', 'warning']],
  },
];

/** Findings about rollout hygiene, not rejections: left out of the comparison (every other finding is compared). */
const ADVISORY = new Set([
  'missing-min-ready-seconds',
  'missing-readiness-probe',
  'service-selector-no-match',
  'target-port-mismatch',
  'probe-port-not-exposed',
  'image-mutable-tag',
]);

for (const r of ROWS) {
  test(`rejection: ${r.item} [${r.go}]`, () => {
    const seen = lintSeen(r.yaml, r.options).filter((s) => !ADVISORY.has(s.rule));
    assert.deepEqual(
      seen.map((s): Found => [s.rule, s.text, s.severity]),
      r.expect,
    );
  });
}

test('the namespace slip: a Service whose selector matches pods only in another namespace says where they are', () => {
  const index = new WorkspaceIndex();
  index.update(
    MAIN,
    y(
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web, namespace: prod}',
      'spec: {selector: {app: web}, ports: [{port: 80}]}',
      '---',
      deploy(),
    ),
  );
  const [f] = lintFile(index.get(MAIN)!, index).filter((s) => s.rule === 'service-selector-no-match');
  assert.equal(f?.severity, 'warning');
  assert.match(f?.message ?? '', /is in namespace "prod", but the pods it selects are in namespace "default"/);
});
