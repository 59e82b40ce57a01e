// Packs the CLI as its own npm package (`rollout-lens`): one minified bundle with every dependency inside (no
// runtime dependencies), the config JSON Schema, README and LICENSE. The package.json is derived from the
// repository's (name, version, licence, links) so there is one version. Usage:
//   node scripts/pack-cli.mjs [--out DIR]   → DIR/rollout-lens-<version>.tgz (default: the repository root)
// Needs schemas/rollout-lens.schema.json (committed). The staging folder is .tmp/cli-package.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const outArg = process.argv.indexOf('--out');
const outDir = path.resolve(outArg > 0 ? process.argv[outArg + 1] : root);
const stage = path.join(root, '.tmp/cli-package');
const repo = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'dist'), { recursive: true });
mkdirSync(path.join(stage, 'schemas'), { recursive: true });
await esbuild.build({
  entryPoints: [path.join(root, 'server/src/cli/cliMain.ts')],
  outfile: path.join(stage, 'dist/cli.js'),
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: '#!/usr/bin/env node' },
});
const pkg = {
  name: repo.name,
  version: repo.version,
  description:
    'Lints Kubernetes Deployment/StatefulSet/Service YAML and previews what the controllers will do (CLI of Rollout Lens).',
  license: repo.license,
  repository: repo.repository,
  homepage: repo.homepage,
  keywords: repo.keywords,
  bin: { 'rollout-lens': 'dist/cli.js' },
  files: ['dist/cli.js', 'schemas/rollout-lens.schema.json'],
  engines: { node: '>=20' },
};
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
copyFileSync(path.join(root, 'scripts/cli-package/README.md'), path.join(stage, 'README.md'));
copyFileSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));
copyFileSync(path.join(root, 'schemas/rollout-lens.schema.json'), path.join(stage, 'schemas/rollout-lens.schema.json'));
mkdirSync(outDir, { recursive: true });
const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8' })
  .trim()
  .split('\n')
  .pop();
console.log(path.join(outDir, name));
