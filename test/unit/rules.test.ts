/**
 * Rule fixture tables: each case is a workspace (one or more files), and the exact findings of
 * the rules under test as [rule, line, covered text]. Many cases, one check helper.
 */
import { MAIN, ruleTable, y } from '../support/lint';
import type { RuleCase } from '../support/lint';
import { serviceYaml, workloadYaml } from '../support/manifests';

const RULES_UNDER_TEST = new Set([
  'missing-min-ready-seconds',
  'missing-service-name',
  'missing-volume-claim-templates',
  'governing-service-not-headless',
  'governing-service-missing',
  'yaml-syntax',
]);

const table = (title: string, cases: RuleCase[]) => ruleTable(title, cases, { rules: RULES_UNDER_TEST });

const HEADLESS = y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec:', '  clusterIP: None');
/** A StatefulSet that no rule minds (with HEADLESS in the workspace). */
const sts = (extra: string[] = [], spec: string[] = ['  serviceName: web']) =>
  workloadYaml({
    kind: 'StatefulSet',
    meta: extra,
    spec,
    after: ['  volumeClaimTemplates:', '    - metadata: {name: data}'],
  });

const deploy = (spec: string[], containers: string[]) => workloadYaml({ name: 'd', spec, containers });

table('missing-min-ready-seconds', [
  {
    name: 'readinessProbe without minReadySeconds',
    files: deploy([], ['      containers:', '        - name: a', '          readinessProbe: {}']),
    expect: [['missing-min-ready-seconds', 10, 'readinessProbe']],
  },
  {
    name: 'minReadySeconds 0 counts as absent',
    files: deploy(['  minReadySeconds: 0'], ['      containers:', '        - name: a', '          readinessProbe: {}']),
    expect: [['missing-min-ready-seconds', 11, 'readinessProbe']],
  },
  {
    name: 'minReadySeconds set: silent',
    files: deploy(
      ['  minReadySeconds: 10'],
      ['      containers:', '        - name: a', '          readinessProbe: {}'],
    ),
    expect: [],
  },
  {
    name: 'no readinessProbe: silent',
    files: deploy([], ['      containers:', '        - name: a', '          livenessProbe: {}']),
    expect: [],
  },
  {
    name: 'first probed container only, in source order',
    files: deploy(
      [],
      [
        '      containers:',
        '        - name: a',
        '        - name: b',
        '          readinessProbe: {}',
        '        - name: c',
        '          readinessProbe: {}',
      ],
    ),
    expect: [['missing-min-ready-seconds', 11, 'readinessProbe']],
  },
  {
    name: 'restartable init container (sidecar) counts',
    files: deploy(
      [],
      [
        '      initContainers:',
        '        - name: proxy',
        '          restartPolicy: Always',
        '          readinessProbe: {}',
        '      containers:',
        '        - name: a',
      ],
    ),
    expect: [['missing-min-ready-seconds', 11, 'readinessProbe']],
  },
  {
    name: 'plain init container does not count',
    files: deploy(
      [],
      [
        '      initContainers:',
        '        - name: init',
        '          readinessProbe: {}',
        '      containers:',
        '        - name: a',
      ],
    ),
    expect: [],
  },
  {
    name: 'StatefulSet too',
    files: {
      [MAIN]: sts([], ['  serviceName: web', '  minReadySeconds: 0']).replace(
        'image: nginx',
        'image: nginx\n          readinessProbe: {}',
      ),
      'file:///ws/svc.yaml': HEADLESS,
    },
    expect: [['missing-min-ready-seconds', 13, 'readinessProbe']],
  },
  {
    name: 'flow style and quoted keys',
    files: y(
      '{"apiVersion": "apps/v1", "kind": Deployment, metadata: {name: d},',
      ' spec: {template: {spec: {containers: [{name: a, "readinessProbe": {tcpSocket: {port: 80}}}]}}}}',
    ),
    expect: [['missing-min-ready-seconds', 2, '"readinessProbe"']],
  },
  {
    name: 'CRLF line endings',
    files: deploy([], ['      containers:', '        - name: a', '          readinessProbe: {}']).replace(
      /\n/g,
      '\r\n',
    ),
    expect: [['missing-min-ready-seconds', 10, 'readinessProbe']],
  },
  {
    name: 'anchors and aliases: the template comes from an anchor',
    files: y(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: d}',
      'spec:',
      '  template: &tpl',
      '    spec:',
      '      containers:',
      '        - name: a',
      '          readinessProbe: {}',
    ),
    expect: [['missing-min-ready-seconds', 9, 'readinessProbe']],
  },
  {
    name: 'other kinds are not checked',
    files: y(
      'apiVersion: apps/v1',
      'kind: ReplicaSet',
      'metadata: {name: d}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - readinessProbe: {}',
    ),
    expect: [],
  },
  {
    name: 'a DaemonSet rolls node by node on availability too',
    files: y(
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: {name: d}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - readinessProbe: {}',
    ),
    expect: [['missing-min-ready-seconds', 8, 'readinessProbe']],
  },
  {
    name: 'a DaemonSet with OnDelete is not paced by availability',
    files: y(
      'apiVersion: apps/v1',
      'kind: DaemonSet',
      'metadata: {name: d}',
      'spec:',
      '  updateStrategy: {type: OnDelete}',
      '  template:',
      '    spec:',
      '      containers:',
      '        - readinessProbe: {}',
    ),
    expect: [],
  },
  {
    name: 'kind: List items, second item fires',
    files: y(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata: {name: ok}',
      '    spec: {minReadySeconds: 5, template: {spec: {containers: [{name: a, readinessProbe: {}}]}}}',
      '  - apiVersion: apps/v1',
      '    kind: Deployment',
      '    metadata: {name: bad}',
      '    spec: {template: {spec: {containers: [{name: a, readinessProbe: {}}]}}}',
    ),
    expect: [['missing-min-ready-seconds', 11, 'readinessProbe']],
  },
]);

