/**
 * The `rolloutLens.workloadFiles` context key: the files that hold a Deployment or StatefulSet. The
 * "Preview Rollout" title button and menu items show only on those (`resource in rolloutLens.workloadFiles`).
 * Fed by what is already computed for a file (its CodeLenses; the server's `rolloutLens/workloads`
 * notification), never by an extra parse.
 */
import * as vscode from 'vscode';

export const WORKLOAD_FILES_KEY = 'rolloutLens.workloadFiles';

const files = new Set<string>();
let scheduled = false;

function publish(): void {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(() => {
    scheduled = false;
    void vscode.commands.executeCommand('setContext', WORKLOAD_FILES_KEY, [...files]);
  });
}

/** Records whether the file at `uri` has workloads; publishes the key when that changed. */
export function markWorkloads(uri: string, has: boolean): void {
  if (has === files.has(uri)) return;
  if (has) files.add(uri);
  else files.delete(uri);
  publish();
}
