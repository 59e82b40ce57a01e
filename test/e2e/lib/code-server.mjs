// Starts code-server (VS Code 1.100.3 server + web workbench) on 127.0.0.1 with an OS-assigned port,
// in its own process group so that stop() also ends the extension host, the language server and the
// file watcher it forks. Every started server is also killed if this process exits or is interrupted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CODE_SERVER_ENTRY, withTimeout } from './env.mjs';

const live = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is already gone
  }
}

let hooksInstalled = false;
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => {
      for (const pid of live) killGroup(pid, 'SIGKILL');
      console.error(`e2e: interrupted by ${sig}`);
      process.exit(130);
    });
  }
}

/**
 * @param {object} o
 * @param {ReturnType<import('./env.mjs').createRunDir>} o.dirs isolated dirs for this session
 * @param {NodeJS.ProcessEnv} o.env environment (see isolatedEnv)
 * @param {string} o.logFile where code-server's stdout/stderr go
 * @param {string} [o.bindAddr] host:port to listen on (default an OS-assigned port on 127.0.0.1)
 * @param {string} [o.folder] folder the workbench opens when the URL names none
 * @returns {Promise<{ base: string, authority: string, pid: number, remoteUri(p: string): string,
 *   workbenchUrl(o: { folder: string, payload?: [string, string][] }): string, stop(): Promise<void> }>}
 */
export async function startCodeServer({
  dirs,
  env,
  logFile,
  startTimeoutMs = 60_000,
  bindAddr = '127.0.0.1:0',
  folder,
}) {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server not installed (${CODE_SERVER_ENTRY}); run: sh test/e2e/scripts/install.sh`);
  }
  installExitHooks();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.createWriteStream(logFile);
  const args = [
    CODE_SERVER_ENTRY,
    '--config',
    dirs.config,
    '--user-data-dir',
    dirs.userData,
    '--extensions-dir',
    dirs.extensions,
    '--auth',
    'none',
    '--bind-addr',
    bindAddr,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(folder ? [folder] : []),
  ];
  const child = spawn(process.execPath, args, {
    env,
    cwd: dirs.root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  live.add(child.pid);
  child.stderr.pipe(out, { end: false });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let base;
  try {
    base = await withTimeout(
      new Promise((resolve, reject) => {
        let seen = '';
        child.stdout.on('data', (chunk) => {
          out.write(chunk);
          if (base) return;
          seen += chunk;
          const m = seen.match(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/);
          if (m) resolve(m[1]);
        });
        exited.then(({ code, signal }) =>
          reject(new Error(`code-server exited early (code ${code}, signal ${signal}); see ${logFile}`)),
        );
      }),
      startTimeoutMs,
      `code-server did not report its port within ${startTimeoutMs / 1000}s; see ${logFile}`,
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const authority = new URL(base).host;

  async function stop() {
    if (!live.has(child.pid)) return;
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
    }
    killGroup(child.pid, 'SIGKILL'); // stragglers of the group (file watcher, language server), if any
    live.delete(child.pid);
    out.end();
  }

  return {
    base,
    authority,
    pid: child.pid,
    /** Path on the server machine -> URI the web workbench resolves through the remote connection. */
    remoteUri: (p) => `vscode-remote://${authority}${p.split(path.sep).map(encodeURIComponent).join('/')}`,
    workbenchUrl({ folder, payload }) {
      const q = new URLSearchParams({ folder });
      if (payload) q.set('payload', JSON.stringify(payload));
      return `${base}/?${q}`;
    },
    stop,
  };
}
