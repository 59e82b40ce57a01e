// Hardening figures (issue #16): the real server (`dist/server.js --stdio`) under load, its time and
// resident memory (VmRSS from /proc) for:
//   docs    100,000 one-line documents opened, then closed (a hover answered after each phase)
//   big     a 50 MB file opened (over the size limit: one information diagnostic) and closed
//   folder  20,000 workspace files (one small Deployment each): initialized → "Indexed N YAML files"
//   storm   2,000 one-character edits on the 2 MB argo-cd manifest, each followed by a pull (p95 per edit)
// Figures only: nothing asserts a timing (the machine is shared). BENCH_DOCS / BENCH_FILES / BENCH_EDITS
// scale the runs down.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BIG_FILE, figure, mb, ms, printResult, quantile, ROOT, rssOf, spawnLspServer } from './lib.mjs';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const FILES = Number(process.env.BENCH_FILES ?? 20_000);
const EDITS = Number(process.env.BENCH_EDITS ?? 2000);
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
const figures = [];
// A server stopped while a write is still queued: not a figure, not a failure of the benchmark.
process.on('uncaughtException', (e) => {
  if (e?.code !== 'ERR_STREAM_DESTROYED') throw e;
});
process.on('unhandledRejection', (e) => {
  if (e?.code !== 'ERR_STREAM_DESTROYED' && !/disposed/.test(String(e?.message))) throw e;
});

// The server runs with test/support/gcHook.ts preloaded: on SIGUSR2 a full GC, then `gc <heapUsed> <rss>` on
// stderr, so "memory returns after closing" is a figure, not the allocator's mood.
const GC_HOOK = path.join(ROOT, 'out/test/support/gcHook.js');

async function startServer(rootDir) {
  const hook = existsSync(GC_HOOK) ? ['--expose-gc', '-r', GC_HOOK] : [];
  const server = await spawnLspServer(process.execPath, [...hook, path.join(ROOT, 'dist/server.js'), '--stdio']);
  const c = server.connection;
  const logs = [];
  c.onNotification('window/logMessage', (m) => logs.push(m.message));
  c.onRequest('workspace/diagnostic/refresh', () => null);
  c.onRequest('client/registerCapability', () => null);
  const rootUri = rootDir ? pathToFileURL(rootDir).href : null;
  await c.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
    capabilities: { workspace: { diagnostics: { refreshSupport: true } }, textDocument: { diagnostic: {} } },
  });
  c.sendNotification('initialized', {});
  return { ...server, c, logs };
}

/** Full GC in the server, then its heap and RSS (undefined without the hook). */
function collect(s) {
  if (!existsSync(GC_HOOK)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let seen = '';
    const onData = (d) => {
      seen += d;
      const m = /^gc (\d+) (\d+)$/m.exec(seen);
      if (!m) return;
      s.child.stderr.off('data', onData);
      resolve({ heapUsed: Number(m[1]), rss: Number(m[2]) });
    };
    s.child.stderr.on('data', onData);
    s.child.kill('SIGUSR2');
  });
}
const afterGc = (m) => (m ? `; after a GC: RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)}` : '');

const hover = (c, uri) =>
  c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 1 } });
const open = (c, uri, text) =>
  c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
const close = (c, uri) => c.sendNotification('textDocument/didClose', { textDocument: { uri } });

if (want('docs')) {
  const s = await startServer(null);
  const uri = (i) => `file:///bench/docs/d${i}.yaml`;
  let t = performance.now();
  for (let i = 0; i < DOCS; i++) open(s.c, uri(i), `replicas: ${i}\n`);
  await hover(s.c, uri(DOCS - 1)); // answered after every open before it
  const opened = performance.now() - t;
  const rssOpen = await rssOf(s.child.pid);
  const collectedOpen = await collect(s);
  t = performance.now();
  for (let i = 0; i < DOCS; i++) close(s.c, uri(i));
  await hover(s.c, uri(0));
  const closed = performance.now() - t;
  const rssClosed = await rssOf(s.child.pid);
  const collected = await collect(s);
  figures.push(
    figure(`${DOCS} one-line documents: open all`, {
      value: opened,
      unit: 'ms',
      note: `RSS ${mb(rssOpen ?? 0)} after${afterGc(collectedOpen)}`,
    }),
    figure(`${DOCS} one-line documents: close all`, {
      value: closed,
      unit: 'ms',
      note: `RSS ${mb(rssClosed ?? 0)} after${afterGc(collected)}`,
    }),
  );
  await s.stop();
}

