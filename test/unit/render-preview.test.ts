/**
 * The preview of a base or patch file as an overlay renders it (`rolloutLens/preview` with `overlay`): the same
 * plan as `rollout-lens preview --overlay`, with kubectl in a trusted workspace and built in-process in an
 * untrusted one; the overlays a file can be previewed in; a clear problem when the overlay cannot be used.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PREVIEW_REQUEST } from '../../shared/src/preview/protocol';
import type { PreviewParams, PreviewResult } from '../../shared/src/preview/protocol';
import { nodeFileSystem } from '../../server/src/fileSystem';
import { RENDERED_REQUEST } from '../../server/src/lsp/render';
import { cli, REPO } from '../support/cliIo';
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

test('rolloutLens/preview with overlay and a baseline: the overlay rendered at Git HEAD says rollout or scale', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollout-lens-overlay-baseline-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(path.join(REPO, 'examples/kustomize'), dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'baseline');
  const s = await startTestServer({
    rootPath: dir,
    fileSystem: nodeFileSystem,
    initializationOptions: { workspaceTrusted: true },
    configuration: pinnedKustomizeSettings,
  });
  t.after(() => s.dispose());
  await s.client.sendRequest(RENDERED_REQUEST);
  const baseFile = path.join(dir, 'base/deployment.yaml');
  const base = pathToFileURL(baseFile).href;
  const text = readFileSync(baseFile, 'utf8');
  await s.open(base, text);
  const kustomization = path.join(dir, 'overlays/prod/kustomization.yaml');
  const original = readFileSync(kustomization, 'utf8');
  const change = async () => {
    const r = await s.client.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, {
      uri: base,
      offset: 0,
      whatIf: { scenario: 'update' },
      baselineText: text,
      overlay: pathToFileURL(path.join(dir, 'overlays/prod')).href,
    } satisfies PreviewParams);
    assert.equal(r?.overlayProblem, undefined);
    return r?.preview?.type === 'render' ? r.preview.change.kind : undefined;
  };
  const unchanged = await change();
  writeFileSync(kustomization, original.replace('LOG_LEVEL=warn', 'LOG_LEVEL=debug'));
  const literal = await change();
  writeFileSync(kustomization, original.replace('count: 6', 'count: 8'));
  const replicas = await change();
  assert.deepEqual([unchanged, literal, replicas], ['none', 'rollout', 'scale']);
});
