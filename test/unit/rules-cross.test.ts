/**
 * Cross-object rules: fixture tables over small workspaces (several files), exact findings of
 * the rule under test as [rule, line, covered text], positive and negative cases per rule.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintSeen, ruleTable, MAIN, y } from '../support/lint';
import type { RuleCase } from '../support/lint';
import { containers, selectorLine, serviceYaml, workloadYaml } from '../support/manifests';

const table = (rule: string, severity: string, cases: RuleCase[]) =>
  ruleTable(rule, cases, { severity: () => severity });

const OTHER = 'file:///ws/other.yaml';

/**
 * A StatefulSet `db` (labels app=db); `pod` lines go in the pod spec before `containers`, `container` lines in the
 * container.
 */
const sts = (opts: { spec?: string[]; pod?: string[]; container?: string[]; claims?: string[] } = {}) =>
  workloadYaml({
    kind: 'StatefulSet',
    name: 'db',
    spec: ['  serviceName: db', selectorLine('{app: db}'), ...(opts.spec ?? [])],
    labels: '{app: db}',
    pod: opts.pod,
    containers: containers('postgres', ...(opts.container ?? [])),
    after: opts.claims ?? ['  volumeClaimTemplates:', '    - metadata: {name: data}'],
  });

const deploy = (
  opts: { name?: string; labels?: string; pod?: string[]; container?: string[]; namespace?: string } = {},
) =>
  workloadYaml({
    name: opts.name,
    namespace: opts.namespace,
    spec: [selectorLine(opts.labels ?? '{app: web}')],
    labels: opts.labels ?? '{app: web}',
    pod: opts.pod,
    containers: containers('nginx', ...(opts.container ?? ['          ports: [{name: http, containerPort: 8080}]'])),
  });

const svc = (spec: string[], opts: { name?: string; namespace?: string } = {}) => serviceYaml(spec, opts);

table('volume-mount-undefined', 'error', [
  {
    name: 'mount of nothing',
    files: deploy({ container: ['          volumeMounts: [{name: cache, mountPath: /c}]'] }),
    expect: [['volume-mount-undefined', 13, 'cache']],
  },
  {
    name: 'a pod volume',
    files: deploy({
      pod: ['      volumes: [{name: cache, emptyDir: {}}]'],
      container: ['          volumeMounts: [{name: cache, mountPath: /c}]'],
    }),
    expect: [],
  },
  {
    name: 'a claim template',
    files: sts({ container: ['          volumeMounts: [{name: data, mountPath: /d}]'] }),
    expect: [],
  },
  {
    name: 'typo of a claim template',
    files: sts({ container: ['          volumeMounts:', '            - name: date', '              mountPath: /d'] }),
    expect: [['volume-mount-undefined', 15, 'date']],
  },
  {
    name: 'init containers too',
    files: deploy({
      pod: ['      initContainers:', '        - name: init', '          volumeMounts: [{name: x, mountPath: /x}]'],
    }),
    expect: [['volume-mount-undefined', 12, 'x']],
  },
  {
    name: 'claim templates do not count for a Deployment',
    files: deploy({ container: ['          volumeMounts: [{name: data, mountPath: /d}]'] }),
    expect: [['volume-mount-undefined', 13, 'data']],
  },
  {
    name: 'volumeMounts not a list: silent',
    files: deploy({ container: ['          volumeMounts: nope'] }),
    expect: [],
  },
]);

table('claim-template-unmounted', 'warning', [
  { name: 'never mounted', files: sts(), expect: [['claim-template-unmounted', 15, 'data']] },
  { name: 'mounted', files: sts({ container: ['          volumeMounts: [{name: data, mountPath: /d}]'] }), expect: [] },
  {
    name: 'mounted by an init container only',
    files: sts({
      pod: ['      initContainers: [{name: i, image: busybox, volumeMounts: [{name: data, mountPath: /d}]}]'],
    }),
    expect: [],
  },
  {
    name: 'second template unmounted',
    files: sts({
      container: ['          volumeMounts: [{name: data, mountPath: /d}]'],
      claims: ['  volumeClaimTemplates:', '    - metadata: {name: data}', '    - metadata:', '        name: logs'],
    }),
    expect: [['claim-template-unmounted', 18, 'logs']],
  },
  { name: 'Deployment: not checked', files: deploy(), expect: [] },
]);

