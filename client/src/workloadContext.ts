/**
 * The `rolloutLens.workloadFiles` context key: the files that hold a Deployment, StatefulSet or DaemonSet.
 * The "Preview Rollout" title button and menu items show only on those (`resource in rolloutLens.workloadFiles`).
 * Fed by the language server's `rolloutLens/workloadFiles` notification (from its workspace index), never by
 * a parse in the client.
 */
import * as vscode from 'vscode';

export const WORKLOAD_FILES_KEY = 'rolloutLens.workloadFiles';

/** Sets the key to the server's list (URIs spelled the way VS Code compares `resource`). */
export function setWorkloadFiles(uris: readonly string[]): void {
  const files = uris.flatMap((u) => {
    try {
      return [vscode.Uri.parse(u, true).toString()];
    } catch {
      return [];
    }
  });
  void vscode.commands.executeCommand('setContext', WORKLOAD_FILES_KEY, files);
}
