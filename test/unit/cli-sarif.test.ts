/**
 * `rollout-lens lint --format sarif`: SARIF 2.1.0 validated against the official SARIF 2.1.0 JSON schema, rule
 * metadata and help URIs, fingerprints, repository-relative URIs. Each test runs the CLI in-process on a temporary
 * folder. (Options and configuration: cli-config.test.ts.)
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { runIn as run, tempFolder as workspace } from '../support/cliIo';
import { BAD_DEPLOYMENT as BAD } from '../support/manifests';
import { RULES } from '../../server/src/rules';
import { toSarif } from '../../server/src/cli/sarif';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../shared/src/settings';

/**
 * The official SARIF 2.1.0 JSON schema (OASIS, rtm.5, draft-04), as shipped by
 * @microsoft/jest-sarif; ajv-draft-04 compiles draft-04 schemas with ajv 8.
 */
const SARIF_SCHEMA = JSON.parse(
  fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
) as Record<string, unknown>;
// The schema's language pattern is not valid with the u flag (unicodeRegExp: false).
const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
ajv.addFormat('uri-reference', /^[^\s]*$/);
ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i);
const validate = ajv.compile(SARIF_SCHEMA);
const schemaErrors = () => JSON.stringify(validate.errors?.slice(0, 5), null, 2);

test('sarif: valid 2.1.0 with exact regions, rule metadata and help URIs', async () => {
  const dir = workspace({ 'k8s/web.yaml': BAD });
  const r = await run(['lint', '--format', 'sarif', 'k8s'], dir);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log as unknown), schemaErrors());
  const run0 = log.runs[0];
  assert.equal(run0.tool.driver.name, 'rollout-lens');
  const ids = run0.tool.driver.rules.map((x: { id: string }) => x.id);
  for (const rule of RULES) assert.ok(ids.includes(rule.id), rule.id);
  // One place for the links: package.json repository.url and homepage.
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
  assert.equal(pkg.repository.url, 'https://github.com/rollout-lens/rollout-lens');
  for (const d of run0.tool.driver.rules)
    assert.equal(d.helpUri, `${pkg.repository.url}/blob/main/docs/rules/${d.id}.md`);
  assert.equal(run0.tool.driver.informationUri, pkg.homepage);
  assert.equal(run0.tool.driver.version, pkg.version);
  const seen = run0.results.map(
    (x: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: unknown } }[];
    }) => [
      x.ruleId,
      x.level,
      x.locations[0]?.physicalLocation.artifactLocation.uri,
      x.locations[0]?.physicalLocation.region,
      run0.tool.driver.rules[x.ruleIndex].id,
    ],
  );
  assert.deepEqual(
    seen,
    [
      [
        'invalid-value',
        'error',
        'k8s/web.yaml',
        { startLine: 6, startColumn: 13, endLine: 6, endColumn: 15 },
        'invalid-value',
      ],
      [
        'unknown-field',
        'error',
        'k8s/web.yaml',
        { startLine: 7, startColumn: 3, endLine: 7, endColumn: 17 },
        'unknown-field',
      ],
      [
        'missing-selector',
        'error',
        'k8s/web.yaml',
        { startLine: 5, startColumn: 1, endLine: 5, endColumn: 5 },
        'missing-selector',
      ],
      [
        'missing-min-ready-seconds',
        'warning',
        'k8s/web.yaml',
        { startLine: 10, startColumn: 49, endLine: 10, endColumn: 63 },
        'missing-min-ready-seconds',
      ],
    ].sort((a, b) => (a[3] as { startLine: number }).startLine - (b[3] as { startLine: number }).startLine || 0),
  );
  assert.equal(run0.originalUriBaseIds['%SRCROOT%'].uri, `file://${dir}/`);
});

test('sarif: the schema check itself rejects a broken log', () => {
  assert.equal(
    validate({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: {}, level: 'fatal' }] }],
    }),
    false,
  );
});

