/**
 * Patterns from configuration (ignorePaths, --exclude, glob arguments) are compiled safely
 * (issue #16): no catastrophic backtracking (the classic patterns, time-boxed), an invalid
 * pattern is a clear CLI error and, in the server, one logged message (indexing goes on: no
 * false cross-file findings), and a file literally named like a glob is a file.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compileGlob, GlobError, IgnoreList } from '../../server/src/pathMatch';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import { assertAlive, within } from '../support/attack';
import { codes, KUBIA_STS } from '../support/lspFixtures';
import { cli } from '../support/cliIo';
import { y } from '../support/lint';

const HEADLESS = y(
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: kubia}',
  'spec: {clusterIP: None, selector: {app: kubia}, ports: [{port: 80}]}',
);
const LONG = 'a'.repeat(60);

/** Patterns that make a backtracking regex engine take exponential time, with the text that triggers it. */
const CLASSIC: [pattern: string, path: string][] = [
  ['*a*a*a*a*a*a*a*a*a*a*a*ab', LONG],
  ['*a*a*a*a*a*a*a*a*a*a*a*ab', `${LONG}/${LONG}`],
  ['**a**a**a**a**a**a**a**a**a**a**ab', LONG],
  [`${'**/'.repeat(30)}b`, `${'a/'.repeat(60)}a`],
  [`${'*'.repeat(1000)}b`, 'a'.repeat(5000)],
  [`${'?*'.repeat(200)}b`, 'a'.repeat(2000)],
  [`${'{a,aa}'.repeat(8)}b`, LONG],
];

test('the classic backtracking patterns run in linear time (all together within 2 s)', async () => {
  const started = Date.now();
  for (const [pattern, p] of CLASSIC) {
    assert.equal(compileGlob(pattern).test(p), false, pattern);
    assert.equal(new IgnoreList('/ws').add([pattern]).ignores(`/ws/${p}`), false, pattern);
  }
  assert.ok(Date.now() - started < 2000, `${Date.now() - started} ms`);
});

const SEMANTICS: [glob: string, path: string, match: boolean][] = [
  ['*.yaml', 'a.yaml', true],
  ['*.yaml', 'd/a.yaml', false],
  ['**/*.yaml', 'd/e/a.yaml', true],
  ['**/*.yaml', 'a.yaml', true],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/xb', false],
  ['a/**', 'a/x/y', true],
  ['a?.yaml', 'ab.yaml', true],
  ['a?.yaml', 'a/.yaml', false],
  ['[ab].yaml', 'a.yaml', true],
  ['[ab].yaml', 'c.yaml', false],
  ['[!ab].yaml', 'c.yaml', true],
  ['[^ab].yaml', 'a.yaml', false],
  ['[a-c]x', 'bx', true],
  ['[a-c]x', 'dx', false],
  ['[]]x', ']x', true],
  ['[ab', '[ab', true],
  ['\\*.yaml', '*.yaml', true],
  ['\\*.yaml', 'a.yaml', false],
  ['*.{yaml,yml}', 'x.yml', true],
  ['*.{yaml,yml}', 'x.json', false],
  ['{', '{', true],
  ['a*', 'a', true],
  ['', '', true],
  ['.*', '.hidden', true],
  ['a.b', 'axb', false],
  ['(a|b)+', '(a|b)+', true],
];

test('glob semantics: a table of patterns and paths', () => {
  for (const [glob, p, match] of SEMANTICS) assert.equal(compileGlob(glob).test(p), match, `${glob} ~ ${p}`);
});

test('invalid patterns: a GlobError that says why; IgnoreList reports and skips them when asked', () => {
  const INVALID: [string, RegExp][] = [
    ['[z-a]', /range z-a is reversed/],
    ['{a,b}'.repeat(9), /alternatives/],
    ['x'.repeat(5000), /longer than/],
  ];
  for (const [pattern, why] of INVALID) {
    assert.throws(
      () => compileGlob(pattern),
      (e: unknown) => e instanceof GlobError && why.test(e.message),
      pattern,
    );
    assert.throws(() => new IgnoreList('/ws').add([pattern]), GlobError);
  }
  const reported: string[] = [];
  const list = new IgnoreList('/ws').add(['[z-a]', 'vendor/'], (e) => reported.push(e.message));
  assert.deepEqual(reported, ['invalid pattern "[z-a]": the range z-a is reversed']);
  assert.equal(list.ignores('/ws/vendor/a.yaml'), true, 'the valid entries still apply');
  assert.equal(
    new IgnoreList('/ws').add([`a${' '.repeat(4000)}b${' '.repeat(50_000)}`]).size,
    1,
    'trailing-space trimming is linear',
  );
});

