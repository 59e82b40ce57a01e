/** The Kustomize and Helm examples of the README: a finding mapped back, and a preview of the prod overlay. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LintDiagnostic } from '../../server/src/cli/lint';
import { cli, REPO } from '../support/cliIo';
import { HELM, KUBECTL } from '../support/renderers';

const renderers = () => ['--kustomize-command', `${KUBECTL()} kustomize`, '--helm-command', HELM()];

test('examples: the prod overlay and the chart report on the patch and template lines', async () => {
  const r = await cli(['lint', '--format', 'json', ...renderers(), 'examples/kustomize', 'examples/helm']);
  const found = (JSON.parse(r.stdout) as { diagnostics: LintDiagnostic[] }).diagnostics.filter(
    (d) => d.rule !== 'yaml-template',
  );
  const covered = (d: LintDiagnostic) => {
    const line = readFileSync(path.join(REPO, d.file), 'utf8').split('\n')[d.line - 1] as string;
    return line.slice(d.column - 1, d.endLine === d.line ? d.endColumn - 1 : undefined);
  };
  assert.deepEqual(
    found.map((d) => [d.overlay, d.rule, d.file, d.line, covered(d)]),
    [
      [
        'examples/kustomize/overlays/prod',
        'progress-deadline-not-greater',
        'examples/kustomize/overlays/prod/rollout-patch.yaml',
        7,
        '45',
      ],
      [
        'examples/helm/shop',
        'rolling-update-all-zero',
        'examples/helm/shop/templates/deployment.yaml',
        10,
        '{{- toYaml . | nindent 4 }}',
      ],
    ],
  );
  assert.match(found[1]?.message ?? '', /\(in chart examples\/helm\/shop, from \.Values\.strategy\)$/);
});

test('examples: preview of the prod overlay is the rendered Deployment (prefix, replicas, generated ConfigMap)', async () => {
  const r = await cli(['preview', '--format', 'json', ...renderers().slice(0, 2), 'examples/kustomize/overlays/prod']);
  assert.equal(r.code, 0, r.stderr);
  const plan = JSON.parse(r.stdout) as { name: string; resolved: { replicas: number; minReadySeconds: number } };
  assert.deepEqual([plan.name, plan.resolved.replicas, plan.resolved.minReadySeconds], ['prod-shop', 6, 60]);
});
