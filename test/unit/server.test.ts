/**
 * The language server over an in-memory LSP connection: initialize → didOpen → pull
 * diagnostics → didChange → updated diagnostics, cross-file checks through the workspace index.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import { y } from '../support/lint';
import { codes, KUBIA_STS } from '../support/lspFixtures';

const STS = KUBIA_STS;
const SVC = (clusterIP: string) =>
  y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: kubia', 'spec:', `  clusterIP: ${clusterIP}`);

test('initialize, open, pull, change, pull again', async (t) => {
  const s = await startTestServer();
  t.after(() => s.dispose());
  const uri = 'file:///ws/sts.yaml';
  await s.open(uri, STS);
  const first = await s.pull(uri);
  assert.deepEqual(codes(first), ['governing-service-missing', 'missing-min-ready-seconds']);
  const probe = first.find((d) => d.code === 'missing-min-ready-seconds') as Diagnostic;
  assert.deepEqual(probe.range, { start: { line: 10, character: 10 }, end: { line: 10, character: 24 } });
  assert.equal(probe.source, 'rollout-lens');
  assert.equal(probe.severity, 2);
  assert.equal(probe.data, undefined, 'quick fixes are planned on the server: no data travels with a diagnostic');

  await s.change(uri, STS.replace('  serviceName: kubia\n', ''), 2);
  const second = await s.pull(uri);
  assert.deepEqual(codes(second), ['missing-min-ready-seconds', 'missing-service-name']);
  const svcName = second.find((d) => d.code === 'missing-service-name') as Diagnostic;
  assert.deepEqual(svcName.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 4 } });
});

test('a file of the workspace folder provides the governing Service', async (t) => {
  const s = await startTestServer({
    rootPath: '/ws',
    fileSystem: memoryFileSystem({ '/ws/svc.yaml': SVC('10.0.0.1'), '/ws/notes.txt': 'kind: Service' }),
  });
  t.after(() => s.dispose());
  await s.open('file:///ws/sts.yaml', STS);
  const ds = await s.pull('file:///ws/sts.yaml');
  const headless = ds.find((d) => d.code === 'governing-service-not-headless') as Diagnostic;
  assert.ok(headless, JSON.stringify(ds));
  assert.deepEqual(headless.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 20 } });
  assert.deepEqual(headless.relatedInformation?.[0]?.location, {
    uri: 'file:///ws/svc.yaml',
    range: { start: { line: 5, character: 13 }, end: { line: 5, character: 21 } },
  });
});

test('opening and editing the Service file changes the StatefulSet diagnostics', async (t) => {
  const s = await startTestServer();
  t.after(() => s.dispose());
  await s.open('file:///ws/sts.yaml', STS);
  assert.ok(codes(await s.pull('file:///ws/sts.yaml')).includes('governing-service-missing'));

  const refreshed = s.nextRefresh();
  await s.open('file:///ws/svc.yaml', SVC('ClusterIP'));
  await refreshed;
  assert.ok(codes(await s.pull('file:///ws/sts.yaml')).includes('governing-service-not-headless'));

  const again = s.nextRefresh();
  await s.change('file:///ws/svc.yaml', SVC('None'), 2);
  await again;
  assert.deepEqual(codes(await s.pull('file:///ws/sts.yaml')), ['missing-min-ready-seconds']);
});

test('watched-file events: a deleted Service file brings governing-service-missing back', async (t) => {
  const files: Record<string, string> = { '/ws/svc.yaml': SVC('None') };
  const s = await startTestServer({ rootPath: '/ws', fileSystem: memoryFileSystem(files) });
  t.after(() => s.dispose());
  await s.open('file:///ws/sts.yaml', STS);
  assert.deepEqual(codes(await s.pull('file:///ws/sts.yaml')), ['missing-min-ready-seconds']);

  delete files['/ws/svc.yaml'];
  files['/ws/renamed.yaml'] = SVC('none');
  const refreshed = s.nextRefresh();
  await s.watched([
    { uri: 'file:///ws/svc.yaml', type: FileChangeType.Deleted },
    { uri: 'file:///ws/renamed.yaml', type: FileChangeType.Created },
  ]);
  await refreshed;
  assert.deepEqual(codes(await s.pull('file:///ws/sts.yaml')), [
    'governing-service-not-headless',
    'missing-min-ready-seconds',
  ]);
});

test('a YAML syntax error is one error diagnostic and the other documents are still checked', async (t) => {
  const s = await startTestServer();
  t.after(() => s.dispose());
  await s.open('file:///ws/x.yaml', 'a: [b\n---\n' + STS);
  const ds = await s.pull('file:///ws/x.yaml');
  const syntax = ds.filter((d) => d.code === 'yaml-syntax');
  assert.equal(syntax.length, 1);
  assert.equal(syntax[0]?.severity, 1);
  assert.equal(syntax[0]?.range.start.line, 0);
  assert.ok(codes(ds).includes('missing-min-ready-seconds'));
});

test('an unknown document gets an empty report', async (t) => {
  const s = await startTestServer();
  t.after(() => s.dispose());
  assert.deepEqual(await s.pull('file:///ws/never-opened.yaml'), []);
});
