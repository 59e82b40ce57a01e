// Workspace indexing: the server started on a folder of FILES manifest files, time from the
// `initialized` notification to the server's "Indexed N YAML files in T ms." log, and the server
// process's resident memory (VmRSS) once indexing is done (after a short idle so GC can run).
// The folder is generated once under the OS temp dir from the corpus: its files copied round-robin
// (the files over the 5 MB indexing limit excluded) until there are FILES of them.
// Baseline in the same run: this process reading the same files (fs.promises.readFile, 64 at a time).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS, figure, mb, ms, printResult, ROOT, rssOf, spawnLspServer } from './lib.mjs';

const FILES = Number(process.env.BENCH_FILES ?? 5000);
const dir = path.join(os.tmpdir(), `rollout-lens-bench-workspace-${FILES}`);

function corpusFiles() {
  const out = [];
  (function walk(d) {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.ya?ml$/i.test(e.name) && statSync(f).size <= 5 * 1024 * 1024) out.push(f);
    }
  })(CORPUS);
  return out.sort();
}

const written = [];
if (!existsSync(path.join(dir, '.complete'))) {
  const sources = corpusFiles();
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(path.join(sub, `m${i}.yaml`), readFileSync(sources[i % sources.length]));
  }
  writeFileSync(path.join(dir, '.complete'), '');
}
(function walk(d) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    if (e.isDirectory()) walk(path.join(d, e.name));
    else if (e.name.endsWith('.yaml')) written.push(path.join(d, e.name));
  }
})(dir);
const bytes = written.reduce((n, f) => n + statSync(f).size, 0);

// Baseline: just reading the files.
let start = performance.now();
for (let i = 0; i < written.length; i += 64)
  await Promise.all(written.slice(i, i + 64).map((f) => readFile(f, 'utf8')));
const readOnly = performance.now() - start;

const server = await spawnLspServer(process.execPath, [path.join(ROOT, 'dist/server.js'), '--stdio']);
const c = server.connection;
let indexedLog;
const indexed = new Promise((resolve) =>
  c.onNotification('window/logMessage', (m) => {
    if (/^Indexed \d+ YAML files/.test(m.message)) {
      indexedLog = m.message;
      resolve(performance.now());
    }
  }),
);
c.onRequest('workspace/configuration', (p) => p.items.map(() => null));
c.onRequest('client/registerCapability', () => null);
c.onRequest('workspace/diagnostic/refresh', () => null);
c.onRequest('window/workDoneProgress/create', () => null);
const rootUri = pathToFileURL(dir).href;
await c.sendRequest('initialize', {
  processId: process.pid,
  rootUri,
  workspaceFolders: [{ uri: rootUri, name: 'bench' }],
  capabilities: {
    workspace: { configuration: true, diagnostics: { refreshSupport: true } },
    textDocument: { diagnostic: {} },
  },
});
start = performance.now();
c.sendNotification('initialized', {});
const end = await indexed;
const rssAtEnd = await rssOf(server.child.pid);
// V8's memory reducer shrinks the heap a few seconds after allocation stops, as it does in the editor.
const samples = [];
for (let i = 0; i < 8; i++) {
  await new Promise((r) => setTimeout(r, 1000));
  samples.push(await rssOf(server.child.pid));
}
const rssSettled = samples[samples.length - 1];
await server.stop();

console.log(`workspace: ${written.length} files, ${mb(bytes)} in ${dir}; server log: "${indexedLog}"`);
console.log(
  `  server RSS right after indexing ${mb(rssAtEnd ?? 0)}, then each second idle: ${samples.map((b) => mb(b ?? 0)).join(', ')}`,
);
printResult('workspace', [
  figure(`workspace indexing of ${written.length} files (initialized → indexed)`, {
    value: end - start,
    unit: 'ms',
    baseline: readOnly,
    baselineLabel: 'only reading the files',
    target: 3000,
  }),
  figure('server memory (RSS) right after indexing', { value: (rssAtEnd ?? 0) / 1024 / 1024, unit: 'MB', target: 200 }),
  figure('server memory (RSS) 8 s after indexing', { value: (rssSettled ?? 0) / 1024 / 1024, unit: 'MB', target: 200 }),
]);
