/**
 * The language server and `.rollout-lens.yaml` over the in-memory LSP pair: `ignorePaths` keeps
 * files out of the workspace index and gives open ignored files an empty report (as the CLI does
 * not lint them), a change to the config file is picked up, and every diagnostic links its rule
 * page (`codeDescription`, from package.json `repository.url`).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import { y } from '../support/lint';
import { codes, KUBIA_STS } from '../support/lspFixtures';

const STS = KUBIA_STS.replace('  serviceName: kubia\n', '  serviceName: kubia\n  minReadySeconds: 5\n');
const SVC = y(
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: kubia',
  'spec:',
  '  clusterIP: 10.0.0.1',
  '  selector: {app: kubia}',
);
const BAD = y(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web}',
  'spec:',
  '  replicas: -1',
  '  replicaz: 2',
);

const CONFIG = '/ws/.rollout-lens.yaml';

test('every diagnostic links its rule page (codeDescription from package.json repository.url)', async (t) => {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  const s = await startTestServer();
  t.after(() => s.dispose());
  await s.open('file:///ws/web.yaml', BAD);
  const ds = await s.pull('file:///ws/web.yaml');
  assert.ok(ds.length >= 3, JSON.stringify(codes(ds)));
  for (const d of ds) {
    assert.deepEqual(d.codeDescription, { href: `${pkg.repository.url}/blob/main/docs/rules/${String(d.code)}.md` });
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../../docs/rules', `${String(d.code)}.md`)), String(d.code));
  }
  assert.equal(pkg.repository.url, 'https://github.com/rollout-lens/rollout-lens');
});

test('ignorePaths: an ignored file is not indexed (its Service is not seen) and an open one gets an empty report', async (t) => {
  const files = {
    [CONFIG]: 'ignorePaths: ["vendor/**", "*.skip.yaml"]\n',
    '/ws/vendor/chart/svc.yaml': SVC,
    '/ws/sts.yaml': STS,
  };
  const s = await startTestServer({ rootPath: '/ws', fileSystem: memoryFileSystem(files) });
  t.after(() => s.dispose());
  await s.open('file:///ws/sts.yaml', STS);
  assert.deepEqual(
    codes(await s.pull('file:///ws/sts.yaml')),
    ['governing-service-missing'],
    'the vendored Service is not indexed',
  );

  await s.open('file:///ws/vendor/chart/svc.yaml', SVC);
  await s.open('file:///ws/vendor/bad.yaml', BAD);
  await s.open('file:///ws/web.skip.yaml', BAD);
  assert.deepEqual(await s.pull('file:///ws/vendor/bad.yaml'), []);
  assert.deepEqual(await s.pull('file:///ws/web.skip.yaml'), []);
  assert.deepEqual(
    codes(await s.pull('file:///ws/sts.yaml')),
    ['governing-service-missing'],
    'an open ignored file is not indexed either',
  );
  await s.open('file:///ws/web.yaml', BAD);
  assert.ok((await s.pull('file:///ws/web.yaml')).length > 0, 'a file outside ignorePaths is checked');
});

test('without ignorePaths the same Service is indexed (control)', async (t) => {
  const s = await startTestServer({
    rootPath: '/ws',
    fileSystem: memoryFileSystem({ '/ws/vendor/chart/svc.yaml': SVC }),
  });
  t.after(() => s.dispose());
  await s.open('file:///ws/sts.yaml', STS);
  assert.deepEqual(codes(await s.pull('file:///ws/sts.yaml')), ['governing-service-not-headless']);
});

test('a change to .rollout-lens.yaml reloads ignorePaths and rules and refreshes diagnostics', async (t) => {
  const files: Record<string, string> = { [CONFIG]: 'ignorePaths: ["vendor/"]\n', '/ws/vendor/svc.yaml': SVC };
  const s = await startTestServer({ rootPath: '/ws', fileSystem: memoryFileSystem(files) });
  t.after(() => s.dispose());
  await s.open('file:///ws/sts.yaml', STS);
  await s.open('file:///ws/vendor/bad.yaml', BAD);
  assert.deepEqual(codes(await s.pull('file:///ws/sts.yaml')), ['governing-service-missing']);
  assert.deepEqual(await s.pull('file:///ws/vendor/bad.yaml'), []);

  files[CONFIG] = 'rules:\n  unknown-field: off\n';
  let refreshed = s.nextRefresh();
  await s.watched([{ uri: `file://${CONFIG}`, type: FileChangeType.Changed }]);
  await refreshed;
  assert.deepEqual(
    codes(await s.pull('file:///ws/sts.yaml')),
    ['governing-service-not-headless'],
    'the Service is indexed now',
  );
  assert.deepEqual(
    codes(await s.pull('file:///ws/vendor/bad.yaml')),
    ['invalid-value', 'missing-selector'],
    'checked, with unknown-field off',
  );

  files[CONFIG] = 'ignorePaths: ["vendor"]\n';
  refreshed = s.nextRefresh();
  await s.watched([{ uri: `file://${CONFIG}`, type: FileChangeType.Changed }]);
  await refreshed;
  assert.deepEqual(await s.pull('file:///ws/vendor/bad.yaml'), []);
  assert.deepEqual(
    codes(await s.pull('file:///ws/sts.yaml')),
    ['governing-service-missing'],
    'dropped from the index again',
  );

  delete files[CONFIG];
  refreshed = s.nextRefresh();
  await s.watched([{ uri: `file://${CONFIG}`, type: FileChangeType.Deleted }]);
  await refreshed;
  assert.ok(codes(await s.pull('file:///ws/vendor/bad.yaml')).includes('unknown-field'), 'no config: defaults');
});

test('the server reads .rollout-lens.yml when there is no .rollout-lens.yaml', async (t) => {
  const files = {
    '/ws/.rollout-lens.yml': 'ignorePaths: ["vendor/**"]\n',
    '/ws/vendor/chart/svc.yaml': SVC,
    '/ws/sts.yaml': STS,
  };
  const s = await startTestServer({ rootPath: '/ws', fileSystem: memoryFileSystem(files) });
  t.after(() => s.dispose());
  await s.open('file:///ws/sts.yaml', STS);
  assert.deepEqual(
    codes(await s.pull('file:///ws/sts.yaml')),
    ['governing-service-missing'],
    'the vendored Service is not indexed',
  );
});