const DB = [
  'apiVersion: apps/v1',
  'kind: StatefulSet',
  'metadata:',
  '  name: db',
  'spec:',
  '  serviceName: db',
  '  selector: {matchLabels: {app: db}}',
  '  template:',
  '    metadata: {labels: {app: dbx}}',
  '    spec:',
  '      containers:',
  '        - name: pg',
  '          image: postgres:16',
  '          # rollout-lens-disable-next-line wrong-type',
  '          volumeMounts: [{name: data, mountPath: /d}]',
  '',
].join('\n');
const SERVICES = [
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: db}',
  'spec: {clusterIP: 10.0.0.7, selector: {app: db}, ports: [{port: 5432}]}',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: edge}',
  'spec: {clusterIP: None, type: NodePort, selector: {app: nothing}, ports: [{port: 80}]}',
  '',
].join('\n');

test('sarif: several files, many rules, related locations — valid against the official SARIF 2.1.0 schema', async () => {
  const dir = workspace({
    'k8s/web.yaml': BAD,
    'k8s/db.yaml': DB,
    'k8s/services.yaml': SERVICES,
    'k8s/broken one.yaml': 'apiVersion: v1\nkind: [\n',
  });
  const r = await run(['lint', '--format', 'sarif', 'k8s'], dir);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log as unknown), schemaErrors());
  const run0 = log.runs[0];
  type R = {
    ruleId: string;
    ruleIndex: number;
    locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    relatedLocations?: {
      physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
      message: { text: string };
    }[];
  };
  const results = run0.results as R[];
  const rules = new Set(results.map((x) => x.ruleId));
  for (const id of [
    'invalid-value',
    'unknown-field',
    'missing-selector',
    'selector-mismatch',
    'volume-mount-undefined',
    'governing-service-not-headless',
    'headless-service-type',
    'unused-suppression',
    'yaml-syntax',
  ]) {
    assert.ok(rules.has(id), `${id} in ${[...rules].join(', ')}`);
  }
  for (const x of results) assert.equal(run0.tool.driver.rules[x.ruleIndex].id, x.ruleId);
  assert.deepEqual([...new Set(results.map((x) => x.locations[0]?.physicalLocation.artifactLocation.uri))].sort(), [
    'k8s/broken%20one.yaml',
    'k8s/db.yaml',
    'k8s/services.yaml',
    'k8s/web.yaml',
  ]);
  const headless = results.find((x) => x.ruleId === 'governing-service-not-headless');
  const rel = headless?.relatedLocations?.[0];
  assert.ok(rel, JSON.stringify(headless));
  assert.equal(rel.physicalLocation.artifactLocation.uri, 'k8s/services.yaml');
  assert.equal(rel.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
  assert.equal(rel.physicalLocation.region.startLine, 4);
  assert.ok(rel.message.text.length > 0);
});

test('sarif: the official schema rejects what the 2.1.0 format does not allow', () => {
  const good = toSarif(
    [
      {
        file: 'a.yaml',
        rule: 'invalid-value',
        severity: 'error',
        message: 'm',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 2,
      },
    ],
    'file:///x/',
  );
  assert.ok(validate(good), schemaErrors());
  const extra = JSON.parse(JSON.stringify(good));
  extra.runs[0].results[0].lineNumber = 1;
  assert.equal(validate(extra), false, 'an unknown result property');
  const badRegion = JSON.parse(JSON.stringify(good));
  badRegion.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
  assert.equal(validate(badRegion), false, 'startLine 0');
  assert.equal(validate({ version: '2.1.0' }), false, 'no runs');
});

test('every SARIF help URI has its page in docs/rules; package.json lists the supported Kubernetes versions', () => {
  const repo = path.resolve(__dirname, '../../..');
  const log = toSarif([], 'file:///x/');
  for (const d of log.runs[0]?.tool.driver.rules ?? []) {
    const page = path.join(repo, 'docs/rules', `${d.id}.md`);
    assert.ok(fs.existsSync(page), `missing ${page}`);
    assert.ok(fs.readFileSync(page, 'utf8').startsWith(`# ${d.id}\n`));
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const versions = pkg.contributes.configuration.properties['rolloutLens.kubernetesVersion'].enum;
  assert.deepEqual(versions, ['', ...SUPPORTED_KUBERNETES_VERSIONS]);
});

type FingerprintedResult = {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
  }[];
};

