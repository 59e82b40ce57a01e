/**
 * Every quick fix applied to its fixture and the result re-linted: the finding is gone, no new
 * kind of finding appears, and the edit is the minimal, correctly indented text expected.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintFile } from '../../server/src/lint';
import type { LintOptions, ResolvedFinding } from '../../server/src/lint';
import { applyEdits, fixAll, quickFixes } from '../../server/src/codeActions';
import type { PlannedAction } from '../../server/src/codeActions';
import { WorkspaceIndex } from '../../server/src/workspace';
import { MAIN, y } from '../support/lint';
import {
  CodeActionRequest,
  DidChangeConfigurationNotification,
  HoverRequest,
} from 'vscode-languageserver-protocol/node';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../shared/src/lines';
import { memoryFileSystem, startTestServer } from '../support/lspPair';

const OTHER = 'file:///ws/other.yaml';

function lintAll(
  files: Record<string, string>,
  options: LintOptions = {},
): { index: WorkspaceIndex; findings: ResolvedFinding[] } {
  const index = new WorkspaceIndex();
  for (const [uri, text] of Object.entries(files)) index.update(uri, text);
  return { index, findings: lintFile(index.get(MAIN)!, index, options) };
}

function apply(files: Record<string, string>, action: PlannedAction): Record<string, string> {
  const out = { ...files };
  for (const uri of new Set(action.edits.map((e) => e.uri))) {
    out[uri] = applyEdits(
      out[uri] as string,
      action.edits.filter((e) => e.uri === uri),
    );
  }
  return out;
}

interface FixCase {
  name: string;
  files: string | Record<string, string>;
  rule: string;
  /** Which of the finding's fixes (by title pattern); the first when absent. */
  title?: RegExp;
  /** The fixed MAIN (or `file`) text, exactly. */
  expect?: string;
  file?: string;
  options?: LintOptions;
}

function checkFix(c: FixCase): void {
  const files = typeof c.files === 'string' ? { [MAIN]: c.files } : c.files;
  const before = lintAll(files, c.options).findings;
  const target = before.filter((f) => f.rule === c.rule);
  assert.ok(target.length > 0, `no ${c.rule} finding: ${JSON.stringify(before.map((f) => f.rule))}`);
  const actions = quickFixes(MAIN, target);
  const action = c.title ? actions.find((a) => c.title?.test(a.title)) : actions[0];
  assert.ok(action, `no fix for ${c.rule}: ${JSON.stringify(actions.map((a) => a.title))}`);
  const fixed = apply(files, action);
  if (c.expect !== undefined) assert.equal(fixed[c.file ?? MAIN], c.expect);
  const after = lintAll(fixed, c.options).findings;
  assert.deepEqual(
    after.filter((f) => f.rule === c.rule).map((f) => f.message),
    [],
    'the finding is gone',
  );
  const known = new Set(before.map((f) => f.rule));
  assert.deepEqual(
    after.filter((f) => !known.has(f.rule)).map((f) => `${f.rule}: ${f.message}`),
    [],
    'no new kind of finding',
  );
  assert.deepEqual(
    after.filter((f) => f.rule === 'yaml-syntax'),
    [],
  );
}

const DEPLOY_PROBED = y(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          readinessProbe: {httpGet: {port: 80}}',
  '          image: nginx:1.27',
);

const STS = (spec: string[], container: string[] = ['          volumeMounts: [{name: data, mountPath: /d}]']) =>
  y(
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata:',
    '  name: db',
    'spec:',
    ...spec,
    '  selector:',
    '    matchLabels:',
    '      app: db',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: db',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: postgres:16',
    '          ports: [{name: pg, containerPort: 5432}]',
    ...container,
    '  volumeClaimTemplates:',
    '    - metadata: {name: data}',
  );

const DEPLOY_MOUNT = (container: string[]) =>
  y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.27',
    ...container,
  );