table('missing-service-name', [
  { name: 'no serviceName', files: sts([], []), expect: [['missing-service-name', 5, 'spec']] },
  { name: 'empty serviceName', files: sts([], ['  serviceName: ""']), expect: [['missing-service-name', 5, 'spec']] },
  { name: 'serviceName set', files: { [MAIN]: sts(), 'file:///ws/svc.yaml': HEADLESS }, expect: [] },
  {
    name: 'comments between keys do not move the range',
    files: sts(['# the spec follows', '  # really'], []),
    expect: [['missing-service-name', 7, 'spec']],
  },
  {
    name: 'legacy apps/v1beta1 spelling',
    files: sts([], []).replace('apps/v1', 'apps/v1beta1'),
    expect: [['missing-service-name', 5, 'spec']],
  },
  {
    name: 'multi-document: only the StatefulSet document fires',
    files: HEADLESS + '---\n' + sts([], []),
    expect: [['missing-service-name', 12, 'spec']],
  },
]);

table('missing-volume-claim-templates', [
  {
    name: 'no claim templates',
    files: { [MAIN]: sts().replace(/  volumeClaimTemplates:\n.*\n/, ''), 'file:///ws/svc.yaml': HEADLESS },
    expect: [['missing-volume-claim-templates', 5, 'spec']],
  },
  {
    name: 'empty list',
    files: {
      [MAIN]: sts().replace(/  volumeClaimTemplates:\n.*\n/, '  volumeClaimTemplates: []\n'),
      'file:///ws/svc.yaml': HEADLESS,
    },
    expect: [['missing-volume-claim-templates', 5, 'spec']],
  },
  { name: 'present', files: { [MAIN]: sts(), 'file:///ws/svc.yaml': HEADLESS }, expect: [] },
]);

const svc = (clusterIP: string | undefined, namespace?: string) =>
  serviceYaml(clusterIP === undefined ? ['  type: ClusterIP'] : [`  clusterIP: ${clusterIP}`], { namespace });

table('governing-service-not-headless', [
  { name: 'headless in another file', files: { [MAIN]: sts(), 'file:///ws/svc.yaml': svc('None') }, expect: [] },
  { name: 'headless in the same file', files: svc('None') + '---\n' + sts(), expect: [] },
  {
    name: 'no clusterIP',
    files: { [MAIN]: sts(), 'file:///ws/svc.yaml': svc(undefined) },
    expect: [['governing-service-not-headless', 6, 'web']],
  },
  {
    name: 'lower-case none',
    files: { [MAIN]: sts(), 'file:///ws/svc.yaml': svc('none') },
    expect: [['governing-service-not-headless', 6, 'web']],
  },
  {
    name: 'trailing space inside quotes',
    files: { [MAIN]: sts(), 'file:///ws/svc.yaml': svc('"None "') },
    expect: [['governing-service-not-headless', 6, 'web']],
  },
  {
    name: 'a cluster IP',
    files: { [MAIN]: sts(), 'file:///ws/svc.yaml': svc('10.0.0.7') },
    expect: [['governing-service-not-headless', 6, 'web']],
  },
  {
    name: 'same file wins over another file',
    files: { [MAIN]: svc('None') + '---\n' + sts(), 'file:///ws/other.yaml': svc('10.0.0.1') },
    expect: [],
  },
  {
    name: 'quoted serviceName value: the range is the quoted scalar',
    files: { [MAIN]: sts([], ['  serviceName: "web"']), 'file:///ws/svc.yaml': svc('none') },
    expect: [['governing-service-not-headless', 6, '"web"']],
  },
  {
    name: 'matching namespace',
    files: { [MAIN]: sts(['  namespace: prod']), 'file:///ws/svc.yaml': svc('none', 'prod') },
    expect: [['governing-service-not-headless', 7, 'web']],
  },
]);

table('governing-service-missing', [
  { name: 'nowhere', files: sts(), expect: [['governing-service-missing', 6, 'web']] },
  {
    name: 'only in another namespace',
    files: { [MAIN]: sts(), 'file:///ws/svc.yaml': svc('None', 'other') },
    expect: [['governing-service-missing', 6, 'web']],
  },
  {
    name: 'default namespace spelled out',
    files: { [MAIN]: sts(['  namespace: default']), 'file:///ws/svc.yaml': svc('None') },
    expect: [],
  },
  {
    name: 'a Service inside a List counts',
    files: {
      [MAIN]: sts(),
      'file:///ws/list.yaml': y(
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: v1',
        '  kind: Service',
        '  metadata: {name: web}',
        '  spec: {clusterIP: None}',
      ),
    },
    expect: [],
  },
]);

table('yaml-syntax', [
  {
    name: 'a broken document is one error; the next document is still checked',
    files: y('a: [', '---', ...sts([], []).trimEnd().split('\n')),
    expect: [
      ['yaml-syntax', 1, '['],
      ['missing-service-name', 7, 'spec'],
    ],
  },
  {
    name: 'Helm templates are not broken YAML',
    files: y(
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'spec:',
      '  replicas: {{ .Values.replicas }}',
      '{{- if .Values.x }}',
      '{{- end }}',
    ),
    expect: [],
  },
  {
    name: 'template markers inside strings are fine and the document is checked',
    files: sts([], []).replace('image: nginx', 'image: "{{ not a template }}"'),
    expect: [['missing-service-name', 5, 'spec']],
  },
]);
