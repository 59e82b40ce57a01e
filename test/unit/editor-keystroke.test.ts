/**
 * Per-keystroke work (issue #14): what makes an edit in a 2 MB multi-document file cost the
 * edited document, not the file, gives the same answers as doing everything from scratch.
 * - the server's buffered text document against vscode-languageserver-textdocument's, under random edits;
 * - lint results reused for unchanged documents (rules that read only their object, or the
 *   workspace as it still is) against a fresh index and lint of the same text;
 * - a keystroke re-checks the edited document only;
 * - a pull for an open document is answered while the workspace folder is still being indexed.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { BufferedTextDocument } from '../../server/src/lsp/textDocument';
import { lintFile } from '../../server/src/lint';
import type { LintOptions } from '../../server/src/lint';
import { RULES } from '../../server/src/rules';
import { WorkspaceIndex } from '../../server/src/workspace';
import { memoryFileSystem, startTestServer } from '../support/lspPair';
import { indexOpenDocument } from '../../server/src/lsp/indexing';
import type { ServerState } from '../../server/src/lsp/state';
import { parseManifest, realign, textBetween } from '../../shared/src/manifest';
import type { FileSystem } from '../../server/src/fileSystem';

const ROOT = path.resolve(__dirname, '../../..');
const ARGO = path.join(ROOT, 'test/fixtures/corpus/argo-cd/manifests/namespace-install.yaml');

// ---------------------------------------------------------------------------------------------
// The buffered text document behaves as the library's.

const piece = fc.oneof(
  fc.constantFrom('', 'x', '\n', '\r\n', '\r', 'é', 'ünï', '漢字', '😀', '---\n', 'key: value\n', '  - a\n'),
  fc.string({ maxLength: 6 }),
);

interface Edit {
  readonly a: number;
  readonly b: number;
  readonly text: string;
  readonly full: boolean;
}
const edit: fc.Arbitrary<Edit> = fc.record({
  a: fc.nat(),
  b: fc.nat(),
  text: fc.array(piece, { maxLength: 4 }).map((p) => p.join('')),
  full: fc.boolean().map((b) => b && Math.random() < 0.05),
});

function sameDocument(ours: BufferedTextDocument, theirs: TextDocument): void {
  const text = theirs.getText();
  assert.equal(ours.getText(), text);
  assert.equal(ours.lineCount, theirs.lineCount);
  for (let offset = -1; offset <= text.length + 1; offset++) {
    assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `positionAt(${offset})`);
  }
  for (let line = -1; line <= theirs.lineCount; line++) {
    for (const character of [-1, 0, 1, 3, 1000]) {
      const p = { line, character };
      assert.equal(ours.offsetAt(p), theirs.offsetAt(p), `offsetAt(${line}:${character})`);
    }
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `getEOLCharacters(${line})`);
  }
}

test('the buffered text document equals vscode-languageserver-textdocument under random edits', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 8 }), fc.array(edit, { maxLength: 12 }), (start, edits) => {
      const initial = start.join('');
      const ours = BufferedTextDocument.create('file:///a.yaml', 'yaml', 1, initial);
      let theirs = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
      sameDocument(ours, theirs);
      edits.forEach((e, i) => {
        const length = theirs.getText().length;
        const range = { start: theirs.positionAt(e.a % (length + 1)), end: theirs.positionAt(e.b % (length + 1)) };
        const change: TextDocumentContentChangeEvent = e.full ? { text: e.text } : { range, text: e.text };
        BufferedTextDocument.update(ours, [change], i + 2);
        theirs = TextDocument.update(theirs, [change], i + 2);
        assert.equal(ours.version, i + 2);
        sameDocument(ours, theirs);
      });
    }),
    { seed: 1414, numRuns: 400 },
  );
});

test('a range given end first, and several changes in one event, apply as in the library', () => {
  const initial = 'a: 1\nb: 2\r\nc: 3\n';
  const ours = BufferedTextDocument.create('file:///a.yaml', 'yaml', 1, initial);
  let theirs = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
  const changes: TextDocumentContentChangeEvent[] = [
    { range: { start: { line: 1, character: 3 }, end: { line: 0, character: 1 } }, text: 'x' },
    { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# 漢字\n' },
    { range: { start: { line: 2, character: 1 }, end: { line: 2, character: 1 } }, text: '\r\n' },
  ];
  BufferedTextDocument.update(ours, changes, 2);
  theirs = TextDocument.update(theirs, changes, 2);
  sameDocument(ours, theirs);
});

// ---------------------------------------------------------------------------------------------
// Reused lint results equal a fresh lint.

const summary = (findings: ReturnType<typeof lintFile>) =>
  findings.map((f) => ({
    rule: f.rule,
    span: f.span,
    message: f.message,
    severity: f.severity,
    related: f.related,
    data: f.data,
  }));

/** Edits an editor makes in a manifest: a character in a value, a label, a line, a document marker. */
const manifestEdit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  text: fc.constantFrom('x', '', '1', '\n', '  ', 'app: web\n', '---\n', ': ', '-', 'name: y\n', '"'),
});

