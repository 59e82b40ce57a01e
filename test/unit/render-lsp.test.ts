/**
 * The language server with Kustomize: patch files are partial objects in any workspace; in a trusted one the
 * entry overlays are rendered with the pinned kubectl and their findings appear on the patch and base lines.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { nodeFileSystem } from '../../server/src/fileSystem';
import { RENDERED_REQUEST } from '../../server/src/lsp/render';
import { startTestServer } from '../support/lspPair';
import { pinnedKustomizeSettings } from '../support/renderers';
import { processRenderer } from '../../server/src/render/renderer';
import type { Renderer } from '../../server/src/render/renderer';

const ROOT = path.resolve(__dirname, '../../../test/fixtures/kustomize');
const uri = (rel: string) => pathToFileURL(path.join(ROOT, rel)).href;

let runs = 0;
const counting: Renderer = { run: (argv, o) => (runs++, processRenderer.run(argv, o)) };

async function diagnostics(trusted: boolean, files: string[]): Promise<Record<string, [string, number, string][]>> {
  const server = await startTestServer({
    rootPath: ROOT,
    renderer: counting,
    fileSystem: nodeFileSystem,
    initializationOptions: { workspaceTrusted: trusted },
    configuration: pinnedKustomizeSettings,
  });
  try {
    await server.client.sendRequest(RENDERED_REQUEST);
    const out: Record<string, [string, number, string][]> = {};
    for (const f of files) {
      const text = readFileSync(path.join(ROOT, f), 'utf8');
      await server.open(uri(f), text);
      const lines = text.split('\n');
      out[f] = (await server.pull(uri(f))).map((d: Diagnostic) => {
        const line = lines[d.range.start.line] as string;
        return [String(d.code), d.range.start.line + 1, line.slice(d.range.start.character, d.range.end.character)];
      });
    }
    return out;
  } finally {
    server.dispose();
  }
}

const FILES = ['overlays/prod/strategy-patch.yaml', 'components/probes/probe-patch.yaml', 'base/deployment.yaml'];

test('LSP, untrusted workspace: nothing runs; the overlays built in-process report on the same lines', async () => {
  runs = 0;
  const got = await diagnostics(false, FILES);
  assert.equal(runs, 0, 'no renderer process in an untrusted workspace');
  assert.deepEqual(got, {
    'overlays/prod/strategy-patch.yaml': [
      ['progress-deadline-not-greater', 7, '5'],
      ['rolling-update-all-zero', 9, 'rollingUpdate'],
    ],
    'components/probes/probe-patch.yaml': [['invalid-name', 11, 'http_metrics']],
    'base/deployment.yaml': [['missing-min-ready-seconds', 15, 'readinessProbe']],
  });
});

test('LSP, trusted workspace: rendered overlays report on the patch and base lines to edit', async () => {
  assert.deepEqual(await diagnostics(true, FILES), {
    'overlays/prod/strategy-patch.yaml': [
      ['progress-deadline-not-greater', 7, '5'],
      ['rolling-update-all-zero', 9, 'rollingUpdate'],
    ],
    'components/probes/probe-patch.yaml': [['invalid-name', 11, 'http_metrics']],
    'base/deployment.yaml': [['missing-min-ready-seconds', 15, 'readinessProbe']],
  });
});

test('LSP: findings mapped into files that are not open are pushed; an open file pulls them instead', async () => {
  const server = await startTestServer({
    rootPath: ROOT,
    fileSystem: nodeFileSystem,
    initializationOptions: { workspaceTrusted: true },
    configuration: pinnedKustomizeSettings,
  });
  const shown = (ds: readonly Diagnostic[] | undefined) =>
    (ds ?? []).map((d) => [
      String(d.code),
      d.range.start.line + 1,
      String(d.message).replace(/^.*\((in [^)]*)\)$/, '$1'),
    ]);
  try {
    await server.client.sendRequest(RENDERED_REQUEST);
    const base = uri('base/deployment.yaml');
    const expectedBase = [['missing-min-ready-seconds', 15, 'in overlays/staging']];
    assert.deepEqual(shown(server.published.get(base)), expectedBase);
    assert.deepEqual(shown(server.published.get(uri('overlays/prod/strategy-patch.yaml'))), [
      ['progress-deadline-not-greater', 7, 'in overlays/prod'],
      ['rolling-update-all-zero', 9, 'in overlays/prod'],
    ]);
    // Open: the push is cleared and the pull carries the findings (no duplicate in the Problems view).
    await server.open(base, readFileSync(path.join(ROOT, 'base/deployment.yaml'), 'utf8'));
    assert.deepEqual(shown(await server.pull(base)), expectedBase);
    assert.deepEqual(server.published.get(base), []);
    // Closed again: pushed again.
    await server.close(base);
    await server.client.sendRequest(RENDERED_REQUEST);
    assert.deepEqual(shown(server.published.get(base)), expectedBase);
  } finally {
    server.dispose();
  }
});
