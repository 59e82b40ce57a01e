/**
 * The CLI in CI: --version/--help, option parsing (util.parseArgs: repeated --exclude, short flags, --output,
 * --quiet, --stdin-filename), the github and junit formats, --context, and the configuration file's discovery
 * (working directory or nearest parent up to the repository root, .yaml or .yml, unknown keys refused).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runIn as run, tempFolder as workspace } from '../support/cliIo';
import { LINT_COMMAND } from '../../server/src/cli/lint';
import { PREVIEW_COMMAND } from '../../server/src/cli/preview';

const WEB = [
  'apiVersion: apps/v1',
  'kind: StatefulSet',
  'metadata:',
  '  name: web',
  'spec:',
  '  serviceName: web',
  '  replicas: -1',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec: {containers: [{name: a, image: nginx, readinessProbe: {tcpSocket: {port: 80}}}]}',
  '',
].join('\n');
const HEADLESS =
  'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: None, selector: {app: web}, ports: [{port: 80}]}\n';

const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  version: string;
};

const HELP: [argv: string[], expected: RegExp][] = [
  [['--version'], new RegExp(`^${pkg.version.replace(/\./g, '\\.')}\\n$`)],
  [['--help'], /^Usage: rollout-lens <command>[\s\S]*lint[\s\S]*preview/],
  [['-h'], /^Usage: rollout-lens <command>/],
  [
    ['lint', '--help'],
    /^Usage: rollout-lens lint \[options\][\s\S]*-f, --format text\|json\|sarif\|github\|junit[\s\S]*--exclude PATTERN.*Repeatable/,
  ],
  [['lint', '-h'], /^Usage: rollout-lens lint/],
  [
    ['preview', '--help'],
    /^Usage: rollout-lens preview \[options\] <file\|kustomization dir\|chart dir>[\s\S]*--scenario NAME/,
  ],
];
for (const [argv, expected] of HELP) {
  test(`rollout-lens ${argv.join(' ')} prints and exits 0`, async () => {
    const r = await run(argv, os.tmpdir());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, expected);
    assert.equal(r.stderr, '');
  });
}

test('every option of lint and preview is in its --help (one table for both)', async () => {
  for (const cmd of [LINT_COMMAND, PREVIEW_COMMAND]) {
    const help = (await run([cmd.name, '--help'], os.tmpdir())).stdout;
    for (const o of cmd.options)
      assert.ok(help.includes(`--${o.name}`) && help.includes(o.help), `${cmd.name} --${o.name}`);
  }
});

test('repeated --exclude accumulate (and a comma list still works)', async () => {
  const dir = workspace({ 'a/x.yaml': WEB, 'b/x.yaml': WEB, 'c/x.yaml': WEB, 'd/x.yaml': WEB });
  const files = async (...argv: string[]) =>
    [
      ...new Set(
        (
          JSON.parse((await run(['lint', '-f', 'json', ...argv, '.'], dir)).stdout).diagnostics as { file: string }[]
        ).map((d) => d.file),
      ),
    ].sort();
  assert.deepEqual(await files('--exclude', 'a/', '--exclude', 'b/'), ['c/x.yaml', 'd/x.yaml']);
  assert.deepEqual(await files('--exclude=a/', '--exclude', 'b/,c/'), ['d/x.yaml']);
});

test('-o / --output FILE writes the report there; stdout stays empty', async () => {
  const dir = workspace({ 'web.yaml': WEB, [path.join('k', 'svc.yaml')]: HEADLESS });
  for (const flag of ['-o', '--output']) {
    const r = await run(['lint', '-f', 'json', flag, 'report.json', 'web.yaml'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.ok(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).diagnostics.length > 0);
  }
  const bad = await run(['lint', '-o', 'no/such/dir/r.txt', 'web.yaml'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cannot write no\/such\/dir\/r\.txt: ENOENT/);
});

test('--quiet reports errors only (the exit code still counts them)', async () => {
  const dir = workspace({ 'web.yaml': WEB });
  const all = JSON.parse((await run(['lint', '-f', 'json', 'web.yaml'], dir)).stdout).diagnostics as {
    severity: string;
  }[];
  assert.ok(all.some((d) => d.severity !== 'error'));
  const r = await run(['lint', '-f', 'json', '--quiet', 'web.yaml'], dir);
  assert.equal(r.code, 1);
  const quiet = JSON.parse(r.stdout).diagnostics as { severity: string }[];
  assert.deepEqual(
    quiet,
    all.filter((d) => d.severity === 'error'),
  );
  assert.ok(quiet.length > 0);
});

test('--stdin-filename names standard input', async () => {
  const dir = workspace({});
  const r = await run(['lint', '--stdin-filename', 'deploy/web.yaml', '-'], dir, WEB);
  assert.match(r.stdout, /^deploy\/web\.yaml:7:13: error \[invalid-value\]/m);
});

test('format github: one workflow command per finding, properties and data escaped', async () => {
  const dir = workspace({ 'k8s/web.yaml': WEB });
  const r = await run(['lint', '-f', 'github', 'k8s'], dir);
  assert.equal(r.code, 1);
  const lines = r.stdout.trimEnd().split('\n');
  assert.ok(lines.length >= 2);
  for (const l of lines)
    assert.match(
      l,
      /^::(error|warning|notice) file=k8s\/web\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=rollout-lens [a-z-]+::StatefulSet\/web: [^\n]+$/,
    );
  assert.ok(lines.some((l) => l.startsWith('::error file=k8s/web.yaml,line=7,col=13,')));
  assert.ok(!lines.some((l) => /::.*\n/.test(l)), 'no raw newline inside a command');
});

test('format junit: a testsuite per file, failures for errors and warnings, XML escaped', async () => {
  const dir = workspace({ 'k8s/web.yaml': WEB, 'k8s/ok.yaml': HEADLESS });
  const r = await run(['lint', '-f', 'junit', 'k8s'], dir);
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="rollout-lens" tests="\d+" failures="\d+" errors="0">/,
  );
  assert.match(r.stdout, /<testsuite name="k8s\/web\.yaml" tests="\d+" failures="\d+"/);
  assert.match(r.stdout, /<failure message="[^"<>]*" type="error">k8s\/web\.yaml:7:13: /);
  assert.equal((r.stdout.match(/<testcase /g) ?? []).length, (r.stdout.match(/<\/testcase>/g) ?? []).length);
  const clean = await run(['lint', '-f', 'junit', 'k8s/ok.yaml'], dir);
  assert.equal(clean.code, 0);
  assert.match(clean.stdout, /tests="1" failures="0"[\s\S]*1 files checked, no findings/);
});

test('--context DIR: cross-file rules see every manifest under DIR; only the named files are reported', async () => {
  const dir = workspace({
    'k8s/web.yaml': WEB,
    'k8s/services/web-svc.yaml': HEADLESS.replace('port: 80', 'port: 81'),
    'k8s/other.yaml': WEB.replace(/web/g, 'other'),
  });
  const rules = async (...argv: string[]) =>
    JSON.parse((await run(['lint', '-f', 'json', ...argv], dir)).stdout).diagnostics as {
      file: string;
      rule: string;
    }[];
  const alone = await rules('k8s/web.yaml');
  assert.ok(
    alone.some((d) => d.rule === 'governing-service-missing'),
    'without context the Service is not seen',
  );
  const withContext = await rules('--context', 'k8s', 'k8s/web.yaml');
  assert.ok(!withContext.some((d) => d.rule === 'governing-service-missing'));
  assert.deepEqual([...new Set(withContext.map((d) => d.file))], ['k8s/web.yaml']);
  const text = (await run(['lint', '--context', 'k8s', 'k8s/web.yaml'], dir)).stdout;
  assert.match(text, /^1 file checked: /m);
  const bad = await run(['lint', '--context', 'nope', 'k8s/web.yaml'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--context nope: not a directory/);
});

test('configuration: found in the working directory or the nearest parent up to the repository root', async () => {
  const off = 'rules:\n  invalid-value: off\n';
  const dir = workspace({
    'repo/.rollout-lens.yml': off,
    'repo/app/deploy/web.yaml': WEB,
    '.rollout-lens.yaml': 'rules:\n  missing-min-ready-seconds: off\n',
  });
  fs.mkdirSync(path.join(dir, 'repo/.git'));
  const rulesIn = async (cwd: string) =>
    (
      JSON.parse((await run(['lint', '-f', 'json', '.'], path.join(dir, cwd))).stdout).diagnostics as { rule: string }[]
    ).map((d) => d.rule);
  const found = await rulesIn('repo/app/deploy');
  assert.ok(!found.includes('invalid-value'), 'the .yml at the repository root applies from a subfolder');
  assert.ok(found.includes('missing-min-ready-seconds'), 'nothing above the repository root applies');
  fs.writeFileSync(path.join(dir, 'repo/app/.rollout-lens.yaml'), 'rules:\n  missing-min-ready-seconds: off\n');
  const nearer = await rulesIn('repo/app/deploy');
  assert.ok(
    nearer.includes('invalid-value') && !nearer.includes('missing-min-ready-seconds'),
    'the nearest file wins, alone',
  );
  fs.writeFileSync(path.join(dir, 'repo/app/.rollout-lens.yml'), off);
  const both = await run(['lint', '.'], path.join(dir, 'repo/app/deploy'));
  assert.equal(both.code, 2);
  assert.match(both.stderr, /both \.rollout-lens\.yaml and \.rollout-lens\.yml in .*repo\/app: keep one/);
});

test('configuration: unknown keys and unknown rule ids are a clear error (exit 2)', async () => {
  const dir = workspace({
    'web.yaml': WEB,
    '.rollout-lens.yaml': 'rule:\n  invalid-value: off\nrules:\n  invalid-valu: off\n',
  });
  const r = await run(['lint', 'web.yaml'], dir);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^rollout-lens lint: \.rollout-lens\.yaml: unknown keys "rule", "rules\.invalid-valu" \(keys: rules, kubernetesVersion, ignorePaths/,
  );
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});
