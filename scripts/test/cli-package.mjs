// `npm run test:cli-package`: the CLI as users get it from npm. Packs it (scripts/pack-cli.mjs), installs the tarball
// offline into an empty project in a temporary folder and runs `npx rollout-lens` there. One check per property;
// counts in test-results/counts/cli-package.json.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, writeCounts } from './counts.mjs';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-cli-package-'));
const project = path.join(tmp, 'project');
const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
const env = {
  ...process.env,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  npm_config_offline: 'true',
};
for (const key of Object.keys(env))
  if (key.startsWith('npm_package_') || key.startsWith('npm_lifecycle_')) delete env[key];
const sh = (cmd, args, cwd = project) => spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
const BAD =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: -1\n  selector: {matchLabels: {app: web}}\n' +
  '  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: a, image: nginx}]}\n';

let tarball;
const checks = [
  [
    'packs into one tarball',
    () => {
      tarball = execFileSync('node', [path.join(REPO_ROOT, 'scripts/pack-cli.mjs'), '--out', tmp], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .pop();
      if (!fs.existsSync(tarball)) throw new Error(`no tarball at ${tarball}`);
    },
  ],
  [
    'ships exactly the bundle, the schema, README, LICENSE and package.json',
    () => {
      const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
      const want = [
        'package/LICENSE',
        'package/README.md',
        'package/dist/cli.js',
        'package/package.json',
        'package/schemas/rollout-lens.schema.json',
      ];
      if (JSON.stringify(files) !== JSON.stringify(want)) throw new Error(`tarball holds ${files.join(', ')}`);
    },
  ],
  [
    'has a bin and no runtime dependencies; the bundle requires Node built-ins only',
    () => {
      const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
      if (pkg.bin?.['rollout-lens'] !== 'dist/cli.js') throw new Error(`bin: ${JSON.stringify(pkg.bin)}`);
      for (const k of ['dependencies', 'peerDependencies', 'optionalDependencies'])
        if (pkg[k]) throw new Error(`${k}: ${JSON.stringify(pkg[k])}`);
      const bundle = execFileSync('tar', ['-xzOf', tarball, 'package/dist/cli.js'], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
      const required = [...bundle.matchAll(/require\(["']([^"']+)["']\)/g)]
        .map((m) => m[1])
        .filter((m) => !builtins.has(m));
      if (required.length) throw new Error(`the bundle requires ${[...new Set(required)].join(', ')}`);
    },
  ],
  [
    'installs offline into an empty project',
    () => {
      fs.mkdirSync(path.join(project, 'k8s'), { recursive: true });
      fs.writeFileSync(path.join(project, 'package.json'), '{"name":"user-project","private":true}\n');
      fs.writeFileSync(path.join(project, 'k8s/web.yaml'), BAD);
      fs.mkdirSync(path.join(project, 'dist'));
      fs.writeFileSync(path.join(project, 'dist/rendered.yaml'), BAD);
      fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules/\n');
      const r = sh('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball]);
      if (r.status !== 0) throw new Error(r.stderr);
    },
  ],
  [
    'npx rollout-lens --version prints the version',
    () => {
      const r = sh('npx', ['--offline', 'rollout-lens', '--version']);
      if (r.status !== 0 || r.stdout.trim() !== version) throw new Error(`exit ${r.status}: ${r.stdout}${r.stderr}`);
    },
  ],
  [
    'npx rollout-lens lint . finds the error (dist/ too: not ignored) and exits 1',
    () => {
      const r = sh('npx', ['--offline', 'rollout-lens', 'lint', '.']);
      if (r.status !== 1) throw new Error(`exit ${r.status}: ${r.stdout}${r.stderr}`);
      for (const f of [
        'k8s/web.yaml:6:13: error [invalid-value]',
        'dist/rendered.yaml:6:13: error [invalid-value]',
        '2 files checked',
      ]) {
        if (!r.stdout.includes(f)) throw new Error(`missing "${f}" in:\n${r.stdout}`);
      }
    },
  ],
  [
    'npx rollout-lens lint -f sarif links the rule pages (package metadata found in the package)',
    () => {
      const r = sh('npx', ['--offline', 'rollout-lens', 'lint', '-f', 'sarif', 'k8s']);
      const log = JSON.parse(r.stdout);
      const rule = log.runs[0].tool.driver.rules.find((x) => x.id === 'invalid-value');
      if (log.runs[0].tool.driver.version !== version || !rule?.helpUri?.endsWith('/docs/rules/invalid-value.md'))
        throw new Error(r.stdout.slice(0, 400));
    },
  ],
];

let passed = 0;
let failed = 0;
for (const [name, check] of checks) {
  try {
    check();
    passed++;
    console.log(`  ✔ ${name}`);
  } catch (e) {
    failed++;
    console.log(
      `  ✖ ${name}\n    ${String(e instanceof Error ? e.message : e)
        .split('\n')
        .join('\n    ')}`,
    );
  }
}
fs.rmSync(tmp, { recursive: true, force: true });
writeCounts('cli-package', { passed, failed });
console.log(`cli-package: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
