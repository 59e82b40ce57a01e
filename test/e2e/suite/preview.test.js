// Rollout preview, extension-host side: the command opens the panel on the kubia StatefulSet, the
// webview renders it (acknowledged render ids), an edit in the editor re-renders, Apply writes the
// what-if into the document as one undoable edit, and the CodeLens is there and runs the command.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { openDoc } = require('./helpers');

const FILE = 'kubia-statefulset.yaml';

async function rendered(min) {
  return vscode.commands.executeCommand('_rolloutLens.preview.waitForRender', min, 20000);
}

function names(snapshot) {
  const m = snapshot.last && snapshot.last.model;
  assert.ok(m, `no model rendered: ${JSON.stringify(snapshot.last).slice(0, 300)}`);
  return m.names;
}

suite('rollout preview', () => {
  let doc;
  suiteSetup(async () => {
    doc = await openDoc(FILE);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('Rollout Lens: Preview Rollout opens the panel with pods, PVCs and FQDNs of kubia', async () => {
    const opened = await vscode.commands.executeCommand('rolloutLens.previewRollout');
    assert.ok(opened, 'the command returns the panel snapshot');
    assert.deepStrictEqual([opened.target.kind, opened.target.name], ['StatefulSet', 'kubia']);
    const s = await rendered(opened.renderId || 1);
    const n = names(s);
    assert.strictEqual(n.kind, 'StatefulSet');
    assert.deepStrictEqual(n.pods.map((p) => p.name), ['kubia-0', 'kubia-1']);
    assert.deepStrictEqual(n.pods[0].pvcs, ['data-kubia-0']);
    assert.strictEqual(n.pods[0].fqdn, 'kubia-0.kubia.default.svc.cluster.local');
    assert.ok(s.renderedMs < 1000, `webview render took ${s.renderedMs} ms`);
  });

  test('editing replicas in the editor re-renders the panel and keeps the what-if', async () => {
    let s = await vscode.commands.executeCommand('_rolloutLens.preview.post', { type: 'whatIf', whatIf: { scenario: 'fail' } });
    await rendered(s.renderId);
    const line = doc.getText().split('\n').findIndex((l) => /^\s+replicas: 2$/.test(l));
    assert.ok(line >= 0, 'replicas: 2 line');
    const edit = new vscode.WorkspaceEdit();
    const text = doc.lineAt(line).text;
    edit.replace(doc.uri, new vscode.Range(line, text.indexOf('2'), line, text.length), '3');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const before = s.renderId;
    // the re-render is debounced; wait for any render after the edit
    s = await rendered(before + 1);
    assert.strictEqual(s.whatIf.scenario, 'fail', 'what-if survives the edit');
    assert.strictEqual(s.last.manifest.replicas, '3');
  });

  test('Apply to manifest writes the what-if as one undoable edit', async () => {
    const whatIf = { scenario: 'update', replicas: 4, minReadySeconds: 20, partition: 1 };
    await vscode.commands.executeCommand('_rolloutLens.preview.post', { type: 'whatIf', whatIf });
    const versionBefore = doc.version;
    const s = await vscode.commands.executeCommand('_rolloutLens.preview.post', { type: 'apply', whatIf });
    const text = doc.getText();
    assert.match(text, /\n  replicas: 4\n/);
    assert.match(text, /\n  minReadySeconds: 20\n/);
    assert.match(text, /\n  updateStrategy:\n    rollingUpdate:\n      partition: 1\n/);
    assert.strictEqual(doc.version, versionBefore + 1, 'one edit');
    assert.deepStrictEqual(s.whatIf, { scenario: 'update' }, 'applied values are now the manifest’s');
    await vscode.commands.executeCommand('undo');
    assert.match(doc.getText(), /\n  replicas: 3\n/, 'one undo reverts all fields');
    assert.doesNotMatch(doc.getText(), /partition/);
  });

  test('a CodeLens "Preview rollout · N steps · ~T" sits above the StatefulSet and runs the command', async () => {
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10);
    const ours = lenses.filter((l) => l.command && l.command.command === 'rolloutLens.previewRollout');
    assert.strictEqual(ours.length, 1, `lenses: ${lenses.map((l) => l.command && l.command.title).join(' | ')}`);
    assert.match(ours[0].command.title, /^Preview rollout · \d+ steps? · ~\d+/);
    assert.strictEqual(ours[0].range.start.line, doc.getText().split('\n').findIndex((l) => l.startsWith('apiVersion')));
    const s = await vscode.commands.executeCommand(ours[0].command.command, ...ours[0].command.arguments);
    assert.strictEqual(s.target.name, 'kubia');
  });
});
