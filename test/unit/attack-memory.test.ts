/**
 * Memory stays bounded (issue #16). The real server process (serverProcess.ts: stdio, as VS Code runs it) indexes
 * a real disk with hostile files and goes through the attack classes one after the other. The stated bound, with
 * T = the text the server holds (open documents + indexed files) and D = the number of open documents (each keeps
 * its parsed YAML nodes, about 3.3 KB for a one-line document: bench/harden.mjs opens 100,000):
 *
 *   settled (after each attack and a full GC in the server):  server RSS ≤ 2 × T + 4 KB × D + 300 MB
 *   at every moment (sampled every 25 ms, indexing included): server RSS ≤ 3 × T + 4 KB × D + 300 MB
 *
 * (the transport holds a message's bytes, its JSON and the parsed text at once while a big didOpen is read).
 * After every attack a hover is answered within 2 s. After closing every document and a full GC, the server's V8
 * heap is back within 40 MB of where it was before the attacks (memory returns: nothing per closed document is
 * kept) and its RSS within 150 MB (the allocator keeps some freed pages).
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToUri } from '../../server/src/fileSystem';
import { spawnTestServer } from '../support/serverProcess';
import type { ServerProcess } from '../support/serverProcess';
import { assertAlive, PROBE, within } from '../support/attack';
import { deployment } from '../support/manifests';

const MB = 1024 * 1024;
const BASE_BYTES = 300 * MB;
const PER_DOCUMENT_BYTES = 4 * 1024;
const BIG_MANIFEST = path.resolve(__dirname, '../../../test/fixtures/corpus/argo-cd/manifests/ha/install.yaml');
const WORKSPACE_FILES = 2000;

let dir = '';
let indexedBytes = 0;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-attack-memory-'));
  for (let i = 0; i < WORKSPACE_FILES; i++) {
    const sub = path.join(dir, `d${Math.floor(i / 250)}`);
    if (i % 250 === 0) fs.mkdirSync(sub);
    const text = deployment({ name: `app${i}` });
    fs.writeFileSync(path.join(sub, `m${i}.yaml`), text);
    indexedBytes += text.length;
  }
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
  fs.symlinkSync('/dev/zero', path.join(dir, '.rollout-lens.yaml'));
  if (process.platform !== 'win32') spawnSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
  fs.writeFileSync(path.join(dir, 'huge.yaml'), `# ${'x'.repeat(8 * MB)}\n`); // over the limit: not indexed
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Tracks the text the server holds and samples RSS against the bound. */
class Budget {
  private readonly open = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  constructor(private readonly rss: () => number | undefined) {}
  peak = 0;
  violation: string | undefined;

  bound(factor: 2 | 3): number {
    let text = indexedBytes;
    for (const n of this.open.values()) text += n;
    return factor * text + PER_DOCUMENT_BYTES * this.open.size + BASE_BYTES;
  }

  /** Records a violation of the bound (the first one is reported). */
  check(what: string, factor: 2 | 3, rss = this.rss() ?? 0): void {
    this.peak = Math.max(this.peak, rss);
    const bound = this.bound(factor);
    if (rss > bound && !this.violation) this.violation = `${what}: RSS ${mb(rss)} over the bound ${mb(bound)}`;
  }

