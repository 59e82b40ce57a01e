/**
 * Fuzzing the attack classes of issue #16 (fast-check, fixed seeds, no sleeps), beside fuzz-mutations.test.ts:
 * - edit storms: pipelined full-document syncs of multi-MB texts and incremental edits, pulls and hovers in flight;
 *   afterwards the diagnostics equal a fresh server's for the final text;
 * - hostile configurations (`.rollout-lens.yaml` that is no mapping, aliases, prototype keys, bad and backtracking
 *   globs, huge, deep, NULs, random JSON): the server re-reads each and keeps answering within 2 s; the CLI exits
 *   0, 1 or 2 with one clear line, never an internal error;
 * - device files, FIFOs, sockets, symlink loops and friends appearing under watched `*.yaml` names on a real disk:
 *   the server keeps answering and keeps the good files' Services (no false cross-file finding).
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { DidChangeTextDocumentNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../shared/src/lines';
import { nodeFileSystem, pathToUri, uriToPath } from '../../server/src/fileSystem';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import { assertAlive, hover, within } from '../support/attack';
import { codes, KUBIA_STS } from '../support/lspFixtures';
import { cli } from '../support/cliIo';
import { y } from '../support/lint';

const BIG = fs.readFileSync(
  path.resolve(__dirname, '../../../test/fixtures/corpus/argo-cd/manifests/ha/install.yaml'),
  'utf8',
);
const HEADLESS = y(
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: kubia}',
  'spec: {clusterIP: None, selector: {app: kubia}, ports: [{port: 80}]}',
);
const SELF_ALIAS = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: &s {selector: {app: a}, x: *s}\n';
const STORM_TEXTS = [
  BIG,
  BIG.replace(/replicas: \d+/g, 'replicas: 99999999999999999999'),
  `${BIG}\n---\n${SELF_ALIAS}`,
  KUBIA_STS,
  `${KUBIA_STS}---\n${HEADLESS}`,
  SELF_ALIAS,
  KUBIA_STS.replace(/\n/g, '\r\n'),
  '',
];

const sortKey = (d: Diagnostic) => JSON.stringify([d.range, d.code, d.message]);
const comparable = (ds: readonly Diagnostic[]) =>
  ds
    .map((d) => ({ range: d.range, code: d.code, message: d.message, severity: d.severity }))
    .sort((a, b) => sortKey(a as Diagnostic).localeCompare(sortKey(b as Diagnostic)));

type StormStep =
  | { kind: 'sync'; text: number }
  | { kind: 'edit'; at: number; remove: number; insert: string }
  | { kind: 'pull' }
  | { kind: 'hover'; line: number };

const stormStep: fc.Arbitrary<StormStep> = fc.oneof(
  fc.record({ kind: fc.constant('sync' as const), text: fc.nat({ max: STORM_TEXTS.length - 1 }) }),
  fc.record({
    kind: fc.constant('edit' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    remove: fc.nat({ max: 40 }),
    insert: fc.constantFrom('', '#', ': ', '\n- ', '\r\n', '---\n', '&a ', '*a', '{', '  ', 'x'.repeat(200)),
  }),
  fc.record({ kind: fc.constant('pull' as const) }),
  fc.record({ kind: fc.constant('hover' as const), line: fc.nat({ max: 60_000 }) }),
);

test('fuzz: edit storms of multi-MB full syncs and incremental edits, pipelined; the result equals a fresh parse', async () => {
  const s = await startTestServer();
  const fresh = await startTestServer();
  const uri = 'file:///storm/install.yaml';
  let version = 1;
  let text = KUBIA_STS;
  await s.open(uri, text, version);
  let multiMegabyteWithFindings = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(stormStep, { minLength: 1, maxLength: 14 }), async (steps) => {
        const inFlight: Promise<unknown>[] = [];
        for (const step of steps) {
          if (step.kind === 'sync') {
            text = STORM_TEXTS[step.text] as string;
            inFlight.push(s.change(uri, text, ++version));
          } else if (step.kind === 'edit') {
            const lines = new LineIndex(text);
            const start = Math.floor(step.at * text.length);
            const end = Math.min(text.length, start + step.remove);
            const range = { start: lines.positionAt(start), end: lines.positionAt(end) };
            text = text.slice(0, start) + step.insert + text.slice(end);
            inFlight.push(
              s.client.sendNotification(DidChangeTextDocumentNotification.type, {
                textDocument: { uri, version: ++version },
                contentChanges: [{ range, text: step.insert }],
              }),
            );
          } else if (step.kind === 'pull') inFlight.push(s.pull(uri));
          else inFlight.push(hover(s, uri, step.line, 2));
        }
        await within(30_000, 'the storm is answered', Promise.all(inFlight));
        const got = await within(10_000, 'pull after the storm', s.pull(uri));
        await fresh.open('file:///storm/install.yaml', text);
        const expected = await fresh.pull('file:///storm/install.yaml');
        await fresh.close('file:///storm/install.yaml');
        assert.deepEqual(comparable(got), comparable(expected));
        if (text.length > 1024 * 1024 && expected.length > 0) multiMegabyteWithFindings++;
      }),
      { seed: 1616, numRuns: 12 },
    );
    assert.ok(multiMegabyteWithFindings >= 3, `${multiMegabyteWithFindings} runs end on a multi-MB text with findings`);
    await assertAlive(s);
  } finally {
    s.dispose();
    fresh.dispose();
  }
});

/** Configuration texts an untrusted repository may hold. */
const HOSTILE_CONFIGS: string[] = [
  '',
  '~',
  '- rules',
  'rules',
  'rules: [',
  '&a [*a]',
  `a: &a [x, x, x]\n${Array.from({ length: 120 }, (_, i) => `b${i}: *a`).join('\n')}\n`,
  'rules: {__proto__: error, constructor: warning, toString: off}',
  'rules: {missing-readiness-probe: constructor, missing-service-name: __proto__}',
  '__proto__: {rules: {x: error}}',
  'ignorePaths: ["[z-a]", "*a*a*a*a*a*a*a*a*a*a*a*ab", "**/**/**/**/**/**/**/**/**/**/**/x", "{a,b"]',
  `ignorePaths: ["${'*'.repeat(5000)}b"]`,
  'ignorePaths: 5',
  'ignorePaths: [1, null, {a: b}, ["x"]]',
  'kubernetesVersion: 99999999999999999999',
  'kubernetesVersion: [1, 2]',
  'kubernetesVersion: "1.999999999999"',
  `${'['.repeat(5000)}`,
  `rules:\n${'  '.repeat(2000)}x: y\n`,
  `# ${'x'.repeat(300 * 1024)}\n`,
  '\uFEFFrules: {}',
  'rules: {}\0\0',
  `rules: {${Array.from({ length: 5000 }, (_, i) => `r${i}: off`).join(', ')}}`,
];