test('an edit session with reused results lints every version as a fresh index does', () => {
  const base = fs.readFileSync(ARGO, 'utf8');
  const options: LintOptions = { kubernetesVersion: '1.34' };
  fc.assert(
    fc.property(fc.array(manifestEdit, { minLength: 1, maxLength: 6 }), (edits) => {
      const session = new WorkspaceIndex();
      session.update('file:///ws/other.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: argocd-server\n');
      let text = base;
      session.update('file:///ws/a.yaml', text);
      for (const e of edits) {
        // Edits land in the workload and Service documents, where the rules look.
        const anchors = [...text.matchAll(/\nkind: (Deployment|StatefulSet|Service)\n/g)].map((m) => m.index ?? 0);
        const at = Math.min(text.length, (anchors[e.at % anchors.length] ?? 0) + 40 + (e.at % 200));
        text = text.slice(0, at) + e.text + text.slice(at + e.remove);
        const { file } = session.update('file:///ws/a.yaml', text);
        const incremental = lintFile(file, session, {
          ...options,
          workspaceVersion: session.generation,
          dependencyVersion: (k) => session.dependencyVersion(k),
        });
        const fresh = new WorkspaceIndex();
        fresh.update('file:///ws/other.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: argocd-server\n');
        const expected = lintFile(fresh.update('file:///ws/a.yaml', text).file, fresh, options);
        assert.deepEqual(summary(incremental), summary(expected));
        assert.deepEqual(file.lines.lineStarts.length, text.split(/\r\n|\r|\n/).length);
      }
    }),
    { seed: 1415, numRuns: 60 },
  );
});

/** Counts the rule checks per object (`Kind/name`) until `restore()`. */
function countRuleChecks(): { calls: Map<string, number>; restore: () => void } {
  const calls = new Map<string, number>();
  const undo = RULES.map((rule) => {
    const check = rule.check;
    (rule as { check: typeof check }).check = (o, ctx) => {
      const key = `${o.kind}/${o.name ?? ''}`;
      calls.set(key, (calls.get(key) ?? 0) + 1);
      return check.call(rule, o, ctx);
    };
    return () => ((rule as { check: typeof check }).check = check);
  });
  return { calls, restore: () => undo.forEach((u) => u()) };
}