  start(): void {
    this.timer = setInterval(() => this.check('sample', 3), 25);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  opened(uri: string, text: string): void {
    this.open.set(uri, Buffer.byteLength(text));
  }

  /** Closed documents leave the bound once the server has collected them (a closed text is garbage, not gone). */
  collected(open: readonly string[]): void {
    for (const uri of [...this.open.keys()]) if (!open.includes(uri)) this.open.delete(uri);
  }
}

const mb = (n: number) => `${(n / MB).toFixed(0)} MB`;
const linux = process.platform === 'linux'; // RSS from /proc

test(
  'memory bound: server RSS ≤ 2 × text + 4 KB × documents + 300 MB after every attack, a hover within 2 s; memory returns',
  { skip: !linux && 'RSS is read from /proc' },
  async (t) => {
    let rss: () => number | undefined = () => undefined;
    const budget = new Budget(() => rss());
    budget.start();
    const started = spawnTestServer({ rootPath: dir, onSpawn: (r) => (rss = r) });
    const server: ServerProcess = await within(60_000, 'index the workspace', started).catch((e) => {
      budget.stop();
      throw e;
    });
    try {
      budget.check('indexed', 3);
      await assertAlive(server);
      budget.opened('probe', PROBE);
      const before = await server.gc();
      let version = 1;
      const open = async (uri: string, text: string) => {
        budget.opened(uri, text);
        await server.open(uri, text, ++version);
      };
      const attacks: [name: string, run: () => Promise<void>][] = [
        [
          'the 2 MB manifest open at three URIs',
          async () => {
            const text = fs.readFileSync(BIG_MANIFEST, 'utf8');
            for (let i = 0; i < 3; i++) {
              await open(`file:///mem/install-${i}.yaml`, text);
              await server.pull(`file:///mem/install-${i}.yaml`);
            }
          },
        ],
        [
          'a storm of 40 full-document syncs of the 2 MB manifest',
          async () => {
            const text = fs.readFileSync(BIG_MANIFEST, 'utf8');
            const uri = 'file:///mem/install-0.yaml';
            for (let i = 0; i < 40; i++) {
              const edited = i % 2 ? text : `# edit ${i}\n${text}`;
              budget.opened(uri, edited);
              await server.change(uri, edited, ++version);
              if (i % 10 === 9) await server.pull(uri);
            }
          },
        ],
        [
          '5,000 one-line documents',
          async () => {
            for (let i = 0; i < 5000; i++) await open(`file:///mem/one/d${i}.yaml`, `replicas: ${i}\n`);
            await server.pull('file:///mem/one/d4999.yaml');
          },
        ],
        [
          'a 50 MB document',
          async () => {
            const line = `# ${'x'.repeat(98)}\n`;
            await open('file:///mem/50mb.yaml', line.repeat(Math.ceil((50 * MB) / line.length)));
            const items = await server.pull('file:///mem/50mb.yaml');
            assert.deepEqual(
              items.map((d) => d.code),
              ['file-too-large'],
            );
          },
        ],
        [
          'self-referencing anchors, an aliased scalar, odd URIs',
          async () => {
            const texts = [
              'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: &s {selector: {app: a}, x: *s}\n',
              `apiVersion: v1\nkind: Service\nmetadata: {name: s, annotations: {a: &a "${'x'.repeat(10_000)}"}}\n` +
                `spec: {selector: {${Array.from({ length: 99 }, (_, i) => `k${i}: *a`).join(', ')}}}\n`,
            ];
            const uris = [
              'file://host/share/x.yaml',
              'file:///srv/a%2Fb.yaml',
              'untitled:Untitled-1',
              'file:///a%zz.yaml',
            ];
            for (const [i, uri] of uris.entries()) {
              await open(uri, texts[i % texts.length] as string);
              await server.pull(uri);
            }
          },
        ],
        [
          'the workspace files reported changed by the watcher, hostile ones included',
          async () => {
            const changes = ['zero.yaml', 'fifo.yaml', 'huge.yaml', '.rollout-lens.yaml', 'd0/m0.yaml'].map((f) => ({
              uri: pathToUri(path.join(dir, f)),
              type: 2 as const,
            }));
            await server.watched(changes);
            await server.pull(pathToUri(path.join(dir, 'd0/m0.yaml')));
          },
        ],
      ];
      const settled: string[] = [];
      for (const [name, run] of attacks) {
        await within(120_000, name, run());
        await assertAlive(server);
        const { rss: after } = await server.gc();
        budget.check(name, 2, after);
        settled.push(`${name}: ${mb(after)}`);
        assert.equal(budget.violation, undefined, `${name}: ${budget.violation}`);
      }
      const opened = [
        ...['install-0', 'install-1', 'install-2', '50mb'].map((n) => `file:///mem/${n}.yaml`),
        ...Array.from({ length: 5000 }, (_, i) => `file:///mem/one/d${i}.yaml`),
        'file://host/share/x.yaml',
        'file:///srv/a%2Fb.yaml',
        'untitled:Untitled-1',
        'file:///a%zz.yaml',
      ];
      for (const uri of opened) await server.close(uri);
      await assertAlive(server);
      const afterClose = await server.gc();
      budget.collected(['probe']);
      const figures = `heap ${mb(afterClose.heapUsed)} after closing (${mb(before.heapUsed)} before), RSS ${mb(afterClose.rss)} (${mb(before.rss)} before, peak ${mb(budget.peak)})`;
      assert.ok(afterClose.heapUsed < before.heapUsed + 40 * MB, `memory returns: ${figures}`);
      assert.ok(afterClose.rss < before.rss + 150 * MB, `memory returns: ${figures}`);
      budget.check('closed', 2, afterClose.rss);
      assert.equal(budget.violation, undefined, budget.violation);
      t.diagnostic(`settled RSS after each attack: ${settled.join('; ')}; ${figures}`);
    } finally {
      budget.stop();
      server.dispose();
    }
  },
);
