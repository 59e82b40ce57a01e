'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { EXTENSION_ID, openDoc, waitForDiagnostics } = require('./helpers');

suite('activation', () => {
  test(`${EXTENSION_ID} is installed from the development folder and activates on a YAML file`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(
      ext,
      `${EXTENSION_ID} is not loaded; extensions with "rollout" in their id: ${
        vscode.extensions.all
          .map((e) => e.id)
          .filter((id) => /rollout/i.test(id))
          .join(', ') || 'none'
      }`,
    );
    assert.strictEqual(ext.packageJSON.main, './dist/extension.js');

    // activationEvents: onLanguage:yaml. Its own diagnostics arriving proves activation + language server start.
    const doc = await openDoc('statefulset-problems.yaml');
    assert.strictEqual(doc.languageId, 'yaml');
    await waitForDiagnostics(doc.uri, (ds) => ds.length > 0, 'any rollout-lens diagnostic');
    assert.strictEqual(ext.isActive, true, 'extension should be active');
  });
});