const cases: FixCase[] = [
  {
    name: 'add minReadySeconds',
    files: DEPLOY_PROBED,
    rule: 'missing-min-ready-seconds',
    expect: DEPLOY_PROBED.replace('  template:\n', '  minReadySeconds: 10\n  template:\n'),
  },
  {
    name: 'minReadySeconds: 0 becomes 10',
    files: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySeconds: 0\n  selector'),
    rule: 'missing-min-ready-seconds',
    expect: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySeconds: 10\n  selector'),
  },
  {
    name: 'add minReadySeconds to a flow spec',
    files: y(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: d}',
      'spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, readinessProbe: {}}]}}}',
    ),
    rule: 'missing-min-ready-seconds',
  },
  {
    name: 'add a selector from the template labels',
    files: DEPLOY_PROBED.replace('  selector:\n    matchLabels: {app: web}\n', '  minReadySeconds: 5\n'),
    rule: 'missing-selector',
    expect: DEPLOY_PROBED.replace(
      '  selector:\n    matchLabels: {app: web}\n',
      '  minReadySeconds: 5\n  selector:\n    matchLabels:\n      app: web\n',
    ),
  },
  {
    name: 'fill an empty selector',
    files: DEPLOY_PROBED.replace('    matchLabels: {app: web}\n', '    {}\n').replace(
      '  selector:\n    {}\n',
      '  minReadySeconds: 5\n  selector: {}\n',
    ),
    rule: 'missing-selector',
  },
  {
    name: 'migrate extensions/v1beta1 and add the selector',
    files: DEPLOY_PROBED.replace('apps/v1', 'extensions/v1beta1').replace(
      '  selector:\n    matchLabels: {app: web}\n',
      '  minReadySeconds: 5\n',
    ),
    rule: 'removed-api-version',
    expect: DEPLOY_PROBED.replace(
      '  selector:\n    matchLabels: {app: web}\n',
      '  minReadySeconds: 5\n  selector:\n    matchLabels:\n      app: web\n',
    ),
  },
  {
    name: 'migrate apps/v1beta2 with a selector',
    files: STS(['  serviceName: db']).replace('apps/v1', 'apps/v1beta2'),
    rule: 'removed-api-version',
    expect: STS(['  serviceName: db']),
  },
  {
    name: 'serviceName: the headless Service that selects the pods',
    files: {
      [MAIN]: STS([]),
      [OTHER]: y(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: db-hl}',
        'spec: {clusterIP: None, selector: {app: db}}',
      ),
    },
    rule: 'missing-service-name',
    title: /db-hl/,
    expect: STS([]).replace('  template:\n', '  serviceName: db-hl\n  template:\n'),
  },
  {
    name: 'serviceName and a new headless Service document',
    files: STS([]),
    rule: 'missing-service-name',
    expect:
      STS([]).replace('  template:\n', '  serviceName: db\n  template:\n') +
      y(
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: db',
        'spec:',
        '  clusterIP: None',
        '  selector:',
        '    app: db',
        '  ports:',
        '    - name: pg',
        '      port: 5432',
      ),
  },
  {
    name: 'clusterIP: None on the governing Service in another file',
    files: {
      [MAIN]: STS(['  serviceName: db']),
      [OTHER]: y(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: db',
        'spec:',
        '  clusterIP: 10.0.0.7',
        '  selector: {app: db}',
      ),
    },
    rule: 'governing-service-not-headless',
    file: OTHER,
    expect: y(
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: db',
      'spec:',
      '  clusterIP: None',
      '  selector: {app: db}',
    ),
  },
  {
    name: 'clusterIP: None added when absent',
    files: {
      [MAIN]: STS(['  serviceName: db']),
      [OTHER]: y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: db', 'spec:', '  selector:', '    app: db'),
    },
    rule: 'governing-service-not-headless',
    file: OTHER,
    expect: y(
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: db',
      'spec:',
      '  selector:',
      '    app: db',
      '  clusterIP: None',
    ),
  },
  {
    name: 'a volumeClaimTemplates entry for an undefined mount',
    files: STS(
      ['  serviceName: db'],
      [
        '          volumeMounts:',
        '            - name: data',
        '              mountPath: /d',
        '            - name: logs',
        '              mountPath: /l',
      ],
    ),
    rule: 'volume-mount-undefined',
    expect:
      STS(
        ['  serviceName: db'],
        [
          '          volumeMounts:',
          '            - name: data',
          '              mountPath: /d',
          '            - name: logs',
          '              mountPath: /l',
        ],
      ) +
      y(
        '    - metadata:',
        '        name: logs',
        '      spec:',
        '        accessModes:',
        '          - ReadWriteOnce',
        '        resources:',
        '          requests:',
        '            storage: 1Gi',
      ),
  },
  {
    name: 'volumeClaimTemplates created when there is none',
    files: STS(['  serviceName: db']).replace('  volumeClaimTemplates:\n    - metadata: {name: data}\n', ''),
    rule: 'volume-mount-undefined',
  },
  {
    name: "emptyDir volume for a Deployment: volumes created under the pod spec, at its keys' indentation",
    files: DEPLOY_MOUNT(['          volumeMounts:', '            - name: cache', '              mountPath: /c']),
    rule: 'volume-mount-undefined',
    title: /emptyDir/,
    expect:
      DEPLOY_MOUNT(['          volumeMounts:', '            - name: cache', '              mountPath: /c']) +
      y('      volumes:', '        - name: cache', '          emptyDir: {}'),
  },
  {
    name: 'emptyDir volume appended to an existing volumes list',
    files: DEPLOY_MOUNT([
      '          volumeMounts: [{name: cache, mountPath: /c}, {name: cfg, mountPath: /e}]',
      '      volumes:',
      '        - name: cfg',
      '          configMap: {name: cfg}',
    ]),
    rule: 'volume-mount-undefined',
    expect: DEPLOY_MOUNT([
      '          volumeMounts: [{name: cache, mountPath: /c}, {name: cfg, mountPath: /e}]',
      '      volumes:',
      '        - name: cfg',
      '          configMap: {name: cfg}',
      '        - name: cache',
      '          emptyDir: {}',
    ]),
  },
  {
    name: 'emptyDir volume with four-space indentation, volumes before containers',
    files: y(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '    name: web',
      'spec:',
      '    selector:',
      '        matchLabels: {app: web}',
      '    template:',
      '        metadata:',
      '            labels: {app: web}',
      '        spec:',
      '            volumes: []',
      '            containers:',
      '                -   name: app',
      '                    volumeMounts: [{name: tmp, mountPath: /tmp}]',
    ),
    rule: 'volume-mount-undefined',
    expect: y(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '    name: web',
      'spec:',
      '    selector:',
      '        matchLabels: {app: web}',
      '    template:',
      '        metadata:',
      '            labels: {app: web}',
      '        spec:',
      '            volumes: [{"name":"tmp","emptyDir":{}}]',
      '            containers:',
      '                -   name: app',
      '                    volumeMounts: [{name: tmp, mountPath: /tmp}]',
    ),
  },
  {
    name: 'emptyDir volume in a flow-style pod spec',
    files: y(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: d}',
      'spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, volumeMounts: [{name: v, mountPath: /v}]}]}}}',
    ),
    rule: 'volume-mount-undefined',
    expect: y(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: d}',
      'spec: {selector: {matchLabels: {a: b}}, template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, volumeMounts: [{name: v, mountPath: /v}]}], volumes: [{"name":"v","emptyDir":{}}]}}}',
    ),
  },
  {
    name: 'emptyDir volume as the second fix for a StatefulSet',
    files: STS(
      ['  serviceName: db'],
      ['          volumeMounts: [{name: data, mountPath: /d}, {name: scratch, mountPath: /s}]'],
    ),
    rule: 'volume-mount-undefined',
    title: /emptyDir volume named "scratch"/,
    expect: STS(
      ['  serviceName: db'],
      [
        '          volumeMounts: [{name: data, mountPath: /d}, {name: scratch, mountPath: /s}]',
        '      volumes:',
        '        - name: scratch',
        '          emptyDir: {}',
      ],
    ),
  },
  {
    name: 'targetPort set to the container port name',
    files: {
      [MAIN]: y(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: db}',
        'spec:',
        '  clusterIP: None',
        '  selector: {app: db}',
        '  ports:',
        '    - port: 5432',
        '      targetPort: postgres',
      ),
      [OTHER]: STS(['  serviceName: db']),
    },
    rule: 'target-port-mismatch',
    expect: y(
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: db}',
      'spec:',
      '  clusterIP: None',
      '  selector: {app: db}',
      '  ports:',
      '    - port: 5432',
      '      targetPort: pg',
    ),
  },
  {
    name: 'targetPort added when it defaulted to a port nothing exposes',
    files: {
      [MAIN]: y(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: db}',
        'spec:',
        '  clusterIP: None',
        '  selector: {app: db}',
        '  ports:',
        '    - port: 80',
      ),
      [OTHER]: STS(['  serviceName: db']),
    },
    rule: 'target-port-mismatch',
    expect: y(
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: db}',
      'spec:',
      '  clusterIP: None',
      '  selector: {app: db}',
      '  ports:',
      '    - port: 80',
      '      targetPort: pg',
    ),
  },
  {
    name: 'remove rollingUpdate from a Recreate strategy',
    files: DEPLOY_PROBED.replace(
      'spec:\n  selector',
      'spec:\n  minReadySeconds: 5\n  strategy:\n    type: Recreate\n    rollingUpdate:\n      maxSurge: 1\n  selector',
    ),
    rule: 'recreate-with-rolling-update',
    expect: DEPLOY_PROBED.replace(
      'spec:\n  selector',
      'spec:\n  minReadySeconds: 5\n  strategy:\n    type: Recreate\n  selector',
    ),
  },
  {
    name: 'case of an enum value',
    files: DEPLOY_PROBED.replace(
      'spec:\n  selector',
      'spec:\n  minReadySeconds: 5\n  strategy: {type: recreate}\n  selector',
    ),
    rule: 'invalid-value',
    expect: DEPLOY_PROBED.replace(
      'spec:\n  selector',
      'spec:\n  minReadySeconds: 5\n  strategy: {type: Recreate}\n  selector',
    ),
  },
  {
    name: 'remove an unused suppression',
    files: DEPLOY_PROBED.replace(
      '  template:\n',
      '  # rollout-lens-disable-next-line selector-mismatch -- old\n  template:\n',
    ).replace('spec:\n  selector', 'spec:\n  minReadySeconds: 5\n  selector'),
    rule: 'unused-suppression',
    expect: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySeconds: 5\n  selector'),
  },
  {
    name: 'rename an unknown field to the suggestion',
    files: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySecond: 5\n  selector'),
    rule: 'unknown-field',
    expect: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySeconds: 5\n  selector'),
  },
  {
    name: 'unquote a quoted integer',
    files: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySeconds: "5"\n  selector'),
    rule: 'wrong-type',
    expect: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySeconds: 5\n  selector'),
  },
  {
    name: 'quote a number where a string goes',
    files: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySeconds: 5\n  selector').replace(
      'labels: {app: web}',
      'labels: {app: web, v: 1.10}',
    ),
    rule: 'wrong-type',
    expect: DEPLOY_PROBED.replace('spec:\n  selector', 'spec:\n  minReadySeconds: 5\n  selector').replace(
      'labels: {app: web}',
      'labels: {app: web, v: "1.10"}',
    ),
  },
  {
    name: 'CRLF files keep CRLF',
    files: DEPLOY_PROBED.replace(/\n/g, '\r\n'),
    rule: 'missing-min-ready-seconds',
    expect: DEPLOY_PROBED.replace('  template:\n', '  minReadySeconds: 10\n  template:\n').replace(/\n/g, '\r\n'),
  },
];

