/**
 * Running a renderer binary (`kubectl kustomize`, `kustomize build`, `helm template`): the only
 * process spawning of Rollout Lens, behind an interface so the logic around it stays pure.
 * No shell; a timeout that kills the process; the network made unreachable through a dead proxy
 * and git limited to local repositories (remote bases are also refused before running).
 */
import { spawn } from 'node:child_process';

export interface RunResult {
  /** `missing`: the binary was not found; `timeout`: killed after the timeout. */
  readonly status: 'ok' | 'failed' | 'missing' | 'timeout';
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode?: number | null;
  /** Wall time of the process, ms. */
  readonly ms: number;
}

export interface Renderer {
  run(argv: readonly string[], options: { readonly cwd: string; readonly timeoutMs: number }): Promise<RunResult>;
}

/** Environment that keeps a renderer off the network: an unreachable proxy, git on local files only. */
export function offlineEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const dead = 'http://127.0.0.1:9';
  return {
    ...base,
    HTTP_PROXY: dead,
    HTTPS_PROXY: dead,
    http_proxy: dead,
    https_proxy: dead,
    NO_PROXY: '',
    no_proxy: '',
    GIT_ALLOW_PROTOCOL: 'file',
    GIT_TERMINAL_PROMPT: '0',
    HELM_NO_PLUGINS: '1',
  };
}

/** Splits a command setting (`kubectl kustomize`, `"/opt/my kustomize" build`) into argv, no shell. */
export function splitCommand(command: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) out.push(m[1] ?? m[2] ?? m[3] ?? '');
  return out;
}

export const processRenderer: Renderer = {
  run(argv, { cwd, timeoutMs }) {
    const started = Date.now();
    return new Promise((resolve) => {
      const [cmd, ...args] = argv;
      let stdout = '';
      let stderr = '';
      let settled = false;
      const done = (r: Omit<RunResult, 'ms' | 'stdout' | 'stderr'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...r, stdout, stderr, ms: Date.now() - started });
      };
      const child = spawn(cmd as string, args, {
        cwd,
        env: offlineEnv(process.env),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        done({ status: 'timeout' });
      }, timeoutMs);
      child.on('error', (e: NodeJS.ErrnoException) =>
        done({ status: e.code === 'ENOENT' || e.code === 'EACCES' ? 'missing' : 'failed' }),
      );
      child.on('close', (code) => done({ status: code === 0 ? 'ok' : 'failed', exitCode: code }));
    });
  },
};

/** The first lines of a renderer's stderr, for a diagnostic (warnings `# Warning:` dropped). */
export function stderrHead(stderr: string, lines = 3): string {
  const kept = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('# Warning'));
  const head = kept.slice(0, lines).join('\n');
  return head.length > 600 ? head.slice(0, 600) + '…' : head;
}
