/**
 * File selection like git: nested .gitignore files, the repository root's rules from any folder, .git/info/exclude,
 * negation, anchoring, folder-only patterns; no built-in skip of dist/ or out/. Each row's expectation is checked
 * against our rules (server/src/gitignore.ts) and against real `git check-ignore` in the same tree.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { GitIgnore, nodeIgnoreIo } from '../../server/src/gitignore';
import { nodeFileSystem } from '../../server/src/fileSystem';
import { cli } from '../support/cliIo';
import { startTestServer } from '../support/lspPair';
import { codes } from '../support/lspFixtures';

const IGNORE_FILES: Record<string, string> = {
  '.gitignore': [
    'dist/',
    '*.generated.yaml',
    '/rendered.yaml',
    'build',
    '!keep/build',
    'secret/**',
    '!secret/public.yaml',
    'logs/*',
    '!logs/keep.yaml',
    '# a comment',
    '\\#hash.yaml',
  ].join('\n'),
  'a/.gitignore': ['local.yaml', '!important.generated.yaml', '/only-here.yaml', 'sub/'].join('\n'),
  'a/b/.gitignore': ['*.yaml', '!keep.yaml'].join('\n'),
  '.git/info/exclude': 'excluded-by-info.yaml\n',
};

/** [path relative to the repository, ignored by git]. */
const TABLE: [string, boolean][] = [
  ['manifests/app.yaml', false],
  ['dist/app.yaml', true],
  ['dist/nested/x.yaml', true],
  ['out/app.yaml', false],
  ['x.generated.yaml', true],
  ['a/x.generated.yaml', true],
  ['a/important.generated.yaml', false],
  ['rendered.yaml', true],
  ['a/rendered.yaml', false],
  ['build/x.yaml', true],
  ['keep/build/x.yaml', false],
  ['secret/a.yaml', true],
  ['secret/public.yaml', false],
  ['logs/a.yaml', true],
  ['logs/keep.yaml', false],
  ['local.yaml', false],
  ['a/local.yaml', true],
  ['a/only-here.yaml', true],
  ['a/c/only-here.yaml', false],
  ['a/sub/x.yaml', true],
  ['sub/x.yaml', false],
  ['a/b/y.yaml', true],
  ['a/b/keep.yaml', false],
  ['a/b/c/z.yaml', true],
  ['excluded-by-info.yaml', true],
  ['#hash.yaml', true],
];

const hasGit = spawnSync('git', ['--version']).status === 0;

