// Writes docs/rules/<id>.md, one page per rule, from the rule registry (the compiled tree:
// run `npx tsc -b` first). SARIF help URIs and the hover link point at these pages.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { RULES } = require(path.join(root, 'out/server/src/rules/index.js'));
const { KUBE_LINTER_CHECKS } = require(path.join(root, 'out/server/src/suppression.js'));

const EXTRA = [
  {
    id: 'unused-suppression',
    defaultSeverity: 'information',
    summary: 'A rollout-lens suppression comment that silences nothing.',
    docs: 'A `# rollout-lens-disable-next-line <rule>` or `# rollout-lens-disable <rule>` comment whose rule does not fire where it applies (or names no known rule). Stale suppressions hide the next real finding: remove them.\n\n**Quick fix:** remove the comment.',
  },
  {
    id: 'yaml-syntax',
    defaultSeverity: 'error',
    summary: 'The file is not valid YAML.',
    docs: 'The YAML parser stopped at this point (one finding per document: the first error; later ones usually follow from it). Nothing in the document is checked until it parses: `kubectl apply` would fail the same way.',
  },
  {
    id: 'yaml-alias-limit',
    defaultSeverity: 'error',
    summary: 'YAML aliases expand to too much data; the object is not checked.',
    docs: 'More than 100 aliases (`*name`) in one document, aliases that expand exponentially ("billion laughs"), or an alias that refers to a node containing it (`spec: &s {x: *s}`, a cycle no JSON can hold). The object is skipped to keep the editor responsive.',
  },
  {
    id: 'yaml-template',
    defaultSeverity: 'hint',
    summary: 'The document contains Helm/Go template markers and is not checked.',
    docs: 'A document with `{{ … }}` markers is a template, not YAML: it is checked only once rendered (`helm template … | rollout-lens lint -`).',
  },
];

const dir = path.join(root, 'docs/rules');
mkdirSync(dir, { recursive: true });
const index = ['# Rollout Lens rules', '', '| rule | default | what it finds |', '| --- | --- | --- |'];
for (const r of [...RULES, ...EXTRA]) {
  const kubeLinter = Object.entries(KUBE_LINTER_CHECKS).filter(([, ours]) => ours === r.id).map(([check]) => check);
  const severity = r.enabledByDefault === false ? `off (opt-in; ${r.defaultSeverity} when enabled)` : r.defaultSeverity;
  const page = [
    `# ${r.id}`,
    '',
    `**Default severity:** ${severity}`,
    '',
    r.summary,
    '',
    r.docs,
    '',
    '## Configuration',
    '',
    'In `.rollout-lens.yaml` at the workspace root (also read by `rollout-lens lint`), or in the `rolloutLens.rules` setting:',
    '',
    '```yaml',
    'rules:',
    `  ${r.id}: ${r.enabledByDefault === false ? 'warning' : 'off'}   # error | warning | information | hint | off`,
    '```',
    '',
    '## Suppressing one finding',
    '',
    '```yaml',
    `# rollout-lens-disable-next-line ${r.id} -- why this is fine here`,
    '```',
    '',
    `\`# rollout-lens-disable ${r.id}\` silences it for the rest of the YAML document.` +
      (kubeLinter.length ? ` The kube-linter annotation \`ignore-check.kube-linter.io/${kubeLinter[0]}\` on the object's \`metadata.annotations\` silences it too.` : ''),
    '',
  ].join('\n');
  writeFileSync(path.join(dir, `${r.id}.md`), page);
  index.push(`| [${r.id}](${r.id}.md) | ${r.enabledByDefault === false ? 'off' : r.defaultSeverity} | ${r.summary.replace(/\|/g, '\\|')} |`);
}
writeFileSync(path.join(dir, 'README.md'), index.join('\n') + '\n');
console.log(`docs/rules: ${RULES.length + EXTRA.length} pages`);
