/**
 * Files that are not what their name says (issue #16), on a real disk: a `*.yaml` symlink to
 * /dev/zero, a FIFO, a socket, a directory, a symlink loop, UTF-16 with and without a BOM, a file
 * over the size limit. The one reader (readTextFile) refuses each with a clear reason before
 * reading a byte too many; the server indexing them (also as `.rollout-lens.yaml`) stays up and
 * ready; the CLI says what it skipped and goes on.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import { nodeFileSystem, readTextFile, SkippedFile } from '../../server/src/fileSystem';
import { startTestServer } from '../support/lspPair';
import { assertAlive, PROBE, within } from '../support/attack';
import { cli } from '../support/cliIo';
import { y } from '../support/lint';

const SERVICE = y(
  'apiVersion: v1',
  'kind: Service',
  'metadata: {name: web}',
  'spec: {selector: {app: web}, ports: [{port: 80}]}',
);
let dir = '';
let socket: net.Server | undefined;
const canFifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--help']).status === 0;

/** name → the reason readTextFile gives (undefined: read as text). */
const HOSTILE: Record<string, SkippedFile['reason'] | undefined> = {
  'good.yaml': undefined,
  'zero.yaml': 'not-regular', // → /dev/zero
  'fifo.yaml': 'not-regular',
  'sock.yaml': 'not-regular',
  'dir.yaml': 'not-regular',
  'loop-a.yaml': 'symlink-loop',
  'utf16le.yaml': 'not-utf8',
  'utf16be.yaml': 'not-utf8',
  'utf16-nobom.yaml': 'not-utf8',
  'big.yaml': 'too-large',
  'to-fifo.yaml': 'not-regular', // symlink → fifo.yaml
};

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-files-'));
  const at = (n: string) => path.join(dir, n);
  fs.writeFileSync(at('good.yaml'), SERVICE);
  fs.symlinkSync('/dev/zero', at('zero.yaml'));
  if (canFifo) {
    assert.equal(spawnSync('mkfifo', [at('fifo.yaml')]).status, 0);
    fs.symlinkSync(at('fifo.yaml'), at('to-fifo.yaml'));
  }
  socket = net.createServer();
  await new Promise<void>((resolve) => socket?.listen(at('sock.yaml'), resolve));
  fs.mkdirSync(at('dir.yaml'));
  fs.symlinkSync(at('loop-b.yaml'), at('loop-a.yaml'));
  fs.symlinkSync(at('loop-a.yaml'), at('loop-b.yaml'));
  const utf16 = Buffer.from(SERVICE, 'utf16le');
  fs.writeFileSync(at('utf16le.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]));
  fs.writeFileSync(at('utf16be.yaml'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16).swap16()]));
  fs.writeFileSync(at('utf16-nobom.yaml'), utf16);
  fs.writeFileSync(at('big.yaml'), `# ${'x'.repeat(6 * 1024 * 1024)}\n${SERVICE}`);
});