function makeRepo(): string {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-gitignore-'));
  if (hasGit) execFileSync('git', ['init', '-q', repo]);
  else fs.mkdirSync(path.join(repo, '.git', 'info'), { recursive: true });
  for (const [f, text] of Object.entries(IGNORE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    fs.writeFileSync(path.join(repo, f), text);
  }
  for (const [f] of TABLE) {
    fs.mkdirSync(path.dirname(path.join(repo, f)), { recursive: true });
    fs.writeFileSync(path.join(repo, f), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
  }
  return repo;
}

const REPO = makeRepo();

for (const [file, ignored] of TABLE) {
  test(`gitignore: ${file} is ${ignored ? 'ignored' : 'kept'}, as git check-ignore says`, async () => {
    const rules = await GitIgnore.forDir(REPO, nodeIgnoreIo);
    assert.equal(await rules.ignoresPath(path.join(REPO, file), nodeIgnoreIo), ignored, 'rollout-lens');
    if (!hasGit) return;
    const git = spawnSync('git', ['-C', REPO, 'check-ignore', '--no-index', '-q', file]);
    assert.ok(git.status === 0 || git.status === 1, `git check-ignore failed: ${git.stderr}`);
    assert.equal(git.status === 0, ignored, 'git check-ignore');
  });
}

test('gitignore: from a subfolder, the repository root rules and every .gitignore on the way apply', async () => {
  const rules = await GitIgnore.forDir(path.join(REPO, 'a'), nodeIgnoreIo);
  assert.equal(rules.root, REPO);
  assert.equal(await rules.ignoresPath(path.join(REPO, 'a/x.generated.yaml'), nodeIgnoreIo), true);
  assert.equal(await rules.ignoresPath(path.join(REPO, 'a/b/y.yaml'), nodeIgnoreIo), true);
  assert.equal(await rules.ignoresPath(path.join(REPO, 'a/important.generated.yaml'), nodeIgnoreIo), false);
});

test('listYamlFiles: exactly the files git does not ignore (dist/ and out/ only when ignored)', async () => {
  const listed = (await nodeFileSystem.listYamlFiles(REPO)).map((f) =>
    path.relative(REPO, f).split(path.sep).join('/'),
  );
  assert.deepEqual(
    listed,
    TABLE.filter(([, ignored]) => !ignored)
      .map(([f]) => f)
      .sort(),
  );
  const fromA = (await nodeFileSystem.listYamlFiles(path.join(REPO, 'a'))).map((f) =>
    path.relative(REPO, f).split(path.sep).join('/'),
  );
  assert.deepEqual(
    fromA,
    TABLE.filter(([f, ignored]) => f.startsWith('a/') && !ignored)
      .map(([f]) => f)
      .sort(),
  );
  assert.ok(fromA.includes('a/rendered.yaml'), "the root's /rendered.yaml is anchored to the root");
});

test('listYamlFiles: a folder inside an ignored folder (a scratch workspace under dist/) is searched as its own root', async () => {
  // The e2e harness opens a copy of examples/ under the repository's ignored test/e2e/.tmp/: git tracks nothing
  // there, yet the user asked for that folder, so the enclosing repository's rules must not hide every file in it.
  const ws = path.join(REPO, 'dist', 'ws');
  fs.mkdirSync(path.join(ws, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(ws, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n');
  fs.writeFileSync(path.join(ws, 'sub', 'skip.yaml'), 'kind: ConfigMap\n');
  fs.writeFileSync(path.join(ws, '.gitignore'), 'sub/\n');
  const listed = (await nodeFileSystem.listYamlFiles(ws)).map((f) => path.relative(ws, f).split(path.sep).join('/'));
  assert.deepEqual(listed, ['svc.yaml'], "the folder's own .gitignore still applies");
  assert.equal((await GitIgnore.forDir(ws, nodeIgnoreIo)).root, ws);
});

test('lint run from a subfolder honours the root .gitignore; a named ignored file is still linted', async () => {
  const dir = path.join(REPO, 'a');
  const r = await cli(['lint', '.'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^4 files checked: /m);
  const named = await cli(['lint', 'x.generated.yaml'], dir);
  assert.equal(named.code, 0, named.stderr);
  assert.match(named.stdout, /^1 file checked: /m);
});

test('language server: files git ignores are not indexed (a Service in an ignored folder is not seen)', async (t) => {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-lsp-gitignore-'));
  fs.mkdirSync(path.join(ws, '.git'));
  fs.mkdirSync(path.join(ws, 'rendered'));
  const sts = [
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: db}',
    'spec:',
    '  serviceName: db',
    '  minReadySeconds: 5',
    '  selector: {matchLabels: {app: db}}',
    '  template:',
    '    metadata: {labels: {app: db}}',
    '    spec: {containers: [{name: a, image: postgres, readinessProbe: {tcpSocket: {port: 5432}}}]}',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(ws, 'sts.yaml'), sts);
  fs.writeFileSync(
    path.join(ws, 'rendered/svc.yaml'),
    'apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {clusterIP: None, selector: {app: db}}\n',
  );
  const check = async () => {
    const s = await startTestServer({ rootPath: ws, fileSystem: nodeFileSystem });
    t.after(() => s.dispose());
    await s.open(`file://${ws}/sts.yaml`, sts);
    return codes(await s.pull(`file://${ws}/sts.yaml`));
  };
  assert.ok(!(await check()).includes('governing-service-missing'), 'control: the rendered Service is indexed');
  fs.writeFileSync(path.join(ws, '.gitignore'), 'rendered/\n');
  assert.ok((await check()).includes('governing-service-missing'), 'ignored: the Service is not indexed');
});