if (want('big')) {
  const s = await startServer(null);
  const line = '# ' + 'x'.repeat(98) + '\n';
  const text = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
  const uri = 'file:///bench/big.yaml';
  const t = performance.now();
  open(s.c, uri, text);
  const report = await s.c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const took = performance.now() - t;
  const rssOpen = await rssOf(s.child.pid);
  close(s.c, uri);
  await hover(s.c, uri);
  const rssClosed = await rssOf(s.child.pid);
  const collected = await collect(s);
  figures.push(
    figure('50 MB file: open + pull', {
      value: took,
      unit: 'ms',
      note:
        `${report.items?.[0]?.code ?? 'no'} diagnostic; RSS ${mb(rssOpen ?? 0)} open, ` +
        `${mb(rssClosed ?? 0)} closed${afterGc(collected)}`,
    }),
  );
  await s.stop();
}

if (want('folder')) {
  const dir = path.join(os.tmpdir(), `rollout-lens-bench-harden-${FILES}`);
  if (!existsSync(path.join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true });
    for (let i = 0; i < FILES; i++) {
      const sub = path.join(dir, `d${Math.floor(i / 500)}`);
      if (i % 500 === 0) mkdirSync(sub, { recursive: true });
      const name = `app${i}`;
      writeFileSync(
        path.join(sub, `m${i}.yaml`),
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\n` +
          `spec:\n  selector: {matchLabels: {app: ${name}}}\n` +
          `  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`,
      );
    }
    writeFileSync(path.join(dir, '.complete'), '');
  }
  const t = performance.now();
  const s = await startServer(dir);
  while (!s.logs.some((m) => /^Indexed \d+ YAML files/.test(m))) await new Promise((r) => setTimeout(r, 50));
  const took = performance.now() - t;
  const rss = await rssOf(s.child.pid);
  const probe = pathToFileURL(path.join(dir, 'd0', 'm0.yaml')).href;
  open(s.c, probe, readFileSync(path.join(dir, 'd0', 'm0.yaml'), 'utf8'));
  const h = performance.now();
  await hover(s.c, probe);
  figures.push(
    figure(`${FILES} workspace files: indexed`, {
      value: took,
      unit: 'ms',
      note: `RSS ${mb(rss ?? 0)}; a hover then ${ms(performance.now() - h)}`,
    }),
  );
  await s.stop();
}

if (want('storm')) {
  const s = await startServer(null);
  const text = readFileSync(BIG_FILE, 'utf8');
  const uri = 'file:///bench/install.yaml';
  open(s.c, uri, text);
  await s.c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const at = text.indexOf('kind: Deployment');
  const pos = { line: text.slice(0, at).split('\n').length - 1, character: 0 };
  const times = [];
  let peak = 0;
  for (let i = 0; i < EDITS; i++) {
    const t = performance.now();
    const insert = i % 2 === 0;
    s.c.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [
        { range: { start: pos, end: insert ? pos : { line: pos.line, character: 1 } }, text: insert ? '#' : '' },
      ],
    });
    await s.c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    times.push(performance.now() - t);
    if (i % 200 === 0) peak = Math.max(peak, (await rssOf(s.child.pid)) ?? 0);
  }
  figures.push(
    figure(`${EDITS}-edit storm on the 2 MB manifest: p95 per edit`, {
      value: quantile(times, 0.95),
      unit: 'ms',
      note: `median ${ms(quantile(times, 0.5))}; peak RSS ${mb(peak)}`,
    }),
  );
  await s.stop();
}

printResult('harden', figures);
