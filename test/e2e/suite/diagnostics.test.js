'use strict';
const assert = require('assert');
const vscode = require('vscode');
const {
  codeOf,
  describe,
  nextDiagnosticsEvent,
  openDoc,
  ours,
  waitForDiagnostics,
  waitUntilAnalysed,
  workspaceUri,
  yamlDocumentAt,
} = require('./helpers');

const byCode = (ds, code) => ds.filter((d) => codeOf(d) === code);
const hasCode = (code) => (ds) => byCode(ds, code).length > 0;

suite('diagnostics in the editor', () => {
  test('statefulset-problems.yaml: missing-service-name (warning on `spec`) and missing-volume-claim-templates (information)', async () => {
    const doc = await openDoc('statefulset-problems.yaml');
    const diags = await waitForDiagnostics(
      doc.uri,
      (ds) => hasCode('missing-service-name')(ds) && hasCode('missing-volume-claim-templates')(ds),
      'missing-service-name + missing-volume-claim-templates',
    );

    const [svc] = byCode(diags, 'missing-service-name');
    assert.strictEqual(svc.source, 'rollout-lens');
    assert.strictEqual(svc.severity, vscode.DiagnosticSeverity.Warning, describe(svc));
    assert.strictEqual(doc.getText(svc.range), 'spec', `range should be the \`spec\` key: ${describe(svc)}`);
    assert.match(doc.lineAt(svc.range.start.line).text, /^\s*spec:/, describe(svc));
    assert.ok(svc.message.length > 0);

    const [vct] = byCode(diags, 'missing-volume-claim-templates');
    assert.strictEqual(vct.source, 'rollout-lens');
    assert.strictEqual(vct.severity, vscode.DiagnosticSeverity.Information, describe(vct));
  });

  test('kubia-statefulset.yaml has only the untagged-image warning, and deleting `serviceName` while editing reports missing-service-name', async () => {
    const uri = workspaceUri('kubia-statefulset.yaml');
    const firstEvent = nextDiagnosticsEvent(uri); // subscribe before opening, so the first publication is not missed
    const doc = await openDoc('kubia-statefulset.yaml');
    await waitUntilAnalysed(doc.uri, firstEvent);
    const found = ours(doc.uri);
    assert.deepStrictEqual(
      found.map((d) => `${describe(d).split(' ').slice(0, 2).join(' ')} ${doc.getText(d.range)}`),
      ['image-mutable-tag Warning luksa/kubia-pet'],
      'expected only image-mutable-tag on the untagged image of the example',
    );

    // "as you type": remove the serviceName line through the editor (unsaved change)
    const line = [...Array(doc.lineCount).keys()].find((i) => /^\s*serviceName:\s*\S/.test(doc.lineAt(i).text));
    assert.notStrictEqual(line, undefined, 'kubia-statefulset.yaml has no serviceName line');
    const removed = doc.lineAt(line).rangeIncludingLineBreak;
    const removedText = doc.getText(removed);
    const del = new vscode.WorkspaceEdit();
    del.delete(doc.uri, removed);
    const appeared = waitForDiagnostics(
      doc.uri,
      hasCode('missing-service-name'),
      'missing-service-name after deleting serviceName',
    );
    assert.ok(await vscode.workspace.applyEdit(del), 'applyEdit failed');
    assert.ok(doc.isDirty, 'the edit should be an unsaved editor change');
    const [d] = byCode(await appeared, 'missing-service-name');
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning, describe(d));
    assert.strictEqual(doc.getText(d.range), 'spec', describe(d));

    // typing it back clears the diagnostic again
    const undo = new vscode.WorkspaceEdit();
    undo.insert(doc.uri, new vscode.Position(line, 0), removedText);
    const cleared = waitForDiagnostics(
      doc.uri,
      (ds) => !hasCode('missing-service-name')(ds),
      'missing-service-name to clear',
    );
    assert.ok(await vscode.workspace.applyEdit(undo), 'applyEdit (restore) failed');
    await cleared;
    await doc.save();
  });

  test('governing-service-not-headless.yaml: related information points at the Service', async () => {
    const doc = await openDoc('governing-service-not-headless.yaml');
    const diags = await waitForDiagnostics(
      doc.uri,
      hasCode('governing-service-not-headless'),
      'governing-service-not-headless',
    );
    const [d] = byCode(diags, 'governing-service-not-headless');
    assert.strictEqual(d.source, 'rollout-lens');
    const related = d.relatedInformation || [];
    assert.ok(related.length > 0, `no relatedInformation: ${describe(d)}`);
    const services = [];
    for (const r of related) {
      const target = await vscode.workspace.openTextDocument(r.location.uri);
      const yamlDoc = yamlDocumentAt(target, r.location.range.start.line);
      if (/^kind:\s*Service\s*$/m.test(yamlDoc))
        services.push(`${vscode.workspace.asRelativePath(r.location.uri)}:${r.location.range.start.line + 1}`);
    }
    assert.ok(
      services.length > 0,
      `relatedInformation does not point into a Service: ${related
        .map(
          (r) => `${vscode.workspace.asRelativePath(r.location.uri)}:${r.location.range.start.line + 1} ${r.message}`,
        )
        .join('; ')}`,
    );
  });
});
