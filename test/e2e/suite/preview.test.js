// Rollout preview, extension-host side: the command opens the panel on the kubia StatefulSet, the
// webview renders it (acknowledged render ids), an edit in the editor re-renders, Apply writes the
// what-if into the document as one undoable edit, and the CodeLens is there and runs the command.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { openDoc } = require('./helpers');

const FILE = 'kubia-statefulset.yaml';

async function rendered(min, timeoutMs = 20000) {
  return vscode.commands.executeCommand('_rolloutLens.preview.waitForRender', min, timeoutMs);
}

/** Waits render after render (from render #after + 1) until one satisfies `ok`; each wait has its own timeout. */
async function renderedWhere(after, ok, what) {
  for (let seen = after, i = 0; i < 20; i++) {
    const s = await rendered(seen + 1);
    if (ok(s)) return s;
    seen = s.renderedId;
  }
  throw new Error(`no render showed ${what} in 20 renders`);
}

// The panel's first render waits for its webview page to load, which in code-server includes the webview's
// service-worker registration (one origin for every webview): seconds on a busy machine, hence its own budget.
const FIRST_RENDER_MS = Number(process.env.E2E_FIRST_RENDER_MS || 60000);

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

  test('Rollout Lens: Preview Rollout opens the panel with pods, PVCs and FQDNs of kubia', async function () {
    this.timeout(FIRST_RENDER_MS + 30000);
    const opened = await vscode.commands.executeCommand('rolloutLens.previewRollout');
    assert.ok(opened, 'the command returns the panel snapshot');
    assert.deepStrictEqual([opened.target.kind, opened.target.name], ['StatefulSet', 'kubia']);
    const s = await rendered(opened.renderId || 1, FIRST_RENDER_MS);
    const n = names(s);
    assert.strictEqual(n.kind, 'StatefulSet');
    assert.deepStrictEqual(
      n.pods.map((p) => p.name),
      ['kubia-0', 'kubia-1'],
    );
    assert.deepStrictEqual(n.pods[0].pvcs, ['data-kubia-0']);
    assert.strictEqual(n.pods[0].fqdn, 'kubia-0.kubia.default.svc.cluster.local');
    assert.ok(s.renderedMs < 1000, `webview render took ${s.renderedMs} ms`);
  });

  test('editing replicas in the editor re-renders the panel and keeps the what-if', async () => {
    let s = await vscode.commands.executeCommand('_rolloutLens.preview.post', {
      type: 'whatIf',
      whatIf: { scenario: 'fail' },
    });
    await rendered(s.renderId);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => /^\s+replicas: 2$/.test(l));
    assert.ok(line >= 0, 'replicas: 2 line');
    const edit = new vscode.WorkspaceEdit();
    const text = doc.lineAt(line).text;
    edit.replace(doc.uri, new vscode.Range(line, text.indexOf('2'), line, text.length), '3');
    assert.ok(await vscode.workspace.applyEdit(edit));
    // The re-render is debounced, and a render started before the edit may still arrive: wait for the one
    // that shows the edited replicas.
    s = await renderedWhere(
      s.renderId,
      (r) => r.last && r.last.type === 'render' && r.last.renderId <= r.renderedId && r.last.manifest.replicas === '3',
      'replicas 3',
    );
    assert.strictEqual(s.whatIf.scenario, 'fail', 'what-if survives the edit');
    assert.strictEqual(s.last.manifest.replicas, '3');
  });

  test('an edit of an HPA in another file re-renders the panel with its minReplicas', async () => {
    // The server refreshes the diagnostics of every file when an HPA changes; the panel asks again then.
    const hpaUri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'zz-kubia-hpa.yaml');
    const hpaText = [
      'apiVersion: autoscaling/v2',
      'kind: HorizontalPodAutoscaler',
      'metadata: {name: kubia}',
      'spec:',
      '  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: kubia}',
      '  minReplicas: 4',
      '  maxReplicas: 8',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(hpaUri, Buffer.from(hpaText));
    const hpa = await vscode.workspace.openTextDocument(hpaUri);
    const podCount = (r) =>
      r.last && r.last.type === 'render' && r.last.renderId <= r.renderedId && r.last.model
        ? r.last.model.names.pods.length
        : -1;
    let s = await vscode.commands.executeCommand('_rolloutLens.preview.snapshot');
    s = await renderedWhere(s.renderedId, (r) => podCount(r) === 4, '4 pods (the HPA minimum)');
    const edit = new vscode.WorkspaceEdit();
    const at = hpa.getText().indexOf('minReplicas: 4') + 'minReplicas: '.length;
    edit.replace(hpa.uri, new vscode.Range(hpa.positionAt(at), hpa.positionAt(at + 1)), '5');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await renderedWhere(s.renderedId, (r) => podCount(r) === 5, '5 pods after the edit of the HPA');
    // Point it elsewhere (the open document, not the file on disk, is what the server sees): spec.replicas again.
    const away = new vscode.WorkspaceEdit();
    const ref = hpa.getText().indexOf('StatefulSet, name: kubia') + 'StatefulSet, name: '.length;
    away.insert(hpa.uri, hpa.positionAt(ref + 'kubia'.length), '-elsewhere');
    assert.ok(await vscode.workspace.applyEdit(away));
    await renderedWhere(s.renderedId, (r) => podCount(r) === 3, 'spec.replicas 3 again without the HPA');
    await hpa.save();
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
    assert.strictEqual(
      ours[0].range.start.line,
      doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('apiVersion')),
    );
    const s = await vscode.commands.executeCommand(ours[0].command.command, ...ours[0].command.arguments);
    assert.strictEqual(s.target.name, 'kubia');
  });
  // Git baseline: the harness disables Git (git.enabled: false). This test commits a file in the
  // scratch workspace, changes it on disk, enables Git and expects "Will this change roll out?" to
  // compare with HEAD (the version at open would show no change). Skipped, with the reason printed,
  // when git is not on PATH or the built-in Git extension is missing.
  test('"Will this change roll out?" compares with the committed version (HEAD) through the Git extension', async function () {
    const cp = require('child_process');
    const fs = require('fs');
    const path = require('path');
    const skip = (why) => {
      console.log(`    SKIPPED git baseline check: ${why}`);
      this.skip();
    };
    const version = cp.spawnSync('git', ['--version'], { encoding: 'utf8' });
    if (version.status !== 0)
      return skip(`git is not on PATH (${version.error ? version.error.message : version.stderr})`);
    const gitExt = vscode.extensions.getExtension('vscode.git');
    if (!gitExt) return skip('the built-in Git extension (vscode.git) is not installed');
    const root = vscode.workspace.workspaceFolders[0].uri.fsPath;
    const file = path.join(root, 'zz-git-baseline.yaml');
    const committed = fs
      .readFileSync(path.join(root, 'kubia-statefulset.yaml'), 'utf8')
      .replace(/name: kubia\b/g, 'name: gitbase');
    const image = /image: (\S+)/.exec(committed);
    assert.ok(image, 'an image line');
    fs.writeFileSync(file, committed);
    const git = (...args) => {
      const r = cp.spawnSync(
        'git',
        [
          '-c',
          'user.name=Rollout Lens e2e',
          '-c',
          'user.email=e2e@rollout-lens.invalid',
          '-c',
          'commit.gpgsign=false',
          '-c',
          'init.defaultBranch=main',
          ...args,
        ],
        { cwd: root, encoding: 'utf8' },
      );
      assert.strictEqual(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    };
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'baseline');
    fs.writeFileSync(file, committed.replace(image[0], 'image: example/changed:2'));
    const exportsOf = async () => (gitExt.isActive ? gitExt.exports : await gitExt.activate());
    const fileUri = vscode.Uri.file(file);
    const within = (p, what) =>
      Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} within 20 s`)), 20000))]);
    const config = vscode.workspace.getConfiguration('git');
    const ext = await exportsOf();
    const enabled = ext.enabled
      ? Promise.resolve()
      : new Promise((resolve) => {
          const sub = ext.onDidChangeEnablement((on) => on && (sub.dispose(), resolve()));
        });
    await config.update('enabled', true, vscode.ConfigurationTarget.Global);
    try {
      await within(enabled, 'the Git extension was not enabled');
      const api = ext.getAPI(1);
      await within(
        new Promise((resolve) => {
          if (api.getRepository(fileUri)) return resolve();
          const sub = api.onDidOpenRepository(() => api.getRepository(fileUri) && (sub.dispose(), resolve()));
        }),
        'the Git extension did not open the repository',
      );
      const gitDoc = await vscode.workspace.openTextDocument(fileUri);
      await vscode.window.showTextDocument(gitDoc);
      const s0 = await vscode.commands.executeCommand('rolloutLens.previewRollout', fileUri, {
        kind: 'StatefulSet',
        name: 'gitbase',
        docIndex: 0,
      });
      const s = await rendered(s0.renderId + 1); // the render for this file comes after the snapshot
      assert.strictEqual(s.last.type, 'render', JSON.stringify(s.last).slice(0, 300));
      assert.strictEqual(s.last.baseline, 'the committed version (HEAD)');
      assert.strictEqual(s.last.change.kind, 'rollout', s.last.change.headline);
      assert.ok(
        s.last.change.templatePaths.some((p) => /image/.test(p)),
        `template paths: ${s.last.change.templatePaths.join(', ')}`,
      );
    } finally {
      await config.update('enabled', false, vscode.ConfigurationTarget.Global); // as the harness had it
    }
  });
});
