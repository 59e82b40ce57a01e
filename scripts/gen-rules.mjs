// Writes what the rule registry generates (from the compiled tree: `npm run gen:rules` compiles first):
// docs/rules/<id>.md and docs/rules/README.md, and package.json's contributes.configuration `rolloutLens.rules`.
// test/unit/rules-registry.test.ts fails when a committed copy differs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { registry } = require(path.join(root, 'out/server/src/rules/index.js'));
const { rulePageMarkdown, rulesIndexMarkdown, ruleSettingsSchema } = require(
  path.join(root, 'out/server/src/rules/generate.js'),
);

const dir = path.join(root, 'docs/rules');
mkdirSync(dir, { recursive: true });
const entries = registry();
for (const r of entries) writeFileSync(path.join(dir, `${r.id}.md`), rulePageMarkdown(r));
writeFileSync(path.join(dir, 'README.md'), rulesIndexMarkdown());

const pkgFile = path.join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
pkg.contributes.configuration.properties['rolloutLens.rules'] = ruleSettingsSchema();
writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
console.log(`docs/rules: ${entries.length} pages; package.json rolloutLens.rules: ${entries.length} rules`);
