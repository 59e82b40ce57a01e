/**
 * The language server in its own process (the compiled `out/server/src/lsp/main.js --stdio`, the entry VS Code runs
 * as dist/server.js), driven like lspPair's in-process server: for the server's own memory — its RSS from /proc and
 * its V8 heap after a full GC (gcHook.ts) — without the test client's copies of the texts.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { connectTestClient } from './lspPair';
import type { TestServer, TestServerOptions } from './lspPair';

export interface ServerProcess extends TestServer {
  /** Resident set size in bytes (Linux /proc), or undefined when the process is gone. */
  rss(): number | undefined;
  /** A full GC in the server; then its heap and RSS. */
  gc(): Promise<{ heapUsed: number; rss: number }>;
}

const MAIN = path.resolve(__dirname, '../../server/src/lsp/main.js');

function rssOf(pid: number | undefined): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves once the server is initialized (and, unless `waitForIndex: false`, has indexed the workspace). */
export async function spawnTestServer(
  options: Omit<TestServerOptions, 'fileSystem' | 'renderer'> & {
    /** Called as soon as the process exists (e.g. to sample its memory while it indexes). */
    onSpawn?: (rss: () => number | undefined) => void;
  } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--expose-gc', '-r', path.join(__dirname, 'gcHook.js'), MAIN, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const rss = () => rssOf(child.pid);
  options.onSpawn?.(rss);
  const gcWaiters: ((m: { heapUsed: number; rss: number }) => void)[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (let m = /^gc (\d+) (\d+)\n/m.exec(stderr); m; m = /^gc (\d+) (\d+)\n/m.exec(stderr)) {
      stderr = stderr.slice(m.index + m[0].length);
      gcWaiters.shift()?.({ heapUsed: Number(m[1]), rss: Number(m[2]) });
    }
  });
  const client = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const exited = new Promise<never>((_, reject) =>
    child.on('exit', (code, signal) =>
      reject(new Error(`the server process exited (${code ?? signal}) while starting: ${stderr}`)),
    ),
  );
  exited.catch(() => undefined);
  const server = await Promise.race([connectTestClient(client, options, () => child.kill()), exited]);
  return {
    ...server,
    rss,
    gc() {
      return new Promise((resolve) => {
        gcWaiters.push(resolve);
        child.kill('SIGUSR2');
      });
    },
  };
}
