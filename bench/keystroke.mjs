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
//
// With the workspace folder open (as in VS Code): Rollout Lens started on a folder (argo-cd's `ha/`, and
// the whole in-repo corpus, 430 files, where indexing lasts seconds), the file opened right after
// `initialized`, then the FIRST_EDITS first keystrokes timed at once, no warm-up (most of them while the
// folder is still being indexed: the server's "Indexed N YAML files" log tells when it is done), then
// WARMUP + EDITS more after indexing. yaml-language-server gets the same first keystrokes after its open.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH, BIG_FILE, CORPUS, figure, ms, printResult, quantile, median, ROOT, spawnLspServer } from './lib.mjs';

const EDITS = Number(process.env.BENCH_EDITS ?? 60);
const WARMUP = 10;
const FIRST_EDITS = 20;
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

async function initialize(connection, rootUri, refreshSupport = false) {
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
    workspaceFolders: rootUri ? [{ uri: rootUri, name: path.basename(rootUri) }] : null,
    capabilities: {
      workspace: { configuration: true, diagnostics: { refreshSupport } },
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
async function measure(label, open, run, { warmup = WARMUP, edits = EDITS, from = 0 } = {}) {
  await open?.();
  const times = [];
  for (let i = from; i < from + warmup + edits; i++) {
    const start = performance.now();
    await run(i);
    if (i >= from + warmup) times.push(performance.now() - start);
  }
  const what = warmup ? `${edits} edits after ${warmup} warm-up` : `the first ${edits} edits after opening`;
  console.log(
    `  ${label}: median ${ms(median(times))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(Math.max(...times))} over ${what}`,
  );
  return times;
}

/**
 * Rollout Lens on a workspace folder: the first keystrokes right after opening (while indexing),
 * then the steady state once the folder is indexed.
 */
async function oursOnFolder(folder) {
  const server = await spawnLspServer(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio']);
  const c = server.connection;
  let indexed;
  const done = new Promise((resolve) => (indexed = resolve));
  let indexedAt;
  let log = '';
  const started = performance.now();
  await initialize(c, pathToFileURL(folder).href, true);
  c.onNotification('window/logMessage', ({ message }) => {
    if (!/^Indexed \d+ YAML files/.test(message)) return;
    indexedAt = performance.now();
    log = message;
    indexed();
  });
  let during = 0;
  const edit1 = async (i) => {
    c.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [edit(i)] });
    const report = await c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    if (report.kind !== 'full') throw new Error('expected a full report');
    if (indexedAt === undefined) during++;
  };
  const name = path.relative(ROOT, folder) || '.';
  let openMs;
  const first = await measure(
    `Rollout Lens (stdio), folder ${name}`,
    async () => {
      c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const t = performance.now();
      await c.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      openMs = performance.now() - t;
    },
    edit1,
    { warmup: 0, edits: FIRST_EDITS },
  );
  console.log(
    `    open → first diagnostics ${ms(openMs)}; ${during} of the first ${FIRST_EDITS} keystrokes answered before indexing ended`,
  );
  await done;
  console.log(`    server: "${log}" (${ms(indexedAt - started)} after start)`);
  const after = await measure(`Rollout Lens (stdio), folder ${name}, indexed`, undefined, edit1, { from: FIRST_EDITS });
  await server.stop();
  return { first, after, during, openMs };
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
  const run = async (i) => {
    const fresh = next();
    c.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [edit(i)],
    });
    await fresh;
  };
  const first = await measure(
    'yaml-language-server (stdio)',
    async () => {
      const opened = next();
      c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      await opened;
    },
    run,
    { warmup: 0, edits: FIRST_EDITS },
  );
  const times = await measure('yaml-language-server (stdio)', undefined, run, { from: FIRST_EDITS });
  await server.stop();
  return { times, first, diagnostics: count };
}

console.log(
  `keystroke: ${path.relative(ROOT, BIG_FILE)} (${(text.length / 1e6).toFixed(2)} M chars), edit at line ${editPos.line + 1}; ${EDITS} edits after ${WARMUP} warm-up`,
);
const a = await ours();
const b = await oursInProcess();
const ha = await oursOnFolder(path.dirname(BIG_FILE));
const corpus = await oursOnFolder(CORPUS);
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
const vs = (label, times, baseline, extra = {}) =>
  figure(label, {
    value: quantile(times, 0.95),
    unit: 'ms',
    ...(baseline ? { baseline: quantile(baseline, 0.95), baselineLabel: 'yaml-language-server p95' } : {}),
    ...extra,
  });
figures.push(
  vs(`first ${FIRST_EDITS} keystrokes p95, folder ha/ open (${ha.during} during indexing)`, ha.first, y?.first),
  vs('keystroke p95, folder ha/ open and indexed', ha.after, y?.times),
  vs(
    `first ${FIRST_EDITS} keystrokes p95, corpus folder open (${corpus.during} during indexing)`,
    corpus.first,
    y?.first,
  ),
  vs('keystroke p95, corpus folder open and indexed', corpus.after, y?.times),
  figure(`first ${FIRST_EDITS} keystrokes median, folder ha/ open`, {
    value: median(ha.first),
    unit: 'ms',
    ...(y ? { baseline: median(y.first), baselineLabel: 'yaml-language-server median' } : {}),
  }),
  figure('open → first diagnostics, folder ha/ open', { value: ha.openMs, unit: 'ms' }),
);
console.log(
  `  diagnostics on the file: Rollout Lens ${a.diagnostics}${y ? `, yaml-language-server ${y.diagnostics}` : ''}`,
);
printResult('keystroke', figures);
process.exit(0);
