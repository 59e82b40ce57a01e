/**
 * Property tests: corpus documents mutated the ways an editor buffer breaks (lines deleted,
 * duplicated, re-indented; `:`, `-`, `{`, tabs, NULs, markers inserted; truncation; a value
 * swapped for another type) go through the linter core, the language server and the CLI.
 * Nothing may throw, every range must lie inside the document, no rule may fail, the server
 * keeps answering, and an incremental re-parse equals a fresh parse. Deterministic (fixed
 * seeds), no sleeps.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { parseManifest, parseManifestInSteps } from '../../shared/src/manifest';
import type { ParsedManifest } from '../../shared/src/manifest';
import { LineIndex } from '../../shared/src/lines';
import { lintFile } from '../../server/src/lint';
import { WorkspaceIndex } from '../../server/src/workspace';
import { runLint } from '../../server/src/cli/lint';
import { corpusFiles } from '../support/corpus';
import { startTestServer } from '../support/lspPair';

const SERVER_RUNS = 10_000;
const CORE_RUNS = 4_000;
const CLI_RUNS = 600;

/** Small corpus files with something to check, every few taken so that every source is represented. */
function bases(): string[] {
  const picked = corpusFiles()
    .map((f) => ({ f, size: fs.statSync(f).size }))
    .filter(({ size }) => size > 0 && size < 6000)
    .map(({ f }) => fs.readFileSync(f, 'utf8'))
    .filter((t) => /^kind: (Deployment|StatefulSet|Service)\b/m.test(t));
  const out = picked.filter((_, i) => i % Math.max(1, Math.floor(picked.length / 60)) === 0);
  // A file mixing an unchecked kind (scanned, parsed lazily) with checked ones.
  out.push(
    ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cfg', 'data:', '  a: "1"', '---', out[0] ?? ''].join(
      '\n',
    ),
  );
  return out;
}
const BASES = bases();

type Mutation =
  | { op: 'delete' | 'duplicate' | 'truncate'; at: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'insert'; at: number; what: string }
  | { op: 'swapType'; at: number; to: string };

