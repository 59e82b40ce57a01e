/** Loads the Kubernetes controller test vectors (test/fixtures/vectors, see its README) for data-driven tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface VectorCase {
  name: string;
  input: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- transcribed Go tables, shape varies per file
  expected: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  steps?: any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface VectorFile {
  file: string;
  cases: VectorCase[];
}

/** From out/test/support: the repository's test/fixtures/vectors. */
export const VECTOR_DIR = path.resolve(__dirname, '../../../test/fixtures/vectors');

export function loadVectorFiles(): VectorFile[] {
  if (!fs.existsSync(VECTOR_DIR)) throw new Error(`vector folder not found: ${VECTOR_DIR}`);
  return fs
    .readdirSync(VECTOR_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      file: f.replace(/\.json$/, ''),
      cases: JSON.parse(fs.readFileSync(path.join(VECTOR_DIR, f), 'utf8')).cases,
    }));
}