for (const c of cases) test(`quick fix: ${c.name}`, () => checkFix(c));

test('no emptyDir fix when volumes: has no list to append to', () => {
  const text = DEPLOY_MOUNT(['          volumeMounts: [{name: cache, mountPath: /c}]', '      volumes:']);
  const target = lintAll({ [MAIN]: text }).findings.filter((f) => f.rule === 'volume-mount-undefined');
  assert.equal(target.length, 1);
  assert.deepEqual(
    quickFixes(MAIN, target).map((a) => a.title),
    [],
  );
  const sts = lintAll({ [MAIN]: STS([], ['          volumeMounts: [{name: other, mountPath: /o}]']) }).findings.filter(
    (f) => f.rule === 'volume-mount-undefined',
  );
  assert.deepEqual(
    quickFixes(MAIN, sts).map((a) => [a.title, a.preferred === true]),
    [
      ['Add a volumeClaimTemplates entry "other"', true],
      ['Add an emptyDir volume named "other" to the pod template', false],
    ],
  );
});

test('fix all of one rule in a file, and the source.fixAll action', () => {
  const one = DEPLOY_PROBED.replace('  selector:\n    matchLabels: {app: web}\n', '');
  const text =
    one +
    '---\n' +
    one.replace('name: web', 'name: web2') +
    '---\n' +
    one.replace('name: web', 'name: web3').replace('apps/v1', 'apps/v1beta1');
  const { findings } = lintAll({ [MAIN]: text });
  const bySelector = fixAll(MAIN, findings, 'missing-selector', 2);
  assert.ok(bySelector);
  assert.equal(bySelector.findings.length, 2);
  const all = fixAll(MAIN, findings);
  assert.ok(all);
  assert.equal(all.kind, 'source.fixAll.rollout-lens');
  const fixed = apply({ [MAIN]: text }, all)[MAIN] as string;
  const after = lintAll({ [MAIN]: fixed }).findings.map((f) => f.rule);
  assert.deepEqual(after, [], fixed);
});

