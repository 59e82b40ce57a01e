/**
 * Hostile and odd input through the manifest model and the language server: alias bombs,
 * deep nesting, files over the size limit, binary and non-UTF-8 bytes, BOM, CRLF, tabs, and a
 * rule that throws. Each must end in bounded time with one clear diagnostic (or none), never
 * an exception, and the server keeps answering.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseManifest } from '../../shared/src/manifest';
import { RULES } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/types';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import type { TestServer } from '../support/lspPair';
import { y } from '../support/lint';

const DEPLOYMENT = y(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  selector: {matchLabels: {app: web}}',
  '  template:',
  '    metadata: {labels: {app: web}}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '          readinessProbe: {httpGet: {path: /, port: 80}}',
);

const text = (m: string | { value: string } | undefined) => (typeof m === 'string' ? m : (m?.value ?? ''));

function billionLaughs(kind: string, levels = 12): string {
  const lines = [
    'apiVersion: apps/v1',
    `kind: ${kind}`,
    'metadata: {name: lol}',
    'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(',')}]`,
    );
  return y(...lines);
}

async function withServer(
  fn: (s: TestServer, errors: string[]) => Promise<void>,
  files: Record<string, string> = {},
  rootPath?: string,
): Promise<void> {
  const s = await startTestServer({ fileSystem: memoryFileSystem(files), ...(rootPath ? { rootPath } : {}) });
  const errors: string[] = [];
  s.client.onNotification('window/logMessage', (m: { type: number; message: string }) => {
    if (m.type === 1) errors.push(m.message);
  });
  try {
    await fn(s, errors);
  } finally {
    s.dispose();
  }
}

test(
  'alias bomb (billion laughs, 10^12 nodes) in a Deployment: one clear diagnostic, bounded time',
  { timeout: 20_000 },
  async () => {
    await withServer(async (s) => {
      await s.open('file:///ws/bomb.yaml', billionLaughs('Deployment'));
      const ds = await s.pull('file:///ws/bomb.yaml');
      assert.deepEqual(
        ds.map((d) => d.code),
        ['yaml-alias-limit'],
      );
      assert.match(text(ds[0]?.message), /alias/i);
    });
  },
);

test('alias bomb in a kind no rule checks: not parsed, nothing reported, no time spent', { timeout: 20_000 }, () => {
  const m = parseManifest(billionLaughs('ConfigMap', 30) + '---\n' + DEPLOYMENT);
  assert.deepEqual(m.syntaxErrors, []);
  assert.deepEqual(
    m.objects.map((o) => o.kind),
    ['ConfigMap', 'Deployment'],
  );
});

for (const [what, nested] of [
  ['flow sequences', (n: number) => '['.repeat(n) + ']'.repeat(n)],
  ['flow mappings', (n: number) => '{a: '.repeat(n) + '}'.repeat(n)],
  ['unclosed flow sequences', (n: number) => '['.repeat(n)],
] as const) {
  test(
    `deeply nested ${what} (50,000 levels): one clear diagnostic, bounded time and memory`,
    { timeout: 30_000 },
    async () => {
      const text = y('apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: deep}', `spec: ${nested(50_000)}`);
      const m = parseManifest(text);
      assert.equal(m.syntaxErrors.length, 1, JSON.stringify(m.syntaxErrors.map((e) => e.message)));
      assert.match(m.syntaxErrors[0]?.message ?? '', /nested too deeply/);
      for (const e of m.syntaxErrors) assert.ok(e.span[0] >= 0 && e.span[1] <= text.length);
      await withServer(async (s) => {
        await s.open('file:///ws/deep.yaml', text);
        const ds = await s.pull('file:///ws/deep.yaml');
        assert.equal(ds.length, 1);
        assert.equal(ds[0]?.severity, 1);
      });
    },
  );
}

test('deep block nesting (3,000 indentation levels): no crash, at most one diagnostic', { timeout: 30_000 }, () => {
  const lines = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: deep}', 'spec:'];
  for (let i = 1; i <= 3000; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  const m = parseManifest(y(...lines));
  assert.ok(m.syntaxErrors.length <= 1);
});

test(
  'a file over rolloutLens.maxFileSize (default 5 MB): one information diagnostic, not checked, not indexed from disk',
  { timeout: 30_000 },
  async () => {
    const filler = '# ' + 'x'.repeat(98) + '\n';
    const big = DEPLOYMENT + filler.repeat(Math.ceil((5.2 * 1024 * 1024) / filler.length));
    const bigService =
      y('apiVersion: v1', 'kind: Service', 'metadata: {name: kubia}', 'spec: {clusterIP: None}') +
      filler.repeat(60_000);
    const sts = y(
      'apiVersion: apps/v1',
      'kind: StatefulSet',
      'metadata: {name: kubia}',
      'spec:',
      '  serviceName: kubia',
      '  volumeClaimTemplates: [{metadata: {name: d}}]',
      '  template: {spec: {containers: [{name: c, volumeMounts: [{name: d, mountPath: /d}]}]}}',
    );
    await withServer(
      async (s) => {
        await s.open('file:///ws/big.yaml', big);
        const ds = await s.pull('file:///ws/big.yaml');
        assert.equal(ds.length, 1);
        assert.equal(ds[0]?.severity, 3, 'information');
        assert.equal(ds[0]?.code, 'file-too-large');
        assert.match(text(ds[0]?.message), /5\.\d MB, over the 5\.0 MB limit \(setting rolloutLens\.maxFileSize\)/);
        // The 6 MB Service on disk was skipped by the indexing: the StatefulSet does not see it.
        await s.open('file:///ws/sts.yaml', sts);
        assert.ok((await s.pull('file:///ws/sts.yaml')).some((d) => d.code === 'governing-service-missing'));
      },
      { '/ws/svc.yaml': bigService },
      '/ws',
    );
  },
);

test('binary and non-UTF-8 content: no crash, ranges inside the document, one diagnostic per document at most', async () => {
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  const texts = [
    bytes.toString('utf8'), // invalid UTF-8 → U+FFFD, as the server reads files
    bytes.toString('latin1'),
    '\0'.repeat(100),
    DEPLOYMENT.replace('nginx', 'ngi\uFFFD\u0000nx'),
    '\uFEFF\uFEFF' + DEPLOYMENT,
    DEPLOYMENT + '\uD800',
  ];
  await withServer(async (s, errors) => {
    for (const [i, text] of texts.entries()) {
      const uri = `file:///ws/bin${i}.yaml`;
      await s.open(uri, text);
      const ds = await s.pull(uri);
      const lineCount = text.split(/\r\n|\r|\n/).length;
      for (const d of ds)
        assert.ok(d.range.start.line >= 0 && d.range.end.line < lineCount, `${i}: ${JSON.stringify(d.range)}`);
      const docs = text.split(/^---/m).length;
      assert.ok(ds.filter((d) => d.code === 'yaml-syntax').length <= docs, `${i}: ${ds.length} diagnostics`);
    }
    assert.deepEqual(errors, []);
  });
});

test('BOM and CRLF: the same findings as the plain file; tabs: a message that says tab', async () => {
  await withServer(async (s) => {
    const plain = 'file:///ws/plain.yaml';
    await s.open(plain, DEPLOYMENT);
    const expected = (await s.pull(plain)).map((d) => [d.code, d.range.start.line]);
    assert.ok(expected.length > 0);
    for (const [name, text] of [
      ['bom', '\uFEFF' + DEPLOYMENT],
      ['crlf', DEPLOYMENT.replace(/\n/g, '\r\n')],
      ['bom+crlf', '\uFEFF' + DEPLOYMENT.replace(/\n/g, '\r\n')],
    ] as const) {
      const uri = `file:///ws/${name}.yaml`;
      await s.open(uri, text);
      assert.deepEqual(
        (await s.pull(uri)).map((d) => [d.code, d.range.start.line]),
        expected,
        name,
      );
    }
    const tabs = 'file:///ws/tabs.yaml';
    await s.open(tabs, DEPLOYMENT.replace('    metadata:', '\tmetadata:'));
    const ds = await s.pull(tabs);
    assert.equal(ds.filter((d) => d.code === 'yaml-syntax').length, 1);
    assert.match(text(ds.find((d) => d.code === 'yaml-syntax')?.message), /tab/i);
  });
});

test('a rule that throws: the other rules still report, the error is logged once, the server stays up', async () => {
  const broken: Rule = {
    id: 'always-throws',
    kinds: ['Deployment'],
    defaultSeverity: 'warning',
    summary: 'test rule',
    docs: 'test rule',
    check() {
      throw new Error('boom');
    },
  };
  (RULES as Rule[]).push(broken);
  try {
    await withServer(async (s, errors) => {
      const uri = 'file:///ws/d.yaml';
      await s.open(uri, DEPLOYMENT);
      const first = await s.pull(uri);
      await s.change(uri, DEPLOYMENT.replace('web', 'web2'), 2);
      const second = await s.pull(uri);
      assert.ok(
        first.some((d) => d.code === 'missing-min-ready-seconds'),
        'other rules report',
      );
      assert.ok(second.some((d) => d.code === 'missing-min-ready-seconds'));
      assert.equal(errors.filter((e) => e.includes('always-throws')).length, 1, 'logged once');
      assert.match(errors[0] ?? '', /boom/);
    });
  } finally {
    (RULES as Rule[]).splice((RULES as Rule[]).indexOf(broken), 1);
  }
});

test('files indexed from disk: nodes re-parsed on demand, files without Services or pod templates kept as a URI only', async () => {
  const svc = y('apiVersion: v1', 'kind: Service', 'metadata: {name: kubia}', 'spec: {clusterIP: 10.0.0.1}');
  const sts = y(
    'apiVersion: apps/v1',
    'kind: StatefulSet',
    'metadata: {name: kubia}',
    'spec:',
    '  serviceName: kubia',
    '  volumeClaimTemplates: [{metadata: {name: d}}]',
    '  template: {spec: {containers: [{name: c, volumeMounts: [{name: d, mountPath: /d}]}]}}',
  );
  const files: Record<string, string> = {
    '/ws/svc.yaml': svc,
    '/ws/cfg.yaml': y('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}'),
  };
  await withServer(
    async (s) => {
      await s.open('file:///ws/sts.yaml', sts);
      // The Service on disk (its nodes dropped at indexing) is found, and its clusterIP located for related
      // information.
      const ds = await s.pull('file:///ws/sts.yaml');
      const notHeadless = ds.find((d) => d.code === 'governing-service-not-headless');
      assert.ok(notHeadless, JSON.stringify(ds.map((d) => d.code)));
      assert.deepEqual(notHeadless.relatedInformation?.[0]?.location.range.start, { line: 3, character: 18 });
      // The ConfigMap file turns into a Service on disk: seen from then on.
      files['/ws/svc.yaml'] = y('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}');
      files['/ws/cfg.yaml'] = svc.replace('10.0.0.1', 'None');
      const refreshed = s.nextRefresh();
      await s.watched([
        { uri: 'file:///ws/svc.yaml', type: 2 },
        { uri: 'file:///ws/cfg.yaml', type: 2 },
      ]);
      await refreshed;
      const after = await s.pull('file:///ws/sts.yaml');
      assert.ok(
        !after.some((d) => d.code === 'governing-service-not-headless' || d.code === 'governing-service-missing'),
        JSON.stringify(after.map((d) => d.code)),
      );
    },
    files,
    '/ws',
  );
});
