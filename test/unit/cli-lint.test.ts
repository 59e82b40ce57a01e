/** `rollout-lens lint`: formats, exit codes, clear errors. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '../support/cliIo';

test('json: every example finding with 1-based positions and the object', async () => {
  const r = await cli(['lint', '--format', 'json', 'examples/*.yaml']); // kustomize/, helm/: render-examples.test
  assert.equal(r.code, 0, r.stderr);
  const { diagnostics } = JSON.parse(r.stdout) as { diagnostics: Record<string, unknown>[] };
  assert.deepEqual(
    diagnostics.map((d) => [d.file, d.rule, d.severity, d.line, d.column, d.endLine, d.endColumn, d.object]),
    [
      [
        'examples/deployment-no-min-ready.yaml',
        'missing-min-ready-seconds',
        'warning',
        20,
        11,
        20,
        25,
        'Deployment/kubia-fast',
      ],
      [
        'examples/governing-service-missing.yaml',
        'service-selector-no-match',
        'warning',
        10,
        3,
        10,
        11,
        'Service/queue',
      ],
      [
        'examples/governing-service-missing.yaml',
        'governing-service-missing',
        'information',
        19,
        16,
        19,
        21,
        'StatefulSet/queue',
      ],
      [
        'examples/governing-service-missing.yaml',
        'claim-template-unmounted',
        'warning',
        34,
        15,
        34,
        19,
        'StatefulSet/queue',
      ],
      [
        'examples/governing-service-not-headless.yaml',
        'governing-service-not-headless',
        'warning',
        20,
        16,
        20,
        18,
        'StatefulSet/db',
      ],
      // The book's image has no version tag.
      ['examples/kubia-statefulset.yaml', 'image-mutable-tag', 'warning', 22, 18, 22, 33, 'StatefulSet/kubia'],
      ['examples/statefulset-problems.yaml', 'missing-service-name', 'warning', 7, 1, 7, 5, 'StatefulSet/cache'],
      [
        'examples/statefulset-problems.yaml',
        'missing-volume-claim-templates',
        'information',
        7,
        1,
        7,
        5,
        'StatefulSet/cache',
      ],
    ],
  );
});

test('text: one line per finding and a summary', async () => {
  const r = await cli(['lint', 'examples/statefulset-problems.yaml']);
  assert.equal(r.code, 0);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(
    lines[0] ?? '',
    /^examples\/statefulset-problems\.yaml:7:1: warning \[missing-service-name\] StatefulSet\/cache: /,
  );
  assert.equal(lines.at(-1), '1 file checked: 0 errors, 1 warnings, 1 infos, 0 hints.');
});

test('exit 1 when an error-severity finding exists', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-'));
  fs.writeFileSync(path.join(dir, 'bad.yaml'), 'a: [\n');
  const r = await cli(['lint', '--format=json', dir]);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).diagnostics[0].rule, 'yaml-syntax');
});

const usage: [name: string, argv: string[], stderr: RegExp][] = [
  ['missing file', ['lint', 'no/such/file.yaml'], /no such file or directory: no\/such\/file\.yaml/],
  ['directory without manifests', ['lint', fs.mkdtempSync(path.join(os.tmpdir(), 'rl-empty-'))], /no YAML manifests/],
  ['no paths', ['lint'], /needs at least one file/],
  ['bad format', ['lint', '--format', 'xml', 'examples'], /--format must be one of text, json/],
  ['unknown option', ['lint', '--frobnicate', 'examples'], /unknown option --frobnicate/],
  ['unknown command', ['lnt'], /unknown command "lnt"/],
];
for (const [name, argv, stderr] of usage) {
  test(`usage error exits 2 with a clear message: ${name}`, async () => {
    const r = await cli(argv);
    assert.equal(r.code, 2);
    assert.match(r.stderr, stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
}