test('fix all is not offered for a single finding', () => {
  const { findings } = lintAll({ [MAIN]: DEPLOY_PROBED.replace('  selector:\n    matchLabels: {app: web}\n', '') });
  assert.equal(fixAll(MAIN, findings, 'missing-selector', 2), undefined);
});

// ---------------------------------------------------------------------------------------------
// Over LSP: code actions from the pulled diagnostics, fix-all, hover, settings.

function applyLsp(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(
    text,
    edits.map((e) => ({
      span: [lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)] as const,
      newText: e.newText,
    })),
  );
}

const NO_SELECTOR = DEPLOY_PROBED.replace('  selector:\n    matchLabels: {app: web}\n', '');

test('LSP: quick fixes for the pulled diagnostics, applied and re-pulled clean', async (t) => {
  const s = await startTestServer();
  t.after(() => s.dispose());
  const uri = 'file:///ws/web.yaml';
  await s.open(uri, NO_SELECTOR);
  const diagnostics = await s.pull(uri);
  const selector = diagnostics.find((d) => d.code === 'missing-selector') as Diagnostic;
  assert.ok(selector);
  const actions = (await s.client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: selector.range,
    context: { diagnostics: [selector] },
  })) as CodeAction[];
  const fix = actions.find((a) => a.title.startsWith('Add a selector')) as CodeAction;
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.deepEqual(
    fix.diagnostics?.map((d) => d.code),
    ['missing-selector'],
  );
  const fixed = applyLsp(NO_SELECTOR, fix.edit?.changes?.[uri] ?? []);
  await s.change(uri, fixed, 2);
  assert.deepEqual(
    (await s.pull(uri)).map((d) => d.code),
    ['missing-min-ready-seconds'],
  );
});

