/**
 * The keystroke fast path (shared/src/scalarEdit.ts, #14): an edit inside one scalar value replaces
 * that node instead of re-parsing its YAML document. Whatever the edit, the result equals a fresh
 * parse of the edited text: the objects, their values, every node's range and type, the syntax
 * errors, and the lint. The edits are drawn inside real scalars (plain, quoted, in flow collections,
 * keys, `kind`) with characters that keep the structure and characters that change it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { parseManifest } from '../../shared/src/manifest';
import type { EditedText, ParsedManifest } from '../../shared/src/manifest';
import { lintFile } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';

const ROOT = path.resolve(__dirname, '../../..');

const SMALL = [
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web # the front\n  labels: {app: web, tier: "front"}\n',
  'spec:\n  replicas: 2\n  minReadySeconds: 010\n  selector:\n    matchLabels:\n      app: web\n  template:\n',
  '    metadata:\n      labels:\n        app: web\n    spec:\n      hostNetwork: yes\n      containers:\n',
  '        - name: c\n          image: \'nginx:1.27\'\n          args: [--port, "8080", x]\n',
  '          ports:\n            - containerPort: 8080\n              name: http\n',
  '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n',
  '  ports:\n    - port: 80\n      targetPort: http\n',
].join('');

/** The first Deployment of the argo-cd manifest and what follows it (real text, comments, quoting). */
function argoPart(): string {
  const text = fs.readFileSync(
    path.join(ROOT, 'test/fixtures/corpus/argo-cd/manifests/namespace-install.yaml'),
    'utf8',
  );
  const at = text.indexOf('\nkind: Deployment');
  const start = text.lastIndexOf('\n---\n', at) + 1;
  return text.slice(start, text.indexOf('\n---\n', text.indexOf('\n---\n', at) + 1) + 1);
}

/** An edit as the language server hands it to the model (no whole text). */
function edited(text: string, start: number, oldEnd: number, inserted: string): { next: string; source: EditedText } {
  const next = text.slice(0, start) + inserted + text.slice(oldEnd);
  return {
    next,
    source: {
      length: next.length,
      slice: (a, b) => next.slice(a, b),
      change: { start, oldEnd, newEnd: start + inserted.length },
    },
  };
}

/** Every node of every document with its range and scalar type/value/format: what rules read. */
function nodesOf(m: ParsedManifest): unknown[] {
  const out: unknown[] = [];
  for (const d of m.documents) {
    out.push(['doc', d.index, d.span, d.doc.errors.map((e) => [e.code, e.pos])]);
    const stack: unknown[] = [d.doc.contents];
    while (stack.length > 0) {
      const n = stack.pop();
      if (isPair(n)) {
        stack.push(n.value, n.key);
      } else if (isScalar(n)) {
        const s = n as typeof n & { minFractionDigits?: number };
        out.push(['scalar', n.range, n.type, n.value, n.source, n.format, n.comment, s.minFractionDigits]);
      } else if (isMap(n) || isSeq(n)) {
        out.push([isMap(n) ? 'map' : 'seq', n.range, n.flow ?? false]);
        for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
      } else {
        out.push(['other', n === null ? null : typeof n]);
      }
    }
  }
  return out;
}

function objectsOf(m: ParsedManifest): unknown {
  return {
    objects: m.objects.map((o) => [o.kind, o.apiVersion, o.name, o.namespace, o.span, o.docIndex, o.value]),
    errors: m.syntaxErrors.map((e) => [e.code, e.span, e.message]),
  };
}

function lintOf(index: WorkspaceIndex, uri: string, text: string | EditedText) {
  const file = index.update(uri, text).file;
  return lintFile(file, index, {}).map((f) => [f.rule, f.span[0], f.span[1], f.message]);
}

/** The scalars of a text (their ranges), from a fresh parse: where edits are drawn. */
function scalarsOf(text: string): { range: number[]; key: boolean }[] {
  const out: { range: number[]; key: boolean }[] = [];
  for (const d of parseManifest(text).documents) {
    const stack: { n: unknown; key: boolean }[] = [{ n: d.doc.contents, key: false }];
    while (stack.length > 0) {
      const { n, key } = stack.pop() as { n: unknown; key: boolean };
      if (isPair(n)) stack.push({ n: n.key, key: true }, { n: n.value, key: false });
      else if (isScalar(n)) out.push({ range: n.range as number[], key });
      else if (isMap(n) || isSeq(n)) for (const i of n.items) stack.push({ n: i, key: false });
    }
  }
  return out;
}

