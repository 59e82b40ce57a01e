// Bundle and VSIX sizes of a production build, made in a scratch copy so dist/ is left alone:
// a temp dir with symlinks to the sources, `node scripts/build.mjs --production` run there (the
// project's own build script and options), then `vsce package` of what .vscodeignore lets through
// (package.json copied without its vscode:prepublish step, which would rebuild into the repo).
// Baseline in the same run: the same build without --production (not minified).
// Prints the scratch dir; BENCH_KEEP=1 keeps it (run.mjs passes its extension.js to activation.mjs).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { figure, printResult, ROOT } from './lib.mjs';

function scratch(production) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-size-'));
  for (const name of ['client', 'server', 'shared', 'node_modules', 'scripts', 'tsconfig.json', 'tsconfig.base.json']) {
    if (existsSync(path.join(ROOT, name))) symlinkSync(path.join(ROOT, name), path.join(dir, name));
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs'), ...(production ? ['--production'] : [])], {
    cwd: dir,
    stdio: 'inherit',
  });
  return dir;
}

function vsix(dir) {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  delete pkg.scripts['vscode:prepublish'];
  const stage = mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-vsix-'));
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore'])
    if (existsSync(path.join(ROOT, f))) cpSync(path.join(ROOT, f), path.join(stage, f));
  if (existsSync(path.join(ROOT, 'client/media')))
    cpSync(path.join(ROOT, 'client/media'), path.join(stage, 'client/media'), { recursive: true });
  cpSync(path.join(dir, 'dist'), path.join(stage, 'dist'), { recursive: true });
  const out = path.join(stage, 'rollout-lens.vsix');
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', out],
    {
      cwd: stage,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const size = statSync(out).size;
  rmSync(stage, { recursive: true, force: true });
  return size;
}

const prod = scratch(true);
const dev = scratch(false);
const size = (dir, f) => statSync(path.join(dir, 'dist', f)).size;
const figures = [
  figure('dist/extension.js, minified', {
    value: size(prod, 'extension.js'),
    unit: 'bytes',
    baseline: size(dev, 'extension.js'),
    baselineLabel: 'not minified',
    target: 200 * 1024,
  }),
  figure('dist/server.js, minified', {
    value: size(prod, 'server.js'),
    unit: 'bytes',
    baseline: size(dev, 'server.js'),
    baselineLabel: 'not minified',
    target: 600 * 1024,
  }),
  figure('VSIX', {
    value: vsix(prod),
    unit: 'bytes',
    baseline: vsix(dev),
    baselineLabel: 'VSIX of the unminified build',
    target: 1024 * 1024,
  }),
];
if (existsSync(path.join(prod, 'dist/cli.js')))
  console.log(`  (dist/cli.js minified: ${(size(prod, 'cli.js') / 1024).toFixed(1)} KB, not in the VSIX)`);
rmSync(dev, { recursive: true, force: true });
if (process.env.BENCH_KEEP === '1') console.log(`PRODUCTION_DIST ${path.join(prod, 'dist')}`);
else rmSync(prod, { recursive: true, force: true });
printResult('size', figures);
