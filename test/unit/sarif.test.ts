/**
 * `rollout-lens lint` output and options: SARIF 2.1.0 (validated against a JSON schema of the
 * SARIF 2.1.0 properties we emit), --max-warnings, --config / .rollout-lens.yaml, stdin, globs
 * and .gitignore-style excludes. Each test runs the CLI in-process on a temporary folder.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { runCli } from '../../server/src/cli';
import { RULES } from '../../server/src/rules';
import { globToRegExp, IgnoreList } from '../../server/src/cli/select';
import { toSarif } from '../../server/src/cli/sarif';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../shared/src/settings';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-sarif-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function run(argv: string[], cwd: string, stdin?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readFile: (p) => fs.promises.readFile(path.resolve(cwd, p), 'utf8'),
    cwd,
    ...(stdin !== undefined ? { readStdin: async () => stdin } : {}),
  });
  return { code, stdout, stderr };
}

const BAD = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: -1',
  '  minReadySecond: 5',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec: {containers: [{name: a, image: nginx, readinessProbe: {tcpSocket: {port: 80}}}]}',
  '',
].join('\n');

const WARN_ONLY = BAD.replace('  replicas: -1\n', '').replace('  minReadySecond: 5\n', '  selector: {matchLabels: {app: web}}\n');

/**
 * The SARIF 2.1.0 schema's requirements for what we emit (sarifLog, run, tool, toolComponent,
 * reportingDescriptor, result, location, physicalLocation, artifactLocation, region).
 */
const SARIF_SUBSET_SCHEMA = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string' },
                  version: { type: 'string' },
                  informationUri: { type: 'string', format: 'uri' },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id'],
                      properties: {
                        id: { type: 'string' },
                        name: { type: 'string' },
                        shortDescription: { $ref: '#/$defs/message' },
                        fullDescription: { $ref: '#/$defs/message' },
                        help: { $ref: '#/$defs/message' },
                        helpUri: { type: 'string', format: 'uri' },
                        defaultConfiguration: {
                          type: 'object',
                          properties: { level: { enum: ['none', 'note', 'warning', 'error'] }, enabled: { type: 'boolean' } },
                          additionalProperties: false,
                        },
                      },
                      additionalProperties: false,
                    },
                  },
                },
                additionalProperties: false,
              },
            },
            additionalProperties: false,
          },
          originalUriBaseIds: { type: 'object', additionalProperties: { type: 'object', properties: { uri: { type: 'string', format: 'uri-reference' } } } },
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level: { enum: ['none', 'note', 'warning', 'error'] },
                message: { $ref: '#/$defs/message' },
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      physicalLocation: {
                        type: 'object',
                        properties: {
                          artifactLocation: {
                            type: 'object',
                            properties: { uri: { type: 'string', format: 'uri-reference' }, uriBaseId: { type: 'string' } },
                            additionalProperties: false,
                          },
                          region: {
                            type: 'object',
                            properties: {
                              startLine: { type: 'integer', minimum: 1 },
                              startColumn: { type: 'integer', minimum: 1 },
                              endLine: { type: 'integer', minimum: 1 },
                              endColumn: { type: 'integer', minimum: 1 },
                            },
                            additionalProperties: false,
                          },
                        },
                        additionalProperties: false,
                      },
                      logicalLocations: { type: 'array', items: { type: 'object', properties: { fullyQualifiedName: { type: 'string' }, kind: { type: 'string' } } } },
                    },
                    additionalProperties: false,
                  },
                },
              },
              additionalProperties: false,
            },
          },
        },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
  $defs: {
    message: {
      type: 'object',
      anyOf: [{ required: ['text'] }, { required: ['id'] }],
      properties: { text: { type: 'string' }, markdown: { type: 'string' }, id: { type: 'string' } },
      additionalProperties: false,
    },
  },
};

const URI = /^[a-z][a-z0-9+.-]*:[^\s]*$/i;
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('uri', URI);
ajv.addFormat('uri-reference', /^[^\s]*$/);
const validate = ajv.compile(SARIF_SUBSET_SCHEMA);

