/**
 * Kustomize without a binary (server/src/render/builtIn.ts): the in-process build is compared with the pinned
 * `kubectl kustomize` object by object, its findings with the rendered ones, and what it does not understand
 * keeps the sources to value checks. Also: the extensionless `Kustomization` file name.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, Range } from 'vscode-languageserver-protocol/node';
import { parse, parseAllDocuments } from 'yaml';
import { nodeFileSystem, YAML_FILE } from '../../server/src/fileSystem';
import { applyEdits, fixesOf } from '../../server/src/codeActions';
import { lintOverlays } from '../../server/src/render';
import { renderBuiltIn } from '../../server/src/render/builtIn';
import { buildLayout, closure, isKustomizationFile, parseKustomization } from '../../server/src/render/kustomization';
import type { Kustomization, KustomizeLayout } from '../../server/src/render/kustomization';
import { KustomizeRenderer, readSources } from '../../server/src/render/kustomize';
import { processRenderer } from '../../server/src/render/renderer';
import { RENDERED_REQUEST } from '../../server/src/lsp/render';
import type { LintDiagnostic } from '../../server/src/cli/lint';
import { cli } from '../support/cliIo';
import { startTestServer } from '../support/lspPair';
import { KUBECTL } from '../support/renderers';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
const ROOTS = ['kustomize', 'kustomize-builtin'].map((r) => path.join(FIXTURES, r));

const readFile = async (f: string) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
};

function layoutOf(root: string, read = (f: string) => readFileSync(f, 'utf8')): KustomizeLayout {
  const out: Kustomization[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const f = path.join(dir, e.name);
      if (e.isDirectory()) walk(f);
      else if (isKustomizationFile(f)) out.push(parseKustomization(f, read(f)));
    }
  };
  walk(root);
  return buildLayout(out);
}

/** Objects as sorted JSON; names of generated ConfigMaps/Secrets (hashed by kubectl, plain in-process) as one token. */
function objects(text: string, generated: readonly string[]): string[] {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return parseAllDocuments(text)
    .map((d) => d.toJS() as { kind: string })
    .filter((o) => o.kind !== 'ConfigMap' && o.kind !== 'Secret')
    .map((o) => generated.reduce((s, g) => s.split(`"${g}"`).join('"<generated>"'), JSON.stringify(sort(o))))
    .sort();
}

// Each entry overlay of the fixtures: built in-process, or what is not understood without kubectl.
const EXPECTED: Record<string, string> = {
  'kustomize/broken': 'resource does-not-exist.yaml not read',
  'kustomize/overlays/prod': 'ok',
  'kustomize/overlays/staging': 'ok',
  'kustomize/remote': 'remote base https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.4.0',
  'kustomize-builtin/overlays/custom': '`replacements`',
  'kustomize-builtin/overlays/dev': 'ok',
  'kustomize-builtin/overlays/qa': 'ok',
};

test('in-process build: the same objects as kubectl kustomize, or says what it does not understand', async () => {
  const seen: Record<string, string> = {};
  for (const root of ROOTS) {
    const layout = layoutOf(root);
    for (const entry of layout.entries) {
      const name = path.relative(FIXTURES, entry.dir).split(path.sep).join('/');
      const { sources } = await readSources(entry, layout, readFile);
      const built = renderBuiltIn(entry, layout, sources);
      seen[name] = built.ok ? 'ok' : built.reason;
      if (!built.ok) continue;
      const rendered = execFileSync(KUBECTL(), ['kustomize', entry.dir], { encoding: 'utf8', stdio: 'pipe' });
      const kubectlGenerated = parseAllDocuments(rendered)
        .map((d) => d.toJS() as { kind: string; metadata: { name: string } })
        .filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret')
        .map((o) => o.metadata.name);
      const generators = closure(entry, layout).flatMap((k) => {
        const root = parse(k.text) as Record<string, { name: string }[] | undefined>;
        return [...(root['configMapGenerator'] ?? []), ...(root['secretGenerator'] ?? [])].map((g) => g.name);
      });
      assert.deepEqual(objects(built.overlay.text, generators), objects(rendered, kubectlGenerated), name);
    }
  }
  assert.deepEqual(seen, EXPECTED);
});

type Seen = [overlay: string, rule: string, file: string, line: number, text: string];

async function findings(root: string, binary: boolean): Promise<Seen[]> {
  const layout = layoutOf(root);
  const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
  const settings = { command: `${KUBECTL()} kustomize`, timeoutMs: 20_000, binary };
  const r = await lintOverlays(
    layout,
    new KustomizeRenderer({ renderer: processRenderer, readFile }),
    settings,
    {},
    rel,
  );
  return r.findings
    .filter((f) => f.rule !== 'render-failed' && f.rule !== 'remote-base')
    .map((f) => {
      const text = readFileSync(f.file, 'utf8');
      const line = text.slice(0, f.span[0]).split('\n').length;
      return [f.overlay, f.rule, rel(f.file), line, text.slice(f.span[0], f.span[1])];
    });
}

