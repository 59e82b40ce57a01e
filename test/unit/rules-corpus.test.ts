/**
 * The in-repo corpus of real manifests (test/fixtures/corpus), every rule on (opt-in ones too), one workspace per
 * top-level folder: no rule throws, every finding has a non-empty range inside its file, and the
 * quick fixes of the API-parity rules leave the file parseable.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintFile } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';
import { applyEdits, fixAll } from '../../server/src/codeActions';
import { CORPUS, corpusFiles } from '../support/corpus';
import { checkRulesOverCorpus } from '../support/corpusChecks';

test('corpus: every rule runs on every file without throwing, with ranges inside the file', () => {
  const { findings, fixedFiles } = checkRulesOverCorpus(CORPUS, corpusFiles());
  assert.ok(findings > 0);
  assert.ok(fixedFiles > 0);
});

test('wrong shapes anywhere: no rule throws (property test)', async () => {
  const fc = await import('fast-check');
  const { stringify } = await import('yaml');
  const value = fc.letrec((tie) => ({
    any: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer({ min: -3, max: 70000 }),
      fc.constantFrom('', 'None', '0%', '25', 'abc%', 'Always', 'web', '-1'),
      fc.array(tie('any'), { maxLength: 3 }),
      fc.dictionary(
        fc.constantFrom(
          'name',
          'spec',
          'selector',
          'matchLabels',
          'template',
          'metadata',
          'labels',
          'containers',
          'ports',
          'volumeMounts',
          'volumes',
          'strategy',
          'rollingUpdate',
          'maxSurge',
          'maxUnavailable',
          'replicas',
          'serviceName',
          'clusterIP',
          'type',
          'targetPort',
          'port',
          'readinessProbe',
          'subPath',
          'configMap',
          'volumeClaimTemplates',
          'updateStrategy',
          'partition',
        ),
        tie('any'),
        { maxKeys: 4 },
      ),
    ),
  })).any;
  const kinds = fc.constantFrom(
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'StatefulSet'],
    ['v1', 'Service'],
    ['apps/v1beta1', 'Deployment'],
  );
  fc.assert(
    fc.property(kinds, value, value, ([apiVersion, kind], spec, meta) => {
      const text =
        stringify({ apiVersion, kind, metadata: meta, spec }) +
        '---\n' +
        stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec });
      const index = new WorkspaceIndex();
      const file = index.update('file:///ws/fuzz.yaml', text).file;
      const crashes: string[] = [];
      const found = lintFile(file, index, {
        rules: { 'missing-readiness-probe': 'warning' },
        onRuleError: (rule, e) => crashes.push(`${rule.id}: ${String(e)}`),
      });
      assert.deepEqual(crashes, [], text);
      const all = fixAll(file.uri, found);
      if (all)
        applyEdits(
          text,
          all.edits.filter((e) => e.uri === file.uri),
        );
    }),
    { numRuns: 300, seed: 5 },
  );
});
