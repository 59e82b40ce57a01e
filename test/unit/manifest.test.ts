/** The manifest model: documents, objects, namespaces, offsets, reuse of unchanged documents, the corpus. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { isDeployment, isService, isStatefulSet, parseManifest } from '../../shared/src/manifest';
import { splitDocuments } from '../../shared/src/split';
import { LineIndex } from '../../shared/src/lines';
import { keySpan } from '../../shared/src/yamlPath';
import { corpusFiles } from '../support/corpus';
import { y } from '../support/lint';

const objectsOf = (text: string) =>
  parseManifest(text).objects.map((o) => [o.kind, o.apiVersion, o.name, o.namespace, o.docIndex, o.listIndex ?? null]);

const cases: [name: string, text: string, expected: unknown[][]][] = [
  ['empty file', '', []],
  ['comments only', '# nothing\n', []],
  [
    'one object, default namespace',
    y('apiVersion: v1', 'kind: Service', 'metadata: {name: a}'),
    [['Service', 'v1', 'a', 'default', 0, null]],
  ],
  [
    'multi-document with namespaces and a leading ---',
    y(
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: d, namespace: prod}',
      '---',
      'kind: Service',
      'apiVersion: v1',
      'metadata:',
      '  name: s',
    ),
    [
      ['Deployment', 'apps/v1', 'd', 'prod', 0, null],
      ['Service', 'v1', 's', 'default', 1, null],
    ],
  ],
  [
    'kind: List items',
    y(
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- {apiVersion: apps/v1, kind: StatefulSet, metadata: {name: s}}',
      '- {apiVersion: v1, kind: Service, metadata: {name: t, namespace: x}}',
    ),
    [
      ['StatefulSet', 'apps/v1', 's', 'default', 0, 0],
      ['Service', 'v1', 't', 'x', 0, 1],
    ],
  ],
  ['documents without kind are not objects', y('a: 1', '---', '- 1'), []],
  [
    'empty name is no name',
    y('kind: Service', 'apiVersion: v1', 'metadata: {name: ""}'),
    [['Service', 'v1', undefined, 'default', 0, null]],
  ],
  [
    '---  inside a block scalar ends the document (YAML forbids it in scalars)',
    y('kind: ConfigMap', 'apiVersion: v1', 'data:', '  x: |', '    a', '---', 'kind: Service', 'apiVersion: v1'),
    [
      ['ConfigMap', 'v1', undefined, 'default', 0, null],
      ['Service', 'v1', undefined, 'default', 1, null],
    ],
  ],
];
for (const [name, text, expected] of cases) test(`objects: ${name}`, () => assert.deepEqual(objectsOf(text), expected));

test('kind guards accept the removed apiVersion spellings and reject unknown groups', () => {
  const kinds = (apiVersion: string, kind: string) => {
    const o = parseManifest(y(`apiVersion: ${apiVersion}`, `kind: ${kind}`)).objects[0];
    return o ? [isDeployment(o), isStatefulSet(o), isService(o)] : [];
  };
  assert.deepEqual(kinds('extensions/v1beta1', 'Deployment'), [true, false, false]);
  assert.deepEqual(kinds('apps/v1beta2', 'StatefulSet'), [false, true, false]);
  assert.deepEqual(kinds('example.com/v1', 'Deployment'), [false, false, false]);
  assert.deepEqual(kinds('v1', 'Service'), [false, false, true]);
});

test('node offsets are file offsets in every document', () => {
  const text = y('a: 1', '---', 'kind: Service', 'apiVersion: v1', 'spec:', '  clusterIP: None');
  const m = parseManifest(text);
  const svc = m.objects[0];
  assert.ok(svc);
  const span = keySpan(svc.node, 'spec');
  assert.ok(span);
  assert.equal(text.slice(span[0], span[1]), 'spec');
});

test('an edit re-parses only the changed document and keeps offsets right', () => {
  const doc = (n: string) =>
    y('apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${n}`, 'spec: {clusterIP: None}');
  const before = doc('a') + '---\n' + doc('b') + '---\n' + doc('c');
  const first = parseManifest(before);
  const after = before.replace('name: a', 'name: aaaa');
  const second = parseManifest(after, first);
  assert.equal(second.documents[0]?.doc === first.documents[0]?.doc, false, 'changed document re-parsed');
  assert.equal(second.documents[1]?.doc, first.documents[1]?.doc, 'unchanged documents reused');
  assert.equal(second.documents[2]?.doc, first.documents[2]?.doc);
  for (const o of second.objects) {
    const span = keySpan(o.node, 'spec');
    assert.ok(span);
    assert.equal(after.slice(span[0], span[1]), 'spec', `offsets of ${o.name}`);
  }
  assert.deepEqual(
    second.objects.map((o) => o.name),
    ['aaaa', 'b', 'c'],
  );
});

test('alias bombs are refused with one clear issue', () => {
  const bomb = y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  );
  const m = parseManifest(bomb);
  assert.equal(m.objects.length, 0);
  assert.deepEqual(
    m.syntaxErrors.map((e) => e.code),
    ['yaml-alias-limit'],
  );
});

test('splitDocuments cuts only at --- markers at column 0', () => {
  const text = 'a: 1\n---\nb: "---"\n ---\n--- # c\n---x\n';
  assert.deepEqual(
    splitDocuments(text).map((c) => text.slice(c.start, c.end)),
    ['a: 1\n', '---\nb: "---"\n ---\n', '--- # c\n---x\n'],
  );
});

test('LineIndex: \\n, \\r\\n and lone \\r line breaks, UTF-16 columns', () => {
  const lines = new LineIndex('ab\r\ncd\ref\nü😀x');
  assert.deepEqual(lines.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(lines.positionAt(7), { line: 2, character: 0 });
  assert.deepEqual(lines.positionAt(13), { line: 3, character: 3 });
  assert.deepEqual(lines.positionAt(999), { line: 3, character: 4 });
  assert.equal(lines.offsetAt({ line: 1, character: 1 }), 5);
});

test('every file of the corpus parses without an exception', () => {
  const files = corpusFiles();
  assert.ok(files.length > 400, `expected the whole corpus, found ${files.length} files`);
  let objects = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const m = parseManifest(text);
    objects += m.objects.length;
    for (const e of m.syntaxErrors) assert.ok(e.span[0] >= 0 && e.span[1] <= text.length, `${file}: span in range`);
  }
  assert.ok(objects > 600, `objects found: ${objects}`);
});
