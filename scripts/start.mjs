// `npm start`: real VS Code in the browser (code-server 4.100.3, installed into test/e2e on first use, without the
// Chromium the tests need) on http://127.0.0.1:$PORT (default 8080), with this extension loaded from the repo and a
// COPY of examples/ open: the copy is a Git repository with one commit (so "will this roll out?" compares your edits
// with the committed version) and the VS Code Git extension is on. Edits never touch the repository's files.
// Ctrl-C stops everything. Uses the e2e harness's isolated dirs (test/e2e/.tmp/start-*): nothing is written under
// $HOME.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  E2E_DIR,
  REPO_ROOT,
  assertExtensionBuilt,
  createRunDir,
  extensionInfo,
  isolatedEnv,
} from '../test/e2e/lib/env.mjs';
import { startCodeServer } from '../test/e2e/lib/code-server.mjs';

const port = Number(process.env.PORT || 8080);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT must be a TCP port number (got "${process.env.PORT}")`);
  process.exit(2);
}

assertExtensionBuilt();
try {
  execFileSync('git', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('npm start needs git (the demo folder is a Git repository): apt-get install git');
  process.exit(2);
}
// code-server and its build tools only: the headless Chromium is for the tests.
execFileSync('sh', [path.join(E2E_DIR, 'scripts/install.sh')], {
  stdio: 'inherit',
  env: { ...process.env, E2E_SKIP_BROWSER: '1' },
});

const dirs = createRunDir('start'); // dirs.workspace is a fresh copy of examples/
commitWorkspace(dirs.workspace);
enableGit(path.join(dirs.userData, 'User', 'settings.json'));
fs.symlinkSync(REPO_ROOT, path.join(dirs.extensions, extensionInfo().folderName), 'dir');
const server = await startCodeServer({
  dirs,
  env: isolatedEnv(dirs),
  logFile: path.join(dirs.root, 'code-server.log'),
  bindAddr: `127.0.0.1:${port}`,
  folder: dirs.workspace,
});
console.log(`\nRollout Lens is running in VS Code at ${server.workbenchUrl({ folder: dirs.workspace })}`);
console.log(`Workspace: ${dirs.workspace} (a copy of examples/ with one Git commit; edit freely).`);
console.log(
  `Logs: ${dirs.root}. Rebuild with \`npm run build\` (or \`npm run watch\`) and reload the window to pick up changes. Ctrl-C stops.`,
);
await new Promise(() => {}); // runs until Ctrl-C; the harness kills the server's process group on exit

/** `git init` + one commit of everything, with a fixed identity and no user/system Git config involved. */
function commitWorkspace(dir) {
  const env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Rollout Lens demo',
    GIT_AUTHOR_EMAIL: 'demo@rollout-lens.invalid',
    GIT_COMMITTER_NAME: 'Rollout Lens demo',
    GIT_COMMITTER_EMAIL: 'demo@rollout-lens.invalid',
  };
  const git = (...args) => execFileSync('git', ['-C', dir, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'examples as shipped');
}

/** The harness turns the Git extension off for the tests; the demo needs it for the committed-version baseline. */
function enableGit(settingsFile) {
  const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  settings['git.enabled'] = true;
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
}
