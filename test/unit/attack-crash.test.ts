/**
 * Attacks that took the language server down (issue #16): self-referencing YAML aliases in a
 * Service or a pod template, and `file:` URIs with no valid local path. After each one the
 * server is still up and answers a hover within 2 s; nothing escapes as an unhandled rejection
 * (node:test fails the file on one).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isCyclic, parseManifest } from '../../shared/src/manifest';
import { uriToPath } from '../../server/src/fileSystem';
import { boundedJson, WorkspaceIndex } from '../../server/src/workspace';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import { assertAlive, hover } from '../support/attack';
import { y } from '../support/lint';

const SELF_REFERENCING: Record<string, string> = {
  'Service spec': y(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web}',
    'spec: &s {selector: {app: web}, x: *s}',
  ),
  'pod template': y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  selector: {matchLabels: {app: web}}',
    '  template: &t',
    '    metadata: {labels: {app: web}}',
    '    spec: {containers: [{name: c, image: nginx}], again: *t}',
  ),
  'StatefulSet, sequence': y(
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: db}',
    'spec:',
    '  serviceName: db',
    '  selector: {matchLabels: {app: db}}',
    '  template:',
    '    metadata: {labels: {app: db}}',
    '    spec:',
    '      containers: &c [{name: c, image: nginx, env: *c}]',
  ),
  'List item': y(
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - &i {apiVersion: v1, kind: Service, metadata: {name: a}, spec: {x: *i}}',
  ),
};

test('a self-referencing alias is one yaml-alias-limit issue and no object (every walk over values stays finite)', () => {
  for (const [name, text] of Object.entries(SELF_REFERENCING)) {
    const m = parseManifest(text);
    assert.deepEqual(
      m.syntaxErrors.map((e) => e.code),
      ['yaml-alias-limit'],
      name,
    );
    assert.match(m.syntaxErrors[0]?.message ?? '', /cycle/, name);
    assert.equal(m.objects.filter((o) => o.kind !== 'List').length, 0, name);
  }
});

test('isCyclic: cycles through objects, arrays and Maps; shared (aliased) values are not cycles', () => {
  const a: Record<string, unknown> = { x: 1 };
  a.self = { deeper: [a] };
  const shared = { big: 'x' };
  const m = new Map<string, unknown>();
  m.set('m', m);
  const table: [unknown, boolean][] = [
    [a, true],
    [m, true],
    [{ p: shared, q: shared, r: [shared, shared] }, false],
    [[1, 'a', null, undefined, { b: [[]] }], false],
    ['scalar', false],
  ];
  for (const [value, expected] of table) assert.equal(isCyclic(value), expected);
});

test('boundedJson: JSON.stringify up to the budget, undefined past it and on a cycle', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.me = cyclic;
  assert.equal(boundedJson({ a: [1, 'x', true, null] }, 100), JSON.stringify({ a: [1, 'x', true, null] }));
  assert.equal(boundedJson(cyclic, 100), undefined);
  assert.equal(boundedJson(['x'.repeat(50), 'x'.repeat(50)], 80), undefined);
});

test('a scalar aliased 99 times: the workspace signature does not expand it (bounded time per keystroke)', () => {
  const big = 'v'.repeat(1 << 20);
  const text = y(
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: web}',
    'spec:',
    `  selector: {app: &big ${big}}`,
    ...Array.from({ length: 99 }, (_, i) => `  k${i}: *big`),
  );
  const index = new WorkspaceIndex();
  const started = Date.now();
  for (let i = 0; i < 5; i++) index.update('file:///ws/a.yaml', `${text}# ${i}\n`);
  assert.ok(Date.now() - started < 5000, `5 updates took ${Date.now() - started} ms`);
  assert.equal(index.servicesAnywhere('web').length, 1);
});

/** URIs a client may send that name no local file (or one that needs care). */
const ODD_URIS = [
  'file://host/share/x.yaml',
  'file:///srv/a%2Fb.yaml',
  'file:///srv/a%zz.yaml',
  'file:///srv/a%E0%A4%A.yaml',
  'file:///srv/%00.yaml',
  'file:%',
  'file:',
  'untitled:Untitled-1',
  'vscode-vfs://github/o/r/x.yaml',
  'file:///c%3A/Users/x/a.yaml',
  'file:///C:/Users/x/a.yaml',
  'file:///srv/%5Bab%5D.yaml',
  'file:///srv/a%20b.yaml',
];

test('uriToPath never throws: undefined for URIs without a local path', () => {
  for (const uri of ODD_URIS) assert.doesNotThrow(() => uriToPath(uri), uri);
  assert.equal(uriToPath('file://host/share/x.yaml'), undefined);
  assert.equal(uriToPath('file:///srv/a%2Fb.yaml'), undefined);
  assert.equal(uriToPath('file:///srv/a%zz.yaml'), undefined);
  assert.equal(uriToPath('file:///srv/%00.yaml'), undefined);
  assert.equal(uriToPath('untitled:Untitled-1'), undefined);
  assert.equal(uriToPath('file:///srv/a%20b.yaml'), '/srv/a b.yaml');
});

test('documents at odd URIs: open, pull, hover, edit and close; the server stays up', async () => {
  const s = await startTestServer({
    rootPath: '/srv',
    fileSystem: memoryFileSystem({ '/srv/svc.yaml': SELF_REFERENCING['Service spec'] as string }),
  });
  try {
    for (const uri of ODD_URIS) {
      await s.open(uri, SELF_REFERENCING['pod template'] as string);
      assert.deepEqual(
        (await s.pull(uri)).map((d) => d.code),
        ['yaml-alias-limit'],
        uri,
      );
      await hover(s, uri, 4, 4);
      await s.change(uri, (SELF_REFERENCING['Service spec'] as string) + '# edit\n', 2);
      assert.deepEqual(
        (await s.pull(uri)).map((d) => d.code),
        ['yaml-alias-limit'],
        uri,
      );
      await s.close(uri);
      await assertAlive(s);
    }
  } finally {
    s.dispose();
  }
});

test('self-referencing aliases in open and workspace files: pulls, hovers, edits and closes keep working', async () => {
  const files: Record<string, string> = {};
  for (const [i, text] of Object.values(SELF_REFERENCING).entries()) files[`/ws/f${i}.yaml`] = text;
  const s = await startTestServer({ rootPath: '/ws', fileSystem: memoryFileSystem(files) });
  try {
    for (const [i, text] of Object.values(SELF_REFERENCING).entries()) {
      const uri = `file:///ws/f${i}.yaml`;
      await s.open(uri, text);
      await s.change(uri, text + '# keystroke\n', 2);
      assert.deepEqual(
        (await s.pull(uri)).map((d) => d.code),
        ['yaml-alias-limit'],
      );
      await hover(s, uri, 3, 3);
      await s.close(uri);
      await assertAlive(s);
    }
  } finally {
    s.dispose();
  }
});