table('service-selector-no-match', 'warning', [
  {
    name: 'label typo',
    files: { [MAIN]: svc(['  selector: {app: wbe}', '  ports: [{port: 80}]']), [OTHER]: deploy() },
    expect: [['service-selector-no-match', 6, 'selector']],
  },
  {
    name: 'matches a Deployment in another file',
    files: { [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: http}]']), [OTHER]: deploy() },
    expect: [],
  },
  {
    name: 'pods in another namespace do not count',
    files: {
      [MAIN]: svc(['  selector: {app: web}'], { namespace: 'a' }),
      [OTHER]: deploy({ namespace: 'b' }) + '---\n' + deploy({ name: 'x', labels: '{app: x}', namespace: 'a' }),
    },
    expect: [['service-selector-no-match', 7, 'selector']],
  },
  {
    name: 'no pod templates of the namespace in the workspace: silent',
    files: svc(['  selector: {app: web}']),
    expect: [],
  },
  { name: 'no selector: silent', files: { [MAIN]: svc(['  ports: [{port: 80}]']), [OTHER]: deploy() }, expect: [] },
  {
    name: 'ExternalName: silent',
    files: {
      [MAIN]: svc(['  type: ExternalName', '  externalName: a.example.com', '  selector: {app: nope}']),
      [OTHER]: deploy(),
    },
    expect: [],
  },
  {
    name: 'a CronJob pod template counts',
    files: {
      [MAIN]: svc(['  selector: {app: job}']),
      [OTHER]: y(
        'apiVersion: batch/v1',
        'kind: CronJob',
        'metadata: {name: j}',
        'spec:',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        metadata: {labels: {app: job}}',
        '        spec: {containers: [{name: c}]}',
      ),
    },
    expect: [],
  },
  {
    name: 'selector needs all labels',
    files: { [MAIN]: svc(['  selector: {app: web, tier: front}']), [OTHER]: deploy() },
    expect: [['service-selector-no-match', 6, 'selector']],
  },
]);

table('target-port-mismatch', 'warning', [
  {
    name: 'named targetPort not exposed',
    files: { [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: htp}]']), [OTHER]: deploy() },
    expect: [['target-port-mismatch', 7, 'htp']],
  },
  {
    name: 'named targetPort exposed',
    files: { [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: http}]']), [OTHER]: deploy() },
    expect: [],
  },
  {
    name: 'numbered targetPort not declared',
    files: { [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: 8081}]']), [OTHER]: deploy() },
    expect: [['target-port-mismatch', 7, '8081']],
  },
  {
    name: 'numbered targetPort declared',
    files: { [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: 8080}]']), [OTHER]: deploy() },
    expect: [],
  },
  {
    name: 'no targetPort: the port number must be exposed',
    files: { [MAIN]: svc(['  selector: {app: web}', '  ports:', '    - port: 80']), [OTHER]: deploy() },
    expect: [['target-port-mismatch', 8, '80']],
  },
  {
    name: 'targetPort 0 is the port (SetDefaults_Service): 8080 is declared',
    files: { [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 8080, targetPort: 0}]']), [OTHER]: deploy() },
    expect: [],
  },
  {
    name: 'targetPort "" is the port (SetDefaults_Service): 80 is not declared',
    files: { [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: ""}]']), [OTHER]: deploy() },
    expect: [['target-port-mismatch', 7, '""']],
  },
  {
    name: 'containers without declared ports: numbers are not judged',
    files: {
      [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: 9999}]']),
      [OTHER]: deploy({ container: [] }),
    },
    expect: [],
  },
  {
    name: 'containers without declared ports: a name still is',
    files: {
      [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: http}]']),
      [OTHER]: deploy({ container: [] }),
    },
    expect: [['target-port-mismatch', 7, 'http']],
  },
  {
    name: 'selects nothing: left to service-selector-no-match',
    files: { [MAIN]: svc(['  selector: {app: x}', '  ports: [{port: 80, targetPort: nope}]']), [OTHER]: deploy() },
    expect: [],
  },
  {
    name: 'sidecar init container ports count',
    files: {
      [MAIN]: svc(['  selector: {app: web}', '  ports: [{port: 80, targetPort: proxy}]']),
      [OTHER]: deploy({
        pod: ['      initContainers: [{name: p, restartPolicy: Always, ports: [{name: proxy, containerPort: 15001}]}]'],
      }),
    },
    expect: [],
  },
]);

