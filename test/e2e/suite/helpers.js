// Helpers for the extension-host suite. Waiting is event-driven (languages.onDidChangeDiagnostics)
// with one overall timeout per wait; nothing polls.
'use strict';
const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'rollout-lens.rollout-lens';
const SOURCE = 'rollout-lens';
const WAIT_MS = Number(process.env.E2E_DIAGNOSTICS_TIMEOUT_MS || 30000);

function workspaceUri(...segments) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  assert.ok(folder, 'the test instance must be opened on the examples/ workspace copy');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

async function openDoc(name) {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Diagnostic code as a string (LSP codes may arrive as { value, target }). */
function codeOf(d) {
  return d.code !== null && typeof d.code === 'object'
    ? String(d.code.value)
    : d.code === undefined
      ? undefined
      : String(d.code);
}

/** Our diagnostics for a document. */
function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describe(d) {
  const sev = ['Error', 'Warning', 'Information', 'Hint'][d.severity];
  return `${codeOf(d)} ${sev} ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`;
}

/**
 * Resolves with our diagnostics for uri as soon as predicate(diagnostics) holds: checked once now,
 * then on every onDidChangeDiagnostics event that mentions uri. Rejects after timeoutMs.
 */
function waitForDiagnostics(uri, predicate, what, timeoutMs = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const key = uri.toString();
    let sub;
    const finish = (fn, value) => {
      clearTimeout(timer);
      if (sub) sub.dispose();
      fn(value);
    };
    const evaluate = () => {
      const diags = ours(uri);
      if (predicate(diags)) {
        finish(resolve, diags);
        return true;
      }
      return false;
    };
    const timer = setTimeout(() => {
      const seen = ours(uri).map(describe);
      finish(
        reject,
        new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} on ${vscode.workspace.asRelativePath(uri)}; ` +
            `current rollout-lens diagnostics: ${seen.length ? '\n  ' + seen.join('\n  ') : '(none)'}`,
        ),
      );
    }, timeoutMs);
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) evaluate();
    });
    evaluate();
  });
}

/** Resolves with the first onDidChangeDiagnostics event that mentions uri (no timeout of its own). */
function nextDiagnosticsEvent(uri) {
  const key = uri.toString();
  let sub;
  const promise = new Promise((resolve) => {
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === key)) {
        sub.dispose();
        resolve();
      }
    });
  });
  promise.dispose = () => sub.dispose();
  return promise;
}

let sentinelCount = 0;
const SENTINEL = [
  'apiVersion: apps/v1',
  'kind: StatefulSet',
  'metadata:',
  '  name: e2e-sentinel',
  'spec:',
  '  replicas: 1',
  '  selector:',
  '    matchLabels:',
  '      app: e2e-sentinel',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: e2e-sentinel',
  '    spec:',
  '      containers:',
  '        - name: c',
  '          image: registry.invalid/c:1',
  '',
].join('\n');

/**
 * Proves that the language server has processed the (just opened) document at uri, so that "no diagnostics"
 * is a real result rather than "not analysed yet". Resolves on whichever comes first:
 *  - a diagnostics event for uri (servers usually publish [] for clean documents), or
 *  - diagnostics on a sentinel StatefulSet (missing serviceName) opened *after* uri; LSP notifications are
 *    processed in order, so by then the earlier didOpen has been handled too.
 * Call it with the event promise created BEFORE opening the document.
 */
async function waitUntilAnalysed(uri, eventForUri) {
  const sentinel = workspaceUri(`zz-e2e-sentinel-${process.pid}-${++sentinelCount}.yaml`);
  await vscode.workspace.fs.writeFile(sentinel, Buffer.from(SENTINEL, 'utf8'));
  try {
    const doc = await vscode.workspace.openTextDocument(sentinel);
    const sentinelSeen = waitForDiagnostics(doc.uri, (ds) => ds.length > 0, 'diagnostics on the sentinel document');
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`no sign that ${vscode.workspace.asRelativePath(uri)} was analysed within ${WAIT_MS} ms`)),
        WAIT_MS,
      );
    });
    try {
      await Promise.race([eventForUri, sentinelSeen, timeout]);
    } finally {
      clearTimeout(timer);
      eventForUri.dispose && eventForUri.dispose();
      sentinelSeen.catch(() => {});
    }
  } finally {
    await vscode.workspace.fs.delete(sentinel).then(undefined, () => {});
  }
}

/** The YAML document (between --- separators) of `doc` that contains `line`. */
function yamlDocumentAt(doc, line) {
  let start = line;
  while (start > 0 && !/^---/.test(doc.lineAt(start).text)) start--;
  let end = line + 1;
  while (end < doc.lineCount && !/^---/.test(doc.lineAt(end).text)) end++;
  return doc.getText(new vscode.Range(start, 0, end, 0));
}

module.exports = {
  EXTENSION_ID,
  SOURCE,
  WAIT_MS,
  workspaceUri,
  openDoc,
  codeOf,
  ours,
  describe,
  waitForDiagnostics,
  nextDiagnosticsEvent,
  waitUntilAnalysed,
  yamlDocumentAt,
};
