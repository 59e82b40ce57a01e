/**
 * Helm: chart reading, template-line mapping (pure tables) and real rendering with the pinned `helm template`
 * (test/renderers): every finding lands on the template line producing the key, naming the value feeding it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { HelmRenderer, lintChart, parseChart } from '../../server/src/render/helm';
import type { HelmSettings } from '../../server/src/render/helm';
import { templatePlace } from '../../server/src/render/helmMap';
import type { Seg } from '../../server/src/render/mapBack';
import { processRenderer } from '../../server/src/render/renderer';
import { HELM } from '../support/renderers';
import { cli } from '../support/cliIo';
import type { LintDiagnostic } from '../../server/src/cli/lint';

const ROOT = path.resolve(__dirname, '../../../test/fixtures/helm');
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join('/');

const listFiles = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      (e.isDirectory() ? walk : (f: string) => out.push(f))(path.join(d, e.name));
  };
  walk(dir);
  return out.sort();
};
const readFile = async (f: string) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return undefined;
  }
};
const chart = (name: string) =>
  parseChart(path.join(ROOT, name, 'Chart.yaml'), readFileSync(path.join(ROOT, name, 'Chart.yaml'), 'utf8'));
const settings = (over: Partial<HelmSettings> = {}): HelmSettings => ({
  command: HELM(),
  timeoutMs: 20_000,
  release: 'release',
  valuesFiles: [],
  ...over,
});

test('template lines: a key at its depth, list items, values-driven blocks (pure)', () => {
  const t = [
    'apiVersion: apps/v1', // 1
    'kind: Deployment', // 2
    'spec:', // 3
    '  {{- if .Values.x }}', // 4
    '  replicas: {{ .Values.replicaCount }}', // 5
    '  {{- end }}', // 6
    '  {{- with .Values.strategy }}', // 7
    '  strategy:', // 8
    '    {{- toYaml . | nindent 4 }}', // 9
    '  {{- end }}', // 10
    '  template:', // 11
    '    spec:', // 12
    '      containers:', // 13
    '        - name: {{ .Chart.Name }}', // 14
    '          image: "{{ .Values.image }}"', // 15
    '          {{- with .Values.resources }}', // 16
    '          resources:', // 17
    '            {{- toYaml . | nindent 12 }}', // 18
    '          {{- end }}', // 19
    '',
  ].join('\n');
  const cases: [Seg[], boolean, number, string, string | undefined][] = [
    [['spec', 'replicas'], false, 5, '{{ .Values.replicaCount }}', '.Values.replicaCount'],
    [['spec', 'replicas'], true, 5, 'replicas', '.Values.replicaCount'],
    [['spec', 'strategy', 'rollingUpdate'], true, 9, '{{- toYaml . | nindent 4 }}', '.Values.strategy'],
    [
      ['spec', 'template', 'spec', 'containers', { index: 0, name: 'web' }, 'image'],
      false,
      15,
      '"{{ .Values.image }}"',
      '.Values.image',
    ],
    [
      ['spec', 'template', 'spec', 'containers', { index: 0 }, 'resources', 'limits'],
      true,
      18,
      '{{- toYaml . | nindent 12 }}',
      '.Values.resources',
    ],
    [['spec', 'template', 'spec', 'containers', { index: 0 }, 'name'], true, 14, 'name', undefined],
  ];
  for (const [segs, onKey, line, text, feed] of cases) {
    const p = templatePlace(t, 'Deployment', { segs, onKey });
    assert.ok(p, JSON.stringify(segs));
    assert.deepEqual(
      [t.slice(0, p.span[0]).split('\n').length, t.slice(p.span[0], p.span[1]), p.feed],
      [line, text, feed],
      JSON.stringify(segs),
    );
  }
});

test('real helm template: findings land on the template lines of a helm-create chart', async () => {
  const c = chart('web');
  const r = await new HelmRenderer({ renderer: processRenderer, readFile, listFiles }).render(c, settings());
  assert.ok(r.ok, JSON.stringify(r));
  const templates = new Map<string, string>();
  for (const s of r.rendered.sources) templates.set(s.template, readFileSync(s.template, 'utf8'));
  const got = lintChart(r.rendered, 'web', templates).map((f) => {
    const text = readFileSync(f.file, 'utf8');
    return [
      f.rule,
      rel(f.file),
      text.slice(0, f.span[0]).split('\n').length,
      text.slice(f.span[0], f.span[1]),
      f.message.slice(f.message.lastIndexOf(' (in ')),
    ];
  });
  assert.deepEqual(got, [
    [
      'invalid-value',
      'web/templates/deployment.yaml',
      11,
      '{{ .Values.revisionHistoryLimit }}',
      ' (in chart web, from .Values.revisionHistoryLimit)',
    ],
    [
      'rolling-update-all-zero',
      'web/templates/deployment.yaml',
      14,
      '{{- toYaml . | nindent 4 }}',
      ' (in chart web, from .Values.strategy)',
    ],
    ['missing-min-ready-seconds', 'web/templates/deployment.yaml', 57, 'readinessProbe', ' (in chart web)'],
  ]);
});

test('helm problems: missing dependency (not fetched), values file given, missing binary', async () => {
  const h = new HelmRenderer({ renderer: processRenderer, readFile, listFiles });
  const dep = await h.render(chart('missing-dep'), settings());
  assert.ok(!dep.ok);
  assert.equal(readFileSync(dep.problem.file, 'utf8').slice(dep.problem.span[0], dep.problem.span[1]), 'redis');
  assert.match(
    dep.problem.message,
    /dependency chart redis is missing from charts\/: Rollout Lens does not fetch dependencies/,
  );
  const bad = await h.render(chart('web'), settings({ valuesFiles: [path.join(ROOT, 'no-such-values.yaml')] }));
  assert.ok(!bad.ok);
  assert.match(
    bad.problem.message,
    /^`.*helm template` failed: Error: open .*no-such-values\.yaml: no such file or directory/,
  );
  const missing = await h.render(chart('web'), settings({ command: 'rollout-lens-no-such-helm' }));
  assert.ok(!missing.ok);
  assert.match(
    missing.problem.message,
    /cannot run: rollout-lens-no-such-helm was not found \(setting rolloutLens\.helm\.command\)/,
  );
});

test('CLI lint <dir>: charts are rendered with --helm-command; the missing dependency is reported on its name', async () => {
  const r = await cli(['lint', '--format', 'json', '--helm-command', HELM(), '.'], ROOT);
  const got = (JSON.parse(r.stdout) as { diagnostics: LintDiagnostic[] }).diagnostics
    .filter((d) => d.rule !== 'yaml-template')
    .map((d) => [d.overlay ?? '', d.rule, d.file, d.line]);
  assert.deepEqual(got, [
    ['missing-dep', 'render-failed', 'missing-dep/Chart.yaml', 5],
    ['web', 'invalid-value', 'web/templates/deployment.yaml', 11],
    ['web', 'rolling-update-all-zero', 'web/templates/deployment.yaml', 14],
    ['web', 'missing-min-ready-seconds', 'web/templates/deployment.yaml', 57],
  ]);
});
