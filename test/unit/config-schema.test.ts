/** The JSON Schema of .rollout-lens.yaml: current with the rule registry, and it agrees with the CLI's own check. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { configSchema } from '../../server/src/configSchema';
import { parseConfigFile } from '../../server/src/config';

const ROOT = path.resolve(__dirname, '../../..');
const FILE = path.join(ROOT, 'schemas/rollout-lens.schema.json');

test('schemas/rollout-lens.schema.json is current (node scripts/gen-config-schema.mjs)', () => {
  assert.deepEqual(JSON.parse(fs.readFileSync(FILE, 'utf8')), configSchema());
});

const CASES: [name: string, yaml: string, valid: boolean][] = [
  ['empty rules', 'rules: {}\n', true],
  ['severities and off', 'rules:\n  missing-readiness-probe: warning\n  invalid-value: off\n', true],
  ['version and ignorePaths', 'kubernetesVersion: "1.30"\nignorePaths: ["charts/**", vendor/]\n', true],
  ['unknown top-level key', 'rule:\n  invalid-value: off\n', false],
  ['unknown rule id', 'rules:\n  invalid-valu: off\n', false],
  ['bad severity', 'rules:\n  invalid-value: loud\n', false],
  ['version as a YAML number', 'kubernetesVersion: 1.30\n', true],
  ['not a version', 'kubernetesVersion: latest\n', false],
];
const validate = new Ajv({ strict: true }).compile(configSchema());
for (const [name, text, valid] of CASES) {
  test(`config schema: ${name} is ${valid ? 'valid' : 'invalid'}, and the CLI agrees`, () => {
    assert.equal(validate(parse(text)), valid, JSON.stringify(validate.errors));
    const parsed = parseConfigFile(text);
    assert.equal(parsed.problems.length === 0, valid, parsed.problems.join('; '));
  });
}

test('the README shows the yaml-language-server modeline with the schema id', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(`# yaml-language-server: $schema=${String(configSchema().$id)}`));
});
