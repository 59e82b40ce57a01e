/**
 * Go to Definition, Find References, Rename, Document Symbols and the disable / docs code actions,
 * through the real server over the in-memory LSP pair (two files of one workspace folder).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  CodeActionRequest,
  DefinitionRequest,
  DocumentSymbolRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeAction,
  DocumentSymbol,
  Location,
  Position,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../shared/src/lines';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import { disableForFile, disableForLine } from '../../server/src/suppressionEdits';

const ROOT = '/ws';
const APP = `file://${ROOT}/app.yaml`;
const SVC = `file://${ROOT}/svc.yaml`;

const APP_TEXT = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db-headless
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: pg
          image: postgres:16
          ports:
            - name: pg-port
              containerPort: 5432
          volumeMounts:
            - name: data
              mountPath: /var/lib/postgresql
            - name: config
              mountPath: /etc/pg
      volumes:
        - name: config
          configMap:
            name: pg-config
  volumeClaimTemplates:
    - metadata:
        name: data
      spec: {}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: db-hpa
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: db
  minReplicas: 2
  maxReplicas: 4
`;

const SVC_TEXT = `apiVersion: v1
kind: Service
metadata:
  name: db-headless
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - port: 5432
      targetPort: pg-port
`;

async function server() {
  const s = await startTestServer({
    rootPath: ROOT,
    fileSystem: memoryFileSystem({ [`${ROOT}/app.yaml`]: APP_TEXT, [`${ROOT}/svc.yaml`]: SVC_TEXT }),
  });
  await s.open(APP, APP_TEXT);
  await s.open(SVC, SVC_TEXT);
  return s;
}

const TEXTS: Record<string, string> = { [APP]: APP_TEXT, [SVC]: SVC_TEXT };

/** The position of the `nth` occurrence of `needle` (plus `into` characters) in a file. */
function pos(uri: string, needle: string, nth = 0, into = 1): Position {
  const text = TEXTS[uri] as string;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} in ${uri}`);
  return new LineIndex(text).positionAt(at + into);
}

/** Location → `file:line:text` of what its range covers. */
function show(l: { uri: string; range: Location['range'] }): string {
  const text = TEXTS[l.uri] as string;
  const lines = new LineIndex(text);
  return `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line + 1}:${text.slice(lines.offsetAt(l.range.start), lines.offsetAt(l.range.end))}`;
}

const DEFINITIONS: Array<{ name: string; uri: string; needle: string; nth?: number; want: string[] }> = [
  {
    name: 'serviceName → the Service in another file',
    uri: APP,
    needle: 'db-headless',
    want: ['svc.yaml:4:db-headless'],
  },
  { name: 'volumeMount name → the volumeClaimTemplate', uri: APP, needle: '- name: data', want: ['app.yaml:33:data'] },
  { name: 'volumeMount name → the pod volume', uri: APP, needle: '- name: config', want: ['app.yaml:28:config'] },
  {
    name: 'named targetPort → the containerPort name in the selected StatefulSet',
    uri: SVC,
    needle: 'pg-port',
    want: ['app.yaml:20:pg-port'],
  },
  {
    name: 'HPA scaleTargetRef → the StatefulSet',
    uri: APP,
    needle: '    name: db\n  minReplicas',
    want: ['app.yaml:4:db'],
  },
  { name: 'a plain value has no definition', uri: APP, needle: 'postgres:16', want: [] },
];

test('go to definition', async (t) => {
  const s = await server();
  try {
    for (const c of DEFINITIONS) {
      await t.test(c.name, async () => {
        const into = c.needle.startsWith('- name: ') ? 9 : c.needle.startsWith('    name: ') ? 11 : 1;
        const r = (await s.client.sendRequest(DefinitionRequest.type, {
          textDocument: { uri: c.uri },
          position: pos(c.uri, c.needle, c.nth, into),
        })) as Location[] | null;
        assert.deepEqual((r ?? []).map(show), c.want);
      });
    }
  } finally {
    s.dispose();
  }
});

test('find references from a Service: the StatefulSet it selects and governs', async () => {
  const s = await server();
  try {
    const r = (await s.client.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: SVC },
      position: pos(SVC, 'db-headless'),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.deepEqual(r.map(show), ['svc.yaml:4:db-headless', 'app.yaml:4:db', 'app.yaml:6:db-headless']);
  } finally {
    s.dispose();
  }
});

function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  return [...edits]
    .sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start))
    .reduce(
      (t, e) => t.slice(0, lines.offsetAt(e.range.start)) + e.newText + t.slice(lines.offsetAt(e.range.end)),
      text,
    );
}

test('rename a Service from the StatefulSet serviceName: both files change', async () => {
  const s = await server();
  try {
    const prep = await s.client.sendRequest(PrepareRenameRequest.type, {
      textDocument: { uri: APP },
      position: pos(APP, 'db-headless'),
    });
    assert.deepEqual(prep && 'placeholder' in prep ? prep.placeholder : undefined, 'db-headless');
    const edit = (await s.client.sendRequest(RenameRequest.type, {
      textDocument: { uri: APP },
      position: pos(APP, 'db-headless'),
      newName: 'db-svc',
    })) as WorkspaceEdit;
    assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [APP, SVC]);
    assert.match(applyEdits(APP_TEXT, edit.changes![APP]!), /serviceName: db-svc\n/);
    assert.match(applyEdits(SVC_TEXT, edit.changes![SVC]!), /name: db-svc\n/);
    await assert.rejects(
      s.client.sendRequest(RenameRequest.type, {
        textDocument: { uri: APP },
        position: pos(APP, 'db-headless'),
        newName: 'DB_svc',
      }),
      /not a valid Service name/,
    );
  } finally {
    s.dispose();
  }
});

test('rename a port name from the Service targetPort: the containerPort name changes too', async () => {
  const s = await server();
  try {
    const edit = (await s.client.sendRequest(RenameRequest.type, {
      textDocument: { uri: SVC },
      position: pos(SVC, 'pg-port'),
      newName: 'postgres',
    })) as WorkspaceEdit;
    assert.match(applyEdits(SVC_TEXT, edit.changes![SVC]!), /targetPort: postgres\n/);
    assert.match(applyEdits(APP_TEXT, edit.changes![APP]!), /- name: postgres\n {14}containerPort: 5432/);
  } finally {
    s.dispose();
  }
});

test('document symbols: one per object of a multi-document file', async () => {
  const s = await server();
  try {
    const r = (await s.client.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: APP },
    })) as DocumentSymbol[];
    assert.deepEqual(
      r.map((x) => `${x.name} (${x.detail}) line ${x.selectionRange.start.line + 1}`),
      ['db (StatefulSet) line 4', 'db-hpa (HorizontalPodAutoscaler) line 39'],
    );
  } finally {
    s.dispose();
  }
});

test('code actions: disable for this line / this file, show documentation', async () => {
  const text = APP_TEXT.replace('  serviceName: db-headless\n', '');
  const s = await startTestServer({ rootPath: ROOT, fileSystem: memoryFileSystem({ [`${ROOT}/app.yaml`]: text }) });
  try {
    await s.open(APP, text);
    const diags = await s.pull(APP);
    const d = diags.find((x) => x.code === 'missing-service-name');
    assert.ok(d, 'missing-service-name is reported');
    const actions = (await s.client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: APP },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const byTitle = new Map(actions.map((a) => [a.title, a]));
    const line = byTitle.get('Disable missing-service-name for this line');
    const file = byTitle.get('Disable missing-service-name for this file');
    const docs = byTitle.get('Show documentation for missing-service-name');
    assert.ok(line && file && docs, `titles: ${actions.map((a) => a.title).join(' | ')}`);
    assert.deepEqual(docs.command, {
      title: 'Show documentation for missing-service-name',
      command: 'rolloutLens.showRuleDocs',
      arguments: ['missing-service-name'],
    });
    for (const action of [line, file]) {
      const fixed = applyEdits(text, action.edit!.changes![APP]!);
      await s.change(APP, fixed, action === line ? 2 : 3);
      const after = await s.pull(APP);
      assert.deepEqual(
        after.filter((x) => x.code === 'missing-service-name' || x.code === 'unused-suppression').map((x) => x.code),
        [],
        `${action.title}: silenced, no unused suppression`,
      );
      await s.change(APP, text, action === line ? 4 : 5);
    }
  } finally {
    s.dispose();
  }
});

test('suppression edits: indentation, adding to an existing directive, one comment per document', () => {
  const text = 'a: 1\nspec:\n  # rollout-lens-disable-next-line rule-a -- why\n  x: 1\n---\nkind: B\n';
  assert.deepEqual(disableForLine(text, text.indexOf('x: 1'), 'rule-b'), {
    span: [text.indexOf(' -- why'), text.indexOf(' -- why')],
    newText: ', rule-b',
  });
  assert.deepEqual(disableForLine(text, text.indexOf('spec'), 'rule-b'), {
    span: [5, 5],
    newText: '# rollout-lens-disable-next-line rule-b\n',
  });
  assert.deepEqual(disableForFile(text, [text.indexOf('x: 1'), 0, text.indexOf('kind: B')], 'r'), [
    { span: [0, 0], newText: '# rollout-lens-disable r\n' },
    { span: [text.indexOf('kind: B'), text.indexOf('kind: B')], newText: '# rollout-lens-disable r\n' },
  ]);
});