test('a keystroke re-runs the rules on the edited document only (cross-file rules: when what files see changed)', () => {
  const text = fs.readFileSync(ARGO, 'utf8');
  const { calls, restore } = countRuleChecks();
  try {
    const index = new WorkspaceIndex();
    const uri = 'file:///ws/a.yaml';
    const lint = (t: string) => {
      const { file } = index.update(uri, t);
      return lintFile(file, index, { workspaceVersion: index.generation });
    };
    lint(text);
    const at = text.indexOf('\n', text.indexOf('image:', text.indexOf('\nkind: Deployment'))); // end of an image value
    const name = `Deployment/${/\n {2}name: (\S+)/.exec(text.slice(text.lastIndexOf('\n---', at)))?.[1]}`;
    calls.clear();
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    lint(text.slice(0, at) + text.slice(at));
    assert.deepEqual([...calls.keys()], [], 'the same text again checks nothing');
    lint(edited);
    // The image is part of the pod template other files see: the rules that read the workspace run
    // again (Services, the StatefulSet's governing Service); no other Deployment is checked.
    const again = [...calls.keys()].filter((n) => n !== name);
    assert.ok(again.length > 0 && again.every((n) => !n.startsWith('Deployment/')), again.join());
    assert.ok((calls.get(name) ?? 0) > 0, 'the edited Deployment is checked');
    // A comment is seen by no one: only the edited document's rules run.
    calls.clear();
    const comment = edited.slice(0, at + 1) + ' # note' + edited.slice(at + 1);
    lint(comment);
    assert.deepEqual([...calls.keys()], [name]);
  } finally {
    restore();
  }
});

test('a keystroke in a workload name re-checks that workload and the objects that asked for its name or namespace, not the other workloads', () => {
  const text = fs.readFileSync(ARGO, 'utf8');
  const { calls, restore } = countRuleChecks();
  try {
    const index = new WorkspaceIndex();
    const uri = 'file:///ws/a.yaml';
    const lint = (t: string) =>
      lintFile(index.update(uri, t).file, index, {
        workspaceVersion: index.generation,
        dependencyVersion: (k) => index.dependencyVersion(k),
      });
    lint(text);
    const deployment = text.indexOf('\nkind: Deployment');
    const nameAt = text.indexOf('\n  name: ', deployment) + '\n  name: '.length;
    const at = text.indexOf('\n', nameAt);
    const name = `Deployment/${text.slice(nameAt, at)}`;
    calls.clear();
    const before = index.generation;
    const edited = lint(text.slice(0, at) + 'x' + text.slice(at));
    assert.ok(index.generation > before, 'what other files see changed (the workload is renamed)');
    const again = [...calls.keys()].filter((n) => n !== `${name}x`);
    assert.ok(
      again.every((n) => !n.startsWith('Deployment/') && !n.startsWith('StatefulSet/')),
      `other workloads are not checked again: ${again.join()}`,
    );
    assert.ok((calls.get(`${name}x`) ?? 0) > 0, 'the edited Deployment is checked');
    const fresh = new WorkspaceIndex();
    const expected = lintFile(fresh.update(uri, text.slice(0, at) + 'x' + text.slice(at)).file, fresh, {});
    assert.deepEqual(summary(edited), summary(expected));
  } finally {
    restore();
  }
});

// ---------------------------------------------------------------------------------------------
// The open document's edit reaches the index as an edited region, not as the whole text.

/** A multi-document manifest with every kind the cross-file rules read, and a kind parsed on demand. */
const MANIFEST = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.27\n          ports: [{containerPort: 8080, name: http}]\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n',
  'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 3\n',
  'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: c, image: "postgres:16"}]\n',
  'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: db\nspec:\n  maxUnavailable: 0\n  selector: {matchLabels: {app: db}}\n',
].join('---\n');

const editPiece = fc.oneof(
  fc.constantFrom('', 'x', '\n', '\r\n', '-', '---', '---\n', '\n---\n', '--- ', 'name: y\n', '  ', ': ', 'é', '漢'),
  fc.string({ maxLength: 4 }),
);
/** An LSP change event: 1–3 range changes (positions as fractions of the text), now and then the whole text. */
const changeEvent = fc.record({
  changes: fc.array(fc.record({ a: fc.nat(), span: fc.nat({ max: 12 }), near: fc.boolean(), text: editPiece }), {
    minLength: 1,
    maxLength: 3,
  }),
  full: fc.boolean().map((b) => b && Math.random() < 0.03),
  /** False: the event is not indexed (the next update carries two events' edits). */
  index: fc.boolean().map((b) => b || Math.random() < 0.5),
});

