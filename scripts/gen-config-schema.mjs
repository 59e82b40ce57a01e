// Writes schemas/rollout-lens.schema.json (the JSON Schema of .rollout-lens.yaml) from server/src/configSchema.ts.
// Needs the compiled tree: run `npx tsc -b` first. A unit test fails when the file is not current.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { configSchema } = require(path.join(root, 'out/server/src/configSchema.js'));
const out = path.join(root, 'schemas/rollout-lens.schema.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(configSchema(), null, 2)}\n`);
console.log(`${path.relative(root, out)} written`);
