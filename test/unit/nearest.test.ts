/**
 * Nearest-candidate resolution (server/src/nearest.ts): same file, then same folder, then fewest folder steps; ties
 * reported. Then the governing-Service rules over test/fixtures/nearest through the CLI (text and JSON name the file).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { byNearness, nearest, pathDistance, relativePath } from '../../server/src/nearest';
import { cli } from '../support/cliIo';

const FROM = 'file:///ws/book/ch10/sts.yaml';

// [name, candidate uri, distance from FROM]
const DISTANCES: [string, string, number][] = [
  ['same file', FROM, 0],
  ['same folder', 'file:///ws/book/ch10/svc.yaml', 1],
  ['one folder down', 'file:///ws/book/ch10/base/svc.yaml', 2],
  ['one folder up', 'file:///ws/book/svc.yaml', 2],
  ['sibling folder', 'file:///ws/book/ch05/svc.yaml', 3],
  ['two down', 'file:///ws/book/ch10/a/b/svc.yaml', 3],
  ['sibling subfolder', 'file:///ws/book/ch05/x/svc.yaml', 4],
  ['other tree', 'file:///ws/other/ch10/svc.yaml', 5],
  ['prefix-named folder is not the same folder', 'file:///ws/book/ch1/svc.yaml', 3],
];

for (const [name, uri, d] of DISTANCES) {
  test(`pathDistance: ${name}`, () => assert.equal(pathDistance(FROM, uri), d));
}

// [name, candidate uris, expected nearest (several: a tie)]
const PICKS: [string, string[], string[]][] = [
  [
    'same folder beats a sibling folder sorted first',
    ['file:///ws/book/ch05/svc.yaml', 'file:///ws/book/ch10/svc.yaml'],
    ['file:///ws/book/ch10/svc.yaml'],
  ],
  ['same file beats same folder', ['file:///ws/book/ch10/svc.yaml', FROM], [FROM]],
  [
    'parent folder beats sibling folder',
    ['file:///ws/book/ch05/svc.yaml', 'file:///ws/book/svc.yaml'],
    ['file:///ws/book/svc.yaml'],
  ],
  [
    'up and down equally near: tie',
    ['file:///ws/book/svc.yaml', 'file:///ws/book/ch10/base/svc.yaml'],
    ['file:///ws/book/ch10/base/svc.yaml', 'file:///ws/book/svc.yaml'],
  ],
  [
    'two sibling folders: tie',
    ['file:///ws/book/b/svc.yaml', 'file:///ws/book/a/svc.yaml'],
    ['file:///ws/book/a/svc.yaml', 'file:///ws/book/b/svc.yaml'],
  ],
  ['none', [], []],
];

for (const [name, uris, want] of PICKS) {
  test(`nearest: ${name}`, () => {
    assert.deepEqual(
      nearest(
        FROM,
        uris.map((uri) => ({ uri })),
      ).map((c) => c.uri),
      want,
    );
    assert.deepEqual(
      byNearness(
        FROM,
        uris.map((uri) => ({ uri })),
      )
        .slice(0, want.length)
        .map((c) => c.uri),
      want,
    );
  });
}

test('relativePath names the file from the folder of the referring file', () => {
  assert.equal(relativePath(FROM, 'file:///ws/book/ch05/svc.yaml'), '../ch05/svc.yaml');
  assert.equal(relativePath(FROM, 'file:///ws/book/ch10/svc.yaml'), 'svc.yaml');
  assert.equal(relativePath(FROM, 'file:///ws/book/ch10/a%20b/svc.yaml'), 'a b/svc.yaml');
});

interface Json {
  diagnostics: {
    file: string;
    rule: string;
    message: string;
    related?: { file: string; line: number; column: number; message: string }[];
  }[];
}

const governing = (j: Json) => j.diagnostics.filter((d) => d.rule.startsWith('governing-service'));

test('a StatefulSet uses the headless Service of its own folder, not a same-named one of a sibling folder', async () => {
  const r = await cli(['lint', '--format', 'json', 'test/fixtures/nearest/book']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(governing(JSON.parse(r.stdout) as Json), []);
  // Alone with the sibling folder's Service, that one is used (and is not headless).
  const alone = await cli([
    'lint',
    '--format',
    'json',
    'test/fixtures/nearest/book/ch05',
    'test/fixtures/nearest/book/ch10/shop-statefulset.yaml',
  ]);
  const found = governing(JSON.parse(alone.stdout) as Json);
  assert.deepEqual(
    found.map((d) => [d.rule, d.related?.map((x) => [x.file, x.line, x.column])]),
    [['governing-service-not-headless', [['test/fixtures/nearest/book/ch05/shop-svc.yaml', 4, 9]]]],
  );
});

test('two equally near Services: the message says so, both are related, text and JSON name the files', async () => {
  const r = await cli(['lint', '--format', 'json', 'test/fixtures/nearest/tie']);
  const found = governing(JSON.parse(r.stdout) as Json);
  assert.equal(found.length, 1);
  const d = found[0] as Json['diagnostics'][number];
  assert.equal(d.rule, 'governing-service-not-headless');
  assert.match(
    d.message,
    /^2 Services named "shop" are equally near: \.\.\/a\/shop-svc\.yaml, \.\.\/b\/shop-svc\.yaml\. Governing Service "shop" \(\.\.\/a\/shop-svc\.yaml\) has no clusterIP/,
  );
  assert.deepEqual(
    d.related?.map((x) => [x.file, x.line, x.column]),
    [
      ['test/fixtures/nearest/tie/a/shop-svc.yaml', 4, 9],
      ['test/fixtures/nearest/tie/b/shop-svc.yaml', 4, 9],
    ],
  );
  const text = await cli(['lint', 'test/fixtures/nearest/tie']);
  const lines = text.stdout.split('\n');
  const at = lines.findIndex((l) => l.includes('[governing-service-not-headless]'));
  assert.deepEqual(lines.slice(at + 1, at + 3), [
    '    test/fixtures/nearest/tie/a/shop-svc.yaml:4:9: related: Service "shop" is defined here',
    '    test/fixtures/nearest/tie/b/shop-svc.yaml:4:9: related: Service "shop", equally near',
  ]);
});