const objectsOf = (m: ReturnType<typeof parseManifest>) => ({
  objects: m.objects.map((o) => [o.kind, o.apiVersion, o.name, o.namespace, o.span[0], o.span[1], o.docIndex]),
  errors: m.syntaxErrors.map((e) => [e.code, e.span[0], e.span[1], e.message]),
  documents: m.documents.map((d) => [d.index, d.span[0], d.span[1], d.templated]),
});

test('random edit sequences: the index updated from the edited region equals a fresh parse, line index and lint', () => {
  const uri = 'file:///ws/open.yaml';
  fc.assert(
    fc.property(fc.boolean(), fc.array(changeEvent, { minLength: 1, maxLength: 8 }), (crlf, events) => {
      const initial = crlf ? MANIFEST.replace(/\n/g, '\r\n') : MANIFEST;
      const document = BufferedTextDocument.create(uri, 'yaml', 1, initial);
      const state = { index: new WorkspaceIndex() } as unknown as ServerState;
      state.index.update(
        'file:///ws/other.yaml',
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n',
      );
      indexOpenDocument(state, document);
      // The library's document says what each change means (positions inside a \r\n pair, …).
      let theirs = TextDocument.create(uri, 'yaml', 1, initial);
      events.forEach((event, i) => {
        for (const c of event.changes) {
          const before = theirs.getText();
          // Half of the edits land next to a document marker, where a cut may appear or vanish.
          const markers = [...before.matchAll(/---/g)].map((m) => m.index ?? 0);
          const at = c.near && markers.length ? (markers[c.a % markers.length] as number) + (c.a % 7) - 3 : c.a;
          const start = Math.max(0, Math.min(before.length, at % (before.length + 1)));
          const end = Math.min(before.length, start + c.span);
          const change: TextDocumentContentChangeEvent = event.full
            ? { text: c.text + before }
            : { range: { start: theirs.positionAt(start), end: theirs.positionAt(end) }, text: c.text };
          // One change per update or several in one (positions are in the text after the ones before, as in LSP).
          BufferedTextDocument.update(document, [change], i + 2);
          theirs = TextDocument.update(theirs, [change], i + 2);
        }
        const text = theirs.getText();
        assert.equal(document.getText(), text);
        if (!event.index) return;
        const { file } = indexOpenDocument(state, document);
        const fresh = new WorkspaceIndex();
        fresh.update(
          'file:///ws/other.yaml',
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n',
        );
        const expected = fresh.update(uri, text).file;
        // The documents' own texts make the file (what the text is joined from once the buffer moved on).
        assert.equal(file.manifest.chunks.map((c) => (c as { text: string }).text).join(''), text);
        assert.equal(file.manifest.length, text.length);
        assert.deepEqual(objectsOf(file.manifest), objectsOf(expected.manifest));
        assert.deepEqual(Array.from(file.lines.lineStarts), Array.from(expected.lines.lineStarts));
        for (let offset = 0; offset <= text.length; offset += 7)
          assert.deepEqual(file.lines.positionAt(offset), expected.lines.positionAt(offset), `positionAt(${offset})`);
        const incremental = lintFile(file, state.index, {
          workspaceVersion: state.index.generation,
          dependencyVersion: (k) => state.index.dependencyVersion(k),
        });
        assert.deepEqual(summary(incremental), summary(lintFile(expected, fresh, {})));
        assert.equal(file.text, text);
      });
    }),
    { seed: 1416, numRuns: 300 },
  );
});

test("a trial parse that reuses a manifest's documents leaves that manifest's offsets right (realign)", () => {
  const manifest = parseManifest(MANIFEST);
  const longer = `# a comment that moves every document\n${MANIFEST}`;
  parseManifest(longer, manifest); // moves the reused documents to the longer text's offsets
  realign(manifest);
  for (const o of manifest.objects) {
    assert.equal(textBetween(manifest, o.span[0], o.span[0] + 10), MANIFEST.slice(o.span[0], o.span[0] + 10));
    assert.equal(o.node.range?.[0], o.span[0], `${o.kind}: its node is where its span is`);
  }
  const fresh = parseManifest(MANIFEST);
  assert.deepEqual(objectsOf(manifest), objectsOf(fresh));
});

