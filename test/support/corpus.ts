/** The shared corpus of real manifests (outside the repo, at ../shared/corpus); tests fail loudly without it. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');

export function corpusFiles(): string[] {
  if (!fs.existsSync(CORPUS)) throw new Error(`corpus not found at ${CORPUS}: the tests need ../shared beside the repo`);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ya?ml$/i.test(e.name)) out.push(full);
    }
  };
  walk(CORPUS);
  return out.sort();
}
