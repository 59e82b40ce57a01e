/**
 * Documents of kinds no rule checks are found by a cheap scan and parsed on demand; files
 * indexed from disk drop their nodes. Whatever is asked later must equal a full parse.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isParsed, parseManifest } from '../../shared/src/manifest';
import type { K8sObject } from '../../shared/src/manifest';
import { scanKind } from '../../shared/src/split';
import { keySpan } from '../../shared/src/yamlPath';
import { y } from '../support/lint';

const CONFIGMAP = y(
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata:',
  '  name: settings',
  '  namespace: prod',
  '  labels: {a: b}',
  'data:',
  '  key: |',
  '    kind: Deployment',
  '    name: not-this',
);
const SERVICE = y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: web', 'spec: {clusterIP: None}');
const TEXT = SERVICE + '---\n' + CONFIGMAP + '---\n' + SERVICE.replace('web', 'db');

const view = (o: K8sObject) => [o.kind, o.apiVersion, o.name, o.namespace, o.span, o.docIndex, JSON.stringify(o.value)];

test('an unchecked kind is scanned, not parsed; its name, value and nodes come on demand and equal a full parse', () => {
  const m = parseManifest(TEXT);
  const cm = m.objects[1] as K8sObject;
  assert.equal(isParsed(cm), false);
  assert.deepEqual([cm.kind, cm.apiVersion, cm.name, cm.namespace], ['ConfigMap', 'v1', 'settings', 'prod']);
  assert.equal(isParsed(cm), false, 'name and namespace come from the scan');
  assert.deepEqual(cm.value, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'prod', labels: { a: 'b' } },
    data: { key: 'kind: Deployment\nname: not-this\n' },
  });
  assert.equal(isParsed(cm), true);
  const span = keySpan(cm.node, 'data');
  assert.ok(span);
  assert.equal(TEXT.slice(span[0], span[1]), 'data', 'file offsets');
  assert.equal(m.documents[1]?.doc.contents !== null, true);
});

test('an edit elsewhere keeps the unchecked document unparsed and its offsets right', () => {
  const first = parseManifest(TEXT);
  const edited = 'x: 1\n' + TEXT.replace('name: db', 'name: dbx');
  const second = parseManifest(edited, first);
  const cm = second.objects.find((o) => o.kind === 'ConfigMap') as K8sObject;
  assert.equal(isParsed(cm), false);
  const span = keySpan(cm.node, 'data');
  assert.ok(span);
  assert.equal(edited.slice(span[0], span[1]), 'data');
});

test('the scan gives up (the document is parsed) on anything it cannot read exactly', () => {
  const parsedEagerly = (text: string) => parseManifest(text).objects.every(isParsed);
  for (const text of [
    y('apiVersion: v1', 'kind: "ConfigMap"'),
    y('apiVersion: v1', 'kind: ConfigMap', 'kind: Secret'),
    y('{apiVersion: v1, kind: ConfigMap}'),
    y('  apiVersion: v1', '  kind: ConfigMap'),
    y('apiVersion: v1', '\tkind: ConfigMap'),
    y('apiVersion: v1', 'kind: ConfigMap', '...', 'kind: Deployment'),
    y('kind: !!str ConfigMap'),
    y('{{- if .Values.x }}', 'kind: ConfigMap'),
  ]) {
    assert.equal(parsedEagerly(text), true, JSON.stringify(text));
  }
  // Unusual metadata only makes name/namespace come from a parse.
  assert.deepEqual(scanKind(y('kind: ConfigMap', 'metadata: {name: a}')), { kind: 'ConfigMap', apiVersion: '' });
  assert.deepEqual(scanKind(y('kind: Secret', 'metadata:', '  name: "quoted"')), { kind: 'Secret', apiVersion: '' });
  assert.deepEqual(scanKind(y('kind: Secret', 'metadata:', '  labels:', '    name: x')), {
    kind: 'Secret',
    apiVersion: '',
    name: null,
    namespace: null,
  });
  assert.deepEqual(
    scanKind(y('---', 'apiVersion: rbac.authorization.k8s.io/v1', 'kind: Role', 'rules:', '- apiGroups: [""]')),
    { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', name: null, namespace: null },
  );
});

test('checked kinds, List and typed lists of checked kinds are parsed; other typed lists are not', () => {
  const kinds = (text: string) => parseManifest(text).objects.map((o) => [o.kind, isParsed(o)]);
  assert.deepEqual(kinds(y('apiVersion: v1', 'kind: List', 'items:', '- {apiVersion: v1, kind: ConfigMap}')), [
    ['ConfigMap', true],
  ]);
  assert.deepEqual(
    kinds(y('apiVersion: apps/v1', 'kind: DeploymentList', 'items:', '- {apiVersion: apps/v1, kind: Deployment}')),
    [['Deployment', true]],
  );
  assert.deepEqual(kinds(y('apiVersion: v1', 'kind: ConfigMapList', 'items:', '- {apiVersion: v1, kind: ConfigMap}')), [
    ['ConfigMapList', false],
  ]);
  for (const kind of ['Deployment', 'StatefulSet', 'Service', 'DaemonSet', 'Job', 'CronJob', 'Pod'])
    assert.deepEqual(kinds(y('apiVersion: v1', `kind: ${kind}`)), [[kind, true]]);
});

test('keepNodes: false keeps values and spans, re-parses nodes on demand at the right offsets', () => {
  const full = parseManifest(TEXT);
  const lean = parseManifest(TEXT, undefined, { keepNodes: false });
  assert.deepEqual(lean.objects.map(view), full.objects.map(view));
  const db = lean.objects[2] as K8sObject;
  const span = keySpan(db.node, 'spec');
  assert.ok(span);
  assert.equal(TEXT.slice(span[0], span[1]), 'spec');
  // Re-used by a later parse of an edited text: offsets still right.
  const edited = 'a: 1\n---\n' + TEXT;
  const next = parseManifest(edited, lean);
  const moved = next.objects.find((o) => o.name === 'db') as K8sObject;
  const again = keySpan(moved.node, 'spec');
  assert.ok(again);
  assert.equal(edited.slice(again[0], again[1]), 'spec');
  assert.equal(next.documents.length, 4);
  assert.equal(next.documents[3]?.doc.contents !== null, true);
});

test('a template action at column 0: one hint, no objects, no parse needed', () => {
  const text = y(
    '{{- if .Values.enabled }}',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}',
    '{{- end }}',
  );
  const m = parseManifest(text);
  assert.deepEqual(
    m.syntaxErrors.map((e) => [e.code, text.slice(e.span[0], e.span[1])]),
    [['yaml-template', '{{']],
  );
  assert.deepEqual(m.objects, []);
  assert.equal(m.documents[0]?.templated, true);
});