const HEADLESS = (selector: string) => svc(['  clusterIP: None', `  selector: ${selector}`], { name: 'db' });
table('governing-service-selector-mismatch', 'warning', [
  {
    name: 'selects other pods',
    files: {
      [MAIN]: sts({ container: ['          volumeMounts: [{name: data, mountPath: /d}]'] }),
      [OTHER]: HEADLESS('{app: postgres}'),
    },
    expect: [['governing-service-selector-mismatch', 6, 'db']],
  },
  { name: 'selects the pods', files: { [MAIN]: sts(), [OTHER]: HEADLESS('{app: db}') }, expect: [] },
  {
    name: 'no selector: not judged',
    files: { [MAIN]: sts(), [OTHER]: svc(['  clusterIP: None'], { name: 'db' }) },
    expect: [],
  },
  { name: 'no such Service: governing-service-missing says so', files: sts(), expect: [] },
]);

table('configmap-subpath-no-update', 'information', [
  {
    name: 'ConfigMap with subPath',
    files: deploy({
      pod: ['      volumes: [{name: cfg, configMap: {name: app}}]'],
      container: ['          volumeMounts: [{name: cfg, mountPath: /etc/app.conf, subPath: app.conf}]'],
    }),
    expect: [['configmap-subpath-no-update', 14, 'subPath']],
  },
  {
    name: 'Secret with subPathExpr',
    files: deploy({
      pod: ['      volumes: [{name: s, secret: {secretName: x}}]'],
      container: ['          volumeMounts:', '            - {name: s, mountPath: /x, subPathExpr: $(POD)}'],
    }),
    expect: [['configmap-subpath-no-update', 15, 'subPathExpr']],
  },
  {
    name: 'projected ConfigMap with subPath',
    files: deploy({
      pod: ['      volumes: [{name: p, projected: {sources: [{configMap: {name: a}}]}}]'],
      container: ['          volumeMounts: [{name: p, mountPath: /a, subPath: a}]'],
    }),
    expect: [['configmap-subpath-no-update', 14, 'subPath']],
  },
  {
    name: 'ConfigMap as a directory',
    files: deploy({
      pod: ['      volumes: [{name: cfg, configMap: {name: app}}]'],
      container: ['          volumeMounts: [{name: cfg, mountPath: /etc/app}]'],
    }),
    expect: [],
  },
  {
    name: 'emptyDir with subPath',
    files: deploy({
      pod: ['      volumes: [{name: e, emptyDir: {}}]'],
      container: ['          volumeMounts: [{name: e, mountPath: /a, subPath: a}]'],
    }),
    expect: [],
  },
]);

test('missing-readiness-probe is off by default', () => {
  assert.deepEqual(
    lintSeen(deploy()).filter((s) => s.rule === 'missing-readiness-probe'),
    [],
  );
});

table('missing-readiness-probe', 'warning', [
  {
    name: 'enabled: container without probe',
    options: { rules: { 'missing-readiness-probe': 'warning' } },
    files: deploy(),
    expect: [['missing-readiness-probe', 11, 'app']],
  },
  {
    name: 'enabled: container with probe',
    options: { rules: { 'missing-readiness-probe': 'warning' } },
    files: deploy({ container: ['          readinessProbe: {httpGet: {port: 8080}}'] }),
    expect: [],
  },
  {
    name: 'enabled: plain init containers are not checked',
    options: { rules: { 'missing-readiness-probe': 'warning' } },
    files: deploy({
      pod: ['      initContainers: [{name: i}]'],
      container: ['          readinessProbe: {exec: {command: [x]}}'],
    }),
    expect: [],
  },
]);