test('the UTF-8 size of a buffered document follows its edits without making its text', () => {
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 8 }), fc.array(edit, { maxLength: 12 }), (start, edits) => {
      const ours = BufferedTextDocument.create('file:///a.yaml', 'yaml', 1, start.join(''));
      let theirs = TextDocument.create('file:///a.yaml', 'yaml', 1, start.join(''));
      edits.forEach((e, i) => {
        const length = theirs.getText().length;
        const range = { start: theirs.positionAt(e.a % (length + 1)), end: theirs.positionAt(e.b % (length + 1)) };
        const change: TextDocumentContentChangeEvent = e.full ? { text: e.text } : { range, text: e.text };
        BufferedTextDocument.update(ours, [change], i + 2);
        theirs = TextDocument.update(theirs, [change], i + 2);
        assert.equal(ours.utf8Length, Buffer.byteLength(theirs.getText(), 'utf8'));
        assert.equal(ours.textLength, theirs.getText().length);
      });
    }),
    { seed: 1417, numRuns: 300 },
  );
});

// ---------------------------------------------------------------------------------------------
// Indexing yields to edits.

test(
  'a pull for an open document is answered while the workspace folder is still being indexed',
  { timeout: 60_000 },
  async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`/ws/f${i}.yaml`] = fs.readFileSync(ARGO, 'utf8');
    const memory = memoryFileSystem(files);
    let release = () => undefined as void;
    const held = new Promise<void>((r) => (release = r));
    const slow: FileSystem = {
      listYamlFiles: (root) => memory.listYamlFiles(root),
      async readText(file, max) {
        if (file === '/ws/f39.yaml') await held; // indexing cannot finish before the pull is answered
        return memory.readText(file, max);
      },
    };
    const server = await startTestServer({ rootPath: '/ws', fileSystem: slow, waitForIndex: false });
    try {
      const uri = 'file:///ws/open.yaml';
      await server.open(uri, 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  replicas: 1\n');
      const diagnostics = await server.pull(uri);
      assert.ok(
        diagnostics.some((d) => d.code === 'missing-service-name'),
        diagnostics.map((d) => d.code).join(),
      );
      const refreshed = server.nextRefresh();
      release();
      await refreshed; // indexing done: the client is asked to pull again for the cross-file findings
    } finally {
      release();
      server.dispose();
    }
  },
);

test("a file opened while indexing reads it from disk keeps the editor's text in the index (the disk text is not parsed)", async () => {
  let release = () => undefined as void;
  const held = new Promise<void>((r) => (release = r));
  let reading = () => undefined as void;
  const started = new Promise<void>((r) => (reading = r));
  let indexed = () => undefined as void;
  const done = new Promise<void>((r) => (indexed = r));
  // On disk a.yaml holds no Service; in the editor it holds the Service that b.yaml's StatefulSet names.
  const memory = memoryFileSystem({ '/ws/a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' });
  const slow: FileSystem = {
    listYamlFiles: (root) => memory.listYamlFiles(root),
    async readText(file, max) {
      if (file === '/ws/a.yaml') {
        reading();
        await held;
      }
      return memory.readText(file, max);
    },
  };
  const server = await startTestServer({
    rootPath: '/ws',
    fileSystem: slow,
    waitForIndex: false,
    onLog: (_type, message) => void (message.startsWith('Indexed ') && indexed()),
  });
  try {
    await started;
    await server.open(
      'file:///ws/a.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  selector: {app: db}\n  ports: [{port: 5432}]\n',
    );
    await server.pull('file:///ws/a.yaml');
    release();
    await done;
    const b = 'file:///ws/b.yaml';
    await server.open(
      b,
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  serviceName: db\n  selector:\n    matchLabels: {app: db}\n  template:\n    metadata:\n      labels: {app: db}\n    spec:\n      containers: [{name: c, image: "postgres:16"}]\n',
    );
    const codes = (await server.pull(b)).map((d) => String(d.code));
    assert.ok(
      !codes.some((c) => c.startsWith('governing-service')),
      `the editor's Service is the one indexed: ${codes.join()}`,
    );
  } finally {
    release();
    server.dispose();
  }
});