test('sarif: valid 2.1.0 with exact regions, rule metadata and help URIs', async () => {
  const dir = workspace({ 'k8s/web.yaml': BAD });
  const r = await run(['lint', '--format', 'sarif', 'k8s'], dir);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log as unknown), JSON.stringify(validate.errors, null, 2));
  const run0 = log.runs[0];
  assert.equal(run0.tool.driver.name, 'rollout-lens');
  const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
  for (const rule of RULES) assert.ok(ids.includes(rule.id), rule.id);
  for (const d of run0.tool.driver.rules) assert.match(d.helpUri, new RegExp(`/docs/rules/${d.id}\\.md$`));
  const seen = run0.results.map((x: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[] }) => [
    x.ruleId,
    x.level,
    x.locations[0]?.physicalLocation.artifactLocation.uri,
    x.locations[0]?.physicalLocation.region,
    run0.tool.driver.rules[x.ruleIndex].id,
  ]);
  assert.deepEqual(seen, [
    ['invalid-value', 'error', 'k8s/web.yaml', { startLine: 6, startColumn: 13, endLine: 6, endColumn: 15 }, 'invalid-value'],
    ['unknown-field', 'error', 'k8s/web.yaml', { startLine: 7, startColumn: 3, endLine: 7, endColumn: 17 }, 'unknown-field'],
    ['missing-selector', 'error', 'k8s/web.yaml', { startLine: 5, startColumn: 1, endLine: 5, endColumn: 5 }, 'missing-selector'],
    ['missing-min-ready-seconds', 'warning', 'k8s/web.yaml', { startLine: 10, startColumn: 49, endLine: 10, endColumn: 63 }, 'missing-min-ready-seconds'],
  ].sort((a, b) => (a[3] as { startLine: number }).startLine - (b[3] as { startLine: number }).startLine || 0));
  assert.equal(run0.originalUriBaseIds.SRCROOT.uri, `file://${dir}/`);
});

test('sarif: the schema check itself rejects a broken log', () => {
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: {}, level: 'fatal' }] }] }), false);
});

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
  assert.deepEqual(JSON.parse(r.stdout).diagnostics.map((d: { rule: string; severity: string }) => [d.rule, d.severity]), [['missing-min-ready-seconds', 'error']]);
});

test('--config: another file, off, kubernetesVersion; a bad entry is reported, not fatal', async () => {
  const dir = workspace({
    'web.yaml': WARN_ONLY.replace('apps/v1', 'apps/v1beta2'),
    'ci/lint.yaml': 'kubernetesVersion: "1.29"\nrules:\n  missing-min-ready-seconds: off\n  unknown-field: loud\n',
  });
  const r = await run(['lint', '--config', 'ci/lint.yaml', '--format', 'json', 'web.yaml'], dir);
  const ds = JSON.parse(r.stdout).diagnostics as { rule: string; message: string }[];
  assert.deepEqual(ds.map((d) => d.rule), ['removed-api-version']);
  assert.match(ds[0]?.message ?? '', /target: 1\.29/);
  assert.match(r.stderr, /rules\.unknown-field: "loud" is not one of/);
  const missing = await run(['lint', '--config', 'nope.yaml', 'web.yaml'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read config nope\.yaml/);
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
    [...new Set((JSON.parse((await run(['lint', '--format', 'json', ...argv], dir)).stdout).diagnostics as { file: string }[]).map((d) => d.file))].sort();
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
for (const [glob, p, match] of GLOBS) test(`glob ${glob} ${match ? 'matches' : 'does not match'} ${p}`, () => assert.equal(globToRegExp(glob).test(p), match));

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

test('every rule, and every SARIF help URI, has its page in docs/rules; package.json lists every rule', () => {
  const repo = path.resolve(__dirname, '../../..');
  const log = toSarif([], 'file:///x/');
  for (const d of log.runs[0]?.tool.driver.rules ?? []) {
    const page = path.join(repo, 'docs/rules', `${d.id}.md`);
    assert.ok(fs.existsSync(page), `missing ${page}`);
    assert.ok(fs.readFileSync(page, 'utf8').startsWith(`# ${d.id}\n`));
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const listed = Object.keys(pkg.contributes.configuration.properties['rolloutLens.rules'].properties).sort();
  assert.deepEqual(listed, [...RULES.map((r) => r.id), 'unused-suppression'].sort());
  const versions = pkg.contributes.configuration.properties['rolloutLens.kubernetesVersion'].enum;
  assert.deepEqual(versions, ['', ...SUPPORTED_KUBERNETES_VERSIONS]);
});
