// Shared helpers of the benchmarks: statistics, result lines, paths, an LSP client over stdio.
// Every benchmark prints human-readable lines and ends with one `RESULT {json}` line that run.mjs collects.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const require = createRequire(import.meta.url);
export const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH, '..');
export const CORPUS = path.join(ROOT, 'test/fixtures/corpus');
export const BIG_FILE = path.join(CORPUS, 'argo-cd/manifests/ha/install.yaml');

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
export const median = (values) => quantile(values, 0.5);
export const ms = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + ' ms';
export const kb = (bytes) => (bytes / 1024).toFixed(1) + ' KB';
export const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1) + ' MB';

/**
 * One figure: value (ms, bytes, …), baseline measured in the same run, target; printed and
 * returned for the RESULT line. `lowerIsBetter`: the target is an upper bound.
 */
export function figure(name, { value, unit, baseline, baselineLabel, target, note }) {
  const fmt =
    unit === 'ms' ? ms : unit === 'bytes' ? kb : unit === 'MB' ? (v) => v.toFixed(1) + ' MB' : (v) => String(v);
  const ratio = baseline !== undefined && value > 0 ? baseline / value : undefined;
  const met = target === undefined ? undefined : value < target;
  console.log(
    `  ${name}: ${fmt(value)}` +
      (baseline !== undefined
        ? ` | baseline ${baselineLabel}: ${fmt(baseline)} | ratio ${ratio >= 1 ? ratio.toFixed(1) + '× better' : (1 / ratio).toFixed(1) + '× worse'}`
        : '') +
      (target !== undefined ? ` | target < ${fmt(target)}: ${met ? 'met' : 'NOT met'}` : '') +
      (note ? ` (${note})` : ''),
  );
  return { name, value, unit, baseline, baselineLabel, ratio, target, met, note };
}

export function printResult(bench, figures, extra = {}) {
  console.log('RESULT ' + JSON.stringify({ bench, figures, ...extra }));
}

// The same late write seen from the connection: vscode-jsonrpc's writer rejects the answer's promise, which
// nobody awaits (an answer to a request the server sent just before it was stopped).
process.on('unhandledRejection', (e) => {
  if (e?.code === 'ERR_STREAM_DESTROYED' || e?.code === 'EPIPE') return;
  throw e;
});

/** An LSP client for a server process over stdio (the real transport, as VS Code uses it with a stdio server). */
export async function spawnLspServer(command, args, { cwd, env } = {}) {
  const rpc = require('vscode-languageserver-protocol/node');
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // A message the client still writes after the server exited (stop() below: a late answer to a server
  // request) fails with EPIPE / ERR_STREAM_DESTROYED on this pipe; without a listener that ends the benchmark.
  child.stdin.on('error', () => undefined);
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  connection.listen();
  return {
    child,
    connection,
    rpc,
    stderr: () => stderr,
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      connection.dispose();
      child.kill();
    },
  };
}

/** Resident set size of a process in bytes (Linux /proc), or undefined. */
export async function rssOf(pid) {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