test('LSP: a stale diagnostic gets no fix; source.fixAll fixes everything fixable', async (t) => {
  const s = await startTestServer();
  t.after(() => s.dispose());
  const uri = 'file:///ws/web.yaml';
  await s.open(uri, NO_SELECTOR);
  const stale = {
    ...((await s.pull(uri)).find((d) => d.code === 'missing-selector') as Diagnostic),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
  };
  assert.deepEqual(
    await s.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: stale.range,
      context: { diagnostics: [stale] },
    }),
    [],
  );
  const all = (await s.client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  })) as CodeAction[];
  assert.equal(all.length, 1);
  assert.equal(all[0]?.kind, 'source.fixAll.rollout-lens');
  await s.change(uri, applyLsp(NO_SELECTOR, all[0]?.edit?.changes?.[uri] ?? []), 2);
  assert.deepEqual(await s.pull(uri), []);
});

test('LSP: the clusterIP fix edits the Service file under its own URI', async (t) => {
  const s = await startTestServer({
    rootPath: '/ws',
    fileSystem: memoryFileSystem({
      '/ws/svc.yaml': y(
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: db}',
        'spec:',
        '  clusterIP: 10.0.0.3',
        '  selector: {app: db}',
      ),
    }),
  });
  t.after(() => s.dispose());
  const uri = 'file:///ws/sts.yaml';
  await s.open(uri, STS(['  serviceName: db']));
  const d = (await s.pull(uri)).find((x) => x.code === 'governing-service-not-headless') as Diagnostic;
  const actions = (await s.client.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d] },
  })) as CodeAction[];
  assert.match(actions[0]?.title ?? '', /clusterIP: None.*immutable/);
  assert.deepEqual(actions[0]?.edit?.changes, {
    'file:///ws/svc.yaml': [
      { range: { start: { line: 4, character: 13 }, end: { line: 4, character: 21 } }, newText: 'None' },
    ],
  });
});