const CHARS = ['x', 'Z', '7', '0', '.', '-', ':', ' ', '#', '"', "'", ',', '{', ']', '\n', 'é', '\\', '/', '@', '_'];

function check(base: string, seed: number, runs: number): { fast: number } {
  const scalars = scalarsOf(base);
  let fast = 0;
  fc.assert(
    fc.property(
      fc.nat(),
      fc.nat(),
      fc.nat({ max: 2 }),
      fc.array(fc.constantFrom(...CHARS), { maxLength: 3 }),
      (pick, at, remove, chars) => {
        const { range } = scalars[pick % scalars.length] as { range: number[] };
        const [s, e] = range as [number, number];
        const start = s + (at % (e - s + 1));
        const oldEnd = Math.min(e, start + remove);
        const previous = parseManifest(base);
        const doc = previous.documents.find((d) => d.span[0] <= start && start <= d.span[1])?.doc;
        const { next, source } = edited(base, start, oldEnd, chars.join(''));
        const incremental = parseManifest(source, previous);
        const fresh = parseManifest(next);
        try {
          assert.deepEqual(objectsOf(incremental), objectsOf(fresh));
          assert.deepEqual(nodesOf(incremental), nodesOf(fresh));
          assert.equal(incremental.text, next);
        } catch (e) {
          throw new Error(`${JSON.stringify(next.slice(start - 20, start + 20))}: ${(e as Error).message}`);
        }
        if (doc && incremental.documents.some((d) => d.doc === doc)) fast++;
      },
    ),
    { seed, numRuns: runs },
  );
  return { fast };
}

test('an edit inside a scalar gives what a fresh parse gives (small manifest: plain, quoted, flow, YAML 1.1 values)', () => {
  const { fast } = check(SMALL, 2026, 300);
  console.log(`fast path taken for ${fast} of 300 edits`);
  assert.ok(fast >= 45, `the fast path was taken ${fast} times out of 300`);
});

test('an edit inside a scalar gives what a fresh parse gives (argo-cd Deployment)', () => {
  const { fast } = check(argoPart(), 14, 80);
  console.log(`fast path taken for ${fast} of 80 edits`);
  assert.ok(fast >= 12, `the fast path was taken ${fast} times out of 80`);
});

test('typing and deleting in a value, many times over: every version equals a fresh parse and lints the same', () => {
  const uri = 'file:///ws/a.yaml';
  let text = SMALL;
  const index = new WorkspaceIndex();
  lintOf(index, uri, text);
  const at = text.indexOf('nginx:1.27') + 'nginx:1.27'.length;
  let offset = at;
  const versions: string[] = [];
  for (const ch of ['8', '.', '1', 'x', '', '', '', '']) {
    const { next, source } = ch === '' ? edited(text, offset - 1, offset, '') : edited(text, offset, offset, ch);
    offset += ch === '' ? -1 : 1;
    const before = index.get(uri)?.manifest.documents[0]?.doc;
    const incremental = lintOf(index, uri, source);
    text = next;
    versions.push(text.slice(at - 10, offset + 1));
    const manifest = index.get(uri)?.manifest as ParsedManifest;
    assert.equal(manifest.documents[0]?.doc, before, 'the document was patched, not parsed');
    assert.deepEqual(objectsOf(manifest), objectsOf(parseManifest(text)));
    assert.deepEqual(nodesOf(manifest), nodesOf(parseManifest(text)));
    assert.deepEqual(incremental, lintOf(new WorkspaceIndex(), uri, text));
  }
  assert.deepEqual(versions.slice(0, 4), ["nginx:1.278'", "nginx:1.278.'", "nginx:1.278.1'", "nginx:1.278.1x'"]);
  assert.equal(text, SMALL);
});

test('the value changes type with its text as YAML 1.1 reads it (yes → true, 010 → 8, 1.50 → 1.5)', () => {
  const base = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: ye\n  b: 01\n  c: 1.5\n';
  const cases: [string, number, string, unknown][] = [
    ['a', base.indexOf('ye') + 2, 's', true],
    ['b', base.indexOf('01') + 2, '0', 8],
    ['c', base.indexOf('1.5') + 3, '0', 1.5],
  ];
  for (const [key, at, ch, value] of cases) {
    const previous = parseManifest(base);
    const { next, source } = edited(base, at, at, ch);
    const m = parseManifest(source, previous);
    assert.deepEqual((m.objects[0]?.value as { data: Record<string, unknown> }).data[key], value, key);
    assert.deepEqual(nodesOf(m), nodesOf(parseManifest(next)));
  }
});
