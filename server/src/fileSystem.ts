/**
 * The server's only file access, behind an interface so tests run on an in-memory tree. Used to
 * index the YAML files of the workspace folders (file: URIs only).
 */
import { promises as fs, readFile as readFileCallback, stat as statCallback } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface FileSystem {
  /** Every YAML file under `root` (skipping VCS and dependency folders), as absolute paths. */
  listYamlFiles(root: string): Promise<string[]>;
  readFile(file: string): Promise<string>;
  size(file: string): Promise<number>;
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', 'out', 'dist', '.tmp']);
export const YAML_FILE = /\.ya?ml$/i;

export const nodeFileSystem: FileSystem = {
  async listYamlFiles(root) {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return; // unreadable folder: nothing to index
      }
      await Promise.all(
        entries.map(async (e) => {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) {
            if (!SKIP_DIRS.has(e.name)) await walk(full);
          } else if (e.isFile() && YAML_FILE.test(e.name)) {
            out.push(full);
          }
        }),
      );
    };
    await walk(root);
    return out.sort();
  },
  // The callback API: about twice as fast as fs.promises for thousands of small files (Node 20).
  readFile: (file) => new Promise((resolve, reject) => readFileCallback(file, 'utf8', (e, text) => (e ? reject(e) : resolve(text)))),
  size: (file) => new Promise((resolve, reject) => statCallback(file, (e, stats) => (e ? reject(e) : resolve(stats.size)))),
};

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}
