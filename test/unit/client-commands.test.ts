/**
 * The `_rolloutLens.*` commands the extension-host tests drive are not registered in an installed extension
 * (ARCHITECTURE.md, client/): `registerPreview` under each `ExtensionMode`, with `vscode` replaced by a recorder
 * (the module exists only inside VS Code).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import Module, { createRequire } from 'node:module';
import type * as vscode from 'vscode';

const MODE = { Production: 1, Development: 2, Test: 3 } as const;
const registered: string[] = [];
const disposable = { dispose() {} };
const stub = {
  ExtensionMode: MODE,
  commands: { registerCommand: (name: string) => (registered.push(name), disposable) },
  window: { registerWebviewPanelSerializer: () => disposable },
  languages: { registerCodeLensProvider: () => disposable },
  EventEmitter: class {
    event = () => disposable;
    fire() {}
    dispose() {}
  },
  Disposable: { from: () => disposable },
};

/** Loads `client/src/preview/register.ts` with `vscode` resolved to the recorder. */
function loadRegister(): typeof import('../../client/src/preview/register') {
  const m = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const resolve = m._resolveFilename;
  const id = require.resolve('../../client/src/preview/register');
  m._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub } as NodeJS.Module;
  try {
    return createRequire(__filename)(id);
  } finally {
    m._resolveFilename = resolve;
  }
}

test('test-only commands (_rolloutLens.*) are registered in development and tests, never in production', () => {
  const { registerPreview, PREVIEW_COMMAND } = loadRegister();
  const registeredIn = (mode: number) => {
    registered.length = 0;
    const context = { extensionMode: mode, subscriptions: [] as unknown[] } as unknown as vscode.ExtensionContext;
    registerPreview(
      context,
      async () => null,
      () => disposable,
    );
    return [...registered];
  };
  assert.deepEqual(registeredIn(MODE.Production), [PREVIEW_COMMAND]);
  for (const mode of [MODE.Development, MODE.Test]) {
    const names = registeredIn(mode);
    assert.ok(names.includes(PREVIEW_COMMAND));
    assert.deepEqual(
      names.filter((n) => n.startsWith('_rolloutLens.')),
      ['_rolloutLens.preview.snapshot', '_rolloutLens.preview.waitForRender', '_rolloutLens.preview.post'],
    );
  }
});