test('LSP: hover shows field documentation and rollout arithmetic', async (t) => {
  const s = await startTestServer();
  t.after(() => s.dispose());
  const uri = 'file:///ws/web.yaml';
  const text = DEPLOY_PROBED.replace(
    'spec:\n  selector',
    'spec:\n  replicas: 4\n  strategy: {rollingUpdate: {maxSurge: 50%}}\n  selector',
  );
  await s.open(uri, text);
  const hover = await s.client.sendRequest(HoverRequest.type, {
    textDocument: { uri },
    position: { line: 6, character: 32 },
  });
  const value = (hover?.contents as { value: string }).value;
  assert.match(value, /\*\*maxSurge\*\*/);
  assert.match(value, /50% of 4 = 2, rounded up → 2 pods/);
  assert.match(value, /at most \*\*6\*\* pods in total, at least \*\*3\*\* available/);
  assert.match(
    value,
    /\(default 25%\)\n\nDuring the rollout:/,
    'a blank line before the summary (not a continuation of the list)',
  );
  assert.deepEqual(hover?.range, { start: { line: 6, character: 29 }, end: { line: 6, character: 42 } });
  assert.equal(
    await s.client.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 100, character: 0 } }),
    null,
  );
});

test('LSP: settings from workspace/configuration, over .rollout-lens.yaml, refreshed on change', async (t) => {
  let editor: unknown = { rules: {}, kubernetesVersion: '' };
  const s = await startTestServer({
    rootPath: '/ws',
    fileSystem: memoryFileSystem({
      '/ws/.rollout-lens.yaml': 'rules:\n  missing-min-ready-seconds: "off"\n  missing-readiness-probe: information\n',
    }),
    configuration: (section) => (section === 'rolloutLens' ? editor : null),
  });
  t.after(() => s.dispose());
  const uri = 'file:///ws/web.yaml';
  const text = DEPLOY_PROBED.replace('          readinessProbe: {httpGet: {port: 80}}\n', '');
  await s.open(uri, text);
  assert.deepEqual(
    (await s.pull(uri)).map((d) => [d.code, d.severity]),
    [['missing-readiness-probe', 3]],
  );
  editor = { rules: { 'missing-readiness-probe': 'off' }, kubernetesVersion: '' };
  const refreshed = s.nextRefresh();
  await s.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  await refreshed;
  assert.deepEqual(await s.pull(uri), []);
});