test('sarif: partialFingerprints (rule + object + field path) are unchanged when lines are inserted above a finding', async () => {
  const dir = workspace({ 'k8s/web.yaml': BAD, 'k8s/db.yaml': DB });
  const results = async () =>
    JSON.parse((await run(['lint', '--format', 'sarif', 'k8s'], dir)).stdout).runs[0].results as FingerprintedResult[];
  const before = await results();
  fs.writeFileSync(
    path.join(dir, 'k8s/web.yaml'),
    `# a comment\n# another\n---\n${BAD.replace('  name: web\n', '  name: web\n  labels: {team: a}\n')}`,
  );
  const after = await results();
  assert.equal(after.length, before.length);
  const fp = (r: FingerprintedResult) => r.partialFingerprints['rolloutLens/v1'];
  for (const b of before) {
    assert.match(fp(b) ?? '', /^[0-9a-f]{32}$/);
    const a = after.find(
      (x) =>
        x.ruleId === b.ruleId &&
        x.locations[0]?.physicalLocation.artifactLocation.uri === b.locations[0]?.physicalLocation.artifactLocation.uri,
    );
    assert.ok(a, b.ruleId);
    assert.equal(fp(a), fp(b), `${b.ruleId} keeps its fingerprint`);
    if (b.locations[0]?.physicalLocation.artifactLocation.uri === 'k8s/web.yaml') {
      assert.ok(
        (a.locations[0]?.physicalLocation.region.startLine ?? 0) >
          (b.locations[0]?.physicalLocation.region.startLine ?? 0),
        `${b.ruleId} moved`,
      );
    }
  }
  assert.equal(new Set(before.map(fp)).size, before.length, 'fingerprints are distinct');
  // A different field of the same object and rule is another alert.
  fs.writeFileSync(path.join(dir, 'k8s/web.yaml'), BAD.replace('  minReadySecond: 5\n', '  minReadySecondz: 5\n'));
  const renamed = (await results()).find((x) => x.ruleId === 'unknown-field');
  assert.notEqual(
    fp(renamed as FingerprintedResult),
    fp(before.find((x) => x.ruleId === 'unknown-field') as FingerprintedResult),
  );
});

test('sarif: run from a subfolder of a Git repository, URIs are relative to the repository root (%SRCROOT%)', async () => {
  const dir = workspace({ 'deploy/k8s/web.yaml': BAD });
  fs.mkdirSync(path.join(dir, '.git'));
  const r = await run(['lint', '--format', 'sarif', 'k8s'], path.join(dir, 'deploy'));
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log as unknown), schemaErrors());
  assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, `file://${dir}/`);
  const loc = (log.runs[0].results as FingerprintedResult[])[0]?.locations[0]?.physicalLocation.artifactLocation;
  assert.deepEqual(loc, { uri: 'deploy/k8s/web.yaml', uriBaseId: '%SRCROOT%' });
});

test('sarif: every rule has tags and a precision (very-high for errors: the API server rejects the object)', () => {
  const rules = toSarif([], 'file:///x/').runs[0]?.tool.driver.rules ?? [];
  for (const r of rules) {
    assert.ok(Array.isArray(r.properties?.tags) && r.properties.tags.includes('kubernetes'), r.id);
    assert.ok(['very-high', 'high', 'medium'].includes(String(r.properties?.precision)), r.id);
    assert.ok(r.helpUri?.endsWith(`/docs/rules/${r.id}.md`), r.id);
  }
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const rule of RULES)
    assert.equal(
      byId.get(rule.id)?.properties?.precision,
      rule.defaultSeverity === 'error' ? 'very-high' : rule.defaultSeverity === 'warning' ? 'high' : 'medium',
    );
});
