// Generates server/src/catalog/fields.generated.ts: the field catalog of Deployment, StatefulSet, DaemonSet, Service,
// HorizontalPodAutoscaler (autoscaling/v2) and PodDisruptionBudget (policy/v1) — every type reachable from them — for
// each supported Kubernetes version.
//
// Base (1.30): the `kubernetes-types` package's declaration files (generated upstream from the Kubernetes OpenAPI
// spec), read with the TypeScript compiler API; it has the exact types (quantities, int-or-string) and the docs.
// Per-version deltas: the OpenAPI-derived models of `@kubernetes/client-node` (one release per Kubernetes minor, its
// spec header checked below), fetched with `npm pack` into node_modules/.cache and read from each model's
// `attributeTypeMap`. A version's delta is what its models add to or remove from the 1.30 models, applied to the
// base. 1.31 has no client-node release: it is the union of 1.30 and 1.32 (a field of either is accepted).
//
// Run by `npm run gen:catalog`; `--check` exits 1 when the committed file is stale (the unit suite runs it, offline);
// `--fetch` only fills the cache (the unit suite's installer step, before any test).
//
// Encoding of a field type: s string, i integer, b boolean, x int-or-string, q quantity,
// a anything (raw JSON), `{}T` map of T, `[]T` list of T, or the name of an object type.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkgDir = path.dirname(require.resolve('kubernetes-types/package.json'));
const pkg = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const OUT = path.join(root, 'server/src/catalog/fields.generated.ts');
const FILES = [
  'apps/v1.d.ts',
  'core/v1.d.ts',
  'meta/v1.d.ts',
  'api/resource.d.ts',
  'runtime.d.ts',
  'autoscaling/v2.d.ts',
  'policy/v1.d.ts',
];
const ROOTS = {
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/StatefulSet': 'StatefulSet',
  'apps/v1/DaemonSet': 'DaemonSet',
  'v1/Service': 'Service',
  'autoscaling/v2/HorizontalPodAutoscaler': 'HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
};
const MAX_DOC = 320;

/** Kubernetes minor → the @kubernetes/client-node release generated from its OpenAPI spec (header checked). */
const CLIENT_NODE = {
  1.27: '0.19.0',
  1.28: '0.20.0',
  1.29: '0.21.0',
  '1.30': '0.22.3',
  1.32: '1.1.2',
  1.33: '1.3.0',
  1.34: '1.4.0',
};
/** Versions without a client-node release: the union of the neighbours' fields. */
const UNION = { 1.31: ['1.30', '1.32'] };
const BASE_VERSION = pkg.version.split('.').slice(0, 2).join('.');
const CACHE = path.join(root, 'node_modules/.cache/rollout-lens-catalog');

// ---------------------------------------------------------------------------------------------------------------
// Base: kubernetes-types

const interfaces = new Map(); // name → [{ name, type: ts.TypeNode, doc, readonly }]
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
  return shortDoc(text);
}

