// Generates server/src/catalog/fields.generated.ts: the field catalog of Deployment, StatefulSet
// and Service (every type reachable from them), read from the `kubernetes-types` package's
// declaration files (generated upstream from the Kubernetes OpenAPI spec) with the TypeScript
// compiler API. Run by `npm run build`; `--check` exits 1 when the committed file is stale.
//
// Encoding of a field type: s string, i integer, b boolean, x int-or-string, q quantity,
// a anything (raw JSON), `{}T` map of T, `[]T` list of T, or the name of an object type.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const pkgDir = path.dirname(require.resolve('kubernetes-types/package.json'));
const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const OUT = 'server/src/catalog/fields.generated.ts';
const FILES = ['apps/v1.d.ts', 'core/v1.d.ts', 'meta/v1.d.ts', 'api/resource.d.ts', 'runtime.d.ts'];
const ROOTS = { 'apps/v1/Deployment': 'Deployment', 'apps/v1/StatefulSet': 'StatefulSet', 'v1/Service': 'Service' };
const MAX_DOC = 320;

const interfaces = new Map(); // name → [{ name, type: ts.TypeNode, doc, optional, readonly }]
const aliases = new Map(); // name → ts.TypeNode
for (const rel of FILES) {
  const file = path.join(pkgDir, rel);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  for (const stmt of source.statements) {
    if (ts.isInterfaceDeclaration(stmt)) {
      const name = stmt.name.text;
      if (interfaces.has(name)) throw new Error(`duplicate interface ${name}`);
      interfaces.set(
        name,
        stmt.members.filter(ts.isPropertySignature).map((m) => ({
          name: m.name.getText(source).replace(/^"|"$/g, ''),
          type: m.type,
          doc: docOf(m),
          readonly: (m.modifiers ?? []).some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword),
        })),
      );
    } else if (ts.isTypeAliasDeclaration(stmt)) {
      aliases.set(stmt.name.text, stmt.type);
    }
  }
}

function docOf(node) {
  const jsdoc = ts.getJSDocCommentsAndTags(node).find(ts.isJSDoc);
  const text = typeof jsdoc?.comment === 'string' ? jsdoc.comment : (jsdoc?.comment ?? []).map((c) => c.text).join('');
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_DOC) return flat;
  // Cut at the last sentence end before the limit.
  const cut = flat.slice(0, MAX_DOC);
  const dot = cut.lastIndexOf('. ');
  return dot > 80 ? cut.slice(0, dot + 1) : cut.replace(/\s+\S*$/, '') + ' …';
}

const reached = new Set();
const queue = Object.values(ROOTS);
function encode(node) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return 's';
    case ts.SyntaxKind.NumberKeyword:
      return 'i';
    case ts.SyntaxKind.BooleanKeyword:
      return 'b';
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return 'a';
    case ts.SyntaxKind.LiteralType:
      return 's';
    case ts.SyntaxKind.UnionType: {
      const parts = new Set(node.types.map(encode));
      if (parts.size === 1) return [...parts][0];
      if (parts.has('i') && parts.has('s') && parts.size === 2) return 'x';
      return 'a';
    }
    case ts.SyntaxKind.ArrayType:
      return `[]${encode(node.elementType)}`;
    case ts.SyntaxKind.TypeLiteral: {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      return index ? `{}${encode(index.type)}` : 'a';
    }
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText();
      if (name === 'Quantity') return 'q'; // "500m", "1Gi" or a bare number
      if (name === 'Array' && node.typeArguments?.length === 1) return `[]${encode(node.typeArguments[0])}`;
      if (aliases.has(name)) return encode(aliases.get(name));
      if (interfaces.has(name)) {
        const members = interfaces.get(name);
        if (members.length === 0) return name === 'RawExtension' ? 'a' : `${name}`;
        if (!reached.has(name)) queue.push(name);
        return name;
      }
      return 'a';
    }
    default:
      return 'a';
  }
}

const types = {};
while (queue.length) {
  const name = queue.shift();
  if (reached.has(name)) continue;
  reached.add(name);
  const fields = {};
  for (const m of interfaces.get(name) ?? []) {
    if (m.readonly || m.name === 'status') {
      // Written by the system, not by manifests: not checked.
      fields[m.name] = ['a', m.doc];
      continue;
    }
    fields[m.name] = [m.type ? encode(m.type) : 'a', m.doc];
  }
  types[name] = fields;
}
// Empty interfaces (e.g. EmptyDirVolumeSource has fields; `{}` markers are rare) stay as objects with no fields.

const sorted = Object.fromEntries(
  Object.keys(types)
    .sort()
    .map((k) => [k, types[k]]),
);
const version = pkg.version.split('.').slice(0, 2).join('.');
const lines = [
  '// GENERATED by scripts/gen-catalog.mjs from kubernetes-types@' + pkg.version + ' — do not edit.',
  "import type { CatalogData } from './types';",
  '',
  'export const CATALOG_DATA: CatalogData = {',
  `  source: ${JSON.stringify(`kubernetes-types@${pkg.version}`)},`,
  `  version: ${JSON.stringify(version)},`,
  `  roots: ${JSON.stringify(ROOTS)},`,
  '  types: {',
  ...Object.entries(sorted).map(([name, fields]) => `    ${JSON.stringify(name)}: ${JSON.stringify(fields)},`),
  '  },',
  '};',
  '',
];
const text = lines.join('\n');
if (process.argv.includes('--check')) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== text) {
    console.error(`${OUT} is stale: run node scripts/gen-catalog.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  console.log(
    `${OUT}: ${Object.keys(sorted).length} types, ${Object.values(sorted).reduce((n, f) => n + Object.keys(f).length, 0)} fields, ${text.length} bytes`,
  );
}
