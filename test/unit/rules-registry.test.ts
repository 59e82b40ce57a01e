/**
 * The rule registry is the one source of rule metadata: package.json's `rolloutLens.rules`, the
 * pages and index of docs/rules/ and the SARIF rule metadata are generated from it and compared
 * here value by value (regenerate with `npm run gen:rules`). Rules dispatch on declared kinds, all
 * parsed eagerly, and rule files import no other rule file.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isEagerKind } from '../../shared/src/manifest';
import { BUILTIN_CODES, registry, registryEntry, RULES } from '../../server/src/rules';
import { rulePageMarkdown, rulesIndexMarkdown, ruleSettingsSchema } from '../../server/src/rules/generate';
import { toSarif } from '../../server/src/cli/sarif';
import { ruleDocsUri } from '../../server/src/docsUri';
import { lintSeen, y } from '../support/lint';

const REPO = path.resolve(__dirname, '../../..');
const STALE = 'stale: run `npm run gen:rules` and commit the result';

test('package.json rolloutLens.rules is the generated block, value for value', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const block = pkg.contributes.configuration.properties['rolloutLens.rules'] as {
    properties: Record<string, { markdownDescription: string }>;
  };
  assert.deepEqual(block, ruleSettingsSchema(), STALE);
  const listed = block.properties;
  for (const r of registry()) {
    assert.ok(listed[r.id], `${r.id} is settable`);
    assert.match(
      listed[r.id].markdownDescription,
      new RegExp(`^${r.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} Default: \``),
    );
  }
});

test('docs/rules: the index and every page are the generated text', () => {
  assert.equal(fs.readFileSync(path.join(REPO, 'docs/rules/README.md'), 'utf8'), rulesIndexMarkdown(), STALE);
  for (const r of registry()) {
    const page = path.join(REPO, 'docs/rules', `${r.id}.md`);
    assert.ok(fs.existsSync(page), `missing ${page}: ${STALE}`);
    assert.equal(fs.readFileSync(page, 'utf8'), rulePageMarkdown(r), `${r.id}.md ${STALE}`);
  }
  const pages = fs
    .readdirSync(path.join(REPO, 'docs/rules'))
    .filter((f) => f !== 'README.md')
    .map((f) => f.replace(/\.md$/, ''));
  assert.deepEqual(
    pages.sort(),
    registry()
      .map((r) => r.id)
      .sort(),
    'no page without a registry entry',
  );
});

test('SARIF rule metadata: one descriptor per registry entry with its values', () => {
  const descriptors = toSarif([], 'file:///x/').runs[0]?.tool.driver.rules ?? [];
  assert.deepEqual(
    descriptors.map((d) => d.id),
    registry().map((r) => r.id),
  );
  const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
  for (const r of registry()) {
    const d = descriptors.find((x) => x.id === r.id);
    assert.equal(d?.shortDescription?.text, r.summary, r.id);
    assert.equal(d?.help?.markdown, r.docs, r.id);
    assert.deepEqual(
      d?.defaultConfiguration,
      { level: level[r.defaultSeverity], enabled: r.enabledByDefault !== false },
      r.id,
    );
    assert.equal(d?.helpUri, ruleDocsUri(r.id), r.id);
  }
});

test('ids are unique across rules and built-in codes', () => {
  const ids = registry().map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length);
});

test('every rule declares kinds, each parsed eagerly (manifest.ts EAGER_KINDS)', () => {
  for (const rule of RULES) {
    assert.ok(rule.kinds.length > 0, `${rule.id} declares no kind`);
    for (const kind of rule.kinds)
      assert.ok(isEagerKind(kind), `${rule.id} checks ${kind}, which is not parsed eagerly: add it to EAGER_KINDS`);
  }
});

test('the linter dispatches on declared kinds: a rule never sees an object of another kind', () => {
  const seen: string[] = [];
  const spy = {
    ...RULES[0]!,
    id: 'kind-spy',
    kinds: ['Service'],
    check: (o: { kind: string }) => (seen.push(o.kind), []),
  };
  (RULES as unknown[]).push(spy);
  try {
    lintSeen(
      y(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: a}',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata: {name: b}',
      ),
    );
  } finally {
    (RULES as unknown[]).splice((RULES as unknown[]).indexOf(spy), 1);
  }
  assert.deepEqual(seen, ['Service']);
});

const CODES: [name: string, text: string, code: string][] = [
  ['broken YAML', y('apiVersion: v1', 'kind: Service', 'metadata: {name: [a'), 'yaml-syntax'],
  ['a Helm template', y('apiVersion: v1', 'kind: Service', 'metadata:', '  name: {{ .Values.name }}'), 'yaml-template'],
  [
    'an unused suppression',
    y('# rollout-lens-disable-next-line invalid-name', 'apiVersion: v1', 'kind: Service', 'metadata: {name: ok}'),
    'unused-suppression',
  ],
];
for (const [name, text, code] of CODES) {
  test(`built-in code ${code} (${name}) is a registry entry with its default severity`, () => {
    const found = lintSeen(text).filter((s) => s.rule === code);
    assert.ok(found.length > 0, `no ${code} finding`);
    const entry = registryEntry(code);
    assert.ok(entry && BUILTIN_CODES.includes(entry as never), `${code} is a built-in registry entry`);
    for (const f of found) assert.equal(f.severity, entry.defaultSeverity);
  });
}

test('rule files import no other rule file: only ./types, ./support and ./edits of rules/', () => {
  const dir = path.join(REPO, 'server/src/rules');
  const infrastructure = new Set(['index.ts', 'types.ts', 'support.ts', 'edits.ts', 'builtin.ts', 'generate.ts']);
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !infrastructure.has(f))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const m of text.matchAll(/from '(\.\/[^']+)'/g)) {
      assert.ok(['./types', './support', './edits'].includes(m[1] as string), `${file} imports ${m[1]}`);
    }
    assert.doesNotMatch(text, /from '\.\.\/(lsp|cli)\//, `${file} imports LSP or CLI code`);
  }
});
