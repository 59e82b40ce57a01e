/**
 * Wrong output from hostile or unlucky input (issue #16): fix-all fixes that conflict without
 * overlapping, spreads over user-sized data, quadratic edit application.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseManifest } from '../../shared/src/manifest';
import { applyEdits, fixAll } from '../../server/src/codeActions';
import { lintFile } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';
import { y } from '../support/lint';
import { isWorkload } from '../../shared/src/manifest';
import { LineIndex } from '../../shared/src/lines';
import { buildApplyEdits } from '../../shared/src/preview/applyEdits';
import { toSimulation } from '../../shared/src/preview/whatIf';
import { normalizeSettings, ruleSettingFrom } from '../../shared/src/settings';
import { parseConfigFile } from '../../server/src/config';
import { escapeMarkdown, hoverAt } from '../../server/src/hover';
import { stringMap } from '../../server/src/rules/support';
import { cli } from '../support/cliIo';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import { assertAlive, hover, within } from '../support/attack';
import { table } from '../../server/src/cli/preview';
import { MAX_STATEFULSET_PODS } from '../../shared/src/sim/statefulset/simulate';
import { isRestorableUri } from '../../shared/src/preview/webviewMessages';
import { computePreview } from '../../shared/src/preview/session';
import { NO_CONTEXT } from '../../shared/src/preview/pipeline';
import { DEFAULT_WHAT_IF } from '../../shared/src/preview/whatIf';

const TYPO = y(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: web}',
  'spec:',
  '  minReadySecond: 10',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '          readinessProbe: {httpGet: {path: /, port: 80}}',
);

test('fix-all: a rename to a key another fix inserts (minReadySecond → minReadySeconds) is not applied twice', () => {
  const index = new WorkspaceIndex();
  const text = `${TYPO}---\n${TYPO.replace('name: web', 'name: web2')}`;
  const file = index.update('file:///ws/a.yaml', text).file;
  const findings = lintFile(file, index, {});
  const rules = findings.map((f) => f.rule);
  assert.ok(rules.includes('unknown-field') && rules.includes('missing-min-ready-seconds'), rules.join());
  const all = fixAll(file.uri, findings, undefined, 1, file.manifest);
  assert.ok(all);
  const fixed = applyEdits(text, all.edits);
  assert.deepEqual(parseManifest(fixed).syntaxErrors, [], fixed);
  assert.equal(fixed.match(/minReadySeconds:/g)?.length, 2, fixed);
  // Re-linting the fixed text: nothing of either rule is left.
  const again = lintFile(index.update('file:///ws/a.yaml', fixed).file, index, {}).map((f) => f.rule);
  assert.ok(!again.includes('missing-min-ready-seconds') && !again.includes('unknown-field'), again.join());
});

test('applyEdits is linear: 40,000 edits on a 2 MB text', () => {
  const text = 'x'.repeat(2 * 1024 * 1024);
  const edits = Array.from({ length: 40_000 }, (_, i) => ({ span: [i * 50, i * 50 + 1] as const, newText: 'y' }));
  const started = Date.now();
  const out = applyEdits(text, edits);
  assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  assert.equal(out.length, text.length);
  assert.equal(out.slice(0, 51), `y${'x'.repeat(49)}y`);
  assert.equal(
    applyEdits('abc', [
      { span: [1, 1], newText: '1' },
      { span: [1, 1], newText: '2' },
      { span: [1, 2], newText: 'B' },
    ]),
    'a12Bc',
  );
});

test('a preview with more rows than a call may have arguments prints (no Math.max(...rows))', async () => {
  // 300,000 rows: far past V8's argument limit (the simulator refuses StatefulSets past MAX_STATEFULSET_PODS, so
  // the table is given the rows directly), then the largest StatefulSet created pod by pod, through the CLI.
  const rows = Array.from({ length: 300_000 }, (_, i) => [`web-${i}`, 'SuccessfulCreate', `create Pod web-${i}`]);
  const lines = table(rows);
  assert.equal(lines.length, rows.length);
  assert.equal(lines[9]?.indexOf('SuccessfulCreate'), lines[299_999]?.indexOf('SuccessfulCreate'), 'aligned columns');
  const max = String(MAX_STATEFULSET_PODS);
  const r = await cli(['preview', '--scenario', 'create', '--replicas', max, 'examples/kubia-statefulset.yaml']);
  assert.equal(r.code, 0, r.stderr.slice(0, 500));
  assert.match(r.stdout, new RegExp(`kubia-${MAX_STATEFULSET_PODS - 1}\\b`));
});

test('user-sized counts: --replicas past int32 is a usage error; Apply never writes -5, 1.5 or 1e+21', async () => {
  const huge = await cli(['preview', '--replicas', '99999999999999999999', 'examples/kubia-statefulset.yaml']);
  assert.equal(huge.code, 2);
  assert.match(huge.stderr, /--replicas must be at most 2147483647/);
  const text = TYPO.replace('  minReadySecond: 10\n', '');
  const o = parseManifest(text).objects.find(isWorkload);
  assert.ok(o);
  for (const bad of [-5, 1.5, 1e21, Number.MAX_SAFE_INTEGER]) {
    const plan = buildApplyEdits(text, o.node, 'Deployment', {
      scenario: 'update',
      replicas: bad,
      minReadySeconds: bad,
    });
    assert.deepEqual(plan.edits, [], String(bad));
    assert.deepEqual(plan.skipped.sort(), ['minReadySeconds', 'replicas']);
    const settings = toSimulation({ scenario: 'update', replicas: bad }, 3);
    assert.match(settings.errors.join(), /replicas must be a whole number from 0 to 2147483647/);
  }
});

test('user keys never reach Object.prototype: severities constructor/__proto__, selector key toString', () => {
  assert.equal(ruleSettingFrom('constructor'), undefined);
  assert.equal(ruleSettingFrom('toString'), undefined);
  assert.equal(ruleSettingFrom('warn'), 'warning');
  const config = parseConfigFile(
    y('rules:', '  missing-readiness-probe: constructor', '  __proto__: warning', '  toString: hasOwnProperty'),
  );
  assert.equal(Object.getPrototypeOf(config.settings.rules), Object.prototype);
  assert.equal(config.settings.rules['missing-readiness-probe'], undefined);
  assert.ok(
    config.problems.some((m) => /constructor/.test(m)),
    config.problems.join('\n'),
  );
  assert.deepEqual(normalizeSettings({ rules: JSON.parse('{"__proto__": "error"}') }).rules, {});
  const labels = stringMap({ app: 'web' });
  assert.equal(labels.toString, undefined);
  assert.equal(labels.constructor, undefined);
});

test('hover Markdown: YAML keys are escaped (no links, images, HTML)', () => {
  assert.equal(
    escapeMarkdown('[x](http://e/) ![i](http://e/i.png) <img src=x> *b* `c`'),
    '\\[x\\]\\(http://e/\\) \\!\\[i\\]\\(http://e/i.png\\) \\<img src=x\\> \\*b\\* \\`c\\`',
  );
  const text = TYPO.replace('minReadySecond: 10', '"[click](https://evil.example/)": 10');
  const index = new WorkspaceIndex();
  const file = index.update('file:///ws/h.yaml', text).file;
  const markdown = hoverAt(file, text.indexOf('[click') + 2)?.markdown ?? '';
  assert.match(markdown, /\\\[click\\\]\\\(https:\/\/evil\.example\/\\\)/);
  assert.doesNotMatch(markdown, /(^|[^\\])\[click\]\(/);
});

test('CRLF: a position never falls between \\r and \\n', () => {
  const lines = new LineIndex('a: 1\r\nb: 2\r\n');
  assert.deepEqual(lines.positionAt(4), { line: 0, character: 4 });
  assert.deepEqual(lines.positionAt(5), { line: 0, character: 4 }, 'between \\r and \\n: the end of the line');
  assert.deepEqual(lines.positionAt(6), { line: 1, character: 0 });
  const crlf = TYPO.replace(/\n/g, '\r\n');
  const index = new WorkspaceIndex();
  const file = index.update('file:///ws/c.yaml', crlf).file;
  for (const f of lintFile(file, index, {})) {
    for (const at of f.span) {
      const p = file.lines.positionAt(at);
      const lineEnd = crlf.indexOf('\r\n', file.lines.offsetAt({ line: p.line, character: 0 }));
      assert.ok(lineEnd < 0 || file.lines.offsetAt(p) <= lineEnd, `${f.rule} ends inside a CRLF`);
    }
  }
});

test('hovers do not wait for the initial workspace indexing', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const files = memoryFileSystem({ '/ws/a.yaml': TYPO });
  const slow = { ...files, listYamlFiles: async (root: string) => (await gate, files.listYamlFiles(root)) };
  const server = await startTestServer({ rootPath: '/ws', fileSystem: slow, waitForIndex: false });
  try {
    await server.open('file:///ws/b.yaml', TYPO);
    const answer = await within(2000, 'hover while indexing', hover(server, 'file:///ws/b.yaml', 4, 4));
    assert.ok(answer);
  } finally {
    const indexed = server.nextRefresh();
    release();
    await indexed; // the server finishes indexing before the connection goes away
    server.dispose();
  }
});

test('a burst of .rollout-lens.yaml change events runs one re-index, not one per event', async () => {
  const logs: string[] = [];
  const files = { '/ws/.rollout-lens.yaml': 'rules: {}\n', '/ws/a.yaml': TYPO };
  const s = await startTestServer({
    rootPath: '/ws',
    fileSystem: memoryFileSystem(files),
    onLog: (_, m) => void logs.push(m),
  });
  try {
    const sent = [];
    for (let i = 0; i < 20; i++) sent.push(s.watched([{ uri: 'file:///ws/.rollout-lens.yaml', type: 2 }]));
    await Promise.all(sent);
    await assertAlive(s); // a hover within 2 s while the re-index runs
    await s.open('file:///ws/b.yaml', TYPO);
    await within(10_000, 'a pull after the burst (it waits for the re-index)', s.pull('file:///ws/b.yaml'));
    const indexed = logs.filter((m) => /^Indexed \d+ YAML files/.test(m)).length;
    assert.ok(indexed <= 3, `${indexed} indexing runs for 20 events`);
  } finally {
    s.dispose();
  }
});

test('panel restore: only a document that is open or a file inside a workspace folder is revived', () => {
  const open = ['untitled:Untitled-1', 'file:///elsewhere/open.yaml'];
  const folders = ['file:///ws', 'file:///other/'];
  const cases: [uri: string, restorable: boolean][] = [
    ['file:///ws/app/deploy.yaml', true],
    ['file:///other/x.yml', true],
    ['untitled:Untitled-1', true],
    ['file:///elsewhere/open.yaml', true],
    ['file:///elsewhere/closed.yaml', false],
    ['file:///wsx/deploy.yaml', false],
    ['file:///ws', false],
    ['file:///ws/../etc/passwd', false],
    ['file:///ws/%2e%2e/etc/passwd', false],
    ['file:///ws/a%2Fb.yaml', false],
    ['file:///ws/a%5C..%5Cb.yaml', false],
    ['file:///ws/a.yaml?query', false],
    ['file:///ws/a.yaml#frag', false],
    ['untitled:Untitled-2', false],
    ['vscode-vfs://github/x/ws/a.yaml', false],
    ['command:workbench.action.quit', false],
    ['', false],
  ];
  for (const [uri, restorable] of cases) assert.equal(isRestorableUri(uri, open, folders), restorable, uri);
});

test('the change classifier failing costs the change report, never the plan (the panel keeps updating)', () => {
  const text = y(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  replicas: 2',
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    '    spec: {containers: [{name: c, image: nginx}]}',
  );
  const manifest = parseManifest(text);
  const base = parseManifest(text);
  // A stand-in for a classifier failure (no manifest makes it throw any more): a baseline value that throws.
  const throwing = new Proxy(
    {},
    {
      get: () => {
        throw new Error('boom in the classifier');
      },
    },
  );
  const baseline = { ...base, objects: base.objects.map((o) => ({ ...o, value: throwing })) };
  const r = computePreview({
    manifest,
    baseline,
    target: { kind: 'Deployment', name: 'web', docIndex: 0 },
    whatIf: DEFAULT_WHAT_IF,
    context: NO_CONTEXT,
  });
  assert.equal(r.payload.type, 'render');
  assert.ok(r.plan, 'the plan is still there');
  const change = (r.payload as { change: { headline: string } }).change;
  assert.match(change.headline, /could not compare this Deployment with its baseline \(boom in the classifier\)/);
});

test('CLI: a reader that goes away (lint | head) ends the CLI quietly, no stack trace', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-epipe-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const deployment = (i: number) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d${i}}\nspec:\n  selector: {matchLabels: {app: d${i}}}\n` +
    `  template:\n    metadata: {labels: {app: d${i}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
  // Megabytes of JSON findings: far more than a pipe holds, so the CLI is still writing when the reader leaves.
  fs.writeFileSync(path.join(dir, 'many.yaml'), Array.from({ length: 3000 }, (_, i) => deployment(i)).join('---\n'));
  const main = path.resolve(__dirname, '../../server/src/cli/cliMain.js');
  const child = spawn(process.execPath, [main, 'lint', '--format', 'json', 'many.yaml'], { cwd: dir });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy(); // as `head -c 1` does
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  assert.doesNotMatch(stderr, /EPIPE|Unhandled|\n\s+at /, stderr);
  assert.ok(code === 0 || code === 1, `exit ${code}`);
});
