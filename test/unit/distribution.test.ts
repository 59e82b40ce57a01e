/**
 * The CLI's distribution files, checked as data: the Dockerfile (stages, what the image runs), action.yml (lint to
 * SARIF, upload, fail on errors), .pre-commit-hooks.yaml; every `rollout-lens lint` option they use exists. The image
 * itself is built only where a Docker engine answers (not in this project's CI machines: there the test says so).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { LINT_COMMAND } from '../../server/src/cli/lint';

const ROOT = path.resolve(__dirname, '../../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const LINT_OPTIONS = new Set(LINT_COMMAND.options.map((o) => `--${o.name}`));

/** `--name` tokens after `rollout-lens … lint` on each line of a script. */
function lintOptions(script: string): string[] {
  return script
    .split('\n')
    .filter((l) => /\blint\b/.test(l))
    .flatMap((l) =>
      [...(l.split(/\blint\b/)[1] ?? '').matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1] as string),
    );
}

interface Instruction {
  readonly op: string;
  readonly args: string;
}

function dockerfile(): { stages: { from: string; name?: string; body: Instruction[] }[] } {
  const lines = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: { from: string; name?: string; body: Instruction[] }[] = [];
  for (const l of lines) {
    const [op = '', ...rest] = l.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      assert.ok(m, `FROM ${args}`);
      stages.push({ from: m[1] as string, ...(m[2] ? { name: m[2] } : {}), body: [] });
    } else {
      assert.ok(stages.length > 0, `${op} before FROM`);
      stages[stages.length - 1]?.body.push({ op: op.toUpperCase(), args });
    }
  }
  return { stages };
}

test('Dockerfile: a build stage packs the CLI, the final stage installs only that package and runs rollout-lens', () => {
  const { stages } = dockerfile();
  assert.equal(stages.length, 2);
  const [build, cli] = stages as [(typeof stages)[0], (typeof stages)[0]];
  for (const s of stages) assert.match(s.from, /^node:20(-|$)/, 'Node 20, as the engines field says');
  assert.equal(build.name, 'build');
  assert.ok(build.body.some((i) => i.op === 'RUN' && /npm ci\b/.test(i.args)));
  assert.ok(build.body.some((i) => i.op === 'RUN' && /scripts\/pack-cli\.mjs --out \/pkg/.test(i.args)));
  assert.ok(cli.body.some((i) => i.op === 'COPY' && i.args.startsWith('--from=build /pkg')));
  assert.ok(cli.body.some((i) => i.op === 'RUN' && /npm install --global .*\/pkg\/rollout-lens-\*\.tgz/.test(i.args)));
  assert.deepEqual(cli.body.find((i) => i.op === 'USER')?.args, 'node');
  assert.deepEqual(JSON.parse(cli.body.find((i) => i.op === 'ENTRYPOINT')?.args ?? 'null'), ['rollout-lens']);
  assert.deepEqual(JSON.parse(cli.body.find((i) => i.op === 'CMD')?.args ?? 'null'), ['lint', '.']);
  assert.ok(fs.existsSync(path.join(ROOT, 'scripts/pack-cli.mjs')));
  const ignored = read('.dockerignore').split('\n');
  for (const p of ['node_modules', 'out', 'dist', '.git']) assert.ok(ignored.includes(p), `.dockerignore ${p}`);
});

const docker = spawnSync('docker', ['info'], { encoding: 'utf8' });
const dockerWorks = docker.status === 0;
if (!dockerWorks)
  console.log('docker: no working Docker engine here (docker info failed), so the image build is not tested');
test(
  'Dockerfile: the image builds and lints a manifest (only where a Docker engine works)',
  { skip: dockerWorks ? false : 'no Docker engine' },
  () => {
    const tag = `rollout-lens-test:${process.pid}`;
    const build = spawnSync('docker', ['build', '-t', tag, ROOT], { encoding: 'utf8', stdio: 'pipe' });
    assert.equal(build.status, 0, build.stderr);
    const run = spawnSync(
      'docker',
      ['run', '--rm', '-v', `${path.join(ROOT, 'examples')}:/work:ro`, tag, 'lint', '.'],
      { encoding: 'utf8' },
    );
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.match(run.stdout, /files checked/);
    spawnSync('docker', ['rmi', tag]);
  },
);

test('action.yml: composite action that lints to SARIF, uploads it to code scanning and fails on error findings', () => {
  const action = parse(read('action.yml')) as {
    inputs: Record<string, { default?: string }>;
    runs: {
      using: string;
      steps: { id?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string }[];
    };
  };
  assert.equal(action.runs.using, 'composite');
  const steps = action.runs.steps;
  const lint = steps.find((s) => s.id === 'lint');
  assert.ok(lint?.run);
  assert.match(lint.run, /rollout-lens@\$RL_VERSION" lint --format sarif --output "\$RL_SARIF"/);
  assert.match(lint.run, /lint --format github/);
  for (const o of lintOptions(lint.run)) assert.ok(LINT_OPTIONS.has(o), `action uses unknown option ${o}`);
  assert.doesNotMatch(lint.run, /\$\{\{\s*inputs\./, 'inputs reach the shell through env, not by text substitution');
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.equal(upload?.with?.sarif_file, '${{ inputs.sarif-file }}');
  assert.ok(steps.some((s) => s.if?.includes("steps.lint.outputs.status == '1'") && /exit 1/.test(s.run ?? '')));
  assert.equal(action.inputs['upload-sarif']?.default, 'true');
});

test('.pre-commit-hooks.yaml: every hook lints YAML files with the repository as context', () => {
  const hooks = parse(read('.pre-commit-hooks.yaml')) as {
    id: string;
    entry: string;
    language: string;
    files: string;
  }[];
  assert.deepEqual(
    hooks.map((h) => h.id),
    ['rollout-lens', 'rollout-lens-docker'],
  );
  for (const h of hooks) {
    assert.match(h.entry, /\blint --context \.$/);
    for (const o of lintOptions(h.entry)) assert.ok(LINT_OPTIONS.has(o), `${h.id}: unknown option ${o}`);
    const files = new RegExp(h.files);
    assert.ok(files.test('k8s/web.yaml') && files.test('a.yml') && !files.test('main.go'), h.id);
  }
  assert.equal(hooks.find((h) => h.id === 'rollout-lens-docker')?.language, 'docker_image');
});
