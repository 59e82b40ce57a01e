/**
 * The extra corpus: the Kubernetes in Action book examples (1st and 2nd edition). They carry no licence, so they are
 * not in the repository; when `../shared/corpus` exists beside the checkout (or ROLLOUT_LENS_EXTRA_CORPUS names a
 * folder holding them) the rule and preview checks of the in-repo corpus also run over them. The output says
 * whether this suite ran.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { extraCorpus } from '../support/corpus';
import { checkPreviewOverCorpus, checkRulesOverCorpus } from '../support/corpusChecks';

const extra = extraCorpus();
if (extra.found) console.log(`extra corpus: RAN over ${extra.files.length} files of ${extra.root}`);
else console.log(`extra corpus: DID NOT RUN (${extra.reason}; optional, see test/fixtures/corpus/SOURCES.md)`);

if (extra.found) {
  test(`extra corpus (${extra.files.length} files): every rule runs on every file without throwing`, () => {
    const { findings } = checkRulesOverCorpus(extra.root, extra.files);
    assert.ok(findings > 0);
  });

  test('extra corpus: preview runs over every Deployment/StatefulSet in every scenario', async () => {
    const counts = await checkPreviewOverCorpus('extra corpus', extra.files);
    assert.ok(counts.deployments + counts.statefulSets > 10, 'the book examples have workloads');
  });
}
