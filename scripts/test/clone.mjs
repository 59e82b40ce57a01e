// `npm run test:clone`: the repository as a new user gets it. Clones the current commit (HEAD, so commit first) into
// a temporary folder that holds nothing else (no ../shared beside it), installs the dependencies from the npm cache
// (`npm ci --offline`; if the cache lacks something, copies this checkout's node_modules) and runs `npm run
// test:unit` there. Counts as one test in test-results/counts/clone.json. It runs only the unit suite in the clone,
// never itself again (ROLLOUT_LENS_CLONE_TEST guards against recursion).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, writeCounts } from './counts.mjs';

if (process.env.ROLLOUT_LENS_CLONE_TEST) {
  console.error('test:clone: already inside a clone test; not recursing');
  process.exit(2);
}

const head = execFileSync('git', ['-C', REPO_ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['-C', REPO_ROOT, 'status', '--porcelain', '--untracked-files=no'], {
  encoding: 'utf8',
}).trim();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-clone-'));
const clone = path.join(tmp, 'rollout-lens');
const env = {
  ...process.env,
  ROLLOUT_LENS_CLONE_TEST: '1',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};
delete env.ROLLOUT_LENS_EXTRA_CORPUS;
for (const key of Object.keys(env))
  if (key.startsWith('npm_package_') || key === 'npm_lifecycle_event' || key === 'npm_lifecycle_script')
    delete env[key];

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: clone, env, stdio: 'inherit', ...opts }).status === 0;
let ok = false;
try {
  console.log(
    `test:clone: cloning ${head.slice(0, 12)}${dirty ? ' (uncommitted changes are not part of the clone)' : ''} into ${clone}`,
  );
  ok = run('git', ['clone', '--quiet', '--no-local', REPO_ROOT, clone], { cwd: tmp });
  if (ok && fs.readdirSync(tmp).length !== 1) throw new Error(`${tmp} should hold the clone only`);
  if (ok && !run('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'])) {
    console.log('test:clone: the npm cache lacks a package; copying node_modules from the checkout instead');
    fs.rmSync(path.join(clone, 'node_modules'), { recursive: true, force: true });
    fs.cpSync(path.join(REPO_ROOT, 'node_modules'), path.join(clone, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
    });
  }
  ok = ok && run('npm', ['run', 'test:unit']);
} catch (e) {
  console.error(`test:clone: ${e instanceof Error ? e.message : String(e)}`);
  ok = false;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
writeCounts('clone', { passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
console.log(`clone: ${ok ? 1 : 0} passed, ${ok ? 0 : 1} failed`);
process.exit(ok ? 0 : 1);
