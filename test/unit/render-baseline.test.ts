/**
 * "Will this change roll out?" for an overlay: rendered at the Git baseline (real git, pinned kubectl) and now.
 * A configMapGenerator literal change renames the hashed ConfigMap the pod template references: a rollout;
 * a `replicas` change: a scale.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, REPO } from '../support/cliIo';
import { KUBECTL } from '../support/renderers';

test('preview --baseline: generator literal → rollout, replicas → scale, nothing → no change', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-baseline-test-'));
  try {
    cpSync(path.join(REPO, 'examples/kustomize'), dir, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
        cwd: dir,
        stdio: 'pipe',
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'baseline');
    const kustomization = path.join(dir, 'overlays/prod/kustomization.yaml');
    const original = readFileSync(kustomization, 'utf8');
    const preview = async () => {
      const r = await cli(
        ['preview', '--kustomize-command', `${KUBECTL()} kustomize`, '--baseline', 'HEAD', 'overlays/prod'],
        dir,
      );
      assert.equal(r.code, 0, r.stderr);
      return r.stdout.split('\n')[0];
    };
    assert.equal(await preview(), 'Change since HEAD (Deployment/prod-shop): No change from the baseline.');
    writeFileSync(kustomization, original.replace('LOG_LEVEL=warn', 'LOG_LEVEL=debug'));
    assert.equal(
      await preview(),
      'Change since HEAD (Deployment/prod-shop): Pod template change → a new ReplicaSet (new revision) and a rollout.',
    );
    writeFileSync(kustomization, original.replace('count: 6', 'count: 8'));
    assert.equal(
      await preview(),
      'Change since HEAD (Deployment/prod-shop): replicas 6 → 8 only → scaling, no new revision, no rollout.',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