// ---------------------------------------------------------------------------------------------
// Diagnostic links to the bundled rule page (offline).

test('with bundledRuleDocs (the VS Code extension), every codeDescription opens the bundled rule page', async (t) => {
  const s = await startTestServer({ initializationOptions: { bundledRuleDocs: true } });
  t.after(() => s.dispose());
  await s.open(
    'file:///ws/web.yaml',
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  replicas: -1\n',
  );
  const ds = await s.pull('file:///ws/web.yaml');
  assert.ok(ds.length >= 2, JSON.stringify(ds.map((d) => d.code)));
  for (const d of ds) {
    const href = d.codeDescription?.href ?? '';
    const m = /^command:rolloutLens\.showRuleDocs\?(.*)$/.exec(href);
    assert.ok(m, href);
    // The command's argument is the rule id, and its page ships in the VSIX (docs/rules/*.md).
    assert.deepEqual(JSON.parse(decodeURIComponent(m[1] as string)), [d.code]);
    assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${String(d.code)}.md`)), String(d.code));
  }
  // The command is the one the "Show documentation" code action runs (one command, one place).
  const actions = (await s.client.sendRequest('textDocument/codeAction', {
    textDocument: { uri: 'file:///ws/web.yaml' },
    range: ds[0]!.range,
    context: { diagnostics: [ds[0]] },
  })) as { title: string; command?: { command: string } }[];
  const show = actions.find((a) => a.title.startsWith('Show documentation for'));
  assert.equal(show?.command?.command, 'rolloutLens.showRuleDocs');
});

/** A server on a folder with a Service and, open, the Deployment whose pods it selects (the Service sees its name). */
async function openWorkloadBesideService() {
  const files = {
    '/ws/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n',
  };
  const server = await startTestServer({ rootPath: '/ws', fileSystem: memoryFileSystem(files) });
  const uri = 'file:///ws/web.yaml';
  await server.open(
    uri,
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n',
  );
  await server.pull(uri);
  return { server, uri };
}

test('typing a workload name refreshes the other files once the edits pause, not once per character', async () => {
  const { server, uri } = await openWorkloadBesideService();
  try {
    const before = server.refreshCount;
    const at = { line: 3, character: '  name: web'.length };
    const refreshed = server.nextRefresh();
    for (let i = 0; i < 20; i++) {
      // The name is in what other files see (the Service's pods): every one of these edits changes it.
      await server.client.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [
          {
            range: { start: { ...at, character: at.character + i }, end: { ...at, character: at.character + i } },
            text: 'x',
          },
        ],
      });
    }
    await server.pull(uri);
    await refreshed;
    assert.ok(server.refreshCount - before <= 2, `${server.refreshCount - before} refreshes for 20 edits`);
    assert.ok(server.refreshCount - before >= 1, 'the other files are refreshed after the edits');
  } finally {
    server.dispose();
  }
});

test('a refresh the last edits scheduled is dropped when the client shuts the server down', async (t) => {
  const { server, uri } = await openWorkloadBesideService();
  try {
    t.mock.timers.enable({ apis: ['setTimeout'] }); // the refresh's quiet time, under the test's control
    await server.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 9 }, end: { line: 3, character: 9 } }, text: 'x' }],
    });
    await server.pull(uri); // the change was handled: a refresh is scheduled (the name is what the Service sees)
    const before = server.refreshCount;
    await server.client.sendRequest('shutdown');
    t.mock.timers.tick(10 * 1000);
    await server.client.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    assert.equal(server.refreshCount, before, 'no refresh after shutdown');
  } finally {
    server.dispose();
  }
});