const INSERTS = [
  ':',
  '-',
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  '\t',
  '\0',
  '"',
  "'",
  '&a ',
  '*a',
  '|',
  '>',
  '{{ .Values.x }}',
  '\n---\n',
  '\n...\n',
  '\r',
  '\r\n',
  '\uFEFF',
  '\uD800',
  '#',
  '!!binary ',
  '? ',
  ',',
  '%YAML 1.2\n',
  '<<: *a\n',
  'kind: Deployment\n',
  'kind: ConfigMap\n',
];
const TYPES = [
  '[]',
  '{}',
  '[1, 2]',
  '{a: 1}',
  '42',
  '-1',
  'null',
  '~',
  'true',
  '"s"',
  "'s'",
  '|\n  x',
  '>-\n  y',
  '0x1F',
  '1e309',
  '*a',
  '&a x',
  '.inf',
  '""',
  '[[[[',
  '{{',
  '- a\n- b',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const, 'truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), what: fc.constantFrom(...INSERTS) }),
  fc.record({ op: fc.constant('swapType' as const), at: fc.nat(), to: fc.constantFrom(...TYPES) }),
);
const mutated = fc.record({
  base: fc.nat({ max: BASES.length - 1 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
});

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.at % Math.max(1, lines.length);
  switch (m.op) {
    case 'delete':
      lines.splice(i, 1);
      return lines.join('\n');
    case 'duplicate':
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'indent': {
      const line = lines[i] ?? '';
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.what + text.slice(at);
    }
    case 'swapType': {
      const line = lines[i] ?? '';
      const kv = /^(\s*(?:- )?[\w./-]+:)(?:\s+.*)?$/.exec(line);
      lines[i] = kv ? `${kv[1]} ${m.to}` : `${line} ${m.to}`;
      return lines.join('\n');
    }
  }
}

const textOf = (c: { base: number; mutations: Mutation[] }) => c.mutations.reduce(apply, BASES[c.base] ?? '');

function assertSpan(span: readonly [number, number], text: string, what: string): void {
  assert.ok(Number.isInteger(span[0]) && Number.isInteger(span[1]), `${what}: integer offsets ${JSON.stringify(span)}`);
  assert.ok(
    span[0] >= 0 && span[0] <= span[1] && span[1] <= text.length,
    `${what}: ${JSON.stringify(span)} inside 0..${text.length}`,
  );
}

const summary = (m: ParsedManifest) => ({
  objects: m.objects.map((o) => [
    o.kind,
    o.apiVersion,
    o.name,
    o.namespace,
    o.span[0],
    o.span[1],
    o.docIndex,
    o.listIndex ?? null,
  ]),
  errors: m.syntaxErrors.map((e) => [e.code, e.span[0], e.span[1], e.message]),
});

test(`fuzz: linter core, ${CORE_RUNS} mutated documents; an incremental re-parse equals a fresh one`, () => {
  const seen = { syntaxErrors: 0, findings: 0, deferred: 0 };
  fc.assert(
    fc.property(mutated, (c) => {
      const text = textOf(c);
      const base = BASES[c.base] ?? '';
      const fresh = parseManifest(text);
      const incremental = parseManifest(text, parseManifest(base));
      assert.deepEqual(summary(incremental), summary(fresh));
      // The indexer's parse one document at a time (hands the event loop back between steps) is the same parse.
      const steps = parseManifestInSteps(text);
      let step = steps.next();
      while (!step.done) step = steps.next();
      assert.deepEqual(summary(step.value), summary(fresh));
      const index = new WorkspaceIndex();
      assert.ok(index.update('file:///fuzz/a.yaml', base).file.lines.lineCount > 0); // built: the next version derives its own
      const { file } = index.update('file:///fuzz/a.yaml', text);
      assert.deepEqual(
        Array.from(file.lines.lineStarts),
        Array.from(new LineIndex(text).lineStarts),
        'derived line index = fresh one',
      );
      const failed: string[] = [];
      const findings = lintFile(file, index, { onRuleError: (rule, e) => failed.push(`${rule.id}: ${String(e)}`) });
      assert.deepEqual(failed, [], 'no rule throws');
      if (fresh.syntaxErrors.length > 0) seen.syntaxErrors++;
      if (findings.some((f) => !f.rule.startsWith('yaml-'))) seen.findings++;
      if (fresh.objects.some((o) => o.kind === 'ConfigMap')) seen.deferred++;
      for (const f of findings) {
        assertSpan(f.span, text, f.rule);
        for (const r of f.related ?? []) assertSpan(r.span, index.get(r.uri)?.text ?? '', `${f.rule} related`);
      }
    }),
    { seed: 20261123, numRuns: CORE_RUNS },
  );
  // The mutations reach every path: broken YAML, rule findings, lazily parsed documents.
  for (const [what, n] of Object.entries(seen)) assert.ok(n > CORE_RUNS / 100, `${what}: ${n} of ${CORE_RUNS} cases`);
});

test(`fuzz: the language server, ${SERVER_RUNS} edits of one open document`, async (t) => {
  const s = await startTestServer();
  t.after(() => s.dispose());
  const errors: string[] = [];
  s.client.onNotification('window/logMessage', (m: { type: number; message: string }) => {
    if (m.type === 1) errors.push(m.message);
  });
  const uri = 'file:///fuzz/open.yaml';
  await s.open(uri, BASES[0] ?? '');
  let version = 1;
  await fc.assert(
    fc.asyncProperty(mutated, async (c) => {
      const text = textOf(c);
      await s.change(uri, text, ++version);
      const diagnostics = await s.pull(uri);
      const lines = new LineIndex(text);
      const lineText = (line: number) => {
        const start = lines.offsetAt({ line, character: 0 });
        const next = line + 1 < lines.lineCount ? lines.offsetAt({ line: line + 1, character: 0 }) : text.length;
        return text.slice(start, next).replace(/\r?\n$|\r$/, '');
      };
      for (const d of diagnostics) {
        for (const p of [d.range.start, d.range.end]) {
          assert.ok(p.line >= 0 && p.line < lines.lineCount, `line ${p.line} of ${lines.lineCount}: ${d.code}`);
          assert.ok(
            p.character >= 0 && p.character <= lineText(p.line).length + 1,
            `character ${p.character} on line ${p.line}: ${d.code}`,
          );
        }
        assert.ok(
          d.range.start.line < d.range.end.line ||
            (d.range.start.line === d.range.end.line && d.range.start.character <= d.range.end.character),
          'start ≤ end',
        );
      }
    }),
    { seed: 6, numRuns: SERVER_RUNS },
  );
  // Still answering, and right.
  await s.change(
    uri,
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\nspec: {template: {spec: {containers: [{name: c}]}}}\n',
    ++version,
  );
  assert.ok((await s.pull(uri)).some((d) => d.code === 'missing-service-name'));
  assert.deepEqual(errors, [], 'nothing logged as an error (a failing rule logs)');
});

test(`fuzz: the CLI, ${CLI_RUNS} mutated files, JSON output in range`, async () => {
  await fc.assert(
    fc.asyncProperty(mutated, async (c) => {
      const text = textOf(c);
      let stdout = '';
      let stderr = '';
      const code = await runLint(['--format', 'json', '/fuzz/m.yaml'], {
        stdout: (x) => void (stdout += x),
        stderr: (x) => void (stderr += x),
        readFile: async () => text,
        cwd: '/fuzz',
        fs: { listYamlFiles: async () => [], isDirectory: async () => false },
      });
      assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr}`);
      const lines = new LineIndex(text);
      for (const d of (JSON.parse(stdout) as { diagnostics: { line: number; endLine: number; column: number }[] })
        .diagnostics) {
        assert.ok(
          d.line >= 1 && d.line <= d.endLine && d.endLine <= lines.lineCount && d.column >= 1,
          JSON.stringify(d),
        );
      }
    }),
    { seed: 77, numRuns: CLI_RUNS },
  );
});

/** Hostile classes (issue #16), mixed at random: the server answers a hover on a probe document after each. */
const HOSTILE_URIS = [
  'file://host/share/x.yaml',
  'file:///srv/a%2Fb.yaml',
  'file:///a%zz.yaml',
  'untitled:Untitled-1',
  'file:///c%3A/w/x.yaml',
  'file:///ws/%5Bab%5D.yaml',
];
const HOSTILE_TEXTS: ((base: string) => string)[] = [
  () => 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: &s {selector: {app: a}, x: *s}\n',
  () =>
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 99999999999999999999\n  minReadySeconds: 1e+400\n  template: &t {metadata: {labels: {a: b}}, spec: {x: *t}}\n',
  (base) => base.repeat(Math.ceil((2 * 1024 * 1024) / Math.max(1, base.length))), // a multi-MB full-document sync
  (base) => `${base}\n${'  # rollout-lens-disable-next-line\n'.repeat(2000)}`,
  () =>
    `kind: Deployment\nmetadata:\n  annotations:\n${Array.from({ length: 3000 }, (_, i) => `    k${i}: v`).join('\n')}\n`,
  () =>
    `kind: Service\napiVersion: v1\nmetadata: {name: "[x](http://e/)", labels: {toString: a, __proto__: b}}\nspec: {selector: {constructor: x}}\n`,
  (base) => base.replace(/\n/g, '\r\n'),
];

test('fuzz: hostile classes mixed (odd URIs, self-referencing anchors, huge numbers, multi-MB syncs), the server keeps answering', async () => {
  const s = await startTestServer();
  const probe = 'file:///ws/probe.yaml';
  await s.open(probe, BASES[0] as string);
  let version = 1;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...HOSTILE_URIS),
        fc.nat({ max: HOSTILE_TEXTS.length - 1 }),
        fc.nat({ max: BASES.length - 1 }),
        async (uri, which, base) => {
          const text = (HOSTILE_TEXTS[which] as (b: string) => string)(BASES[base] as string);
          await s.open(uri, text, ++version);
          await s.change(uri, `${text}# edit\n`, ++version);
          await s.pull(uri);
          await s.close(uri);
          const answer = await s.client.sendRequest('textDocument/hover', {
            textDocument: { uri: probe },
            position: { line: 1, character: 2 },
          });
          assert.notEqual(answer, undefined);
        },
      ),
      { seed: 16, numRuns: 40 },
    );
  } finally {
    s.dispose();
  }
});
