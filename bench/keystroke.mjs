// Keystroke latency on a 2 MB, 70-document install manifest (argo-cd manifests/ha/install.yaml):
// LSP didChange of one character inside a Deployment → fresh diagnostics for the file.
//
// Both servers run as child processes over stdio, driven by the same client in this process:
// - Rollout Lens (dist/server.js): didChange, then a pull-diagnostics request; latency = the pull's response.
// - yaml-language-server (bench dev dependency, the baseline): didChange, latency = the next
//   textDocument/publishDiagnostics for the file (it validates on every change, no debounce).
// Edits alternate between inserting and deleting one character in a label value of the first
// Deployment, WARMUP edits first (not counted), then EDITS measured, one at a time.
// Also measured: the same edit in-process (test/support/lspPair.ts, no process boundary) = server side only.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH, BIG_FILE, figure, ms, printResult, quantile, median, ROOT, spawnLspServer } from './lib.mjs';

const EDITS = Number(process.env.BENCH_EDITS ?? 60);
const WARMUP = 10;
const text = readFileSync(BIG_FILE, 'utf8');
const uri = pathToFileURL(BIG_FILE).href;

// The edit point: inside the first Deployment, at the end of its metadata.name value.
const deployment = text.indexOf('\nkind: Deployment');
const nameAt = text.indexOf('\n  name: ', deployment) + '\n  name: '.length;
const editAt = text.indexOf('\n', nameAt);
const lineOf = (offset) => text.slice(0, offset).split('\n').length - 1;
const editPos = { line: lineOf(editAt), character: editAt - text.lastIndexOf('\n', editAt - 1) - 1 };
const edit = (i) =>
  i % 2 === 0
    ? { range: { start: editPos, end: editPos }, text: 'x' }
    : { range: { start: editPos, end: { line: editPos.line, character: editPos.character + 1 } }, text: '' };

async function initialize(connection, rootUri) {
  connection.onRequest('workspace/configuration', (params) =>
    params.items.map((item) =>
      item.section === 'yaml'
        ? { validate: true, schemaStore: { enable: false }, format: { enable: false }, hover: false, completion: false }
        : null,
    ),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.onNotification('telemetry/event', () => undefined);
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: null,
    capabilities: {
      workspace: { configuration: true, diagnostics: { refreshSupport: false } },
      textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { versionSupport: true } },
    },
    initializationOptions: {},
  });
  connection.sendNotification('initialized', {});
  connection.sendNotification('workspace/didChangeConfiguration', {
    settings: {
      yaml: {
        validate: true,
        schemaStore: { enable: false },
        format: { enable: false },
        hover: false,
        completion: false,
      },
    },
  });
}

/** `run(version)` performs one edit and resolves when fresh diagnostics arrived. */
async function measure(label, open, run) {
  await open();
  const times = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const start = performance.now();
    await run(i);
    if (i >= WARMUP) times.push(performance.now() - start);
  }
  console.log(
    `  ${label}: median ${ms(median(times))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(Math.max(...times))} over ${EDITS} edits`,
  );
  return times;
}

async function ours() {
  const server = await spawnLspServer(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio']);
  const c = server.connection;
  await initialize(c, null);
  let count = 0;
  const times = await measure(
    'Rollout Lens (stdio)',
    async () => {
      c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const first = await c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      count = first.items.length;
    },
    async (i) => {
      c.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [edit(i)],
      });
      const report = await c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      if (report.kind !== 'full') throw new Error('expected a full report');
    },
  );
  await server.stop();
  return { times, diagnostics: count };
}

async function oursInProcess() {
  const { startTestServer } = await import(pathToFileURL(path.join(ROOT, 'out/test/support/lspPair.js')).href);
  const server = await startTestServer();
  const times = await measure(
    'Rollout Lens (in-process pair, server side)',
    () => server.open(uri, text),
    async (i) => {
      await server.client.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [edit(i)],
      });
      await server.pull(uri);
    },
  );
  server.dispose();
  return { times };
}

async function yamlLanguageServer() {
  const bin = path.join(BENCH, 'node_modules/yaml-language-server/bin/yaml-language-server');
  const server = await spawnLspServer(process.execPath, [bin, '--stdio']);
  const c = server.connection;
  let waiter;
  let count = 0;
  c.onNotification('textDocument/publishDiagnostics', (p) => {
    if (p.uri !== uri) return;
    count = p.diagnostics.length;
    const w = waiter;
    waiter = undefined;
    w?.(p);
  });
  const next = () => new Promise((resolve) => (waiter = resolve));
  await initialize(c, null);
  const times = await measure(
    'yaml-language-server (stdio)',
    async () => {
      const first = next();
      c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      await first;
    },
    async (i) => {
      const fresh = next();
      c.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [edit(i)],
      });
      await fresh;
    },
  );
  await server.stop();
  return { times, diagnostics: count };
}

console.log(
  `keystroke: ${path.relative(ROOT, BIG_FILE)} (${(text.length / 1e6).toFixed(2)} M chars), edit at line ${editPos.line + 1}; ${EDITS} edits after ${WARMUP} warm-up`,
);
const a = await ours();
const b = await oursInProcess();
let y;
try {
  y = await yamlLanguageServer();
} catch (e) {
  console.log(`  yaml-language-server failed: ${e.message} (run npm install in bench/)`);
}
const figures = [
  figure('keystroke p95, Rollout Lens over stdio', {
    value: quantile(a.times, 0.95),
    unit: 'ms',
    ...(y ? { baseline: quantile(y.times, 0.95), baselineLabel: 'yaml-language-server p95' } : {}),
    target: 20,
  }),
  figure('keystroke median, Rollout Lens over stdio', {
    value: median(a.times),
    unit: 'ms',
    ...(y ? { baseline: median(y.times), baselineLabel: 'yaml-language-server median' } : {}),
  }),
  figure('keystroke p95, Rollout Lens in-process (server side)', {
    value: quantile(b.times, 0.95),
    unit: 'ms',
    ...(y ? { baseline: quantile(y.times, 0.95), baselineLabel: 'yaml-language-server p95' } : {}),
    target: 20,
  }),
];
console.log(
  `  diagnostics on the file: Rollout Lens ${a.diagnostics}${y ? `, yaml-language-server ${y.diagnostics}` : ''}`,
);
printResult('keystroke', figures);
process.exit(0);
