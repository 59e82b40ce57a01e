/**
 * No import circles (ARCHITECTURE.md): a depth-first search over the compiled import graph of shared/, server/ and
 * client/ (the `require` calls tsc emits for value imports; type-only imports are erased and cannot form a circle
 * at run time). Fast: one read per compiled file.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const OUT = path.resolve(__dirname, '../..');
const ROOTS = ['shared/src', 'server/src', 'client/src', 'client/webview'];

function jsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
  });
}

/** Relative `require('./x')` / `require("../y.js")` targets of a compiled file, resolved to files. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/require\(["'](\.{1,2}\/[^"']+)["']\)/g)) {
    const base = path.resolve(path.dirname(file), m[1] as string);
    const target = [base, `${base}.js`, path.join(base, 'index.js')].find((f) => f.endsWith('.js') && fs.existsSync(f));
    if (target) out.push(target);
  }
  return out;
}

/** Every circle found by one DFS, as file paths relative to out/. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of graph.get(n) ?? []) {
      if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of graph.keys()) if (!state.has(n)) visit(n);
  return cycles;
}

test('the check finds a circle (a → b → c → a) and none in a tree', () => {
  const circle = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a']],
  ]);
  assert.deepEqual(importCycles(circle), [['a', 'b', 'c', 'a']]);
  assert.deepEqual(
    importCycles(
      new Map([
        ['a', ['b', 'c']],
        ['b', ['c']],
        ['c', []],
      ]),
    ),
    [],
  );
});

test('no import circles in shared/, server/ and client/ (compiled graph)', () => {
  const files = ROOTS.flatMap((r) => jsFiles(path.join(OUT, r)));
  assert.ok(files.length > 100, `compiled files found under ${OUT}: ${files.length}`);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles = importCycles(graph).map((c) => c.map((f) => path.relative(OUT, f)).join(' → '));
  assert.deepEqual(cycles, []);
});
