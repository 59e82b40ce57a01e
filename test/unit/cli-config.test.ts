/**
 * `rollout-lens lint` options and configuration: --max-warnings, .rollout-lens.yaml and --config, standard input,
 * globs, directories and .gitignore-style excludes. Each test runs the CLI in-process on a temporary folder.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseConfigFile } from '../../server/src/config';
import { compileGlob, IgnoreList } from '../../server/src/pathMatch';
import { runIn as run, tempFolder as workspace } from '../support/cliIo';
import { BAD_DEPLOYMENT as BAD, WARN_ONLY_DEPLOYMENT as WARN_ONLY } from '../support/manifests';

test('--max-warnings: more warnings than allowed exits 1, otherwise 0', async () => {
  const dir = workspace({ 'web.yaml': WARN_ONLY });
  assert.equal((await run(['lint', 'web.yaml'], dir)).code, 0);
  const over = await run(['lint', '--max-warnings', '0', 'web.yaml'], dir);
  assert.equal(over.code, 1);
  assert.match(over.stderr, /1 warnings, more than --max-warnings 0/);
  assert.equal((await run(['lint', '--max-warnings=1', 'web.yaml'], dir)).code, 0);
  const bad = await run(['lint', '--max-warnings', 'many', 'web.yaml'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-warnings must be a whole number/);
});

test('.rollout-lens.yaml in the working directory: severities, off, opt-in rules', async () => {
  const dir = workspace({
    'web.yaml': WARN_ONLY,
    '.rollout-lens.yaml': 'rules:\n  missing-min-ready-seconds: error\n  missing-readiness-probe: warning\n',
  });
  const r = await run(['lint', '--format', 'json', 'web.yaml'], dir);
  assert.equal(r.code, 1);
  assert.deepEqual(
    JSON.parse(r.stdout).diagnostics.map((d: { rule: string; severity: string }) => [d.rule, d.severity]),
    [['missing-min-ready-seconds', 'error']],
  );
});

test('--config: another file, off, kubernetesVersion; a bad entry is reported, not fatal', async () => {
  const dir = workspace({
    'web.yaml': WARN_ONLY.replace('apps/v1', 'apps/v1beta2'),
    'ci/lint.yaml': 'kubernetesVersion: "1.29"\nrules:\n  missing-min-ready-seconds: off\n  unknown-field: loud\n',
  });
  const r = await run(['lint', '--config', 'ci/lint.yaml', '--format', 'json', 'web.yaml'], dir);
  const ds = JSON.parse(r.stdout).diagnostics as { rule: string; message: string }[];
  assert.deepEqual(
    ds.map((d) => d.rule),
    ['removed-api-version'],
  );
  assert.match(ds[0]?.message ?? '', /target: 1\.29/);
  assert.match(r.stderr, /rules\.unknown-field: "loud" is not one of/);
  const missing = await run(['lint', '--config', 'nope.yaml', 'web.yaml'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read config nope\.yaml/);
});

test("parseConfigFile: a key twice in a map is invalid YAML (one hash set per map, not the parser's quadratic check)", () => {
  const CASES: [text: string, invalid: RegExp | undefined][] = [
    [
      'rules:\n  missing-readiness-probe: error\n  missing-readiness-probe: off\n',
      /"missing-readiness-probe" appears twice/,
    ],
    ['kubernetesVersion: "1.31"\nkubernetesVersion: "1.30"\n', /"kubernetesVersion" appears twice/],
    ['rules: {a: warning, b: warning}\nignorePaths: [x, x]\n', undefined], // repeated list items are fine
    ['rules: {missing-readiness-probe: error}\n', undefined],
    ['rules: [\n', /not valid YAML/],
  ];
  for (const [text, invalid] of CASES) {
    const c = parseConfigFile(text);
    if (invalid) assert.match(c.invalid ?? '', invalid, text);
    else assert.equal(c.invalid, undefined, text);
  }
  const many = parseConfigFile(`rules: {${Array.from({ length: 5000 }, (_, i) => `k${i}: warning`).join(', ')}}`);
  assert.equal(many.invalid, undefined);
  assert.equal(many.problems.length, 5000, 'each unknown rule id reported');
});

test('stdin: "-" lints standard input, named <stdin>', async () => {
  const dir = workspace({});
  const r = await run(['lint', '-'], dir, BAD);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^<stdin>:6:13: error \[invalid-value\]/m);
});

test('globs, directories and .gitignore-style excludes', async () => {
  const dir = workspace({
    '.gitignore': 'build/\n*.generated.yaml\n',
    '.rollout-lens.yaml': 'ignorePaths: ["vendor/**"]\n',
    'k8s/a.yaml': WARN_ONLY,
    'k8s/sub/b.yml': WARN_ONLY,
    'k8s/c.generated.yaml': WARN_ONLY,
    'build/x.yaml': WARN_ONLY,
    'vendor/chart/y.yaml': WARN_ONLY,
    'other/z.yaml': WARN_ONLY,
  });
  const files = async (...argv: string[]) =>
    [
      ...new Set(
        (
          JSON.parse((await run(['lint', '--format', 'json', ...argv], dir)).stdout).diagnostics as { file: string }[]
        ).map((d) => d.file),
      ),
    ].sort();
  assert.deepEqual(await files('.'), ['k8s/a.yaml', 'k8s/sub/b.yml', 'other/z.yaml']);
  assert.deepEqual(await files('k8s/**/*.yaml'), ['k8s/a.yaml']);
  assert.deepEqual(await files('k8s/**/*.{yaml,yml}'), ['k8s/a.yaml', 'k8s/sub/b.yml']);
  assert.deepEqual(await files('--exclude', 'sub/,other', '.'), ['k8s/a.yaml']);
  assert.deepEqual(await files('build/x.yaml'), ['build/x.yaml'], 'a file named explicitly is never excluded');
  const none = await run(['lint', 'nothing/**/*.yaml'], dir);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no YAML manifests match nothing\/\*\*\/\*\.yaml/);
});

const GLOBS: [glob: string, path: string, match: boolean][] = [
  ['*.yaml', 'a.yaml', true],
  ['*.yaml', 'd/a.yaml', false],
  ['**/*.yaml', 'd/e/a.yaml', true],
  ['**/*.yaml', 'a.yaml', true],
  ['a?.yaml', 'ab.yaml', true],
  ['[ab].yaml', 'c.yaml', false],
  ['*.{yaml,yml}', 'x.yml', true],
];
for (const [glob, p, match] of GLOBS)
  test(`glob ${glob} ${match ? 'matches' : 'does not match'} ${p}`, () =>
    assert.equal(compileGlob(glob).test(p), match));

const IGNORES: [patterns: string[], file: string, ignored: boolean][] = [
  [['build/'], 'build/x.yaml', true],
  [['build/'], 'src/build/x.yaml', true],
  [['/build/'], 'src/build/x.yaml', false],
  [['*.gen.yaml'], 'a/b/c.gen.yaml', true],
  [['*.yaml', '!keep.yaml'], 'keep.yaml', false],
  [['docs/*.yaml'], 'docs/sub/a.yaml', false],
  [['docs/**/*.yaml'], 'docs/sub/a.yaml', true],
  [['# comment', ''], 'a.yaml', false],
];
for (const [patterns, file, ignored] of IGNORES) {
  test(`ignore ${JSON.stringify(patterns)} ${ignored ? 'excludes' : 'keeps'} ${file}`, () => {
    assert.equal(new IgnoreList('/ws').add(patterns).ignores(path.join('/ws', file)), ignored);
  });
}
