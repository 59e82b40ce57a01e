/**
 * Which text "Will this change roll out?" compares the manifest with. Pure (no vscode): the
 * extension looks the file up through the built-in Git extension and hands the result here.
 *
 * - committed in HEAD → that text, "the committed version (HEAD)";
 * - in a Git repository but not in HEAD (new file, no commit yet) → an empty baseline: applying creates it;
 * - no Git (extension missing or disabled, not a file, not in a repository, git failed) → the text
 *   when the preview first saw the file; none when even that is unknown.
 */

export type GitLookup =
  | { kind: 'committed'; text: string; ref?: string }
  | { kind: 'not-committed'; reason?: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'error'; message: string };

export interface Baseline {
  /** '' = nothing (every workload is new). */
  text: string;
  /** Shown in the panel after "Compared with". */
  label: string;
  source: 'git' | 'opened';
  /** Why Git was not used (fallback only), e.g. `Git is disabled (git.enabled)`. */
  gitNote?: string;
}

export const LABEL_COMMITTED = 'the committed version (HEAD)';
export const LABEL_NOT_COMMITTED = 'the committed version (HEAD): this file is not committed yet';
export const LABEL_OPENED = 'the version when the preview opened';

export function selectBaseline(git: GitLookup | undefined, openedText: string | undefined): Baseline | undefined {
  if (git?.kind === 'committed')
    return {
      text: git.text,
      label: git.ref && git.ref !== 'HEAD' ? `the committed version (${git.ref})` : LABEL_COMMITTED,
      source: 'git',
    };
  if (git?.kind === 'not-committed') return { text: '', label: LABEL_NOT_COMMITTED, source: 'git' };
  if (openedText === undefined) return undefined;
  const note =
    git?.kind === 'unavailable'
      ? git.reason
      : git?.kind === 'error'
        ? `git failed: ${git.message.split('\n')[0]}`
        : undefined;
  return { text: openedText, label: LABEL_OPENED, source: 'opened', ...(note ? { gitNote: note } : {}) };
}

/**
 * Classifies a failed `git show HEAD:<path>`: the file (or HEAD itself) is not committed, or
 * something else went wrong (then the caller falls back to the opened version).
 */
export function classifyGitShowError(message: string): GitLookup {
  if (
    /exists on disk, but not in|does not exist in '?HEAD|path '.*' does not exist|invalid object name '?HEAD|bad revision '?HEAD|unknown revision|ambiguous argument 'HEAD'|not a valid object name/i.test(
      message,
    )
  ) {
    return { kind: 'not-committed', reason: message.split('\n')[0] ?? message };
  }
  return { kind: 'error', message };
}