test('server: hostile ignorePaths are logged once, indexing goes on, no false cross-file findings', async () => {
  const config = y('ignorePaths:', '  - "[z-a]"', `  - "*a*a*a*a*a*a*a*a*a*a*a*ab"`, '  - "vendor/"');
  const files = {
    '/ws/.rollout-lens.yaml': config,
    [`/ws/${LONG}/svc.yaml`]: HEADLESS,
    '/ws/vendor/x.yaml': KUBIA_STS,
  };
  const logged: string[] = [];
  const s = await within(
    5000,
    'server ready',
    startTestServer({ rootPath: '/ws', fileSystem: memoryFileSystem(files), onLog: (_, m) => void logged.push(m) }),
  );
  try {
    await s.open('file:///ws/sts.yaml', KUBIA_STS);
    assert.deepEqual(codes(await within(2000, 'pull', s.pull('file:///ws/sts.yaml'))), ['missing-min-ready-seconds']);
    assert.deepEqual(await s.pull('file:///ws/vendor/x.yaml'), [], 'the valid entry still ignores');
    await assertAlive(s);
  } finally {
    s.dispose();
  }
  assert.ok(!logged.some((m) => /Indexing failed/.test(m)), logged.join('\n'));
  assert.equal(
    logged.filter((m) => /ignorePaths: invalid pattern "\[z-a\]": the range z-a is reversed/.test(m)).length,
    1,
    logged.join('\n'),
  );
});

test('CLI: invalid patterns are a one-line usage error; backtracking patterns finish; a glob argument is compiled safely', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-patterns-'));
  try {
    fs.mkdirSync(path.join(dir, LONG));
    fs.writeFileSync(path.join(dir, LONG, 'svc.yaml'), HEADLESS);
    fs.writeFileSync(path.join(dir, '[ab].yaml'), KUBIA_STS);
    fs.writeFileSync(path.join(dir, 'a.yaml'), HEADLESS);
    for (const argv of [['--exclude', '[z-a]', '.'], ['[z-a]/*.yaml'], [`${LONG}/[z-a]*.yaml`]]) {
      const r = await cli(['lint', ...argv], dir);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(
        r.stderr,
        /^rollout-lens lint: (--exclude: )?invalid pattern "[^"]*": the range z-a is reversed\n$/,
        argv.join(' '),
      );
    }
    fs.writeFileSync(path.join(dir, '.rollout-lens.yaml'), 'ignorePaths: ["[z-a]"]\n');
    const config = await cli(['lint', '.'], dir);
    assert.equal(config.code, 2);
    assert.match(config.stderr, /ignorePaths: invalid pattern "\[z-a\]"/);
    fs.rmSync(path.join(dir, '.rollout-lens.yaml'));

    const slow = await within(
      3000,
      'backtracking --exclude',
      cli(['lint', '--format', 'json', '--exclude', '*a*a*a*a*a*a*a*a*a*a*a*ab', '.'], dir),
    );
    assert.equal(slow.stderr, '');
    const linted = new Set(JSON.parse(slow.stdout).diagnostics.map((d: { file: string }) => d.file));
    assert.ok(linted.has('[ab].yaml'), [...linted].join());
    const glob = await within(
      3000,
      'backtracking glob',
      cli(['lint', '--format', 'json', `*a*a*a*a*a*a*a*a*a*a*a*ab/*.yaml`], dir),
    );
    assert.equal(glob.code, 2);
    assert.match(glob.stderr, /no YAML manifests match/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI: a file literally named like a glob is that file when it exists, and every argument after -- is a path', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-literal-'));
  const files = async (...argv: string[]) => {
    const r = await cli(['lint', '--format', 'json', ...argv], dir);
    assert.ok(r.code <= 1, `${argv.join(' ')}: ${r.stderr}`);
    return [...new Set(JSON.parse(r.stdout).diagnostics.map((d: { file: string }) => d.file))].sort();
  };
  try {
    fs.writeFileSync(path.join(dir, '[ab].yaml'), KUBIA_STS);
    fs.writeFileSync(path.join(dir, 'a.yaml'), KUBIA_STS.replace(/kubia/g, 'other'));
    fs.mkdirSync(path.join(dir, '[xy]'));
    fs.writeFileSync(path.join(dir, '[xy]', 'sts.yaml'), KUBIA_STS);
    assert.deepEqual(await files('[ab].yaml'), ['[ab].yaml'], 'the existing file, not the glob');
    assert.deepEqual(await files('--', '[ab].yaml'), ['[ab].yaml']);
    assert.deepEqual(await files('[xy]'), ['[xy]/sts.yaml'], 'an existing folder named like a glob');
    assert.deepEqual(await files('[a-c].yaml'), ['a.yaml'], 'no such file: a glob');
    const missing = await cli(['lint', '--', '[b-c].yaml'], dir);
    assert.equal(missing.code, 2);
    assert.equal(
      missing.stderr,
      'rollout-lens lint: no such file or directory: [b-c].yaml\n',
      'after --, never a glob',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
