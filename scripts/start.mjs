// `npm start`: real VS Code in the browser (code-server 4.100.3, installed into test/e2e on first
// use) on http://127.0.0.1:$PORT (default 8080), with this extension loaded from the repo and the
// examples/ folder open. Ctrl-C stops everything. Uses the e2e harness's isolated dirs: nothing
// is written under $HOME.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EXAMPLES_DIR, E2E_DIR, REPO_ROOT, assertExtensionBuilt, createRunDir, extensionInfo, isolatedEnv } from '../test/e2e/lib/env.mjs';
import { startCodeServer } from '../test/e2e/lib/code-server.mjs';

const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`PORT must be a TCP port number (got "${process.env.PORT}")`);
  process.exit(2);
}

assertExtensionBuilt();
execFileSync('sh', [path.join(E2E_DIR, 'scripts/install.sh')], { stdio: 'inherit' });

const dirs = createRunDir('start');
fs.symlinkSync(REPO_ROOT, path.join(dirs.extensions, extensionInfo().folderName), 'dir');
const server = await startCodeServer({
  dirs,
  env: isolatedEnv(dirs),
  logFile: path.join(dirs.root, 'code-server.log'),
  bindAddr: `127.0.0.1:${port}`,
  folder: EXAMPLES_DIR,
});
console.log(`\nRollout Lens is running in VS Code at ${server.workbenchUrl({ folder: EXAMPLES_DIR })}`);
console.log(`Logs: ${dirs.root}. Rebuild with \`npm run build\` (or \`npm run watch\`) and reload the window to pick up changes. Ctrl-C stops.`);
await new Promise(() => {}); // runs until Ctrl-C; the harness kills the server's process group on exit