function shortDoc(text) {
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

// ---------------------------------------------------------------------------------------------------------------
// Deltas: @kubernetes/client-node models per version

/** The extracted `dist/gen` folder of a client-node release, fetched with `npm pack` on first use. */
function clientNodeModels(version) {
  const dir = path.join(CACHE, version);
  const models = ['models', 'model'].map((m) => path.join(dir, 'package/dist/gen', m)).find((d) => existsSync(d));
  if (models) return models;
  if (process.env.ROLLOUT_LENS_CATALOG_OFFLINE) {
    // the unit suite checks offline: its installer step (`--fetch`) fetched the releases before any test ran
    throw new Error(
      `@kubernetes/client-node@${version} is not in ${path.relative(root, CACHE)}: run npm run gen:catalog`,
    );
  }
  mkdirSync(dir, { recursive: true });
  const packed = execFileSync(
    'npm',
    ['pack', `@kubernetes/client-node@${version}`, '--pack-destination', dir, '--silent'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  ).trim();
  execFileSync('tar', ['-xzf', path.join(dir, packed.split('\n').pop()), '-C', dir, 'package/dist/gen']);
  return clientNodeModels(version);
}

/** Kubernetes `major.minor` named by a model file's header (`release-1.27`, `v1.34.0`). */
function specVersion(text) {
  const m = /OpenAPI (?:spec version|document): (?:release-|v)(\d+\.\d+)/.exec(text);
  return m?.[1];
}

/** A client-node class name: `V1DeploymentSpec`, `V2MetricSpec`, `CoreV1ResourceClaim` (group-qualified). */
const CLASS = /\b((?:[A-Z][a-z]+)?V\d+(?:alpha\d+|beta\d+)?[A-Z]\w*)/g;
/** client-node class name → type name of the catalog (`V1DeploymentSpec` → `DeploymentSpec`). */
const plain = (cls) => cls.replace(/^(?:[A-Z][a-z]+)?V\d+(?:alpha\d+|beta\d+)?(?=[A-Z])/, '');

/** The models of one release reachable from the roots: type → field → { type, doc } (client-node type strings). */
function readClientNode(k8s, version) {
  const dir = clientNodeModels(version);
  const classes = new Map();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.js')) continue;
    const text = readFileSync(path.join(dir, f), 'utf8');
    const m = /\n(?:exports\.)?(\w+)\.attributeTypeMap = (\[[\s\S]*?\n\]);/.exec(text);
    if (!m) continue;
    const header = specVersion(text);
    const dts = existsSync(path.join(dir, f.replace(/\.js$/, '.d.ts')))
      ? readFileSync(path.join(dir, f.replace(/\.js$/, '.d.ts')), 'utf8')
      : '';
    const docs = new Map();
    for (const d of dts.matchAll(/\/\*\*([\s\S]*?)\*\/\s*'([^']+)'\??:/g))
      docs.set(d[2], shortDoc(d[1].replace(/^\s*\*/gm, ' ').replace(/\\(["'])/g, '$1')));
    const attrs = JSON.parse(m[2]).map((a) => ({
      name: a.baseName,
      type: a.type,
      format: a.format,
      doc: docs.get(a.name) ?? '',
    }));
    classes.set(m[1], { header, attrs });
  }
  const out = {};
  const todo = ['V1Deployment', 'V1StatefulSet', 'V1DaemonSet', 'V1Service', 'V2HorizontalPodAutoscaler'];
  todo.push('V1PodDisruptionBudget');
  const owner = new Map();
  const refs = (t) => [...t.matchAll(CLASS)].map((x) => x[1]);
  while (todo.length) {
    const cls = todo.shift();
    const name = plain(cls);
    if (owner.has(name)) {
      if (owner.get(name) !== cls) throw new Error(`${version}: ${cls} and ${owner.get(name)} are both ${name}`);
      continue;
    }
    owner.set(name, cls);
    const model = classes.get(cls);
    if (!model) throw new Error(`${version}: no model ${cls}`);
    // Every model reached must come from the spec of the version (a release also ships stale leftovers).
    if (model.header !== k8s)
      throw new Error(`@kubernetes/client-node@${version} ${cls} is ${model.header}, not ${k8s}`);
    const attrs = model.attrs;
    out[name] = Object.fromEntries(attrs.map((a) => [a.name, a]));
    for (const a of attrs) if (a.name !== 'status') todo.push(...refs(a.type).filter((r) => classes.has(r)));
  }
  return out;
}

/**
 * A client-node type string in the catalog encoding (object types by their catalog name). The models write a
 * resource.Quantity as `string` and a float as `number` (HPAScalingRules.tolerance is a Quantity written `0.05`), so a
 * new string or number field is `a` (anything): no wrong-type finding is better than a false one. Integers carry their
 * format in 1.x models.
 */
function encodeClient(t, format) {
  let m;
  if ((m = /^Array<(.*)>$/.exec(t))) return `[]${encodeClient(m[1])}`;
  if ((m = /^\{ \[key: string\]: (.*); \}$/.exec(t))) return `{}${encodeClient(m[1])}`;
  switch (t) {
    case 'string':
    case 'Date':
      return 'a';
    case 'number':
      return format === 'int32' || format === 'int64' ? 'i' : 'a';
    case 'boolean':
      return 'b';
    case 'IntOrString':
      return 'x';
    case 'any':
    case 'object':
      return 'a';
    default:
      return new RegExp(`^${CLASS.source}$`).test(t) ? plain(t) : 'a';
  }
}

if (process.argv.includes('--fetch')) {
  // `npm run test:unit` runs this before the tests (like test/renderers/install.mjs): no test touches the network
  for (const version of Object.values(CLIENT_NODE)) clientNodeModels(version);
  console.log(`[catalog] client-node releases cached in ${path.relative(root, CACHE)}`);
  process.exit(0);
}
const clients = Object.fromEntries(Object.entries(CLIENT_NODE).map(([k8s, v]) => [k8s, readClientNode(k8s, v)]));
const reference = clients[BASE_VERSION];
if (!reference) throw new Error(`no client-node release for the base ${BASE_VERSION}`);

// Types the base does not reach (only through fields written by the system, like metadata.managedFields) are left
// out of every version. The two sources must agree on the others (same field names), or the deltas mean nothing.
for (const name of Object.keys(reference)) if (!types[name]) for (const c of Object.values(clients)) delete c[name];
for (const [name, fields] of Object.entries(reference)) {
  const base = types[name];
  const a = Object.keys(base).sort().join(' ');
  const b = Object.keys(fields).sort().join(' ');
  if (a !== b) throw new Error(`${name}: kubernetes-types fields ${a} ≠ client-node ${b}`);
}

/** What `models` adds to or removes from the base version's models: type → field → entry or null. */
function delta(models, removals = true) {
  const out = {};
  for (const [name, fields] of Object.entries(models)) {
    const before = reference[name] ?? {};
    for (const [field, a] of Object.entries(fields)) {
      // A field of both versions whose object type changed (PVC resources: ResourceRequirements in 1.27,
      // VolumeResourceRequirements from 1.29) takes the version's type; scalars keep the base encoding.
      if (before[field] && objectTypes(before[field].type) === objectTypes(a.type)) continue;
      // A new field of a known type keeps the base encoding of that type (quantities: `q`).
      (out[name] ??= {})[field] = [a.name === 'status' ? 'a' : encodeClient(a.type, a.format), a.doc];
    }
    if (!removals) continue;
    for (const field of Object.keys(before)) if (!fields[field]) (out[name] ??= {})[field] = null;
  }
  if (removals)
    for (const name of Object.keys(reference))
      if (!models[name]) for (const field of Object.keys(reference[name])) (out[name] ??= {})[field] = null;
  return sortKeys(out);
}

/** The object types a client-node type string refers to, by catalog name (`Array<V1Container>` → `Container`). */
function objectTypes(t) {
  return [...t.matchAll(CLASS)].map((m) => plain(m[1])).join(' ');
}

function sortKeys(o) {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k] && typeof o[k] === 'object' && !Array.isArray(o[k]) ? sortKeys(o[k]) : o[k]]),
  );
}

const versions = {};
for (const k8s of [...Object.keys(CLIENT_NODE), ...Object.keys(UNION)].sort((a, b) =>
  a.localeCompare(b, 'en', { numeric: true }),
)) {
  if (k8s === BASE_VERSION) continue;
  if (UNION[k8s]) {
    // Only additions (of the newer neighbour): a field of either version is accepted.
    const newer = UNION[k8s].find((v) => v !== BASE_VERSION);
    versions[k8s] = {
      source: `union of Kubernetes ${UNION[k8s].join(' and ')} (no client-node release)`,
      types: delta(clients[newer], false),
    };
  } else {
    versions[k8s] = { source: `@kubernetes/client-node@${CLIENT_NODE[k8s]}`, types: delta(clients[k8s]) };
  }
}

// ---------------------------------------------------------------------------------------------------------------

const sorted = sortKeys(types);
const lines = [
  '// GENERATED by scripts/gen-catalog.mjs from kubernetes-types@' +
    pkg.version +
    ' and @kubernetes/client-node — do not edit.',
  "import type { CatalogData } from './types';",
  '',
  'export const CATALOG_DATA: CatalogData = {',
  `  source: ${JSON.stringify(`kubernetes-types@${pkg.version}`)},`,
  `  version: ${JSON.stringify(BASE_VERSION)},`,
  `  roots: ${JSON.stringify(ROOTS)},`,
  '  types: {',
  ...Object.entries(sorted).map(([name, fields]) => `    ${JSON.stringify(name)}: ${JSON.stringify(fields)},`),
  '  },',
  '  versions: {',
  ...Object.entries(versions).flatMap(([v, d]) => [
    `    ${JSON.stringify(v)}: {`,
    `      source: ${JSON.stringify(d.source)},`,
    '      types: {',
    ...Object.entries(d.types).map(([name, fields]) => `        ${JSON.stringify(name)}: ${JSON.stringify(fields)},`),
    '      },',
    '    },',
  ]),
  '  },',
  '};',
  '',
];
const text = lines.join('\n');
if (process.argv.includes('--check')) {
  const current = readFileSync(OUT, 'utf8');
  if (current !== text) {
    console.error(`${path.relative(root, OUT)} is stale: run npm run gen:catalog`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, text);
  const changes = Object.entries(versions)
    .map(([v, d]) => `${v} ${Object.values(d.types).reduce((n, f) => n + Object.keys(f).length, 0)}`)
    .join(', ');
  console.log(
    `${path.relative(root, OUT)}: ${Object.keys(sorted).length} types, ` +
      `${Object.values(sorted).reduce((n, f) => n + Object.keys(f).length, 0)} fields; field changes per version: ` +
      `${changes}; ${text.length} bytes`,
  );
}
