/**
 * File selection for `rollout-lens lint`: which arguments are globs (`*`, `?`, `**`, `[…]`) and
 * their literal base folder. The matching itself (globs and .gitignore-style excludes) is in
 * ../pathMatch.ts, shared with the language server.
 */

export function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

/** The literal directory prefix of a glob (`k8s/**\/*.yaml` → `k8s`). */
export function globBase(glob: string): string {
  const parts = glob.split(/[\\/]/);
  const literal: string[] = [];
  for (const p of parts) {
    if (isGlob(p)) break;
    literal.push(p);
  }
  if (literal.length === parts.length) literal.pop();
  return literal.join('/') || '.';
}
