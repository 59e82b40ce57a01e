/**
 * The preview of a base or patch file as an overlay renders it (`rolloutLens/preview` with `overlay`): the same
 * plan as `rollout-lens preview --overlay`, with kubectl in a trusted workspace and built in-process in an
 * untrusted one; the overlays a file can be previewed in; a clear problem when the overlay cannot be used.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PREVIEW_REQUEST } from '../../shared/src/preview/protocol';
import type { PreviewParams, PreviewResult } from '../../shared/src/preview/protocol';
import { nodeFileSystem } from '../../server/src/fileSystem';
import { RENDERED_REQUEST } from '../../server/src/lsp/render';
import { cli } from '../support/cliIo';
import { startTestServer } from '../support/lspPair';
import { KUBECTL, pinnedKustomizeSettings } from '../support/renderers';

const ROOT = path.resolve(__dirname, '../../../test/fixtures/kustomize');
const uri = (rel: string) => pathToFileURL(path.join(ROOT, rel)).href;

for (const trusted of [true, false]) {
  test(`rolloutLens/preview with overlay (${trusted ? 'trusted: kubectl' : 'untrusted: in-process'})`, async (t) => {
    const s = await startTestServer({
      rootPath: ROOT,
      fileSystem: nodeFileSystem,
      initializationOptions: { workspaceTrusted: trusted },
      configuration: pinnedKustomizeSettings,
    });
    t.after(() => s.dispose());
    await s.client.sendRequest(RENDERED_REQUEST);
    const base = uri('base/deployment.yaml');
    await s.open(base, readFileSync(path.join(ROOT, 'base/deployment.yaml'), 'utf8'));
    const ask = (p: Omit<PreviewParams, 'uri'>) =>
      s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, { uri: base, ...p } satisfies PreviewParams);
    const plain = await ask({ offset: 0 });
    assert.deepEqual(
      plain?.overlays?.map((o) => o.name),
      ['overlays/prod', 'overlays/staging', 'remote'],
    );
    const r = await ask({
      offset: 0,
      whatIf: { scenario: 'update' },
      includePlan: true,
      overlay: uri('overlays/staging'),
    });
    assert.equal(r?.overlayProblem, undefined);
    const viaCli = await cli(
      [
        'preview',
        '--format',
        'json',
        '--kustomize-command',
        `${KUBECTL()} kustomize`,
        '--overlay',
        'overlays/staging',
        'base/deployment.yaml',
      ],
      ROOT,
    );
    assert.equal(viaCli.code, 0, viaCli.stderr);
    assert.deepEqual(r?.plan, JSON.parse(viaCli.stdout));
    assert.deepEqual(
      [(r?.plan as { name: string }).name, (r?.plan as { resolved: { replicas: number } }).resolved.replicas],
      ['web-staging', 1],
    );
    // The remote overlay is not rendered (never fetched); the file's own preview is shown and the problem said.
    const remote = await ask({ offset: 0, whatIf: { scenario: 'update' }, includePlan: true, overlay: uri('remote') });
    assert.match(
      remote?.overlayProblem ?? '',
      /^remote: (remote base https:\/\/github\.com\/kubernetes-sigs\/kustomize)/,
    );
    assert.equal((remote?.plan as { name: string }).name, 'web');
  });
}
