// Cross-object navigation and the ESLint-style code actions in real VS Code: go to definition and rename
// across two files (kubia-statefulset.yaml ↔ kubia-service-headless.yaml), Document Symbols, "Disable
// <rule> for this line", and "Show documentation for <rule>" opening the page bundled in the extension.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { codeOf, openDoc, waitForDiagnostics, workspaceUri } = require('./helpers');

const STS = 'kubia-statefulset.yaml';
const SVC = 'kubia-service-headless.yaml';
const WAIT_MS = Number(process.env.E2E_DIAGNOSTICS_TIMEOUT_MS || 30000);

/** Position just inside the first occurrence of `needle` (after `skip` characters). */
function positionOf(doc, needle, skip = 0) {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${doc.uri.path}`);
  return doc.positionAt(at + skip + 1);
}

function rel(uri) {
  return vscode.workspace.asRelativePath(uri);
}

/** Resolves when a tab whose label matches appears (event-driven), rejects after the timeout. */
function waitForTab(pattern) {
  const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => pattern.test(t.label));
  return new Promise((resolve, reject) => {
    const now = find();
    if (now) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(
          `no tab matching ${pattern} within ${WAIT_MS} ms; tabs: ${vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .map((t) => t.label)
            .join(', ')}`,
        ),
      );
    }, WAIT_MS);
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      const tab = find();
      if (tab) {
        clearTimeout(timer);
        sub.dispose();
        resolve(tab);
      }
    });
  });
}

suite('navigation and code actions', () => {
  test('go to definition: serviceName → the Service in the other file; targetPort → the containerPort name', async () => {
    const sts = await openDoc(STS);
    const svc = await openDoc(SVC);
    const defs = await vscode.commands.executeCommand(
      'vscode.executeDefinitionProvider',
      sts.uri,
      positionOf(sts, 'serviceName: kubia', 13),
    );
    const flat = defs.map((d) => (d.targetUri ? { uri: d.targetUri, range: d.targetRange } : d));
    assert.deepStrictEqual(
      flat.map((d) => `${rel(d.uri)}:${d.range.start.line + 1}`),
      [`${SVC}:6`],
    );
    const ports = await vscode.commands.executeCommand(
      'vscode.executeDefinitionProvider',
      svc.uri,
      positionOf(svc, 'targetPort: http', 12),
    );
    const p = ports.map((d) => (d.targetUri ? { uri: d.targetUri, range: d.targetRange } : d));
    assert.ok(
      p.some((d) => rel(d.uri) === STS && sts.lineAt(d.range.start.line).text.includes('- name: http')),
      `targetPort definitions: ${p.map((d) => `${rel(d.uri)}:${d.range.start.line + 1}`).join(', ')}`,
    );
  });

  test('rename the Service from its file: the StatefulSet serviceName in the other file follows', async () => {
    const sts = await openDoc(STS);
    const svc = await openDoc(SVC);
    const edit = await vscode.commands.executeCommand(
      'vscode.executeDocumentRenameProvider',
      svc.uri,
      positionOf(svc, 'name: kubia', 6),
      'kubia-dns',
    );
    const files = edit
      .entries()
      .map(([uri]) => rel(uri))
      .sort();
    assert.deepStrictEqual(files, [SVC, STS].sort());
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(svc.getText(), /\n {2}name: kubia-dns\n/);
    assert.match(sts.getText(), /\n {2}serviceName: kubia-dns\n/);
    // and back (the other suites use the example as it is)
    const back = await vscode.commands.executeCommand(
      'vscode.executeDocumentRenameProvider',
      sts.uri,
      positionOf(sts, 'serviceName: kubia-dns', 13),
      'kubia',
    );
    assert.ok(await vscode.workspace.applyEdit(back));
    assert.match(sts.getText(), /\n {2}serviceName: kubia\n/);
    assert.match(svc.getText(), /\n {2}name: kubia\n/);
    await svc.save();
    await sts.save();
  });

  test('Document Symbols list every object of a file', async () => {
    const doc = await openDoc('kubia-deployment.yaml');
    const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
    const names = symbols.map((s) => `${s.name} ${s.detail}`);
    assert.ok(names.includes('kubia Deployment'), names.join(', '));
  });

  test('"Disable <rule> for this line" silences the finding; "Show documentation" opens the bundled page', async () => {
    const doc = await openDoc('statefulset-problems.yaml');
    const original = doc.getText();
    const diags = await waitForDiagnostics(
      doc.uri,
      (ds) => ds.some((d) => codeOf(d) === 'missing-service-name'),
      'missing-service-name',
    );
    const d = diags.find((x) => codeOf(x) === 'missing-service-name');
    const actions = await vscode.commands.executeCommand(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    const disable = actions.find((a) => a.title === 'Disable missing-service-name for this line');
    const docs = actions.find((a) => a.title === 'Show documentation for missing-service-name');
    assert.ok(disable && docs, `actions: ${titles.join(' | ')}`);
    assert.ok(titles.includes('Disable missing-service-name for this file'), titles.join(' | '));

    const tab = waitForTab(/missing-service-name\.md/);
    await vscode.commands.executeCommand(docs.command.command, ...docs.command.arguments);
    const opened = await tab;
    assert.match(opened.label, /missing-service-name\.md/);

    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    assert.match(doc.getText(), /# rollout-lens-disable-next-line missing-service-name\n\s*spec:/);
    await waitForDiagnostics(
      doc.uri,
      (ds) => !ds.some((x) => codeOf(x) === 'missing-service-name' || codeOf(x) === 'unused-suppression'),
      'missing-service-name silenced without an unused-suppression',
    );
    const restore = new vscode.WorkspaceEdit();
    restore.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original);
    assert.ok(await vscode.workspace.applyEdit(restore));
    await waitForDiagnostics(
      doc.uri,
      (ds) => ds.some((x) => codeOf(x) === 'missing-service-name'),
      'missing-service-name back after the undo',
    );
  });
});
