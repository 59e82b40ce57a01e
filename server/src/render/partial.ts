/**
 * Kustomize sources are partial objects: a patch holds only the fields it changes, and a base
 * resource gets labels, selectors, names, images, replicas and patched fields from the
 * kustomizations using it. On them only the rules that check a value present in the file run;
 * the rules that need the whole object (required fields, selector ↔ labels, template checks,
 * cross-object checks) run on the rendered overlays instead (render/overlay.ts), whose findings
 * are mapped back to these files.
 */
import type { KustomizeLayout } from './kustomization';

/** Rules that judge a value where it is written, whatever the rest of the object is. */
export const RULES_ON_PARTIAL_OBJECTS: ReadonlySet<string> = new Set([
  'invalid-int-or-percent',
  'invalid-name',
  'invalid-value',
  'removed-api-version',
  'unknown-field',
  'wrong-type',
]);

export type SourceRole = 'patch' | 'base' | undefined;

/** What a file is to the workspace's kustomizations (absolute path). */
export function sourceRole(file: string, layout: KustomizeLayout): SourceRole {
  if (layout.patchFiles.has(file)) return 'patch';
  if (layout.resourceFiles.has(file)) return 'base';
  return undefined;
}