after(() => {
  socket?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('readTextFile: each kind of hostile file is refused with its reason, quickly', async () => {
  for (const [name, reason] of Object.entries(HOSTILE)) {
    if (!canFifo && name.includes('fifo')) continue;
    const read = within(2000, name, readTextFile(path.join(dir, name), 5 * 1024 * 1024));
    if (reason === undefined) assert.equal(await read, SERVICE, name);
    else
      await assert.rejects(
        read,
        (e: unknown) => e instanceof SkippedFile && e.reason === reason && /^(is|contains) /.test(e.detail),
        name,
      );
  }
});

test('readTextFile: the limit is checked against what is read, not only what stat says (a file of size 0 with content)', async () => {
  // /proc files report size 0; the reader reads on and stops one byte past the limit.
  if (!fs.existsSync('/proc/self/status')) return;
  await assert.rejects(
    readTextFile('/proc/self/status', 10),
    (e: unknown) => e instanceof SkippedFile && e.reason === 'too-large',
  );
  assert.match(await readTextFile('/proc/self/status', 1 << 20), /Name:/);
});

test('the server indexing a folder of hostile files, and told about each by the file watcher, stays up and ready', async () => {
  const warnings: string[] = [];
  const onLog = (type: number, message: string) => void (type <= 2 && warnings.push(message));
  const s = await within(10_000, 'server ready', startTestServer({ rootPath: dir, fileSystem: nodeFileSystem, onLog }));
  try {
    const names = Object.keys(HOSTILE).filter((n) => canFifo || !n.includes('fifo'));
    // A new Service last: its refresh says the watcher got through the hostile files before it.
    fs.writeFileSync(path.join(dir, 'new-svc.yaml'), SERVICE.replace('name: web', 'name: new'));
    const refreshed = s.nextRefresh();
    await s.watched(
      [...names, 'new-svc.yaml'].map((n) => ({ uri: `file://${path.join(dir, n)}`, type: FileChangeType.Changed })),
    );
    await within(5000, 'watched files', refreshed);
    await assertAlive(s);
    // The governing Service in good.yaml was indexed; the hostile neighbours were not.
    await s.open(`file://${path.join(dir, 'sts.yaml')}`, PROBE);
    await assertAlive(s);
    const rss = process.memoryUsage().rss;
    assert.ok(rss < 1.5 * 1024 ** 3, `RSS ${Math.round(rss / 2 ** 20)} MB`);
  } finally {
    s.dispose();
  }
  assert.ok(
    warnings.some((w) => /utf16le\.yaml is UTF-16 encoded, not UTF-8/.test(w)),
    warnings.join('\n'),
  );
  assert.ok(
    warnings.some((w) => /zero\.yaml is a device, not a regular file/.test(w)),
    warnings.join('\n'),
  );
  assert.ok(
    warnings.some((w) => /loop-a\.yaml is a symbolic link loop/.test(w)),
    warnings.join('\n'),
  );
  assert.ok(
    !warnings.some((w) => /big\.yaml/.test(w)),
    'over the size limit: not a warning (the open file gets a diagnostic)',
  );
});

test('.rollout-lens.yaml that is /dev/zero, a FIFO, a directory or UTF-16: the server becomes ready and says why', async () => {
  const cases: [string, (file: string) => void, RegExp][] = [
    ['device', (f) => fs.symlinkSync('/dev/zero', f), /is a device, not a regular file.*default configuration/],
    ['directory', (f) => fs.mkdirSync(f), /is a directory/],
    ['UTF-16', (f) => fs.writeFileSync(f, Buffer.from('\uFEFFrules: {}\n', 'utf16le')), /UTF-16/],
    ['huge', (f) => fs.writeFileSync(f, `# ${'x'.repeat(400 * 1024)}\n`), /size limit/],
  ];
  if (canFifo) cases.push(['FIFO', (f) => assert.equal(spawnSync('mkfifo', [f]).status, 0), /is a FIFO/]);
  for (const [what, make, expected] of cases) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-config-'));
    try {
      make(path.join(root, '.rollout-lens.yaml'));
      fs.writeFileSync(path.join(root, 'svc.yaml'), SERVICE);
      const warnings: string[] = [];
      const onLog = (_: number, message: string) => void warnings.push(message);
      const s = await within(
        10_000,
        `${what}: server ready`,
        startTestServer({ rootPath: root, fileSystem: nodeFileSystem, onLog }),
      );
      try {
        await assertAlive(s);
        // The config is read lazily per document too: ask for diagnostics, then check the message.
        await s.open(`file://${root}/a.yaml`, SERVICE);
        await within(2000, `${what}: pull`, s.pull(`file://${root}/a.yaml`));
      } finally {
        s.dispose();
      }
      assert.ok(
        warnings.some((w) => expected.test(w)),
        `${what}: ${warnings.join('\n')}`,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
});

test('CLI: hostile files are skipped with one line each and the rest is linted; a hostile config is a clear error', async () => {
  const r = await within(10_000, 'cli lint', cli(['lint', '--format', 'json', dir], dir));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /skipped utf16le\.yaml: it is UTF-16 encoded, not UTF-8/);
  assert.match(r.stderr, /skipped utf16-nobom\.yaml: it contains NUL bytes/);
  assert.match(r.stderr, /skipped big\.yaml: it is 6\.0 MB, over the 5\.0 MB size limit/);
  // Named explicitly, a device behind a symlink is read (and refused).
  const explicit = await within(10_000, 'cli explicit', cli(['lint', 'zero.yaml', 'good.yaml'], dir));
  assert.match(explicit.stderr, /skipped zero\.yaml: it is a device, not a regular file/);
  const preview = await cli(['preview', 'utf16le.yaml'], dir);
  assert.equal(preview.code, 2);
  assert.match(preview.stderr, /cannot read utf16le\.yaml: .*utf16le\.yaml is UTF-16 encoded, not UTF-8/);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-cliconfig-'));
  try {
    fs.writeFileSync(path.join(root, 'svc.yaml'), SERVICE);
    fs.symlinkSync('/dev/zero', path.join(root, '.rollout-lens.yaml'));
    const zero = await within(5000, 'cli config /dev/zero', cli(['lint', 'svc.yaml'], root));
    assert.equal(zero.code, 2);
    assert.match(zero.stderr, /\.rollout-lens\.yaml is a device, not a regular file/);
    if (canFifo) {
      fs.rmSync(path.join(root, '.rollout-lens.yaml'));
      assert.equal(spawnSync('mkfifo', [path.join(root, '.rollout-lens.yaml')]).status, 0);
      const fifo = await within(5000, 'cli config FIFO', cli(['lint', 'svc.yaml'], root));
      assert.match(fifo.stderr, /\.rollout-lens\.yaml is a FIFO/);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('CLI: --max-file-size is the limit of every file read (default 5 MB, the editor setting); bad values are usage errors', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-maxsize-'));
  try {
    fs.writeFileSync(path.join(root, 'svc.yaml'), SERVICE);
    fs.writeFileSync(path.join(root, 'big.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n${SERVICE}`);
    const small = await cli(['lint', '--max-file-size', '1', '.'], root);
    assert.equal(small.code, 0, small.stderr);
    assert.equal(
      small.stderr,
      'rollout-lens lint: skipped big.yaml: it is 2.0 MB, over the 1.0 MB size limit (--max-file-size MB raises the limit).\n',
    );
    assert.match(small.stdout, /^1 file checked/m);
    const raised = await cli(['lint', '--max-file-size', '2.5', '.'], root);
    assert.equal(raised.stderr, '');
    assert.match(raised.stdout, /^2 files checked/m);
    assert.equal((await cli(['lint', '.'], root)).stderr, '', 'default 5 MB');
    const preview = await cli(['preview', '--max-file-size', '0.001', 'big.yaml'], root);
    assert.equal(preview.code, 2);
    assert.match(preview.stderr, /cannot read big\.yaml: .* is 2\.0 MB, over the 2 KB size limit/);
    for (const bad of ['0', '-1', 'abc', '1e9', '']) {
      const r = await cli(['lint', `--max-file-size=${bad}`, '.'], root);
      assert.equal(r.code, 2, bad);
      assert.equal(r.stderr, `rollout-lens lint: --max-file-size must be a size in MB greater than 0 (got "${bad}")\n`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('CLI: the configuration must be a small regular YAML mapping; anything else is one clear error (exit 2)', async () => {
  const cases: [what: string, make: (file: string) => void, expected: string][] = [
    [
      'huge',
      (f) => fs.writeFileSync(f, `# ${'x'.repeat(300 * 1024)}\n`),
      'config .rollout-lens.yaml is 301 KB, over the 256 KB limit of a configuration file (it must be a small regular YAML file).',
    ],
    [
      'directory',
      (f) => fs.mkdirSync(f),
      'config .rollout-lens.yaml is a directory, not a regular file (it must be a small regular YAML file).',
    ],
    [
      'list',
      (f) => fs.writeFileSync(f, '- rules\n'),
      'config .rollout-lens.yaml: must be a mapping with rules, kubernetesVersion, ignorePaths (it is a list)',
    ],
    [
      'scalar',
      (f) => fs.writeFileSync(f, 'rules\n'),
      'config .rollout-lens.yaml: must be a mapping with rules, kubernetesVersion, ignorePaths (it is a scalar)',
    ],
    ['not YAML', (f) => fs.writeFileSync(f, 'rules: [\n'), 'config .rollout-lens.yaml: not valid YAML: '],
    [
      'alias bomb',
      (f) => fs.writeFileSync(f, `a: &a [x, x]\n${Array.from({ length: 120 }, (_, i) => `b${i}: *a`).join('\n')}\n`),
      'config .rollout-lens.yaml: not valid YAML: ',
    ],
  ];
  for (const [what, make, expected] of cases) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-cliconfig-'));
    try {
      fs.writeFileSync(path.join(root, 'svc.yaml'), SERVICE);
      make(path.join(root, '.rollout-lens.yaml'));
      const r = await within(5000, what, cli(['lint', 'svc.yaml'], root));
      assert.equal(r.code, 2, `${what}: ${r.stderr}`);
      assert.ok(r.stderr.startsWith(`rollout-lens lint: ${expected}`), `${what}: ${r.stderr}`);
      assert.equal(r.stderr.split('\n').length, 2, `${what}: one line`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
});