test('without a binary: the findings of every understood overlay are the rendered ones, at the same source text', async () => {
  for (const root of ROOTS) {
    const understood = Object.entries(EXPECTED)
      .filter(([k, v]) => v === 'ok' && k.startsWith(`${path.basename(root)}/`))
      .map(([k]) => k.slice(path.basename(root).length + 1));
    const rendered = await findings(root, true);
    const builtIn = await findings(root, false);
    // Same findings; the order within an overlay follows the text (kubectl sorts keys, the in-process build does not).
    const sorted = (xs: Seen[]) => xs.map((x) => JSON.stringify(x)).sort();
    assert.deepEqual(sorted(builtIn), sorted(rendered.filter((s) => understood.includes(s[0]))), root);
  }
  // Not understood: the overlay's Deployment gets no finding from it (kubectl finds one; guessing could be wrong).
  const custom = (await findings(ROOTS[1] as string, true)).filter((s) => s[0] === 'overlays/custom');
  assert.deepEqual(custom, [
    ['overlays/custom', 'missing-min-ready-seconds', 'overlays/custom/api.yaml', 12, 'readinessProbe'],
  ]);
});

test('in-process build: what is not understood is said, never guessed', () => {
  const base = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n`;
  const cases: [kustomization: string, reason: string][] = [
    ['resources: [web.yaml]\nvars: []\n', '`vars`'],
    ['resources: [web.yaml]\nhelmCharts: []\n', '`helmCharts`'],
    [
      'resources: [web.yaml]\npatches:\n  - patch: |-\n      kind: Deployment\n      metadata: {name: web}\n      spec: {$patch: replace}\n',
      'patch directive $patch',
    ],
    [
      'resources: [web.yaml]\npatches:\n  - patch: |-\n      kind: Deployment\n      metadata: {name: web}\n      spec: {template: {spec: {dnsConfig: {options: [{name: x}]}}}}\n',
      'a patch of the list spec.template.spec.dnsConfig.options',
    ],
    [
      'resources: [web.yaml]\npatches:\n  - target: {labelSelector: app=web}\n    patch: "[]"\n',
      'patch target `labelSelector`',
    ],
    [
      'resources: [web.yaml]\npatches:\n  - patch: |-\n      kind: Deployment\n      metadata: {name: other}\n      spec: {minReadySeconds: 5}\n',
      'a patch that matches no object',
    ],
    [
      'resources: [web.yaml]\npatchesJson6902:\n  - target: {kind: Deployment, name: web}\n    patch: "[{op: move, from: /spec, path: /x}]"\n',
      'JSON 6902 operation move',
    ],
    ['resources: [missing.yaml]\n', 'resource missing.yaml not read'],
    ['resources: [web.yaml]\nlabels:\n  - pairs: {a: b}\n    fields: []\n', '`labels` with `fields`'],
  ];
  for (const [text, reason] of cases) {
    const k = parseKustomization('/w/o/kustomization.yaml', text);
    const r = renderBuiltIn(k, buildLayout([k]), new Map([['/w/o/web.yaml', base]]));
    assert.equal(r.ok ? 'ok' : r.reason, reason, text);
  }
});

test('`Kustomization` (no extension) is a kustomization root: listed, laid out, rendered by the CLI', async () => {
  const cases: [string, boolean][] = [
    ['/a/Kustomization', true],
    ['Kustomization', true],
    ['/a/deploy.YAML', true],
    ['/a/x.yml', true],
    ['/a/kustomization', false],
    ['/a/MyKustomization', false],
    ['/a/Kustomization.txt', false],
  ];
  for (const [file, yaml] of cases) assert.equal(YAML_FILE.test(file), yaml, file);
  assert.equal(isKustomizationFile('/a/Kustomization'), true);
  const root = ROOTS[1] as string;
  const listed = await nodeFileSystem.listYamlFiles(root);
  assert.ok(listed.includes(path.join(root, 'overlays/dev/Kustomization')), listed.join('\n'));
  const r = await cli(['lint', '--format', 'json', '--kustomize-command', `${KUBECTL()} kustomize`, '.'], root);
  const got = (JSON.parse(r.stdout) as { diagnostics: LintDiagnostic[] }).diagnostics.map((d) => [
    d.overlay ?? '',
    d.rule,
    d.file,
    d.line,
  ]);
  assert.deepEqual(got, [
    ['', 'invalid-name', 'overlays/dev/min-ready.yaml', 12], // a value check on the patch itself
    ['overlays/custom', 'missing-min-ready-seconds', 'overlays/custom/api.yaml', 12],
    ['overlays/dev', 'missing-volume-claim-templates', 'overlays/dev/min-ready.yaml', 5],
    ['overlays/qa', 'missing-volume-claim-templates', 'base/statefulset.yaml', 5],
    ['overlays/qa', 'missing-min-ready-seconds', 'base/statefulset.yaml', 16],
    ['overlays/qa', 'invalid-value', 'overlays/qa/kustomization.yaml', 12], // inside the inline patch
  ]);
});

test('LSP, untrusted workspace: overlays built in-process report on the lines to edit; not understood stays quiet', async () => {
  const root = ROOTS[1] as string;
  const server = await startTestServer({
    rootPath: root,
    fileSystem: nodeFileSystem,
    initializationOptions: { workspaceTrusted: false },
  });
  try {
    await server.client.sendRequest(RENDERED_REQUEST);
    const out: Record<string, [string, number, string][]> = {};
    for (const f of ['base/statefulset.yaml', 'overlays/custom/api.yaml', 'overlays/dev/min-ready.yaml']) {
      const uri = pathToFileURL(path.join(root, f)).href;
      const text = readFileSync(path.join(root, f), 'utf8');
      await server.open(uri, text);
      const lines = text.split('\n');
      out[f] = (await server.pull(uri)).map((d) => [
        String(d.code),
        d.range.start.line + 1,
        (lines[d.range.start.line] as string).slice(d.range.start.character, d.range.end.character),
      ]);
    }
    assert.deepEqual(out, {
      'base/statefulset.yaml': [
        ['missing-volume-claim-templates', 5, 'spec'],
        ['missing-min-ready-seconds', 16, 'readinessProbe'],
      ],
      // `replacements` is not built in-process: no missing-selector guessed from the source alone.
      'overlays/custom/api.yaml': [],
      'overlays/dev/min-ready.yaml': [
        ['invalid-name', 12, 'metrics_port'],
        ['missing-volume-claim-templates', 5, 'spec'],
      ],
    });
  } finally {
    server.dispose();
  }
});

test('quick fixes of mapped findings edit the source; applied, the overlay no longer reports the finding', async () => {
  const seen: [string, string, string, string][] = [];
  for (const root of ROOTS) {
    const rel = (f: string) => path.relative(root, f).split(path.sep).join('/');
    const settings = { command: `${KUBECTL()} kustomize`, timeoutMs: 20_000 };
    // The kustomizations are read with `read` too: a fix may edit an inline patch.
    const lint = (read: typeof readFile, binary: boolean, sync = (f: string) => readFileSync(f, 'utf8')) =>
      lintOverlays(
        layoutOf(root, sync),
        new KustomizeRenderer({ renderer: processRenderer, readFile: read }),
        { ...settings, binary },
        {},
        rel,
      );
    for (const f of (await lint(readFile, true)).findings) {
      for (const fix of fixesOf(f)) {
        const edits = fix.edits.map((e) => ({ ...e, file: fileURLToPath(e.uri as string) }));
        const file = (edits[0] as (typeof edits)[number]).file;
        assert.ok(edits.every((e) => e.file === file));
        const fixed = applyEdits(readFileSync(file, 'utf8'), edits);
        const changed = fixed.split('\n').filter((l, i) => l !== readFileSync(file, 'utf8').split('\n')[i]);
        seen.push([f.overlay, f.rule, rel(file), (changed[0] ?? '').trim()]);
        const patched = (x: string) => (x === file ? fixed : readFileSync(x, 'utf8'));
        const after = await lint(async (x) => (x === file ? fixed : readFile(x)), false, patched);
        assert.equal(
          after.findings.some((g) => g.rule === f.rule && g.message === f.message),
          false,
          `${fix.title} fixes ${f.rule} in ${f.overlay}`,
        );
      }
    }
  }
  assert.deepEqual(seen, [
    ['overlays/staging', 'missing-min-ready-seconds', 'base/deployment.yaml', 'minReadySeconds: 10'],
    ['overlays/custom', 'missing-min-ready-seconds', 'overlays/custom/api.yaml', 'minReadySeconds: 10'],
    ['overlays/qa', 'missing-min-ready-seconds', 'base/statefulset.yaml', 'minReadySeconds: 10'],
    // inside the inline JSON 6902 patch (a block scalar of the kustomization)
    ['overlays/qa', 'invalid-value', 'overlays/qa/kustomization.yaml', 'type: RollingUpdate'],
  ]);
});

test('LSP: a quick fix on a mapped finding edits the base at the mapped place', async () => {
  const root = ROOTS[0] as string;
  const server = await startTestServer({ rootPath: root, fileSystem: nodeFileSystem });
  try {
    await server.client.sendRequest(RENDERED_REQUEST);
    const uri = pathToFileURL(path.join(root, 'base/deployment.yaml')).href;
    const text = readFileSync(path.join(root, 'base/deployment.yaml'), 'utf8');
    await server.open(uri, text);
    const diagnostics = (await server.pull(uri)).filter((d) => d.code === 'missing-min-ready-seconds');
    assert.equal(diagnostics.length, 1);
    const actions = (await server.client.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: (diagnostics[0] as Diagnostic).range,
      context: { diagnostics },
    })) as { title: string; edit?: { changes: Record<string, { range: Range; newText: string }[]> } }[];
    const fix = actions.find((a) => a.title === 'Set spec.minReadySeconds: 10');
    assert.deepEqual(fix?.edit?.changes, {
      [uri]: [
        {
          range: { start: { line: 20, character: 32 }, end: { line: 20, character: 32 } },
          newText: '\n  minReadySeconds: 10',
        },
      ],
    });
  } finally {
    server.dispose();
  }
});
