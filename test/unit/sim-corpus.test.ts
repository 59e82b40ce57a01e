/**
 * `rollout-lens preview` over every Deployment and StatefulSet of the in-repo corpus, every scenario (text;
 * JSON for some): each run must exit 0, or exit 2 with one clean `SimulationError`/usage line (never an internal
 * error). The counts are printed so a change in coverage is visible.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusFiles } from '../support/corpus';
import { checkPreviewOverCorpus } from '../support/corpusChecks';

test('preview runs over every corpus Deployment/StatefulSet in every scenario without internal errors', async () => {
  const counts = await checkPreviewOverCorpus('corpus', corpusFiles());
  assert.ok(counts.deployments + counts.statefulSets > 50, 'the corpus has workloads');
});
