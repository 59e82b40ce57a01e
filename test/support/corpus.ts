/**
 * The real-world corpus of the tests: `test/fixtures/corpus` (Apache-2.0 / CC-BY-4.0 files, see its SOURCES.md), and
 * the optional extra corpus of unlicensed book examples that stays outside the repository (`extraCorpus`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** From out/test/support: the repository root is three levels up. */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const CORPUS = path.join(REPO_ROOT, 'test/fixtures/corpus');

/** Every YAML file under `root`, sorted. */
export function corpusFiles(root: string = CORPUS): string[] {
  if (!fs.existsSync(root)) throw new Error(`corpus not found at ${root}`);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(e.name)) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

/** The Kubernetes in Action examples (no licence, so never copied into the repository). */
export const EXTRA_CORPUS_DIRS = ['kubernetes-in-action', 'kubernetes-in-action-2nd-edition'];

export type ExtraCorpus = { found: true; root: string; files: string[] } | { found: false; reason: string };

/**
 * The extra corpus: `$ROLLOUT_LENS_EXTRA_CORPUS`, else `../shared/corpus` beside the checkout; only its
 * EXTRA_CORPUS_DIRS folders (the licensed folders of that collection are in test/fixtures/corpus already).
 */
export function extraCorpus(env: NodeJS.ProcessEnv = process.env): ExtraCorpus {
  const root = env.ROLLOUT_LENS_EXTRA_CORPUS
    ? path.resolve(env.ROLLOUT_LENS_EXTRA_CORPUS)
    : path.resolve(REPO_ROOT, '../shared/corpus');
  const dirs = EXTRA_CORPUS_DIRS.map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
  if (dirs.length === 0) return { found: false, reason: `no ${EXTRA_CORPUS_DIRS.join(' or ')} folder in ${root}` };
  return { found: true, root, files: dirs.flatMap((d) => corpusFiles(d)) };
}
