/**
 * WorkspaceIndex bookkeeping that requests read instead of scanning every URI: the known URIs by file name
 * (`urisNamed`, the server's chart folders), kept through updates, files kept as a URI only, and removals.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { fileNameOf, WorkspaceIndex } from '../../server/src/workspace';
import { service } from '../support/manifests';

const NAMES = ['Chart.yaml', 'values.yaml', 'Chart%2Eyaml', 'a%zz.yaml'];
const URIS = ['file:///w/a', 'file:///w/b', 'file:///w/a/templates'].flatMap((d) => NAMES.map((n) => `${d}/${n}`));
/** With a Service a file is kept with its text; without, `keepUnseen: false` keeps only its URI. */
const TEXTS = [service('db'), 'replicas: 1\n', ''];

test('fileNameOf: the last path segment, percent-decoded when it decodes', () => {
  const cases: [uri: string, name: string][] = [
    ['file:///c/shop/Chart.yaml', 'Chart.yaml'],
    ['file:///c/shop/Chart%2Eyaml', 'Chart.yaml'],
    ['file:///c/a%zz.yaml', 'a%zz.yaml'],
    ['untitled:Untitled-1', 'untitled:Untitled-1'],
  ];
  for (const [uri, name] of cases) assert.equal(fileNameOf(uri), name, uri);
});

test('urisNamed equals a scan of every known URI after any sequence of updates and removals', () => {
  const op = fc.record({
    uri: fc.constantFrom(...URIS),
    remove: fc.boolean(),
    text: fc.constantFrom(...TEXTS),
    keepUnseen: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const index = new WorkspaceIndex();
      for (const o of ops) {
        if (o.remove) index.remove(o.uri);
        else index.update(o.uri, o.text, { keepUnseen: o.keepUnseen });
        for (const name of ['Chart.yaml', 'values.yaml', 'a%zz.yaml', 'none.yaml']) {
          const scanned = index.allUris().filter((u) => fileNameOf(u) === name);
          assert.deepEqual([...index.urisNamed(name)].sort(), scanned.sort(), name);
        }
      }
    }),
    { seed: 16, numRuns: 300 },
  );
});
