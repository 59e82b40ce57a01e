// Paths, isolated per-run directories and small utilities shared by the e2e runners.
// Nothing here writes outside the repo: every run gets its own user-data/extensions/XDG/TMPDIR
// directories under test/e2e/.tmp/, which are deleted afterwards unless the run failed (or E2E_KEEP=1).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');

/** The extension under test (a folder with package.json + dist/extension.js). Overridable for harness debugging. */
export const EXTENSION_PATH = path.resolve(process.env.E2E_EXTENSION_PATH ?? REPO_ROOT);
/** Folder copied into a temp workspace for every run; the repo copy is never opened or modified. */
export const EXAMPLES_DIR = path.resolve(process.env.E2E_EXAMPLES_DIR ?? path.join(REPO_ROOT, 'examples'));
export const RESULTS_DIR = path.resolve(process.env.E2E_RESULTS_DIR ?? path.join(REPO_ROOT, 'test-results'));
export const LOGS_DIR = path.join(RESULTS_DIR, 'e2e-logs');
export const SCRATCH_ROOT = path.resolve(process.env.E2E_TMP ?? path.join(E2E_DIR, '.tmp'));
export const CODE_SERVER_ENTRY =
  process.env.CS_ENTRY ?? path.join(E2E_DIR, 'node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const SUITE_INDEX = path.join(E2E_DIR, 'suite', 'index.js');
/**
 * The pinned real renderers (kubectl v1.34, helm v4) that test/renderers/install.mjs unpacks (run-all.mjs runs it):
 * the workspace settings point rolloutLens.kustomize.command and rolloutLens.helm.command at them, so Kustomize
 * overlays and Helm charts render the same on every machine (never a kubectl or helm from PATH).
 */
export const RENDERERS_BIN = path.join(REPO_ROOT, '.tmp', 'renderers', 'bin');

const T0 = Date.now();
/** Logger with elapsed seconds since the process started. */
export function log(...args) {
  console.log(`[${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s]`, ...args);
}

/** Reads the extension manifest and returns { id, folderName, manifest }. */
export function extensionInfo(extPath = EXTENSION_PATH) {
  const manifest = JSON.parse(fs.readFileSync(path.join(extPath, 'package.json'), 'utf8'));
  const id = `${manifest.publisher}.${manifest.name}`;
  return { id, folderName: `${id}-${manifest.version}`, manifest };
}

/** Fails with a readable message when the extension has not been built. */
export function assertExtensionBuilt(extPath = EXTENSION_PATH) {
  const { manifest } = extensionInfo(extPath);
  const main = path.resolve(extPath, manifest.main ?? './dist/extension.js');
  if (!fs.existsSync(main)) {
    throw new Error(
      `${path.relative(process.cwd(), main) || main} is missing: run \`npm run build\` at the repo root first.`,
    );
  }
  if (!fs.existsSync(EXAMPLES_DIR)) throw new Error(`examples folder not found: ${EXAMPLES_DIR}`);
}

/**
 * Creates an isolated scratch dir for one code-server session:
 *   <root>/ud (user data), ext (extensions), ws (workspace copy of examples/), t (TMPDIR, kept short for unix sockets),
 *   xdg-{config,data,cache}, browser (Chromium profile)
 */
export function createRunDir(label) {
  fs.mkdirSync(SCRATCH_ROOT, { recursive: true });
  const root = fs.mkdtempSync(path.join(SCRATCH_ROOT, `${label}-`));
  const dirs = {
    root,
    userData: path.join(root, 'ud'),
    extensions: path.join(root, 'ext'),
    workspace: path.join(root, 'ws'),
    tmp: path.join(root, 't'),
    xdgConfig: path.join(root, 'xdg-config'),
    xdgData: path.join(root, 'xdg-data'),
    xdgCache: path.join(root, 'xdg-cache'),
    browserProfile: path.join(root, 'browser'),
    config: path.join(root, 'code-server.yaml'),
  };
  for (const [key, dir] of Object.entries(dirs))
    if (key !== 'config' && key !== 'root') fs.mkdirSync(dir, { recursive: true });
  for (const sub of ['User', 'Machine']) fs.mkdirSync(path.join(dirs.userData, sub), { recursive: true });
  fs.writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  const settings = JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'extensions.ignoreRecommendations': true,
      'update.mode': 'none',
      'security.workspace.trust.enabled': false,
      'git.enabled': false,
      'files.autoSave': 'off',
      'chat.commandCenter.enabled': false,
      'rolloutLens.kustomize.command': `${path.join(RENDERERS_BIN, 'kubectl')} kustomize`,
      'rolloutLens.helm.command': path.join(RENDERERS_BIN, 'helm'),
    },
    null,
    2,
  );
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), settings);
  fs.writeFileSync(path.join(dirs.userData, 'Machine', 'settings.json'), settings);
  fs.cpSync(EXAMPLES_DIR, dirs.workspace, { recursive: true });
  return dirs;
}

/** Environment for every child process: no $HOME writes, no /tmp writes, no IPC hooks inherited from an outer VS Code. */
export function isolatedEnv(dirs, extra = {}) {
  const env = {
    ...process.env,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CACHE_HOME: dirs.xdgCache,
    VSCODE_IPC_HOOK_CLI: '',
    // no extension gallery (code-server defaults to open-vsx.org): nothing to query, no DNS lookups
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
  for (const key of ['VSCODE_IPC_HOOK', 'VSCODE_PID', 'VSCODE_CWD', 'ELECTRON_RUN_AS_NODE']) delete env[key];
  return env;
}

/** Removes a scratch dir unless the caller wants it kept (failure / E2E_KEEP=1). */
export function cleanupRunDir(dirs, { keep }) {
  if (keep || process.env.E2E_KEEP === '1') {
    log(`scratch dir kept: ${dirs.root}`);
    return;
  }
  fs.rmSync(dirs.root, { recursive: true, force: true });
}

/** Copies VS Code's own logs (window, exthost, language-server output channels) next to the harness logs. */
export function collectVsCodeLogs(dirs, dest) {
  const src = path.join(dirs.userData, 'logs');
  if (!fs.existsSync(src)) return;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(src, dest, { recursive: true });
}

/** Races promise against a timer that rejects with `message` after `ms` (the timer is cleared either way). */
export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
