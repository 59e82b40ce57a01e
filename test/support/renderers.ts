/**
 * The pinned real renderers of the tests (kubectl v1.34 with Kustomize built in, helm v4), unpacked by
 * test/renderers/install.mjs, which `npm run test:unit` runs first. Never the ones on PATH: a missing binary
 * throws (the test fails), it is not skipped.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const BIN = path.resolve(__dirname, '../../../.tmp/renderers/bin');

function pinned(name: 'kubectl' | 'helm'): string {
  const file = path.join(BIN, name);
  if (!existsSync(file))
    throw new Error(`${file} is missing: run node test/renderers/install.mjs (npm run test:unit does)`);
  return file;
}

export const KUBECTL = (): string => pinned('kubectl');
export const HELM = (): string => pinned('helm');

/** The language server's `workspace/configuration` answer that renders with the pinned kubectl. */
export const pinnedKustomizeSettings = (section: string | undefined): unknown =>
  section === 'rolloutLens' ? { kustomize: { command: `${KUBECTL()} kustomize` } } : undefined;