const configText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_CONFIGS),
  fc
    .dictionary(
      fc.constantFrom('rules', 'ignorePaths', 'kubernetesVersion', '__proto__', 'constructor', 'x'),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map((o) => JSON.stringify(o)),
);

test('fuzz: hostile .rollout-lens.yaml, re-read by the server and read by the CLI', async () => {
  const files: Record<string, string> = { '/ws/.rollout-lens.yaml': '', '/ws/svc.yaml': HEADLESS };
  const logged: string[] = [];
  const s = await startTestServer({
    rootPath: '/ws',
    fileSystem: memoryFileSystem(files),
    onLog: (type, m) => void (type === 1 && logged.push(m)),
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-fuzz-config-'));
  fs.writeFileSync(path.join(dir, 'sts.yaml'), KUBIA_STS);
  const uri = 'file:///ws/sts.yaml';
  await s.open(uri, KUBIA_STS);
  const exits = new Set<number>();
  try {
    await fc.assert(
      fc.asyncProperty(configText, async (config) => {
        files['/ws/.rollout-lens.yaml'] = config;
        await s.watched([{ uri: 'file:///ws/.rollout-lens.yaml', type: FileChangeType.Changed }]);
        const ds = await within(2000, 'pull after a config change', s.pull(uri));
        assert.ok(!codes(ds).includes('governing-service-missing'), 'the workspace Service is still known');
        await assertAlive(s);

        fs.writeFileSync(path.join(dir, '.rollout-lens.yaml'), config);
        const r = await within(5000, 'CLI with the config', cli(['lint', 'sts.yaml'], dir));
        assert.ok([0, 1, 2].includes(r.code), `exit ${r.code}`);
        exits.add(r.code);
        assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
        if (r.code === 2) assert.match(r.stderr, /^rollout-lens lint: [^\n]+\n$/);
      }),
      { seed: 1617, numRuns: 60 },
    );
    assert.ok(exits.has(0) && exits.has(2), `configurations accepted and refused: exits ${[...exits]}`);
    assert.deepEqual(
      logged.filter((m) => /failed|Indexing/.test(m)),
      [],
    );
  } finally {
    s.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

let disk = '';
let sockets: net.Server[] = [];
const canFifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--help']).status === 0;

/** What a watched `*.yaml` name may turn into (each replaces whatever was there). */
const FILE_KINDS: Record<string, (file: string) => Promise<void> | void> = {
  regular: (f) => fs.writeFileSync(f, HEADLESS.replace('kubia', 'other')),
  zero: (f) => fs.symlinkSync('/dev/zero', f),
  urandom: (f) => fs.symlinkSync('/dev/urandom', f),
  null: (f) => fs.symlinkSync('/dev/null', f),
  fifo: (f) => void (canFifo && spawnSync('mkfifo', [f])),
  socket: async (f) => {
    const server = net.createServer();
    sockets.push(server);
    await new Promise<void>((resolve) => server.listen(f, resolve));
  },
  directory: (f) => fs.mkdirSync(f),
  loop: (f) => fs.symlinkSync(f, f),
  dangling: (f) => fs.symlinkSync(`${f}.nowhere`, f),
  toDirectory: (f) => fs.symlinkSync(disk, f),
  big: (f) => fs.writeFileSync(f, `# ${'x'.repeat(6 * 1024 * 1024)}\n`),
  utf16: (f) => fs.writeFileSync(f, Buffer.from(`\uFEFF${HEADLESS}`, 'utf16le')),
};

before(() => {
  disk = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-fuzz-files-'));
  fs.writeFileSync(path.join(disk, 'good.yaml'), HEADLESS);
});

after(() => {
  for (const s of sockets) s.close();
  sockets = [];
  fs.rmSync(disk, { recursive: true, force: true });
});

test('fuzz: device files, FIFOs, sockets and symlink loops under watched names; the server keeps its good files', async () => {
  const s = await startTestServer({ rootPath: disk, fileSystem: nodeFileSystem });
  const uri = pathToUri(path.join(disk, 'open', 'sts.yaml'));
  await s.open(uri, KUBIA_STS);
  const names = ['a.yaml', 'b.yml', 'c.yaml', '.rollout-lens.yaml'];
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: fc.constantFrom(...names),
            kind: fc.constantFrom(...Object.keys(FILE_KINDS)),
            type: fc.constantFrom(FileChangeType.Created, FileChangeType.Changed, FileChangeType.Deleted),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (events) => {
          for (const e of events) {
            const file = path.join(disk, e.name);
            fs.rmSync(file, { recursive: true, force: true });
            if (e.type !== FileChangeType.Deleted) await (FILE_KINDS[e.kind] as (f: string) => Promise<void>)(file);
          }
          await s.watched(events.map((e) => ({ uri: pathToUri(path.join(disk, e.name)), type: e.type })));
          const ds = await within(5000, 'pull after the watcher events', s.pull(uri));
          assert.ok(!codes(ds).includes('governing-service-missing'), 'good.yaml still provides the Service');
          await assertAlive(s);
        },
      ),
      { seed: 1618, numRuns: 40 },
    );
  } finally {
    s.dispose();
  }
});

/** URIs a client may send: schemes, authorities, percent-escapes valid and not, encoded separators, drive letters. */
const oddUri: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('file://', 'file:///', 'file:', 'untitled:', 'vscode-vfs://github/o/r/', 'git:/', 'x-y+z.1:'),
    fc.constantFrom('', 'host/', 'host/share/', 'C:/', 'c%3A/', '%2F/', 'srv/'),
    fc.array(
      fc.constantFrom(
        'a',
        'ws',
        '..',
        '.',
        '',
        '%2F',
        '%2f',
        '%5C',
        '%00',
        '%zz',
        '%',
        '%E2%82',
        'a%20b',
        '[ab]',
        '*',
        '?q=1',
        '#frag',
        'ü',
        '\u{1F600}',
        '\\',
      ),
      { maxLength: 5 },
    ),
    fc.constantFrom('.yaml', '.yml', '', '.rollout-lens.yaml', '/Chart.yaml'),
  )
  .map(([scheme, authority, segments, ext]) => `${scheme}${authority}${segments.join('/')}${ext}`);

test('fuzz: odd URIs (schemes, escapes, encoded separators): open, pull, hover, edit, watch and close never fail', async () => {
  const s = await startTestServer({
    rootPath: '/srv',
    fileSystem: memoryFileSystem({ '/srv/svc.yaml': HEADLESS }),
  });
  try {
    await fc.assert(
      fc.asyncProperty(oddUri, fc.constantFrom(KUBIA_STS, SELF_ALIAS, ''), async (uri, text) => {
        assert.doesNotThrow(() => uriToPath(uri), uri);
        await s.open(uri, text);
        await within(2000, `pull ${uri}`, s.pull(uri));
        await within(2000, `hover ${uri}`, hover(s, uri, 1, 2));
        await s.change(uri, `${text}# edit\n`, 2);
        await s.watched([{ uri, type: FileChangeType.Changed }]);
        await within(2000, `pull ${uri} after an edit`, s.pull(uri));
        await s.close(uri);
        await assertAlive(s);
      }),
      { seed: 1618, numRuns: 150 },
    );
  } finally {
    s.dispose();
  }
});
